/**
 * Paging (after octokit plugin-paginate-rest: the async iterator is the primitive, "all" is built on
 * it). Cursors are opaque (API.md §10).
 */
import type { AppGroupIdsOptions, GroupMembersOptions, ImClient } from "./client";
import { DEFAULTS } from "./defaults";
import type { GroupMember } from "./types";

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
 * get_group_member_info pages by Limit/Offset (API.md §7.5). The loop ends on an empty page or once
 * Offset reaches MemberNum — never on a short page: a server that caps Limit below what we ask would
 * otherwise end the listing after its first page (the "only the first 200 members" bug).
 */
export async function* groupMemberPages(
  client: ImClient,
  groupId: string,
  options: GroupMembersOptions,
): AsyncGenerator<GroupMemberPage> {
  const { pageSize = DEFAULTS.pageSizes.groupMembers, ...query } = options;
  for (let offset = 0; ; ) {
    const page = await client.getGroupMemberInfo({
      GroupId: groupId,
      ...query,
      Limit: pageSize,
      Offset: offset,
    });
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
  client: ImClient,
  groupId: string,
  options: GroupMembersOptions,
): Promise<GroupMember[]> {
  const members = new Map<string, GroupMember>();
  for await (const page of groupMemberPages(client, groupId, options)) {
    for (const member of page.MemberList) {
      if (!members.has(member.Member_Account)) members.set(member.Member_Account, member);
    }
  }
  return [...members.values()];
}

/** get_appid_group_list pages by its integer `Next` cursor, 0 meaning done (API.md §7.8). */
export async function* appGroupIds(client: ImClient, options: AppGroupIdsOptions): AsyncGenerator<string> {
  const { pageSize = DEFAULTS.pageSizes.appGroups, GroupType } = options;
  let next = 0;
  do {
    const page = await client.getAppidGroupList({ Limit: pageSize, Next: next, GroupType });
    for (const { GroupId } of page.GroupIdList) yield GroupId;
    next = page.Next;
  } while (next !== 0);
}
