/**
 * Group profile changes: modify_group_base_info (docs/api-reference.md §7.1), destroy_group (§7.2), and the control
 * plane's message counter (messaging itself is out of scope; README "Unread counts").
 */

import { ApiRefusal } from "../errors";
import {
  checkCustomData,
  checkEnum,
  checkMaxBytes,
  checkNotEmpty,
  checkRange,
  mergeCustomData,
  show,
} from "./checks";
import { findGroup, type ModelContext, now } from "./context";
import { checkMaxMemberCount } from "./group-create";
import { APPLY_JOIN_OPTIONS, INVITE_JOIN_OPTIONS, MUTE_FOREVER, ON_OFF, TYPE_RULES } from "./group-types";
import type { DestroyGroupRequest, ModifyGroupBaseInfoRequest, SetMessageCountRequest } from "./requests";
import type { GroupBase, GroupRecord, MemberRecord, Op } from "./state";

/**
 * modify_group_base_info: every named field changes; a successful call bumps InfoSeq and sets
 * LastInfoTime (docs/api-reference.md §6.7). Emulator choices (UNCONFIRMED): MaxMemberNum below MemberNum gives
 * 10004; changing a join option a type fixes (docs/api-reference.md §6.1) gives 10007, setting the same value is a no-op.
 */
export function modifyGroupBaseInfo(
  ctx: ModelContext,
  req: ModifyGroupBaseInfoRequest,
): Record<string, never> {
  const group = findGroup(ctx, req.GroupId);
  const { base } = group;
  const rules = TYPE_RULES[base.Type];
  const { limits } = ctx.settings;
  if (req.From_Account !== undefined) checkEditor(group, req.From_Account);
  const next: GroupBase = { ...base };
  if (req.Name !== undefined) {
    checkNotEmpty("Name", req.Name);
    checkMaxBytes("Name", req.Name, limits.nameBytes);
    next.Name = req.Name;
  }
  if (req.Introduction !== undefined) {
    checkMaxBytes("Introduction", req.Introduction, limits.introductionBytes);
    next.Introduction = req.Introduction;
  }
  if (req.Notification !== undefined) {
    checkMaxBytes("Notification", req.Notification, limits.notificationBytes);
    next.Notification = req.Notification;
  }
  if (req.FaceUrl !== undefined) {
    checkMaxBytes("FaceUrl", req.FaceUrl, limits.faceUrlBytes);
    next.FaceUrl = req.FaceUrl;
  }
  // docs/api-reference.md §7.1: ignored for AVChatRoom and BChatRoom, whose size is unlimited.
  if (req.MaxMemberNum !== undefined && rules.storesMembers) {
    checkMaxMemberCount(ctx, base.Type, req.MaxMemberNum, "MaxMemberNum");
    if (req.MaxMemberNum < group.members.size) {
      throw new ApiRefusal(
        10004,
        `MaxMemberNum: ${req.MaxMemberNum} is below the current MemberNum ${group.members.size}`,
      );
    }
    next.MaxMemberNum = req.MaxMemberNum;
  }
  if (req.ApplyJoinOption !== undefined) {
    checkEnum("ApplyJoinOption", req.ApplyJoinOption, APPLY_JOIN_OPTIONS);
    if (rules.fixedApplyJoin && req.ApplyJoinOption !== base.ApplyJoinOption) {
      throw new ApiRefusal(10007, `ApplyJoinOption: cannot be changed for a ${base.Type} group`);
    }
    next.ApplyJoinOption = req.ApplyJoinOption;
  }
  if (req.InviteJoinOption !== undefined) {
    checkEnum("InviteJoinOption", req.InviteJoinOption, INVITE_JOIN_OPTIONS);
    if (rules.fixedInviteJoin && req.InviteJoinOption !== base.InviteJoinOption) {
      throw new ApiRefusal(10007, `InviteJoinOption: cannot be changed for a ${base.Type} group`);
    }
    next.InviteJoinOption = req.InviteJoinOption;
  }
  // Both spellings are accepted (docs/api-reference.md §6.6); the current one wins when both are sent.
  const muteField = req.MuteAllMember !== undefined ? "MuteAllMember" : "ShutUpAllMember";
  const muteAll = req.MuteAllMember ?? req.ShutUpAllMember;
  if (muteAll !== undefined) {
    checkEnum(muteField, muteAll, ON_OFF);
    if (!rules.mutes) throw new ApiRefusal(10007, `${muteField}: a ${base.Type} group cannot be muted`);
    next.MuteAllMember = muteAll as GroupBase["MuteAllMember"];
  }
  if (req.AppDefinedData !== undefined) {
    checkCustomData("AppDefinedData", req.AppDefinedData, {
      keyBytes: limits.appDataKeyBytes,
      valueBytes: limits.appDataValueBytes,
      keys: ctx.settings.appDefinedDataKeys,
    });
    next.AppDefinedData = mergeCustomData(base.AppDefinedData, req.AppDefinedData);
  }
  next.InfoSeq = base.InfoSeq + 1;
  next.LastInfoTime = now(ctx);
  ctx.commit([{ op: "group", group: next }]);
  return {};
}

/**
 * From_Account (newer docs) makes the change on behalf of a user: the owner or an admin may edit the
 * profile, and in Private (Work) groups any member may (docs/api-reference.md §6.3). Others get 10007.
 */
function checkEditor(group: GroupRecord, account: string): void {
  const member = group.members.get(account);
  const allowed = member && (member.Role !== "Member" || group.base.Type === "Private");
  if (!allowed)
    throw new ApiRefusal(10007, `From_Account: ${show(account)} may not edit this group's profile`);
}

/** destroy_group: irreversible; the ID then answers 10010 and is not reused by default (docs/api-reference.md §7.2). */
export function destroyGroup(ctx: ModelContext, req: DestroyGroupRequest): Record<string, never> {
  const group = findGroup(ctx, req.GroupId);
  ctx.commit([{ op: "destroy", groupId: group.base.GroupId }]);
  return {};
}

/**
 * Control plane: sets how many messages a group has had, so imports' UnreadMsgNum clamping and read
 * positions are realistic. NextMsgSeq becomes MsgCount + 1 and LastMsgTime is recorded; members keep
 * their read position (so their unread count grows), except that a position beyond the new last
 * message is lowered to it.
 */
export function setMessageCount(ctx: ModelContext, req: SetMessageCountRequest): { NextMsgSeq: number } {
  const group = findGroup(ctx, req.GroupId);
  checkRange("MsgCount", req.MsgCount, 0, MUTE_FOREVER);
  const time = now(ctx);
  if (req.LastMsgTime !== undefined) checkRange("LastMsgTime", req.LastMsgTime, 0, MUTE_FOREVER);
  const groupId = group.base.GroupId;
  const next: GroupBase = {
    ...group.base,
    NextMsgSeq: req.MsgCount + 1,
    LastMsgTime: req.LastMsgTime ?? time,
  };
  const lowered: MemberRecord[] = [];
  for (const member of group.members.values()) {
    if (member.MsgSeq > req.MsgCount) lowered.push({ ...member, MsgSeq: req.MsgCount });
  }
  const ops: Op[] = [{ op: "group", group: next }];
  if (lowered.length > 0) ops.push({ op: "members", groupId, members: lowered });
  ctx.commit(ops);
  return { NextMsgSeq: next.NextMsgSeq };
}
