/**
 * The documented limits the resources validate against before any call.
 *
 * Sources: the four source documents (docs/api-reference.md §1) and docs/api-reference.md §2.2, §6, §9. Lengths are
 * UTF-8 bytes (a CJK character is 3 bytes). Kept apart from the emulator's settings on purpose: the
 * emulator is an independent implementation of the service, so the two can catch each other's
 * mistakes in the end-to-end tests.
 */

/** The five group types of the REST API (002 create_group, "Type"). */
export const GROUP_TYPES = ["Private", "Public", "ChatRoom", "AVChatRoom", "BChatRoom"] as const;

/** A group type as the REST API spells it. */
export type GroupType = (typeof GROUP_TYPES)[number];

/** What one group type allows, for the rules `check` applies before anything is sent. */
export interface TypeRules {
  /** Default and maximum MaxMemberCount (002 field table, 10004 #8); undefined = unlimited. */
  readonly maxMembers: number | undefined;
  /** import_group / import_group_member accept it (000, 001: AVChatRoom and BChatRoom give 10007). */
  readonly importable: boolean;
  /** Members can be declared: create_group MemberList and add_group_member take them (002 note, docs/api-reference.md §7.3). */
  readonly takesMembers: boolean;
  /** Members may be `Admin` (002 10004 #15; docs/api-reference.md §6.1, §6.3). */
  readonly hasAdmins: boolean;
  /** Everyone can be muted at once (docs/api-reference.md §6.1: no muting in Private/Work groups). */
  readonly mutes: boolean;
  /** ApplyJoinOption is fixed once the group exists (docs/api-reference.md §6.1: Work, Meeting, AVChatRoom). */
  readonly fixedApplyJoin: boolean;
  /** Who may invite is fixed once the group exists (docs/api-reference.md §6.1: AVChatRoom). */
  readonly fixedInviteJoin: boolean;
}

/** The "live" types: join only by applying, no stored members (002 note, 000, 001). */
const LIVE_TYPE: TypeRules = {
  maxMembers: undefined,
  importable: false,
  takesMembers: false,
  hasAdmins: false,
  mutes: true,
  fixedApplyJoin: true,
  fixedInviteJoin: true,
};

/**
 * Rules per group type. The provider's own table, kept apart from the emulator's on purpose (each is
 * an independent reading of the documents, so the end-to-end tests catch a mistake in either).
 */
export const TYPE_RULES: Readonly<Record<GroupType, TypeRules>> = {
  Private: {
    maxMembers: 200,
    importable: true,
    takesMembers: true,
    hasAdmins: false,
    mutes: false,
    fixedApplyJoin: true,
    fixedInviteJoin: false,
  },
  Public: {
    maxMembers: 2000,
    importable: true,
    takesMembers: true,
    hasAdmins: true,
    mutes: true,
    fixedApplyJoin: false,
    fixedInviteJoin: false,
  },
  ChatRoom: {
    maxMembers: 10000,
    importable: true,
    takesMembers: true,
    hasAdmins: true,
    mutes: true,
    fixedApplyJoin: true,
    fixedInviteJoin: false,
  },
  AVChatRoom: LIVE_TYPE,
  BChatRoom: LIVE_TYPE,
};

/** The types with a given capability, for messages ("supports Private, Public, ChatRoom only"). */
export function typesWhere(rule: (rules: TypeRules) => boolean): GroupType[] {
  return GROUP_TYPES.filter((type) => rule(TYPE_RULES[type]));
}

/** import_group's default MaxMemberCount, capped by the type's maximum (docs/api-reference.md §2.2, R3). */
export const IMPORT_DEFAULT_MAX_MEMBERS = 2000;

/** The largest unsigned 32-bit integer: the range of the API's counters and times (uint32). */
export const UINT32_MAX = 4_294_967_295;

/** Member roles that can be declared (002 10004 #14: only Admin may be given; Member is the default). */
export const MEMBER_ROLES = ["Admin", "Member"] as const;

/** Message flags a member may have (docs/api-reference.md §6.4). */
export const MSG_FLAGS = [
  "AcceptAndNotify",
  "AcceptNotNotify",
  "Discard",
  "AcceptNotNotifyExceptAt",
] as const;

/** Byte limits shared by several inputs (a field's own limit is in its field-table row). */
export const BYTE_LIMITS = {
  /** 002 10004 #7: a custom group id (ImGroup.groupId, ImGroupMembers.groupId). */
  groupId: 49,
  /** 002 10004 #10 and #13: group and member custom-data keys. */
  customDataKey: 16,
  /** docs/api-reference.md §6.5: UserIDs (owners, members). */
  userId: 32,
} as const;

/** Custom group ids must not start with this prefix (002 10004 #7). */
export const RESERVED_GROUP_ID_PREFIX = "@TGS#";

/** UTF-8 byte length of a string: every length limit of the API counts bytes. */
export function utf8Bytes(value: string): number {
  return Buffer.byteLength(value, "utf8");
}
