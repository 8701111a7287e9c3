/**
 * Muting members in bulk: forbid_send_msg, and the muted-member list get_group_muted_account (legacy
 * command get_group_shutted_uin, with its legacy field names) — docs/api-reference.md §7.12. Not for
 * Private (Work) groups. A mute belongs to the account in the group, not to its membership: a muted
 * member who leaves is muted again when it rejoins (§7.12), so removals keep unexpired mutes in
 * {@link GroupBase.NonMemberMutes}, and AVChatRoom/BChatRoom (no stored members) keep every mute there.
 */

import { ApiRefusal, invalidParameter } from "../errors";
import { checkCount, checkRange, show } from "./checks";
import { findGroup, type ModelContext, now, requireImported } from "./context";
import { MUTE_FOREVER, TYPE_RULES } from "./group-types";
import type { ForbidSendMsgRequest, GetGroupMutedAccountRequest } from "./requests";
import type { GroupBase, GroupRecord, MemberRecord, NonMemberMute, Op } from "./state";

/**
 * forbid_send_msg: mutes (or with 0 unmutes) up to 500 accounts for MuteTime seconds (legacy
 * ShutUpTime); 4294967295 means for ever. In groups that store members every account must be a
 * member (10004, UNCONFIRMED); in AVChatRoom/BChatRoom any imported account may be muted.
 */
export function forbidSendMsg(ctx: ModelContext, req: ForbidSendMsgRequest): Record<string, never> {
  const group = findGroup(ctx, req.GroupId);
  const { base } = group;
  const rules = TYPE_RULES[base.Type];
  if (!rules.mutes) throw new ApiRefusal(10007, `GroupId: members of a ${base.Type} group cannot be muted`);
  const accounts = req.Members_Account;
  checkCount("Members_Account", accounts.length, ctx.settings.limits.forbidSendMsgAccounts, 10005);
  if (accounts.length === 0) throw invalidParameter("Members_Account: must not be empty");
  const field = req.MuteTime !== undefined ? "MuteTime" : "ShutUpTime";
  const muteTime = req.MuteTime ?? req.ShutUpTime;
  if (muteTime === undefined) throw invalidParameter("MuteTime: required field is missing");
  checkRange(field, muteTime, 0, MUTE_FOREVER);
  const ops = requireImported(
    ctx,
    accounts.map((account, index): [string, string] => [`Members_Account[${index}]`, account]),
  );
  if (rules.storesMembers) {
    const outsider = accounts.findIndex((account) => !group.members.has(account));
    if (outsider >= 0) {
      throw invalidParameter(
        `Members_Account[${outsider}]: ${show(accounts[outsider])} is not a member of the group`,
      );
    }
  }
  const time = now(ctx);
  const until = muteUntil(time, muteTime);
  const members: MemberRecord[] = [];
  const others = new Map(liveMutes(base, time).map((mute) => [mute.Member_Account, mute.MuteUntil]));
  for (const account of new Set(accounts)) {
    const member = group.members.get(account);
    if (member) members.push({ ...member, MuteUntil: until });
    else if (until === 0) others.delete(account);
    else others.set(account, until);
  }
  if (members.length > 0) ops.push({ op: "members", groupId: base.GroupId, members });
  if (!rules.storesMembers) ops.push({ op: "group", group: withNonMemberMutes(base, others) });
  ctx.commit(ops);
  return {};
}

/** Response of get_group_muted_account beyond the envelope. */
export interface MutedAccountsResult {
  /** The group asked about. */
  GroupId: string;
  /** Accounts muted now, members first in join order: `MutedUntil` is the mute's end. */
  MutedAccountList: { Member_Account: string; MutedUntil: number }[];
}

/** Response of the legacy get_group_shutted_uin beyond the envelope (docs/api-reference.md §6.6). */
export interface ShuttedUinResult {
  /** The group asked about. */
  GroupId: string;
  /** As MutedAccountList, in the legacy spelling. */
  ShuttedUinList: { Member_Account: string; ShuttedUntil: number }[];
}

/** get_group_muted_account: every account muted now (members in join order, then the others). */
export function getGroupMutedAccount(
  ctx: ModelContext,
  req: GetGroupMutedAccountRequest,
): MutedAccountsResult {
  const muted = mutedAccounts(ctx, req.GroupId);
  return {
    GroupId: req.GroupId,
    MutedAccountList: muted.map(({ Member_Account, MuteUntil }) => ({
      Member_Account,
      MutedUntil: MuteUntil,
    })),
  };
}

/** get_group_shutted_uin: the legacy name of get_group_muted_account, answering in legacy field names. */
export function getGroupShuttedUin(ctx: ModelContext, req: GetGroupMutedAccountRequest): ShuttedUinResult {
  const muted = mutedAccounts(ctx, req.GroupId);
  return {
    GroupId: req.GroupId,
    ShuttedUinList: muted.map(({ Member_Account, MuteUntil }) => ({
      Member_Account,
      ShuttedUntil: MuteUntil,
    })),
  };
}

function mutedAccounts(ctx: ModelContext, groupId: string): NonMemberMute[] {
  const group = findGroup(ctx, groupId);
  const { base } = group;
  if (!TYPE_RULES[base.Type].mutes) {
    throw new ApiRefusal(10007, `GroupId: members of a ${base.Type} group cannot be muted`);
  }
  const time = now(ctx);
  const members = [...group.members.values()]
    .filter((member) => member.MuteUntil > time)
    .map(({ Member_Account, MuteUntil }) => ({ Member_Account, MuteUntil }));
  return [...members, ...liveMutes(base, time)];
}

/** The end time of a mute of `seconds` from `time`: 0 unmutes, 4294967295 is for ever (§7.12). */
export function muteUntil(time: number, seconds: number): number {
  return seconds === 0 ? 0 : seconds === MUTE_FOREVER ? MUTE_FOREVER : time + seconds;
}

/** The group's non-member mutes that have not expired. */
function liveMutes(base: GroupBase, time: number): NonMemberMute[] {
  return (base.NonMemberMutes ?? []).filter((mute) => mute.MuteUntil > time);
}

/** The base with these non-member mutes (the field left out when there are none). */
function withNonMemberMutes(base: GroupBase, mutes: ReadonlyMap<string, number>): GroupBase {
  const { NonMemberMutes: _previous, ...rest } = base;
  if (mutes.size === 0) return rest;
  return {
    ...rest,
    NonMemberMutes: [...mutes].map(([Member_Account, MuteUntil]) => ({ Member_Account, MuteUntil })),
  };
}

/**
 * The op that keeps the unexpired mutes of members being removed, so that they are muted again
 * when they rejoin; undefined when none of them is muted.
 */
export function keepMutesOfLeavers(
  group: GroupRecord,
  removed: readonly string[],
  time: number,
): Op | undefined {
  const leaving = removed
    .map((account) => group.members.get(account))
    .filter((member): member is MemberRecord => member !== undefined && member.MuteUntil > time);
  if (leaving.length === 0) return undefined;
  const mutes = new Map(liveMutes(group.base, time).map((mute) => [mute.Member_Account, mute.MuteUntil]));
  for (const member of leaving) mutes.set(member.Member_Account, member.MuteUntil);
  return { op: "group", group: withNonMemberMutes(group.base, mutes) };
}

/**
 * For members joining again: the mute each of them still has (0 when none), and the op that moves
 * those mutes back onto the members (undefined when no joiner was muted).
 */
export function restoreMutesOfJoiners(
  group: GroupRecord,
  joining: readonly string[],
  time: number,
): { muteOf: (account: string) => number; op: Op | undefined } {
  const mutes = new Map(liveMutes(group.base, time).map((mute) => [mute.Member_Account, mute.MuteUntil]));
  const restored = new Map<string, number>();
  for (const account of joining) {
    const until = mutes.get(account);
    if (until === undefined) continue;
    restored.set(account, until);
    mutes.delete(account);
  }
  return {
    muteOf: (account) => restored.get(account) ?? 0,
    op: restored.size > 0 ? { op: "group", group: withNonMemberMutes(group.base, mutes) } : undefined,
  };
}
