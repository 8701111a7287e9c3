/**
 * Request bodies of every emulated command, as the wire carries them (API.md §1, §7, §8). The HTTP
 * layer checks JSON types against the matching schema (http/schemas.ts) before the model sees them,
 * so the model may rely on these types; every value rule lives in the model.
 */

import type { KeyValue } from "./state";

/** A custom-data entry in a request. */
export type KeyValueInput = KeyValue;

/** create_group (002, API.md §1.3). */
export interface CreateGroupRequest {
  Owner_Account?: string;
  Type: string;
  GroupId?: string;
  Name: string;
  Introduction?: string;
  Notification?: string;
  FaceUrl?: string;
  MaxMemberCount?: number;
  ApplyJoinOption?: string;
  AppDefinedData?: KeyValueInput[];
  MemberList?: CreateGroupMember[];
}

/** One initial member of create_group. */
export interface CreateGroupMember {
  Member_Account: string;
  Role?: string;
  AppMemberDefinedData?: KeyValueInput[];
}

/** import_group (000, API.md §1.1): create_group's profile fields plus CreateTime, no MemberList. */
export interface ImportGroupRequest extends Omit<CreateGroupRequest, "MemberList"> {
  CreateTime?: number;
}

/** import_group_member (001, API.md §1.2). */
export interface ImportGroupMemberRequest {
  GroupId: string;
  MemberList: ImportGroupMember[];
}

/** One member of import_group_member. */
export interface ImportGroupMember {
  Member_Account: string;
  Role?: string;
  JoinTime?: number;
  UnreadMsgNum?: number;
}

/** get_group_info filters (003). Legacy names (`Account`, `ShutUpAllMember`, …) are accepted. */
export interface ResponseFilter {
  GroupBaseInfoFilter?: string[];
  MemberInfoFilter?: string[];
  AppDefinedDataFilter_Group?: string[];
  AppDefinedDataFilter_GroupMember?: string[];
}

/** get_group_info (003, API.md §1.4). */
export interface GetGroupInfoRequest {
  GroupIdList: string[];
  ResponseFilter?: ResponseFilter;
}

/** modify_group_base_info (API.md §7.1). */
export interface ModifyGroupBaseInfoRequest {
  GroupId: string;
  Name?: string;
  Introduction?: string;
  Notification?: string;
  FaceUrl?: string;
  MaxMemberNum?: number;
  ApplyJoinOption?: string;
  InviteJoinOption?: string;
  MuteAllMember?: string;
  /** Legacy spelling of MuteAllMember (API.md §6.6). */
  ShutUpAllMember?: string;
  AppDefinedData?: KeyValueInput[];
  From_Account?: string;
}

/** destroy_group (API.md §7.2). */
export interface DestroyGroupRequest {
  GroupId: string;
}

/** add_group_member (API.md §7.3). */
export interface AddGroupMemberRequest {
  GroupId: string;
  Silence?: number;
  MemberList: { Member_Account: string }[];
}

/** delete_group_member (API.md §7.4). */
export interface DeleteGroupMemberRequest {
  GroupId: string;
  Silence?: number;
  Reason?: string;
  MemberToDel_Account: string[];
}

/** get_group_member_info (API.md §7.5). */
export interface GetGroupMemberInfoRequest {
  GroupId: string;
  MemberInfoFilter?: string[];
  MemberRoleFilter?: string[];
  AppDefinedDataFilter_GroupMember?: string[];
  Limit?: number;
  Offset?: number;
}

/** modify_group_member_info (API.md §7.7). */
export interface ModifyGroupMemberInfoRequest {
  GroupId: string;
  Member_Account: string;
  Role?: string;
  MsgFlag?: string;
  NameCard?: string;
  AppMemberDefinedData?: KeyValueInput[];
  MuteTime?: number;
  /** Legacy spelling of MuteTime (API.md §6.6). */
  ShutUpTime?: number;
}

/** change_group_owner (API.md §7.9). */
export interface ChangeGroupOwnerRequest {
  GroupId: string;
  NewOwner_Account: string;
  From_Account?: string;
}

/** get_appid_group_list (API.md §7.8). */
export interface GetAppidGroupListRequest {
  Limit?: number;
  Next?: number;
  GroupType?: string;
}

/** get_role_in_group (API.md §7.10). */
export interface GetRoleInGroupRequest {
  GroupId: string;
  User_Account: string[];
}

/** account_import (API.md §8.1); older docs name the ID `Identifier`. */
export interface AccountImportRequest {
  UserID?: string;
  Identifier?: string;
  Nick?: string;
  FaceUrl?: string;
}

/** multiaccount_import (API.md §8.2), old form `Accounts` or new form `AccountList`. */
export interface MultiaccountImportRequest {
  Accounts?: string[];
  AccountList?: { UserID: string; Nick?: string; FaceUrl?: string }[];
}

/** account_check (API.md §8.3). */
export interface AccountCheckRequest {
  CheckItem: { UserID: string }[];
}

/** Control plane: set a group's message count (messaging is not emulated; README). */
export interface SetMessageCountRequest {
  GroupId: string;
  /** Messages the group has had; NextMsgSeq becomes MsgCount + 1. */
  MsgCount: number;
  /** LastMsgTime to record; default now. */
  LastMsgTime?: number;
}
