/**
 * What the console shows of one group, read through the model: its profile and custom data as
 * get_group_info renders them, and its members as get_group_member_info pages them (the group list
 * is console/group-list.ts). So the console shows what the REST API would answer, with the
 * same refusals (10015 malformed ID, 10010 unknown group, 10007 members of an AVChatRoom, 10004 a
 * page over the limit). Nothing here changes state.
 */

import { findGroup, now } from "../model/context";
import { type GroupMemberInfoResult, getGroupMemberInfo } from "../model/group-read";
import type { ImModel } from "../model/index";
import { type GroupView, renderGroup } from "../model/views";

/** Every base field and all custom data, without the member list (which is paged separately). */
const PROFILE_VIEW: GroupView = { base: "all", customKeys: "all", members: undefined };

/** A group's profile and custom data as get_group_info without a filter renders them, minus the members. */
export function groupProfile(model: ImModel, groupId: string): Record<string, unknown> {
  const group = findGroup(model, groupId);
  return { GroupId: group.base.GroupId, ...renderGroup(group, PROFILE_VIEW, model.settings.emitLegacyNames) };
}

/** A page of members as the console shows it. */
export interface MemberPage extends GroupMemberInfoResult {
  /** Index of the first member on the page. */
  offset: number;
  /**
   * The emulator's "now", Unix seconds: a member whose MuteUntil is later is muted. The model's
   * clock, not the browser's, which may differ (a test or a seeded clock).
   */
  now: number;
}

/** A page of members, every field, in join order (get_group_member_info with Offset and Limit). */
export function memberPage(model: ImModel, groupId: string, offset: number, limit: number): MemberPage {
  const page = getGroupMemberInfo(model, { GroupId: groupId, Offset: offset, Limit: limit });
  return { offset, ...page, now: now(model) };
}
