/**
 * What each group type supports (docs/api-reference.md §6.1, source docs 000–003, §7). One table so a rule such as
 * "AVChatRoom takes no members" is stated once and every command reads it from here.
 */

import type { GroupType } from "./settings";

/** Capabilities of one group type. */
export interface TypeRules {
  /** Members may hold `Admin` (002 10004 item 15: not Private/Work). */
  readonly hasAdmins: boolean;
  /** Members can be put in by the App: create_group MemberList, add_group_member (002 10007, docs/api-reference.md §7.3). */
  readonly takesMembers: boolean;
  /** import_group / import_group_member accept the type (000, 001: AVChatRoom and BChatRoom give 10007). */
  readonly importable: boolean;
  /** get_group_member_info, get_role_in_group, change_group_owner work (docs/api-reference.md §2.2, §7.9, §7.10). */
  readonly storesMembers: boolean;
  /** delete_group_member works; AVChatRoom gives 10004 (docs/api-reference.md §7.4). */
  readonly deletesMembers: boolean;
  /** Members can be muted (docs/api-reference.md §6.1: no muting in Private). */
  readonly mutes: boolean;
  /** ApplyJoinOption cannot be changed once set (docs/api-reference.md §6.1: Work, Meeting, AVChatRoom; 10007). */
  readonly fixedApplyJoin: boolean;
  /** InviteJoinOption cannot be changed (docs/api-reference.md §6.1: AVChatRoom; 10007). */
  readonly fixedInviteJoin: boolean;
}

/** Rules for the two "live" types; the source docs treat BChatRoom like AVChatRoom (UNCONFIRMED beyond them). */
const LIVE: TypeRules = {
  hasAdmins: true,
  takesMembers: false,
  importable: false,
  storesMembers: false,
  deletesMembers: false,
  mutes: true,
  fixedApplyJoin: true,
  fixedInviteJoin: true,
};

/** Rules per type. */
export const TYPE_RULES: Record<GroupType, TypeRules> = {
  Private: {
    hasAdmins: false,
    takesMembers: true,
    importable: true,
    storesMembers: true,
    deletesMembers: true,
    mutes: false,
    fixedApplyJoin: true,
    fixedInviteJoin: false,
  },
  Public: {
    hasAdmins: true,
    takesMembers: true,
    importable: true,
    storesMembers: true,
    deletesMembers: true,
    mutes: true,
    fixedApplyJoin: false,
    fixedInviteJoin: false,
  },
  ChatRoom: {
    hasAdmins: true,
    takesMembers: true,
    importable: true,
    storesMembers: true,
    deletesMembers: true,
    mutes: true,
    fixedApplyJoin: true,
    fixedInviteJoin: false,
  },
  AVChatRoom: LIVE,
  BChatRoom: LIVE,
};

/** `ApplyJoinOption` values (002 10004 item 9). */
export const APPLY_JOIN_OPTIONS = ["FreeAccess", "NeedPermission", "DisableApply"] as const;
/** `InviteJoinOption` values (docs/api-reference.md §6.4). */
export const INVITE_JOIN_OPTIONS = ["FreeAccess", "NeedPermission", "DisableInvite"] as const;
/** `MsgFlag` values (docs/api-reference.md §6.4). */
export const MSG_FLAGS = [
  "AcceptAndNotify",
  "AcceptNotNotify",
  "Discard",
  "AcceptNotNotifyExceptAt",
] as const;
/** Member roles (docs/api-reference.md §6.4). */
export const ROLES = ["Owner", "Admin", "Member"] as const;
/** `MuteAllMember` values (docs/api-reference.md §6.4). */
export const ON_OFF = ["On", "Off"] as const;
/** The largest mute duration; also means "permanently" (docs/api-reference.md §7.12). */
export const MUTE_FOREVER = 4294967295;
