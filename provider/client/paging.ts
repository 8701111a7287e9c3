/**
 * Paging (after octokit plugin-paginate-rest: the async iterator is the primitive, "all" is built on
 * it). Cursors are opaque (docs/api-reference.md §10).
 */
import type { ImCaller } from "./caller";
import { DEFAULTS } from "./defaults";
import { GROUP_SERVICE } from "./services";
import type {
  GetAppidGroupListRequest,
  GetAppidGroupListResponse,
  GetGroupMemberInfoRequest,
  GetGroupMemberInfoResponse,
  GroupMember,
  GroupMemberQuery,
  GroupType,
} from "./types";

/** Options of ImClient.groupMembers and ImClient.listAllMembers. */
export interface GroupMembersOptions extends GroupMemberQuery {
  /** Members per page (Limit); default 200 (docs/api-reference.md §7.5). */
  pageSize?: number;
}

/** Options of ImClient.appGroupIds. */
export interface AppGroupIdsOptions {
  /** Only groups of this type. */
  GroupType?: GroupType;
  /** Group IDs per page (Limit); default 10000 (docs/api-reference.md §7.8). */
  pageSize?: number;
}

/** One page of get_group_member_info. */
export interface GroupMemberPage {
  /** The group's total member count as of this page. */
  MemberNum: number;
  /** This page's members. */
  MemberList: GroupMember[];
  /** The Offset this page was read at. */
  Offset: number;
}

/**
 * get_group_member_info pages by Limit/Offset (docs/api-reference.md §7.5). The loop ends on an empty page or once
 * Offset reaches MemberNum — never on a short page: a server that caps Limit below what we ask would
 * otherwise end the listing after its first page (the "only the first 200 members" bug).
 */
export async function* groupMemberPages(
  caller: ImCaller,
  groupId: string,
  options: GroupMembersOptions,
): AsyncGenerator<GroupMemberPage> {
  const { pageSize = DEFAULTS.pageSizes.groupMembers, ...query } = options;
  for (let offset = 0; ; ) {
    const request: GetGroupMemberInfoRequest = {
      GroupId: groupId,
      ...query,
      Limit: pageSize,
      Offset: offset,
    };
    const page = await caller.request<GetGroupMemberInfoResponse>(
      GROUP_SERVICE,
      "get_group_member_info",
      request,
    );
    if (page.MemberList.length === 0) return;
    yield { MemberNum: page.MemberNum, MemberList: page.MemberList, Offset: offset };
    offset += page.MemberList.length;
    if (offset >= page.MemberNum) return;
  }
}

/**
 * Every member, each once. Offset pages of a group that changes meanwhile shift: a member can show
 * up on two pages (kept once, first sighting) or, when someone before the offset left, be skipped;
 * callers needing an exact snapshot re-read when MemberNum moved.
 */
export async function listAllMembers(
  caller: ImCaller,
  groupId: string,
  options: GroupMembersOptions,
): Promise<GroupMember[]> {
  const members = new Map<string, GroupMember>();
  for await (const page of groupMemberPages(caller, groupId, options)) {
    for (const member of page.MemberList) {
      if (!members.has(member.Member_Account)) members.set(member.Member_Account, member);
    }
  }
  return [...members.values()];
}

/**
 * get_appid_group_list pages by its integer `Next` cursor, 0 meaning done (docs/api-reference.md
 * §7.8). The cursor is 64-bit: passed back exactly as answered (a decimal string beyond 2^53).
 */
export async function* appGroupIds(caller: ImCaller, options: AppGroupIdsOptions): AsyncGenerator<string> {
  const { pageSize = DEFAULTS.pageSizes.appGroups, GroupType } = options;
  let next: number | string = 0;
  do {
    const request: GetAppidGroupListRequest = { Limit: pageSize, Next: next, GroupType };
    const page = await caller.request<GetAppidGroupListResponse>(
      GROUP_SERVICE,
      "get_appid_group_list",
      request,
    );
    for (const { GroupId } of page.GroupIdList) yield GroupId;
    next = page.Next;
  } while (next !== 0 && next !== "0");
}
