/**
 * Reads: get_group_info (003, docs/api-reference.md §1.4), get_group_member_info (§7.5), get_appid_group_list
 * (§7.8), get_role_in_group (§7.10). None of them changes state.
 */

import { ApiRefusal, invalidParameter } from "../errors";
import { checkCount, checkEnum, checkRange, show } from "./checks";
import { findGroup, isImported, type ModelContext } from "./context";
import { ROLES, TYPE_RULES } from "./group-types";
import type {
  GetAppidGroupListRequest,
  GetGroupInfoRequest,
  GetGroupMemberInfoRequest,
  GetJoinedGroupListRequest,
  GetRoleInGroupRequest,
  ResponseFilter,
} from "./requests";
import { GROUP_TYPES } from "./settings";
import type { GroupRecord } from "./state";
import {
  baseSelection,
  FULL_GROUP_VIEW,
  type GroupView,
  type MemberView,
  memberRenderer,
  memberSelection,
  renderGroup,
  renderSelfInfo,
  type Selection,
} from "./views";

/** One entry of get_group_info's GroupInfo: its own result code, then the group's fields. */
export type GroupInfoEntry = { GroupId: string; ErrorCode: number; ErrorInfo: string } & Record<
  string,
  unknown
>;

/** Response of get_group_info beyond the envelope. */
export interface GroupInfoResult {
  /** One entry per requested ID, in request order. */
  GroupInfo: GroupInfoEntry[];
}

/**
 * get_group_info: one entry per requested ID, in request order, each with its own ErrorCode
 * (003: the envelope's code is "meaningless"); unknown IDs give 10010, malformed ones 10015.
 */
export function getGroupInfo(ctx: ModelContext, req: GetGroupInfoRequest): GroupInfoResult {
  if (req.GroupIdList.length === 0) throw invalidParameter("GroupIdList: must not be empty");
  checkCount("GroupIdList", req.GroupIdList.length, ctx.settings.limits.getGroupInfoGroups, 10004);
  const view = groupView(req.ResponseFilter);
  const legacy = ctx.settings.emitLegacyNames;
  return {
    GroupInfo: req.GroupIdList.map((groupId): GroupInfoEntry => {
      let group: GroupRecord;
      try {
        group = findGroup(ctx, groupId);
      } catch (error) {
        if (!(error instanceof ApiRefusal)) throw error;
        return { GroupId: groupId, ErrorCode: error.code, ErrorInfo: error.info };
      }
      return { GroupId: groupId, ErrorCode: 0, ErrorInfo: "", ...renderGroup(group, view, legacy) };
    }),
  };
}

/**
 * The view a ResponseFilter asks for (003): without a filter everything; with one, only what it
 * names. `MemberList` comes back when MemberInfoFilter or AppDefinedDataFilter_GroupMember is given;
 * naming `AppDefinedData` / `AppMemberDefinedData` as a field selects all keys (UNCONFIRMED).
 */
function groupView(filter: ResponseFilter | undefined): GroupView {
  if (!filter) return FULL_GROUP_VIEW;
  const base = baseSelection(filter.GroupBaseInfoFilter ?? []);
  const groupKeys = filter.AppDefinedDataFilter_Group;
  const memberFields = filter.MemberInfoFilter ? memberSelection(filter.MemberInfoFilter) : undefined;
  const memberKeys = filter.AppDefinedDataFilter_GroupMember;
  const wantsMembers = memberFields !== undefined || memberKeys !== undefined;
  return {
    base,
    customKeys: groupKeys ? new Set(groupKeys) : base.has("AppDefinedData") ? "all" : "none",
    members: wantsMembers ? memberView(memberFields ?? new Set(), memberKeys, "none") : undefined,
  };
}

/** A member view from field and key filters; `keysByDefault` applies when neither names custom data. */
function memberView(
  fields: Selection,
  keys: string[] | undefined,
  keysByDefault: "all" | "none",
): MemberView {
  const customKeys = keys
    ? new Set(keys)
    : fields !== "all" && fields.has("AppMemberDefinedData")
      ? "all"
      : keysByDefault;
  return { fields, customKeys };
}

/** Response of get_group_member_info beyond the envelope. */
export interface GroupMemberInfoResult {
  /** The group's total member count, regardless of filter or page (docs/api-reference.md §7.5, UNCONFIRMED for roles). */
  MemberNum: number;
  /** The page of members, rendered with the filters. */
  MemberList: Record<string, unknown>[];
}

/**
 * get_group_member_info: members in join order (UNCONFIRMED), filtered by role, then paged by
 * Offset/Limit (Limit ≤ memberPageLimit; absent or 0 = all remaining, subject to 10018).
 */
export function getGroupMemberInfo(ctx: ModelContext, req: GetGroupMemberInfoRequest): GroupMemberInfoResult {
  const group = findGroup(ctx, req.GroupId);
  if (!TYPE_RULES[group.base.Type].storesMembers) {
    throw new ApiRefusal(10007, `GroupId: members of a ${group.base.Type} group cannot be listed`);
  }
  const roles = req.MemberRoleFilter;
  roles?.forEach((role, index) => {
    checkEnum(`MemberRoleFilter[${index}]`, role, ROLES);
  });
  const limit = req.Limit ?? 0;
  checkRange("Limit", limit, 0, ctx.settings.limits.memberPageLimit);
  const offset = req.Offset ?? 0;
  if (offset < 0) throw invalidParameter(`Offset: ${offset} is below the minimum 0`);

  const fields = req.MemberInfoFilter ? memberSelection(req.MemberInfoFilter) : "all";
  const view = memberView(fields, req.AppDefinedDataFilter_GroupMember, fields === "all" ? "all" : "none");
  const legacy = ctx.settings.emitLegacyNames;
  const matching = [...group.members.values()].filter((member) => !roles || roles.includes(member.Role));
  const page = matching.slice(offset, limit > 0 ? offset + limit : undefined);
  return {
    MemberNum: group.members.size,
    MemberList: page.map(memberRenderer(view, legacy)),
  };
}

/** Response of get_appid_group_list beyond the envelope. */
export interface AppidGroupListResult {
  /** All live groups (of GroupType when given), regardless of paging. */
  TotalCount: number;
  /** This page's groups. */
  GroupIdList: { GroupId: string }[];
  /** Cursor for the next call; 0 when there is nothing more. */
  Next: number;
}

/**
 * get_appid_group_list: live groups in creation order. `Next` is the creation sequence of the next
 * group to return (an opaque number below 2^53; 0 = done), so paging is stable while groups are
 * created or destroyed. Destroyed groups are not listed; an empty GroupType means no filter
 * (both UNCONFIRMED).
 */
export function getAppidGroupList(ctx: ModelContext, req: GetAppidGroupListRequest): AppidGroupListResult {
  const max = ctx.settings.limits.appidGroupListLimit;
  const limit = req.Limit ?? max;
  checkRange("Limit", limit, 1, max);
  const cursor = req.Next ?? 0;
  checkRange("Next", cursor, 0, Number.MAX_SAFE_INTEGER);
  const type = groupTypeFilter(req.GroupType);
  let total = 0;
  let next = 0;
  const list: { GroupId: string }[] = [];
  for (const { base } of ctx.state.groups.values()) {
    if (type !== undefined && base.Type !== type) continue;
    total++;
    if (base.Seq < cursor) continue;
    if (list.length < limit) list.push({ GroupId: base.GroupId });
    else if (next === 0) next = base.Seq;
  }
  return { TotalCount: total, GroupIdList: list, Next: next };
}

/** Response of get_role_in_group beyond the envelope. */
export interface RoleInGroupResult {
  /** One entry per requested account: Owner, Admin, Member or NotMember. */
  UserIdList: { Member_Account: string; Role: string }[];
}

/** get_role_in_group: each requested account's role, or `NotMember`. */
export function getRoleInGroup(ctx: ModelContext, req: GetRoleInGroupRequest): RoleInGroupResult {
  const group = findGroup(ctx, req.GroupId);
  if (!TYPE_RULES[group.base.Type].storesMembers) {
    throw new ApiRefusal(10007, `GroupId: roles in a ${group.base.Type} group cannot be queried`);
  }
  const accounts = req.User_Account;
  checkCount("User_Account", accounts.length, ctx.settings.limits.getRoleInGroupAccounts, 10005);
  if (accounts.length === 0) throw invalidParameter("User_Account: must not be empty");
  // Unimported accounts fail the whole request (docs/api-reference.md §2.2); with autoImportAccounts they are
  // simply not members, since a read imports nothing.
  const missing = accounts.findIndex((account) => !isImported(ctx, account));
  if (missing >= 0 && !ctx.settings.autoImportAccounts) {
    throw new ApiRefusal(
      10019,
      `User_Account[${missing}]: account ${show(accounts[missing])} is not imported`,
    );
  }
  return {
    UserIdList: accounts.map((account) => ({
      Member_Account: account,
      Role: group.members.get(account)?.Role ?? "NotMember",
    })),
  };
}

/** Response of get_joined_group_list beyond the envelope. */
export interface JoinedGroupListResult {
  /** Every group listed under the request's switches and type, regardless of paging. */
  TotalCount: number;
  /** This page: `{GroupId}` only, or with a ResponseFilter the named base fields and `SelfInfo`. */
  GroupIdList: Record<string, unknown>[];
}

/**
 * get_joined_group_list (docs/api-reference.md §7.11): the groups the user is a member of, in
 * creation order (UNCONFIRMED). AVChatRoom and BChatRoom groups only with WithHugeGroups 1; Private
 * (Work) groups that are not active yet — no message so far, the emulator's reading — only with
 * WithNoActiveGroups 1. Limit ≤ 5000, absent or 0 = all remaining. An unimported account is 10019.
 */
export function getJoinedGroupList(ctx: ModelContext, req: GetJoinedGroupListRequest): JoinedGroupListResult {
  const account = req.Member_Account;
  if (!isImported(ctx, account) && !ctx.settings.autoImportAccounts) {
    throw new ApiRefusal(10019, `Member_Account: account ${show(account)} is not imported`);
  }
  const withHuge = checkSwitch("WithHugeGroups", req.WithHugeGroups);
  const withInactive = checkSwitch("WithNoActiveGroups", req.WithNoActiveGroups);
  const limit = req.Limit ?? 0;
  checkRange("Limit", limit, 0, ctx.settings.limits.joinedGroupListLimit);
  const offset = req.Offset ?? 0;
  checkRange("Offset", offset, 0, Number.MAX_SAFE_INTEGER);
  const type = groupTypeFilter(req.GroupType);
  const joined = [...ctx.state.groups.values()].filter(({ base, members }) => {
    if (!members.has(account) || (type !== undefined && base.Type !== type)) return false;
    if (!TYPE_RULES[base.Type].storesMembers && !withHuge) return false;
    return base.Type !== "Private" || base.NextMsgSeq > 1 || withInactive;
  });
  const page = joined.slice(offset, limit > 0 ? offset + limit : undefined);
  const filter = req.ResponseFilter;
  const legacy = ctx.settings.emitLegacyNames;
  const base = filter ? baseSelection(filter.GroupBaseInfoFilter ?? []) : undefined;
  const self = filter?.SelfInfoFilter ? memberSelection(filter.SelfInfoFilter) : undefined;
  return {
    TotalCount: joined.length,
    GroupIdList: page.map((group) => ({
      GroupId: group.base.GroupId,
      ...(base
        ? renderGroup(
            group,
            { base, customKeys: base.has("AppDefinedData") ? "all" : "none", members: undefined },
            legacy,
          )
        : {}),
      ...(self ? { SelfInfo: renderSelfInfo(group.members.get(account)!, self, legacy) } : {}),
    })),
  };
}

/** A 0/1 switch (docs/api-reference.md §7.11); anything else is 10004. */
function checkSwitch(field: string, value: number | undefined): boolean {
  if (value !== undefined && value !== 0 && value !== 1) {
    throw invalidParameter(`${field}: ${value} is not 0 or 1`);
  }
  return value === 1;
}

/**
 * A GroupType filter: undefined for none. `""` is what the Python SDK always sends, read as "no
 * filter" (UNCONFIRMED); any other value must be a type name (10004).
 */
function groupTypeFilter(groupType: string | undefined): string | undefined {
  if (groupType === undefined || groupType === "") return undefined;
  checkEnum("GroupType", groupType, GROUP_TYPES);
  return groupType;
}
