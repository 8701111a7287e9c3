/**
 * The documented limits the resources validate against before any call.
 *
 * Sources: the four source documents (shared/spec/000–003) and API.md §2.2, §6, §9. Lengths are
 * UTF-8 bytes (a CJK character is 3 bytes). Kept apart from the emulator's settings on purpose: the
 * emulator is an independent implementation of the service, so the two can catch each other's
 * mistakes in the end-to-end tests.
 */

/** The five group types of the REST API (002 create_group, "Type"). */
export const GROUP_TYPES = ["Private", "Public", "ChatRoom", "AVChatRoom", "BChatRoom"] as const;

/** A group type as the REST API spells it. */
export type GroupType = (typeof GROUP_TYPES)[number];

/** Types import_group / import_group_member accept (000, 001: AVChatRoom and BChatRoom give 10007). */
export const IMPORTABLE_TYPES: readonly GroupType[] = ["Private", "Public", "ChatRoom"];

/** Types whose members cannot be added, imported or listed (002 note; API.md §6.1). */
export const MEMBERLESS_TYPES: readonly GroupType[] = ["AVChatRoom", "BChatRoom"];

/** Types with no admins (API.md §6.1, §6.3; 002 10004 #15). */
export const ADMINLESS_TYPES: readonly GroupType[] = ["Private", "AVChatRoom", "BChatRoom"];

/**
 * Types whose ApplyJoinOption is fixed after creation (API.md §6.1: Work/Private DisableApply,
 * Meeting/ChatRoom and AVChatRoom FreeAccess cannot be changed).
 */
export const FIXED_JOIN_OPTION_TYPES: readonly GroupType[] = ["Private", "ChatRoom", "AVChatRoom"];

/** Default and maximum MaxMemberCount per type (002 field table and 10004 #8); undefined = unlimited. */
export const MAX_MEMBERS_BY_TYPE: Readonly<Record<GroupType, number | undefined>> = {
  Private: 200,
  Public: 2000,
  ChatRoom: 10000,
  AVChatRoom: undefined,
  BChatRoom: undefined,
};

/** import_group's default MaxMemberCount, capped by the type's maximum (API.md §2.2, R3). */
export const IMPORT_DEFAULT_MAX_MEMBERS = 2000;

/** The three ApplyJoinOption values (002 10004 #9). */
export const APPLY_JOIN_OPTIONS = ["FreeAccess", "NeedPermission", "DisableApply"] as const;

/** Member roles that can be declared (002 10004 #14: only Admin may be given; Member is the default). */
export const MEMBER_ROLES = ["Admin", "Member"] as const;

/** Message flags a member may have (API.md §6.4). */
export const MSG_FLAGS = [
  "AcceptAndNotify",
  "AcceptNotNotify",
  "Discard",
  "AcceptNotNotifyExceptAt",
] as const;

/** Byte limits of the group profile and member fields. */
export const BYTE_LIMITS = {
  /** 002 10004 #2. */
  name: 30,
  /** 002 10004 #4. */
  introduction: 240,
  /** 002 10004 #5. */
  notification: 300,
  /** 002 10004 #6. */
  faceUrl: 100,
  /** 002 10004 #7. */
  groupId: 49,
  /** 002 10004 #10 and #13. */
  customDataKey: 16,
  /** 002 10004 #10. */
  groupCustomDataValue: 512,
  /** 002 10004 #13. */
  memberCustomDataValue: 64,
  /** API.md §6.5. */
  userId: 32,
  /** API.md §6.5. */
  nameCard: 50,
} as const;

/** Custom group ids must not start with this prefix (002 10004 #7). */
export const RESERVED_GROUP_ID_PREFIX = "@TGS#";

/** UTF-8 byte length of a string: every length limit of the API counts bytes. */
export function utf8Bytes(value: string): number {
  return Buffer.byteLength(value, "utf8");
}
