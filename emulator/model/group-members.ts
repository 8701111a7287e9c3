/**
 * Member changes: import_group_member (001), add_group_member, delete_group_member,
 * modify_group_member_info, change_group_owner (docs/api-reference.md §1.2, §7.3, §7.4, §7.7, §7.9).
 *
 * Check order everywhere: group ID (10015 / 10010), type (10007, or 10004 where documented), list
 * size (10005), field values (10004), accounts (10019), capacity (10014), then the per-member results.
 */

import { ApiRefusal, invalidParameter } from "../errors";
import {
  checkCount,
  checkCustomData,
  checkEnum,
  checkMaxBytes,
  checkRange,
  mergeCustomData,
  show,
} from "./checks";
import { findGroup, type ModelContext, now, requireImported } from "./context";
import { newMember } from "./group-create";
import { keepMutesOfLeavers, muteUntil, restoreMutesOfJoiners } from "./group-mutes";
import { MSG_FLAGS, MUTE_FOREVER, TYPE_RULES } from "./group-types";
import type {
  AddGroupMemberRequest,
  ChangeGroupOwnerRequest,
  DeleteGroupMemberRequest,
  ImportGroupMemberRequest,
  ModifyGroupMemberInfoRequest,
} from "./requests";
import type { GroupRecord, MemberRecord, Op } from "./state";

/** Per-member outcome of the member APIs: 0 failed, 1 done, 2 already a member (001). */
export type MemberResult = 0 | 1 | 2;

/** Response of import_group_member and add_group_member beyond the envelope. */
export interface MemberResults {
  /** One result per requested member, in request order. */
  MemberList: { Member_Account: string; Result: MemberResult }[];
}

/**
 * import_group_member (001): migrated members with their JoinTime and unread count. A JoinTime not
 * strictly between the group's CreateTime and now fails that member (Result 0); UnreadMsgNum above
 * the group's message count is lowered to it. No notifications are modelled.
 */
export function importGroupMember(ctx: ModelContext, req: ImportGroupMemberRequest): MemberResults {
  const group = findGroup(ctx, req.GroupId);
  const { base } = group;
  if (!TYPE_RULES[base.Type].importable) {
    throw new ApiRefusal(10007, `GroupId: members cannot be imported into a ${base.Type} group`);
  }
  checkList(req.MemberList.length, ctx.settings.limits.importGroupMembers);
  req.MemberList.forEach((entry, index) => {
    const at = `MemberList[${index}]`;
    if (entry.Role !== undefined) {
      if (entry.Role !== "Admin") throw invalidParameter(`${at}.Role: ${show(entry.Role)} is not "Admin"`);
      if (!TYPE_RULES[base.Type].hasAdmins)
        throw invalidParameter(`${at}.Role: a ${base.Type} group has no admins`);
    }
    if (entry.JoinTime !== undefined) checkRange(`${at}.JoinTime`, entry.JoinTime, 0, MUTE_FOREVER);
    if (entry.UnreadMsgNum !== undefined)
      checkRange(`${at}.UnreadMsgNum`, entry.UnreadMsgNum, 0, MUTE_FOREVER);
  });
  const ops = requireImported(
    ctx,
    accountsOf(
      req.MemberList.map((m) => m.Member_Account),
      "MemberList",
      ".Member_Account",
    ),
  );

  const time = now(ctx);
  const messages = base.NextMsgSeq - 1;
  const added: MemberRecord[] = [];
  const results = outcomes(group, req.MemberList, (entry) => {
    const joinTime = entry.JoinTime ?? time;
    // 001: "入群时间大于群的创建时间并小于当前时间，否则该成员会导入失败".
    if (entry.JoinTime !== undefined && !(joinTime > base.CreateTime && joinTime < time)) return 0;
    const unread = Math.min(entry.UnreadMsgNum ?? 0, messages);
    const member = newMember(
      entry.Member_Account,
      entry.Role === "Admin" ? "Admin" : "Member",
      joinTime,
      messages - unread,
    );
    added.push(member);
    return 1;
  });
  checkCapacity(group, added.length);
  ops.push(...joinOps(group, added, time));
  ctx.commit(ops);
  return { MemberList: results };
}

/** add_group_member (docs/api-reference.md §7.3): ordinary members who have read everything so far. */
export function addGroupMember(ctx: ModelContext, req: AddGroupMemberRequest): MemberResults {
  const group = findGroup(ctx, req.GroupId);
  const { base } = group;
  if (!TYPE_RULES[base.Type].takesMembers) {
    throw new ApiRefusal(10007, `GroupId: members cannot be added to a ${base.Type} group`);
  }
  checkList(req.MemberList.length, ctx.settings.limits.addGroupMembers);
  checkSilence(req.Silence);
  const ops = requireImported(
    ctx,
    accountsOf(
      req.MemberList.map((m) => m.Member_Account),
      "MemberList",
      ".Member_Account",
    ),
  );
  const time = now(ctx);
  const added: MemberRecord[] = [];
  const results = outcomes(group, req.MemberList, (entry) => {
    added.push(newMember(entry.Member_Account, "Member", time, base.NextMsgSeq - 1));
    return 1;
  });
  checkCapacity(group, added.length);
  ops.push(...joinOps(group, added, time));
  ctx.commit(ops);
  return { MemberList: results };
}

/**
 * delete_group_member (docs/api-reference.md §7.4): removes members; accounts that are not members are ignored.
 * The owner cannot be removed (10007, docs/api-reference.md §2.2); removing everyone keeps the group.
 */
export function deleteGroupMember(ctx: ModelContext, req: DeleteGroupMemberRequest): Record<string, never> {
  const group = findGroup(ctx, req.GroupId);
  const { base } = group;
  if (!TYPE_RULES[base.Type].deletesMembers) {
    throw invalidParameter(`GroupId: members cannot be deleted from a ${base.Type} group`);
  }
  const accounts = req.MemberToDel_Account;
  checkCount("MemberToDel_Account", accounts.length, ctx.settings.limits.deleteGroupMembers, 10005);
  if (accounts.length === 0) throw invalidParameter("MemberToDel_Account: must not be empty");
  checkSilence(req.Silence);
  const ops = requireImported(ctx, accountsOf(accounts, "MemberToDel_Account", ""));
  const ownerAt = accounts.indexOf(base.Owner_Account);
  if (base.Owner_Account !== "" && ownerAt >= 0) {
    throw new ApiRefusal(
      10007,
      `MemberToDel_Account[${ownerAt}]: the owner ${show(base.Owner_Account)} cannot be removed`,
    );
  }
  const removed = [...new Set(accounts)].filter((account) => group.members.has(account));
  // A muted member stays muted when it rejoins (docs/api-reference.md §7.12).
  const keep = keepMutesOfLeavers(group, removed, now(ctx));
  if (keep) ops.push(keep);
  ops.push({ op: "removeMembers", groupId: base.GroupId, accounts: removed });
  ctx.commit(ops);
  return {};
}

/** modify_group_member_info (docs/api-reference.md §7.7): role, message flag, name card, custom data, mute. */
export function modifyGroupMemberInfo(
  ctx: ModelContext,
  req: ModifyGroupMemberInfoRequest,
): Record<string, never> {
  const group = findGroup(ctx, req.GroupId);
  const { base } = group;
  const rules = TYPE_RULES[base.Type];
  const { limits } = ctx.settings;
  const ops = requireImported(ctx, [["Member_Account", req.Member_Account]]);
  const current = group.members.get(req.Member_Account);
  if (!current)
    throw invalidParameter(`Member_Account: ${show(req.Member_Account)} is not a member of the group`);
  // docs/api-reference.md §7.7: in AVChatRoom ordinary members' info cannot be modified.
  if (!rules.storesMembers && current.Role === "Member") {
    throw new ApiRefusal(
      10007,
      `Member_Account: ordinary members of a ${base.Type} group cannot be modified`,
    );
  }
  const next: MemberRecord = { ...current };
  if (req.Role !== undefined) {
    checkEnum("Role", req.Role, ["Admin", "Member"]); // "Owner" too: ownership moves by change_group_owner
    if (!rules.hasAdmins) throw new ApiRefusal(10007, `Role: a ${base.Type} group has no admins`);
    if (current.Role === "Owner") throw new ApiRefusal(10007, "Role: the owner's role cannot be changed");
    next.Role = req.Role as MemberRecord["Role"];
  }
  if (req.MsgFlag !== undefined) {
    checkEnum("MsgFlag", req.MsgFlag, MSG_FLAGS);
    next.MsgFlag = req.MsgFlag;
  }
  if (req.NameCard !== undefined) {
    checkMaxBytes("NameCard", req.NameCard, limits.nameCardBytes);
    next.NameCard = req.NameCard;
  }
  if (req.AppMemberDefinedData !== undefined) {
    checkCustomData("AppMemberDefinedData", req.AppMemberDefinedData, {
      keyBytes: limits.appDataKeyBytes,
      valueBytes: limits.appMemberDataValueBytes,
      keys: ctx.settings.appMemberDefinedDataKeys,
    });
    next.AppMemberDefinedData = mergeCustomData(current.AppMemberDefinedData, req.AppMemberDefinedData);
  }
  const muteField = req.MuteTime !== undefined ? "MuteTime" : "ShutUpTime";
  const muteTime = req.MuteTime ?? req.ShutUpTime;
  if (muteTime !== undefined) {
    checkRange(muteField, muteTime, 0, MUTE_FOREVER);
    if (!rules.mutes)
      throw new ApiRefusal(10007, `${muteField}: members of a ${base.Type} group cannot be muted`);
    // Seconds from now; 0 unmutes; 4294967295 means for ever (docs/api-reference.md §7.7, §7.12).
    next.MuteUntil = muteUntil(now(ctx), muteTime);
  }
  ops.push({ op: "members", groupId: base.GroupId, members: [next] });
  ctx.commit(ops);
  return {};
}

/**
 * change_group_owner (docs/api-reference.md §7.9): the new owner must already be a member; the old owner becomes
 * an ordinary member. Also appoints an owner for an ownerless group.
 */
export function changeGroupOwner(ctx: ModelContext, req: ChangeGroupOwnerRequest): Record<string, never> {
  const group = findGroup(ctx, req.GroupId);
  const { base } = group;
  if (!TYPE_RULES[base.Type].storesMembers) {
    throw new ApiRefusal(10007, `GroupId: the owner of a ${base.Type} group cannot be changed`);
  }
  const ops = requireImported(ctx, [["NewOwner_Account", req.NewOwner_Account]]);
  if (req.From_Account !== undefined && req.From_Account !== base.Owner_Account) {
    throw new ApiRefusal(10007, `From_Account: ${show(req.From_Account)} is not the owner`);
  }
  const next = group.members.get(req.NewOwner_Account);
  if (!next)
    throw invalidParameter(`NewOwner_Account: ${show(req.NewOwner_Account)} is not a member of the group`);
  if (next.Role !== "Owner") {
    const previous = group.members.get(base.Owner_Account);
    const members: MemberRecord[] = [{ ...next, Role: "Owner" }];
    if (previous) members.push({ ...previous, Role: "Member" });
    const time = now(ctx);
    const changed = {
      ...base,
      Owner_Account: req.NewOwner_Account,
      InfoSeq: base.InfoSeq + 1,
      LastInfoTime: time,
    };
    ops.push({ op: "group", group: changed }, { op: "members", groupId: base.GroupId, members });
  }
  ctx.commit(ops);
  return {};
}

/** The ops adding members; one who left while muted is muted again (docs/api-reference.md §7.12). */
function joinOps(group: GroupRecord, added: MemberRecord[], time: number): Op[] {
  const { muteOf, op } = restoreMutesOfJoiners(
    group,
    added.map((member) => member.Member_Account),
    time,
  );
  const members = op
    ? added.map((member) => ({ ...member, MuteUntil: muteOf(member.Member_Account) }))
    : added;
  return [...(op ? [op] : []), { op: "members", groupId: group.base.GroupId, members }];
}

/** A member list is non-empty and within the batch limit (10004 / 10005). */
function checkList(count: number, limit: number): void {
  checkCount("MemberList", count, limit, 10005);
  if (count === 0) throw invalidParameter("MemberList: must not be empty");
}

/** `Silence` is 0 or 1 (docs/api-reference.md §6.4). */
function checkSilence(silence: number | undefined): void {
  if (silence !== undefined && silence !== 0 && silence !== 1) {
    throw invalidParameter(`Silence: ${silence} is not 0 or 1`);
  }
}

/** (field path, account) pairs for {@link requireImported}. */
function accountsOf(accounts: string[], list: string, suffix: string): [string, string][] {
  return accounts.map((account, index) => [`${list}[${index}]${suffix}`, account]);
}

/**
 * Per-member results in request order: an account already in the group, or repeated in the request,
 * is 2 (docs/api-reference.md §2.2: first occurrence processed); otherwise `admit` decides 0 or 1.
 */
function outcomes<T extends { Member_Account: string }>(
  group: GroupRecord,
  entries: T[],
  admit: (entry: T) => 0 | 1,
): MemberResults["MemberList"] {
  const seen = new Set<string>();
  return entries.map((entry) => {
    const account = entry.Member_Account;
    const repeated = seen.has(account) || group.members.has(account);
    seen.add(account);
    return { Member_Account: account, Result: repeated ? 2 : admit(entry) };
  });
}

/** 10014 when the additions would push the group past MaxMemberNum; all or nothing (docs/api-reference.md §7.3, UNCONFIRMED). */
function checkCapacity(group: GroupRecord, adding: number): void {
  const max = group.base.MaxMemberNum;
  const total = group.members.size + adding;
  if (max > 0 && total > max) {
    throw new ApiRefusal(10014, `MemberList: ${total} members would exceed MaxMemberNum ${max}`);
  }
}
