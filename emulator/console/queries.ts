/**
 * What the console shows, read through the model: the app's groups in creation order (paged), one
 * group's profile and custom data as get_group_info renders them, and its members as
 * get_group_member_info pages them. So the console shows what the REST API would answer, with the
 * same refusals (10015 malformed ID, 10010 unknown group, 10007 members of an AVChatRoom, 10004 a
 * page over the limit). Nothing here changes state.
 */

import { findGroup } from "../model/context";
import { type GroupMemberInfoResult, getGroupMemberInfo } from "../model/group-read";
import type { ImModel } from "../model/index";
import { type GroupView, renderGroup } from "../model/views";

/** One row of the group list. */
export interface GroupSummary {
  /** The group's ID. */
  GroupId: string;
  /** Private, Public, ChatRoom, AVChatRoom or BChatRoom. */
  Type: string;
  /** The group's name. */
  Name: string;
  /** How many members it has (the owner included). */
  MemberNum: number;
  /** The owner, `""` for an ownerless group. */
  Owner_Account: string;
}

/** A page of the group list. */
export interface GroupPage {
  /** Live groups in the app. */
  total: number;
  /** Index of the first group on this page. */
  offset: number;
  /** The page, in creation order. */
  groups: GroupSummary[];
}

/** Every base field and all custom data, without the member list (which is paged separately). */
const PROFILE_VIEW: GroupView = { base: "all", customKeys: "all", members: undefined };

/** Groups `offset` to `offset + limit - 1` in creation order. */
export function listGroups(model: ImModel, offset: number, limit: number): GroupPage {
  const groups: GroupSummary[] = [];
  let index = 0;
  for (const { base, members } of model.state.groups.values()) {
    if (groups.length === limit) break;
    if (index++ < offset) continue;
    groups.push({
      GroupId: base.GroupId,
      Type: base.Type,
      Name: base.Name,
      MemberNum: members.size,
      Owner_Account: base.Owner_Account,
    });
  }
  return { total: model.state.groups.size, offset, groups };
}

/** A group's profile and custom data as get_group_info without a filter renders them, minus the members. */
export function groupProfile(model: ImModel, groupId: string): Record<string, unknown> {
  const group = findGroup(model, groupId);
  return { GroupId: group.base.GroupId, ...renderGroup(group, PROFILE_VIEW, model.settings.emitLegacyNames) };
}

/** A page of members, every field, in join order (get_group_member_info with Offset and Limit). */
export function memberPage(
  model: ImModel,
  groupId: string,
  offset: number,
  limit: number,
): GroupMemberInfoResult & { offset: number } {
  return { offset, ...getGroupMemberInfo(model, { GroupId: groupId, Offset: offset, Limit: limit }) };
}
