/**
 * create_group (002, docs/api-reference.md §1.3) and import_group (000, docs/api-reference.md §1.1).
 *
 * Checks run in the order of 002's numbered list of 10004 causes (so a request with several faults
 * reports the lowest-numbered one), except that the MemberList's size (10005) and the type's refusal
 * of members (10007) are checked before the member items 12–16; then accounts (10019), the ID
 * (10021) and the daily quota (10006).
 */

import { ApiRefusal, invalidParameter } from "../errors";
import {
  checkCount,
  checkCustomData,
  checkEnum,
  checkMaxBytes,
  checkNotEmpty,
  checkRange,
  show,
} from "./checks";
import { type ModelContext, now, requireImported } from "./context";
import { assignedGroupId, checkCustomGroupId } from "./group-id";
import { APPLY_JOIN_OPTIONS, INVITE_JOIN_OPTIONS, TYPE_RULES } from "./group-types";
import type { CreateGroupRequest, ImportGroupRequest } from "./requests";
import { GROUP_TYPES, type GroupType } from "./settings";
import type { GroupBase, KeyValue, MemberRecord, Op } from "./state";

/** Response of create_group and import_group beyond the envelope. */
export interface CreateGroupResult {
  /** The assigned or custom ID. */
  GroupId: string;
}

/** create_group: a new group of any type, with an optional custom ID and initial members. */
export function createGroup(ctx: ModelContext, req: CreateGroupRequest): CreateGroupResult {
  const { limits } = ctx.settings;
  const ops = ownerOps(ctx, req.Owner_Account); // 002 10004 item 1
  const type = checkProfile(ctx, req); // items 2–10
  checkInviteJoinOption(type, req.InviteJoinOption);
  const maxMemberNum = req.MaxMemberCount ?? limits.maxMemberCount[type];
  const time = now(ctx);
  const members = new Map<string, MemberRecord>();
  if (req.Owner_Account !== undefined)
    members.set(req.Owner_Account, newMember(req.Owner_Account, "Owner", time));

  const list = req.MemberList ?? [];
  checkCount("MemberList", list.length, limits.createGroupMembers, 10005);
  // 002 10007 item 2: AVChatRoom and BChatRoom are joined only by applying.
  if (list.length > 0 && !TYPE_RULES[type].takesMembers) {
    throw new ApiRefusal(10007, `MemberList: a ${type} group cannot take members at creation`);
  }
  // Duplicates are dropped silently, first occurrence kept (docs/api-reference.md §2.2).
  const seen = new Set<string>();
  const unique = list.filter((m) => !seen.has(m.Member_Account) && seen.add(m.Member_Account));
  const total = unique.filter((m) => m.Member_Account !== req.Owner_Account).length + members.size;
  if (maxMemberNum > 0 && total > maxMemberNum) {
    // 002 10004 item 12: invitees (with the owner) may not exceed the member limit.
    throw invalidParameter(`MemberList: ${total} members exceeds MaxMemberCount ${maxMemberNum}`);
  }
  list.forEach((entry, index) => {
    const at = `MemberList[${index}]`;
    checkCustomData(`${at}.AppMemberDefinedData`, entry.AppMemberDefinedData ?? [], {
      keyBytes: limits.appDataKeyBytes,
      valueBytes: limits.appMemberDataValueBytes,
      keys: ctx.settings.appMemberDefinedDataKeys,
    }); // item 13
    if (entry.Role === undefined) return;
    if (entry.Role !== "Admin") throw invalidParameter(`${at}.Role: ${show(entry.Role)} is not "Admin"`); // item 14
    if (!TYPE_RULES[type].hasAdmins) throw invalidParameter(`${at}.Role: a ${type} group has no admins`); // item 15
    if (entry.Member_Account === req.Owner_Account) {
      throw invalidParameter(`${at}.Role: the owner ${show(entry.Member_Account)} cannot be given a role`); // item 16
    }
  });
  ops.push(
    ...requireImported(
      ctx,
      list.map((m, i) => [`MemberList[${i}].Member_Account`, m.Member_Account]),
    ),
  );

  for (const entry of unique) {
    // The owner listed again is counted once and keeps Owner (docs/api-reference.md §2.2); its custom data is kept.
    const member =
      members.get(entry.Member_Account) ??
      newMember(entry.Member_Account, entry.Role === "Admin" ? "Admin" : "Member", time);
    members.set(entry.Member_Account, {
      ...member,
      AppMemberDefinedData: keyValues(entry.AppMemberDefinedData),
    });
  }

  const slot = claimGroupId(ctx, req.GroupId, type);
  const counters = countersOp(ctx, slot, time, true);
  const base = newBase(req, type, slot, time, maxMemberNum);
  if (req.InviteJoinOption !== undefined) base.InviteJoinOption = req.InviteJoinOption;
  const { groupId } = slot;
  ops.push(
    { op: "group", group: base },
    { op: "members", groupId, members: [...members.values()] },
    counters,
  );
  ctx.commit(ops);
  return { GroupId: groupId };
}

/** import_group: a group migrated from elsewhere, optionally with its original CreateTime; no members. */
export function importGroup(ctx: ModelContext, req: ImportGroupRequest): CreateGroupResult {
  const { limits } = ctx.settings;
  const ops = ownerOps(ctx, req.Owner_Account);
  const type = checkProfile(ctx, req);
  // 000: AVChatRoom and BChatRoom cannot be imported (10007).
  if (!TYPE_RULES[type].importable) throw new ApiRefusal(10007, `Type: a ${type} group cannot be imported`);
  const time = now(ctx);
  if (req.CreateTime !== undefined) checkRange("CreateTime", req.CreateTime, 0, time); // never in the future (UNCONFIRMED)
  const createTime = req.CreateTime ?? time;
  // docs/api-reference.md §2.2: import_group default = min(2000, type maximum).
  const typeMax = limits.maxMemberCount[type];
  const fallback =
    typeMax > 0 ? Math.min(limits.importDefaultMaxMemberCount, typeMax) : limits.importDefaultMaxMemberCount;
  const maxMemberNum = req.MaxMemberCount ?? fallback;
  const slot = claimGroupId(ctx, req.GroupId, type);
  const { groupId } = slot;
  ops.push({ op: "group", group: newBase(req, type, slot, createTime, maxMemberNum) });
  if (req.Owner_Account !== undefined) {
    // 000: the owner is added to the members automatically; it joined when the group was created.
    ops.push({ op: "members", groupId, members: [newMember(req.Owner_Account, "Owner", createTime)] });
  }
  ops.push(countersOp(ctx, slot, time, false));
  ctx.commit(ops);
  return { GroupId: groupId };
}

/** 002 10004 item 1: Owner_Account must be an imported account. */
function ownerOps(ctx: ModelContext, owner: string | undefined): Op[] {
  return owner === undefined ? [] : requireImported(ctx, [["Owner_Account", owner]], 10004);
}

/** 002 10004 items 2–10, shared by create_group and import_group. Returns the checked type. */
function checkProfile(ctx: ModelContext, req: ImportGroupRequest): GroupType {
  const { limits } = ctx.settings;
  checkNotEmpty("Name", req.Name); // item 2
  checkMaxBytes("Name", req.Name, limits.nameBytes);
  checkEnum("Type", req.Type, GROUP_TYPES); // item 3
  const type = req.Type as GroupType;
  if (req.Introduction !== undefined)
    checkMaxBytes("Introduction", req.Introduction, limits.introductionBytes); // item 4
  if (req.Notification !== undefined)
    checkMaxBytes("Notification", req.Notification, limits.notificationBytes); // item 5
  if (req.FaceUrl !== undefined) checkMaxBytes("FaceUrl", req.FaceUrl, limits.faceUrlBytes); // item 6
  if (req.GroupId !== undefined) checkCustomGroupId(req.GroupId, limits.customGroupIdBytes); // item 7
  if (req.MaxMemberCount !== undefined) checkMaxMemberCount(ctx, type, req.MaxMemberCount, "MaxMemberCount"); // item 8
  if (req.ApplyJoinOption !== undefined)
    checkEnum("ApplyJoinOption", req.ApplyJoinOption, APPLY_JOIN_OPTIONS); // item 9
  checkCustomData("AppDefinedData", req.AppDefinedData ?? [], {
    keyBytes: limits.appDataKeyBytes,
    valueBytes: limits.appDataValueBytes,
    keys: ctx.settings.appDefinedDataKeys,
  }); // item 10
  return type;
}

/**
 * InviteJoinOption, newer than 002: a value of docs/api-reference.md §6.4 (10004, like item 9), and
 * not for AVChatRoom / BChatRoom, whose invite option cannot be set (§6.1; 10007, UNCONFIRMED).
 */
function checkInviteJoinOption(type: GroupType, option: string | undefined): void {
  if (option === undefined) return;
  checkEnum("InviteJoinOption", option, INVITE_JOIN_OPTIONS);
  if (TYPE_RULES[type].fixedInviteJoin) {
    throw new ApiRefusal(10007, `InviteJoinOption: cannot be set for a ${type} group`);
  }
}

/** 002 10004 item 8: the member limit is positive and within the type's maximum (0 = unlimited). */
export function checkMaxMemberCount(ctx: ModelContext, type: GroupType, value: number, field: string): void {
  const max = ctx.settings.limits.maxMemberCount[type];
  if (value < 1) throw invalidParameter(`${field}: ${value} is below the minimum 1`);
  if (max > 0 && value > max)
    throw invalidParameter(`${field}: ${value} exceeds the ${type} maximum of ${max}`);
}

/** A new group's ID and creation sequence. */
interface Slot {
  groupId: string;
  seq: number;
}

/**
 * The custom ID if free (10021; docs/api-reference.md §7.2 for destroyed IDs), else the assigned ID of the next
 * sequence. Assigned IDs already in use or dismissed are skipped: a seeded state may carry counters
 * behind its groups, and an ID must never name two groups.
 */
function claimGroupId(ctx: ModelContext, custom: string | undefined, type: GroupType): Slot {
  const { state, settings } = ctx;
  let seq = state.counters.nextGroupSeq;
  if (custom === undefined) {
    let groupId = assignedGroupId(seq, type);
    while (state.groups.has(groupId) || state.destroyed.has(groupId)) groupId = assignedGroupId(++seq, type);
    return { groupId, seq };
  }
  if (state.groups.has(custom)) throw new ApiRefusal(10021, `GroupId: ${show(custom)} is already used`);
  if (state.destroyed.has(custom) && !settings.allowDestroyedIdReuse) {
    throw new ApiRefusal(10021, `GroupId: ${show(custom)} was used by a dismissed group`);
  }
  return { groupId: custom, seq };
}

/**
 * The counters after one more group: the creation sequence advances and, for create_group with a
 * daily quota configured (002 10006, off by default), the day's count too — or 10006 when used up.
 */
function countersOp(ctx: ModelContext, slot: Slot, time: number, countsAgainstQuota: boolean): Op {
  const counters = { ...ctx.state.counters, nextGroupSeq: slot.seq + 1 };
  const quota = ctx.settings.limits.dailyCreateQuota;
  if (countsAgainstQuota && quota > 0) {
    const day = Math.floor(time / 86400);
    const used = counters.quotaDay === day ? counters.quotaCount : 0;
    if (used >= quota)
      throw new ApiRefusal(10006, `create_group: the daily quota of ${quota} groups is used up`);
    counters.quotaDay = day;
    counters.quotaCount = used + 1;
  }
  return { op: "counters", counters };
}

function newBase(
  req: ImportGroupRequest,
  type: GroupType,
  slot: Slot,
  createTime: number,
  maxMemberNum: number,
): GroupBase {
  return {
    GroupId: slot.groupId,
    Seq: slot.seq,
    Type: type,
    Name: req.Name,
    Introduction: req.Introduction ?? "",
    Notification: req.Notification ?? "",
    FaceUrl: req.FaceUrl ?? "",
    Owner_Account: req.Owner_Account ?? "",
    CreateTime: createTime,
    InfoSeq: 1,
    LastInfoTime: createTime,
    LastMsgTime: 0,
    NextMsgSeq: 1,
    MaxMemberNum: maxMemberNum,
    ApplyJoinOption: req.ApplyJoinOption ?? "NeedPermission",
    MuteAllMember: "Off",
    AppDefinedData: keyValues(req.AppDefinedData),
  };
}

/** Custom data as stored: only Key and Value of each entry (unknown fields of a request are not kept). */
function keyValues(entries: readonly KeyValue[] | undefined): KeyValue[] {
  return (entries ?? []).map(({ Key, Value }) => ({ Key, Value }));
}

/** A member who has read everything so far (MsgSeq = last message; README "Unread counts"). */
export function newMember(
  account: string,
  role: MemberRecord["Role"],
  joinTime: number,
  msgSeq = 0,
): MemberRecord {
  return {
    Member_Account: account,
    Role: role,
    JoinTime: joinTime,
    MsgSeq: msgSeq,
    MsgFlag: "AcceptAndNotify",
    LastSendMsgTime: 0,
    MuteUntil: 0,
    NameCard: "",
    AppMemberDefinedData: [],
  };
}
