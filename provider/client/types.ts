/**
 * Request and response types of the IM REST API, with the field names exactly as on the wire
 * (docs/api-reference.md §1, §6–§8). Responses are shown after the client's reading: legacy spellings are copied to
 * the current names (docs/api-reference.md §6.6), so read `MuteAllMember`/`MuteUntil`.
 */

/** Group types in REST spelling (docs/api-reference.md §6.1). */
export type GroupType = "Private" | "Public" | "ChatRoom" | "AVChatRoom" | "BChatRoom" | "Community";
/** Types import_group accepts (docs/api-reference.md §1.1). */
export type ImportableGroupType = "Private" | "Public" | "ChatRoom";
/** Who may apply to join (docs/api-reference.md §6.4). */
export type ApplyJoinOption = "FreeAccess" | "NeedPermission" | "DisableApply";
/** Who may be invited (docs/api-reference.md §6.4, newer). */
export type InviteJoinOption = "FreeAccess" | "NeedPermission" | "DisableInvite";
/** Member roles (docs/api-reference.md §6.3). */
export type MemberRole = "Owner" | "Admin" | "Member";
/** Message receive option (docs/api-reference.md §6.4). */
export type MsgFlag = "AcceptAndNotify" | "AcceptNotNotify" | "Discard" | "AcceptNotNotifyExceptAt";
/** `On`/`Off` switch (docs/api-reference.md §6.4). */
export type OnOff = "On" | "Off";

/** The envelope of every answer (docs/api-reference.md §3.4). */
export interface ImEnvelope {
  /** `OK` or `FAIL`. */
  ActionStatus: "OK" | "FAIL";
  /** 0 on success. */
  ErrorCode: number;
  /** Error text; `""` or `"ok"` on success. */
  ErrorInfo: string;
  /** Request id, in newer answers. */
  RequestId?: string;
}

/** A custom-data entry (docs/api-reference.md §6.5). */
export interface KeyValue {
  /** Non-empty, ≤16 bytes, enabled for the app. */
  Key: string;
  /** ≤512 bytes for groups, ≤64 bytes for members. */
  Value: string;
}

/** An initial member of create_group (docs/api-reference.md §1.3). */
export interface CreateGroupMember {
  /** The member's UserID. */
  Member_Account: string;
  /** Only `Admin`; omit for ordinary members and the owner. */
  Role?: "Admin";
  /** Member custom data. */
  AppMemberDefinedData?: KeyValue[];
}

/** create_group request (docs/api-reference.md §1.3). */
export interface CreateGroupRequest {
  /** Owner; must be imported. Absent: no owner. */
  Owner_Account?: string;
  /** Group type. */
  Type: GroupType;
  /** Custom ID (≤49 B, printable, not `@TGS#…`). Setting it makes the create retry-safe. */
  GroupId?: string;
  /** Name, 1–30 bytes. */
  Name: string;
  /** ≤240 bytes. */
  Introduction?: string;
  /** ≤300 bytes. */
  Notification?: string;
  /** ≤100 bytes. */
  FaceUrl?: string;
  /** Member limit; requests say MaxMemberCount, answers MaxMemberNum. */
  MaxMemberCount?: number;
  /** Join policy. */
  ApplyJoinOption?: ApplyJoinOption;
  /** Group custom data. */
  AppDefinedData?: KeyValue[];
  /** ≤500 initial members; not for AVChatRoom/BChatRoom. */
  MemberList?: CreateGroupMember[];
}

/** create_group / import_group answer. */
export interface CreateGroupResponse extends ImEnvelope {
  /** The assigned or custom GroupId. */
  GroupId: string;
}

/** import_group request (docs/api-reference.md §1.1): no members, optional original CreateTime. */
export interface ImportGroupRequest {
  /** Owner; must be imported. Absent: no owner. */
  Owner_Account?: string;
  /** Private, Public or ChatRoom. */
  Type: ImportableGroupType;
  /** Custom ID; setting it makes the import retry-safe. */
  GroupId?: string;
  /** Name, 1–30 bytes. */
  Name: string;
  /** ≤240 bytes. */
  Introduction?: string;
  /** ≤300 bytes. */
  Notification?: string;
  /** ≤100 bytes. */
  FaceUrl?: string;
  /** Member limit. */
  MaxMemberCount?: number;
  /** Join policy. */
  ApplyJoinOption?: ApplyJoinOption;
  /** Group custom data. */
  AppDefinedData?: KeyValue[];
  /** Unix seconds to record as creation time. */
  CreateTime?: number;
}

/** A member to import (docs/api-reference.md §1.2). */
export interface ImportGroupMemberItem {
  /** The member's UserID. */
  Member_Account: string;
  /** Only `Admin`; absent means `Member`. */
  Role?: "Admin";
  /** Unix seconds; after the group's CreateTime and before now. */
  JoinTime?: number;
  /** Unread message count. */
  UnreadMsgNum?: number;
}

/** import_group_member request (≤500 members). */
export interface ImportGroupMemberRequest {
  /** Target group. */
  GroupId: string;
  /** Members to import. */
  MemberList: ImportGroupMemberItem[];
}

/** Per-member outcome: 0 failed, 1 done, 2 already a member, 3 awaiting the invitee (add only). */
export type MemberResultCode = 0 | 1 | 2 | 3;

/** One per-member result of add/import. */
export interface MemberResultItem {
  /** The member's UserID. */
  Member_Account: string;
  /** Outcome code. */
  Result: MemberResultCode;
}

/** import_group_member / add_group_member answer. */
export interface MemberResultsResponse extends ImEnvelope {
  /** One result per requested member. */
  MemberList: MemberResultItem[];
}

/** Field filters of get_group_info (docs/api-reference.md §1.4); unnamed fields are then not returned. */
export interface GroupInfoResponseFilter {
  /** Base fields to return, e.g. `["Name", "MemberNum"]`. */
  GroupBaseInfoFilter?: string[];
  /** Member fields to return. */
  MemberInfoFilter?: string[];
  /** Group custom-data keys to return. */
  AppDefinedDataFilter_Group?: string[];
  /** Member custom-data keys to return. */
  AppDefinedDataFilter_GroupMember?: string[];
}

/** get_group_info request. */
export interface GetGroupInfoRequest {
  /** ≤50 group IDs. */
  GroupIdList: string[];
  /** Optional field filters. */
  ResponseFilter?: GroupInfoResponseFilter;
}

/** A group member as read back (docs/api-reference.md §6.8). */
export interface GroupMember {
  /** UserID; always present. */
  Member_Account: string;
  /** Role. */
  Role?: MemberRole;
  /** Unix seconds. */
  JoinTime?: number;
  /** Last read message sequence. */
  MsgSeq?: number;
  /** Receive option. */
  MsgFlag?: MsgFlag;
  /** Unix seconds of the last message sent. */
  LastSendMsgTime?: number;
  /** Mute end time, 0 = not muted (read from `ShutUpUntil` on older servers). */
  MuteUntil?: number;
  /** Legacy spelling of MuteUntil, present only when the server sent it. */
  ShutUpUntil?: number;
  /** Group nickname, ≤50 bytes. */
  NameCard?: string;
  /** Member custom data. */
  AppMemberDefinedData?: KeyValue[];
}

/** One group of a get_group_info answer; `ErrorCode` is this group's own status (docs/api-reference.md §1.4). */
export interface GroupInfo {
  /** The requested ID. */
  GroupId: string;
  /** 0, or e.g. 10010 (missing or dismissed), 10015 (invalid ID). */
  ErrorCode: number;
  /** Error text for this group. */
  ErrorInfo?: string;
  /** Group type. */
  Type?: GroupType;
  /** Name. */
  Name?: string;
  /** Introduction. */
  Introduction?: string;
  /** Notification. */
  Notification?: string;
  /** Avatar URL. */
  FaceUrl?: string;
  /** Owner, `""` when ownerless. */
  Owner_Account?: string;
  /** Unix seconds. */
  CreateTime?: number;
  /** Profile version, bumped on each change. */
  InfoSeq?: number;
  /** Unix seconds of the last profile change. */
  LastInfoTime?: number;
  /** Unix seconds of the last message. */
  LastMsgTime?: number;
  /** Next message sequence. */
  NextMsgSeq?: number;
  /** Member count, owner included. */
  MemberNum?: number;
  /** Member limit (requests call it MaxMemberCount). */
  MaxMemberNum?: number;
  /** Join policy. */
  ApplyJoinOption?: ApplyJoinOption;
  /** Invite policy. */
  InviteJoinOption?: InviteJoinOption;
  /** Mute-all switch (read from `ShutUpAllMember` on older servers). */
  MuteAllMember?: OnOff;
  /** Legacy spelling of MuteAllMember, present only when the server sent it. */
  ShutUpAllMember?: OnOff;
  /** Group custom data. */
  AppDefinedData?: KeyValue[];
  /** Members (full list unless filtered). */
  MemberList?: GroupMember[];
}

/** get_group_info answer. */
export interface GetGroupInfoResponse extends ImEnvelope {
  /** One entry per requested ID. */
  GroupInfo: GroupInfo[];
}

/** modify_group_base_info request (docs/api-reference.md §7.1); send only what changes. */
export interface ModifyGroupBaseInfoRequest {
  /** Target group. */
  GroupId: string;
  /** Name, 1–30 bytes. */
  Name?: string;
  /** ≤240 bytes. */
  Introduction?: string;
  /** ≤300 bytes. */
  Notification?: string;
  /** ≤100 bytes. */
  FaceUrl?: string;
  /** Member limit (note: Num, not Count, in this request). */
  MaxMemberNum?: number;
  /** Join policy. */
  ApplyJoinOption?: ApplyJoinOption;
  /** Invite policy. */
  InviteJoinOption?: InviteJoinOption;
  /** Mute-all switch (current name; docs/api-reference.md §6.6). */
  MuteAllMember?: OnOff;
  /** Group custom data; Value `""` deletes a key. */
  AppDefinedData?: KeyValue[];
  /** Act as this user (newer). */
  From_Account?: string;
}

/** destroy_group request (docs/api-reference.md §7.2). */
export interface DestroyGroupRequest {
  /** Target group. */
  GroupId: string;
}

/** add_group_member request (docs/api-reference.md §7.3). */
export interface AddGroupMemberRequest {
  /** Target group. */
  GroupId: string;
  /** 1: no join notice. */
  Silence?: 0 | 1;
  /** Members to add (batch limit §2.2). */
  MemberList: Array<{ Member_Account: string }>;
}

/** delete_group_member request (docs/api-reference.md §7.4). */
export interface DeleteGroupMemberRequest {
  /** Target group. */
  GroupId: string;
  /** 1: only the removed members are told. */
  Silence?: 0 | 1;
  /** Shown in the kick notice. */
  Reason?: string;
  /** ≤100 UserIDs; non-members are ignored. */
  MemberToDel_Account: string[];
}

/** Filters and paging of get_group_member_info (docs/api-reference.md §7.5). */
export interface GroupMemberQuery {
  /** Member fields to return; absent means all. */
  MemberInfoFilter?: string[];
  /** Roles to return; absent means all. */
  MemberRoleFilter?: MemberRole[];
  /** Member custom-data keys to return. */
  AppDefinedDataFilter_GroupMember?: string[];
}

/** get_group_member_info request. */
export interface GetGroupMemberInfoRequest extends GroupMemberQuery {
  /** Target group. */
  GroupId: string;
  /** Page size, ≤200. */
  Limit?: number;
  /** 0-based start index. */
  Offset?: number;
}

/** get_group_member_info answer. */
export interface GetGroupMemberInfoResponse extends ImEnvelope {
  /** The group's total member count, regardless of filter and page. */
  MemberNum: number;
  /** This page's members. */
  MemberList: GroupMember[];
}

/** modify_group_member_info request (docs/api-reference.md §7.7). */
export interface ModifyGroupMemberInfoRequest {
  /** Target group. */
  GroupId: string;
  /** Target member. */
  Member_Account: string;
  /** Promote (`Admin`) or demote (`Member`). */
  Role?: "Admin" | "Member";
  /** Receive option. */
  MsgFlag?: MsgFlag;
  /** ≤50 bytes. */
  NameCard?: string;
  /** Member custom data. */
  AppMemberDefinedData?: KeyValue[];
  /** Mute for this many seconds from now; 0 unmutes (current name; docs/api-reference.md §6.6). */
  MuteTime?: number;
}

/** change_group_owner request (docs/api-reference.md §7.9). */
export interface ChangeGroupOwnerRequest {
  /** Target group. */
  GroupId: string;
  /** The new owner; must already be a member. */
  NewOwner_Account: string;
}

/** get_appid_group_list request (docs/api-reference.md §7.8). */
export interface GetAppidGroupListRequest {
  /** Page size, ≤10000. */
  Limit?: number;
  /** 0 first, then the previous answer's Next exactly (a decimal string beyond 2^53: sent as the integer). */
  Next?: number | string;
  /** Only this type. */
  GroupType?: GroupType;
}

/** get_appid_group_list answer. */
export interface GetAppidGroupListResponse extends ImEnvelope {
  /** All groups (of GroupType), independent of paging. */
  TotalCount: number;
  /** This page. */
  GroupIdList: Array<{ GroupId: string }>;
  /**
   * Cursor for the next page; 0 = done. A 64-bit integer (docs/api-reference.md §7.8): beyond 2^53
   * it arrives as its decimal string (transport.ts), never rounded.
   */
  Next: number | string;
}

/** get_role_in_group request (docs/api-reference.md §7.10). */
export interface GetRoleInGroupRequest {
  /** Target group. */
  GroupId: string;
  /** ≤500 UserIDs. */
  User_Account: string[];
}

/** get_role_in_group answer. */
export interface GetRoleInGroupResponse extends ImEnvelope {
  /** One entry per requested account. */
  UserIdList: Array<{ Member_Account: string; Role: MemberRole | "NotMember" }>;
}

/** An account with optional profile (account_import, multiaccount_import new form; docs/api-reference.md §8). */
export interface AccountItem {
  /** UserID, ≤32 bytes. */
  UserID: string;
  /** Nickname. */
  Nick?: string;
  /** Avatar URL. */
  FaceUrl?: string;
}

/** account_import request (docs/api-reference.md §8.1). */
export type AccountImportRequest = AccountItem;

/** multiaccount_import request (docs/api-reference.md §8.2): old form `Accounts` or new form `AccountList`, ≤100. */
export type MultiaccountImportRequest = { Accounts: string[] } | { AccountList: AccountItem[] };

/** multiaccount_import answer. */
export interface MultiaccountImportResponse extends ImEnvelope {
  /** UserIDs that failed. */
  FailAccounts?: string[];
}

/** account_check per-account result (docs/api-reference.md §8.3). */
export interface AccountCheckItem {
  /** The UserID. */
  UserID: string;
  /** 0 = checked. */
  ResultCode: number;
  /** Error text. */
  ResultInfo?: string;
  /** Whether the account exists. */
  AccountStatus?: "Imported" | "NotImported";
}

/** account_check answer. */
export interface AccountCheckResponse extends ImEnvelope {
  /** One result per requested account. */
  ResultItem: AccountCheckItem[];
}
