/**
 * Request bodies of every emulated command, as the wire carries them (docs/api-reference.md §1, §7, §8). The HTTP
 * layer checks JSON types against the matching schema (http/schemas.ts) before the model sees them,
 * so the model may rely on these types; every value rule lives in the model.
 */

import type { KeyValue } from "./state";

/** A custom-data entry in a request. */
export type KeyValueInput = KeyValue;

/** create_group (002, docs/api-reference.md §1.3). */
export interface CreateGroupRequest {
  /** Owner, added to the members; must be imported (002 10004 #1). Absent: no owner. */
  Owner_Account?: string;
  /** Private, Public, ChatRoom, AVChatRoom or BChatRoom (#3). */
  Type: string;
  /** Custom ID: ≤ 49 bytes, printable, no `@TGS#` prefix (#7). Absent: an assigned `@TGS#` ID. */
  GroupId?: string;
  /** Non-empty, ≤ 30 bytes (#2). */
  Name: string;
  /** ≤ 240 bytes (#4). */
  Introduction?: string;
  /** ≤ 300 bytes (#5). */
  Notification?: string;
  /** ≤ 100 bytes (#6). */
  FaceUrl?: string;
  /** Member limit, ≤ the type's maximum (#8); default the type's maximum. */
  MaxMemberCount?: number;
  /** FreeAccess, NeedPermission (default) or DisableApply (#9). */
  ApplyJoinOption?: string;
  /** Group custom data (#10). */
  AppDefinedData?: KeyValueInput[];
  /**
   * How invitations are handled: FreeAccess, NeedPermission or DisableInvite (newer field, not in
   * 002; docs/api-reference.md §6.4). Not for AVChatRoom / BChatRoom (10007, §6.1). Absent: not set.
   */
  InviteJoinOption?: string;
  /** Initial members, ≤ 500 (10005); not for AVChatRoom / BChatRoom (10007). */
  MemberList?: CreateGroupMember[];
}

/** One initial member of create_group. */
export interface CreateGroupMember {
  /** The member; must be imported (10019). */
  Member_Account: string;
  /** Only `Admin` (#14–16); absent: Member. */
  Role?: string;
  /** Member custom data (#13). */
  AppMemberDefinedData?: KeyValueInput[];
}

/** import_group (000, docs/api-reference.md §1.1): create_group's profile fields plus CreateTime, no MemberList. */
export interface ImportGroupRequest extends Omit<CreateGroupRequest, "MemberList" | "InviteJoinOption"> {
  /** The original creation time, Unix seconds; default now (000). */
  CreateTime?: number;
}

/** import_group_member (001, docs/api-reference.md §1.2). */
export interface ImportGroupMemberRequest {
  /** The group to import into. */
  GroupId: string;
  /** ≤ 500 members (10005). */
  MemberList: ImportGroupMember[];
}

/** One member of import_group_member. */
export interface ImportGroupMember {
  /** The member; must be imported (10019). */
  Member_Account: string;
  /** Only `Admin`; absent: Member. */
  Role?: string;
  /** Original join time: after the group's CreateTime and before now, else Result 0; default now. */
  JoinTime?: number;
  /** Unread messages; lowered to the group's message count. Default 0. */
  UnreadMsgNum?: number;
}

/** get_group_info filters (003). Legacy names (`Account`, `ShutUpAllMember`, …) are accepted. */
export interface ResponseFilter {
  /** Base fields to return. */
  GroupBaseInfoFilter?: string[];
  /** Member fields to return (`Account` is the legacy name of Member_Account). */
  MemberInfoFilter?: string[];
  /** Group custom-data keys to return. */
  AppDefinedDataFilter_Group?: string[];
  /** Member custom-data keys to return. */
  AppDefinedDataFilter_GroupMember?: string[];
}

/** get_group_info (003, docs/api-reference.md §1.4). */
export interface GetGroupInfoRequest {
  /** 1–50 group IDs. */
  GroupIdList: string[];
  /** Absent: everything; present: only what it names. */
  ResponseFilter?: ResponseFilter;
}

/** modify_group_base_info (docs/api-reference.md §7.1). */
export interface ModifyGroupBaseInfoRequest {
  /** The group to change. */
  GroupId: string;
  /** Non-empty, ≤ 30 bytes. */
  Name?: string;
  /** ≤ 240 bytes. */
  Introduction?: string;
  /** ≤ 300 bytes. */
  Notification?: string;
  /** ≤ 100 bytes. */
  FaceUrl?: string;
  /** Member limit (note the response-side name); ≥ MemberNum, ≤ the type's maximum. */
  MaxMemberNum?: number;
  /** FreeAccess, NeedPermission or DisableApply. */
  ApplyJoinOption?: string;
  /** FreeAccess, NeedPermission or DisableInvite (newer field). */
  InviteJoinOption?: string;
  /** `On` or `Off`. */
  MuteAllMember?: string;
  /** Legacy spelling of MuteAllMember (docs/api-reference.md §6.6). */
  ShutUpAllMember?: string;
  /** Group custom data to set; an empty Value deletes the key. */
  AppDefinedData?: KeyValueInput[];
  /** Act as this user for the permission check (newer docs). */
  From_Account?: string;
}

/** destroy_group (docs/api-reference.md §7.2). */
export interface DestroyGroupRequest {
  /** The group to dismiss. */
  GroupId: string;
}

/** add_group_member (docs/api-reference.md §7.3). */
export interface AddGroupMemberRequest {
  /** The group. */
  GroupId: string;
  /** 0 (default): everyone is told; 1: no notice. */
  Silence?: number;
  /** ≤ 300 accounts by default (10005). */
  MemberList: { Member_Account: string }[];
}

/** delete_group_member (docs/api-reference.md §7.4). */
export interface DeleteGroupMemberRequest {
  /** The group. */
  GroupId: string;
  /** 1: only the removed members are told. */
  Silence?: number;
  /** Shown in the kick notice. */
  Reason?: string;
  /** ≤ 100 accounts (10005); the owner may not be among them (10007). */
  MemberToDel_Account: string[];
}

/** get_group_member_info (docs/api-reference.md §7.5). */
export interface GetGroupMemberInfoRequest {
  /** The group. */
  GroupId: string;
  /** Member fields to return; absent: all. */
  MemberInfoFilter?: string[];
  /** Roles to return (Owner, Admin, Member); absent: all. */
  MemberRoleFilter?: string[];
  /** Member custom-data keys to return. */
  AppDefinedDataFilter_GroupMember?: string[];
  /** Page size, ≤ 200 by default; absent or 0: all remaining members. */
  Limit?: number;
  /** 0-based index of the first member returned. */
  Offset?: number;
}

/** modify_group_member_info (docs/api-reference.md §7.7). */
export interface ModifyGroupMemberInfoRequest {
  /** The group. */
  GroupId: string;
  /** The member to change. */
  Member_Account: string;
  /** `Admin` (promote) or `Member` (demote). */
  Role?: string;
  /** AcceptAndNotify, AcceptNotNotify, Discard or AcceptNotNotifyExceptAt. */
  MsgFlag?: string;
  /** ≤ 50 bytes. */
  NameCard?: string;
  /** Member custom data to set; an empty Value deletes the key. */
  AppMemberDefinedData?: KeyValueInput[];
  /** Mute for this many seconds from now; 0 unmutes. */
  MuteTime?: number;
  /** Legacy spelling of MuteTime (docs/api-reference.md §6.6). */
  ShutUpTime?: number;
}

/** change_group_owner (docs/api-reference.md §7.9). */
export interface ChangeGroupOwnerRequest {
  /** The group. */
  GroupId: string;
  /** The new owner; must already be a member. */
  NewOwner_Account: string;
  /** The acting user (newer docs); must be the current owner. */
  From_Account?: string;
}

/** get_appid_group_list (docs/api-reference.md §7.8). */
export interface GetAppidGroupListRequest {
  /** Page size, 1–10000; default 10000. */
  Limit?: number;
  /** 0 on the first call, then the previous response's Next. */
  Next?: number;
  /** Only groups of this type; `""` (what the Python SDK sends) means no filter. */
  GroupType?: string;
}

/** get_role_in_group (docs/api-reference.md §7.10). */
export interface GetRoleInGroupRequest {
  /** The group. */
  GroupId: string;
  /** ≤ 500 accounts. */
  User_Account: string[];
}

/** get_joined_group_list filters (docs/api-reference.md §7.11). */
export interface JoinedGroupFilter {
  /** Base fields of each group to return (get_group_info's names). */
  GroupBaseInfoFilter?: string[];
  /** The user's own member fields to return in `SelfInfo` (§6.8 names). */
  SelfInfoFilter?: string[];
}

/** get_joined_group_list (docs/api-reference.md §7.11). */
export interface GetJoinedGroupListRequest {
  /** The user whose groups are listed; must be imported (10019). */
  Member_Account: string;
  /** 1: include AVChatRoom and BChatRoom groups (left out by default). */
  WithHugeGroups?: number;
  /** 1: include Private groups not active yet (no message so far; left out by default). */
  WithNoActiveGroups?: number;
  /** Page size, ≤ 5000; absent or 0: all remaining groups. */
  Limit?: number;
  /** 0-based index of the first group returned. */
  Offset?: number;
  /** Only groups of this type; `""` means no filter. */
  GroupType?: string;
  /** Absent: only GroupIds; present: the named base fields and SelfInfo fields. */
  ResponseFilter?: JoinedGroupFilter;
}

/** forbid_send_msg (docs/api-reference.md §7.12). */
export interface ForbidSendMsgRequest {
  /** The group; not a Private (Work) group (10007). */
  GroupId: string;
  /** 1–500 accounts to mute or unmute. */
  Members_Account: string[];
  /** Seconds from now; 0 unmutes; 4294967295 mutes for ever. */
  MuteTime?: number;
  /** Legacy spelling of MuteTime (§6.6). */
  ShutUpTime?: number;
}

/** get_group_muted_account and its legacy name get_group_shutted_uin (docs/api-reference.md §7.12). */
export interface GetGroupMutedAccountRequest {
  /** The group; not a Private (Work) group (10007). */
  GroupId: string;
}

/** account_import (docs/api-reference.md §8.1); older docs name the ID `Identifier`. */
export interface AccountImportRequest {
  /** The account, ≤ 32 bytes. */
  UserID?: string;
  /** Older docs' name for UserID. */
  Identifier?: string;
  /** Nickname, ≤ 500 bytes. */
  Nick?: string;
  /** Avatar URL, ≤ 500 bytes. */
  FaceUrl?: string;
}

/** multiaccount_import (docs/api-reference.md §8.2), old form `Accounts` or new form `AccountList`. */
export interface MultiaccountImportRequest {
  /** Old form: ≤ 100 UserIDs. */
  Accounts?: string[];
  /** New form: ≤ 100 accounts with optional profiles. */
  AccountList?: { UserID: string; Nick?: string; FaceUrl?: string }[];
}

/** account_check (docs/api-reference.md §8.3). */
export interface AccountCheckRequest {
  /** ≤ 100 accounts to check. */
  CheckItem: { UserID: string }[];
}

/** Control plane: set a group's message count (messaging is not emulated; README). */
export interface SetMessageCountRequest {
  /** The group. */
  GroupId: string;
  /** Messages the group has had; NextMsgSeq becomes MsgCount + 1. */
  MsgCount: number;
  /** LastMsgTime to record; default now. */
  LastMsgTime?: number;
}
