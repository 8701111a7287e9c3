/**
 * A group's base info and its whole member list in as few calls as the API allows (issue 12).
 *
 * get_group_member_info pages at 200 members (docs/api-reference.md §2.2, §7.5): 50 calls for a
 * 10,000-member ChatRoom. get_group_info with a MemberInfoFilter returns every member of up to 50
 * groups in one call (003, §1.4), as long as the whole answer stays under 1 MB (else 10018). So
 * reads of many groups with the same filter share get_group_info calls packed by their expected
 * answer bytes (group-info-loader.ts): the size the group's entry had at its last read
 * (`expectedBytes`), else an estimate from its member count. A group whose entry alone is over the
 * limit — known from its last read, or answered 10018 on its own — is read as a base-only
 * get_group_info (coalesced with the other base reads) plus member pages.
 */
import type { ImCaller } from "./caller";
import { hasImErrorCode } from "./errors";
import type { GroupInfoLoader } from "./group-info-loader";
import { GROUP_NOT_FOUND, RESPONSE_TOO_LARGE } from "./im-codes";
import { jsonByteLength } from "./json-size";
import { listAllMembers } from "./paging";
import type { GroupInfo, GroupInfoResponseFilter, GroupMember } from "./types";

/** Options of ImClient.getGroupWithMembers. */
export interface GroupMembersReadOptions {
  /** Base fields to return (GroupBaseInfoFilter, §1.4). */
  baseFields: readonly string[];
  /** Member fields to return (MemberInfoFilter, §6.8); Member_Account always comes back. */
  memberFields: readonly string[];
  /** Member custom-data keys to return (AppDefinedDataFilter_GroupMember). */
  memberDataKeys?: readonly string[];
  /**
   * This group's answer size in bytes from the last read (`GroupWithMembers.bytes`), for packing
   * reads into calls under the 1 MB limit.
   */
  expectedBytes?: number;
  /**
   * The group's member count, when `expectedBytes` is absent: its size is then estimated with
   * {@link estimateMemberEntryBytes} for an account of {@link TYPICAL_ACCOUNT_BYTES}. With neither,
   * reads are packed by count and a call answered 10018 is split.
   */
  expectedMembers?: number;
  /**
   * Nothing can join this read (one made in a provider's `check`, which the engine sends one at a
   * time): it goes at once instead of waiting to be batched.
   */
  now?: boolean;
}

/** A group's base info and every member, each once. */
export interface GroupWithMembers {
  /** The base fields asked for (plus GroupId, ErrorCode, ErrorInfo), without `MemberList`. */
  info: GroupInfo;
  /** Every member, each once (first sighting kept). */
  members: GroupMember[];
  /** How the members were read: inside get_group_info, or by get_group_member_info pages. */
  via: "group-info" | "pages";
  /**
   * JSON bytes of this group's get_group_info entry as answered (for pages, as it would have been):
   * pass it as the next read's `expectedBytes`.
   */
  bytes: number;
}

/**
 * The account length an estimate from a member count assumes, in bytes: UserIDs are at most 32
 * (§6.5), and the IDs apps use (numeric IDs, short names) are mostly well below.
 */
export const TYPICAL_ACCOUNT_BYTES = 16;

/**
 * A sample value per member field (§6.8) whose JSON is as long as the field's usually is: the
 * longest enum value, ten digits for times and sequence numbers, and no text or custom data for
 * the free-form fields (NameCard, AppMemberDefinedData) since most members have none.
 */
const MEMBER_FIELD_SAMPLES: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ["Role", "Member"],
  ["JoinTime", 9_999_999_999],
  ["MsgSeq", 9_999_999_999],
  ["MsgFlag", "AcceptNotNotifyExceptAt"],
  ["LastSendMsgTime", 9_999_999_999],
  ["MuteUntil", 9_999_999_999],
  ["NameCard", ""],
  ["AppMemberDefinedData", []],
]);

/** Legacy filter names and the fields they select (§6.6). */
const LEGACY_MEMBER_FIELDS: ReadonlyMap<string, string> = new Map([
  ["Account", "Member_Account"],
  ["ShutUpUntil", "MuteUntil"],
]);

/**
 * The most one base field adds to a group's entry besides its name: the longest base value is a
 * 300-byte announcement (§6.5). Generous on purpose: an estimate for packing calls under the
 * limit, not a bound; the margin and the 10018 split cover the rest.
 */
const BASE_FIELD_VALUE_BYTES = 310;

/**
 * The bytes one member adds to a get_group_info answer with these member fields (its JSON entry
 * and the comma after it): exact for the account and for enum and number fields at their longest,
 * with NameCard empty and no custom data. An estimate for packing calls, not a bound.
 */
export function estimateMemberEntryBytes(account: string, memberFields: readonly string[]): number {
  let bytes = Buffer.byteLength(`{"Member_Account":${JSON.stringify(account)}}`) + 1;
  const fields = new Set(memberFields.map((field) => LEGACY_MEMBER_FIELDS.get(field) ?? field));
  for (const field of fields) {
    if (MEMBER_FIELD_SAMPLES.has(field)) bytes += fieldBytes(field, MEMBER_FIELD_SAMPLES.get(field));
  }
  return bytes;
}

/** Estimated bytes of a group's get_group_info entry without members, plus the empty MemberList. */
function estimateGroupEntryBytes(groupId: string, options: GroupMembersReadOptions): number {
  let bytes = Buffer.byteLength(`{"GroupId":${JSON.stringify(groupId)},"ErrorCode":0,"ErrorInfo":""}`) + 1;
  for (const field of new Set(options.baseFields)) {
    bytes += Buffer.byteLength(`,${JSON.stringify(field)}:`) + BASE_FIELD_VALUE_BYTES;
  }
  return bytes + fieldBytes("MemberList", []);
}

/** Bytes of `,"field":value` in compact JSON. */
function fieldBytes(field: string, sample: unknown): number {
  return Buffer.byteLength(`,${JSON.stringify(field)}:${JSON.stringify(sample)}`);
}

/** The answer bytes a read expects for its group: measured last time, else estimated, else 0. */
function expectedBytes(groupId: string, options: GroupMembersReadOptions): number {
  if (options.expectedBytes !== undefined) return options.expectedBytes;
  const base = estimateGroupEntryBytes(groupId, options);
  if (options.expectedMembers === undefined) return base;
  const fields =
    options.memberDataKeys === undefined
      ? options.memberFields
      : [...options.memberFields, "AppMemberDefinedData"];
  return base + options.expectedMembers * estimateMemberEntryBytes("x".repeat(TYPICAL_ACCOUNT_BYTES), fields);
}

/** What a whole-group read needs: the coalesced get_group_info loader and calls for the pages. */
export interface GroupMembersReadDeps {
  /** The client's get_group_info loader (shared with getGroup, so base reads coalesce). */
  groups: GroupInfoLoader;
  /** The client's call pipeline, for get_group_member_info pages. */
  caller: ImCaller;
  /** get_group_member_info Limit (§7.5: ≤200). */
  pageSize: number;
  /** The largest answer the server sends (003: 1 MB). */
  maxResponseBytes: number;
}

/** The envelope around a one-group get_group_info answer's entry. */
const ENVELOPE_BYTES = Buffer.byteLength('{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","GroupInfo":[]}');

/** Reads `groupId` with every member (see the module comment); `null` when it does not exist (10010). */
export async function readGroupWithMembers(
  deps: GroupMembersReadDeps,
  groupId: string,
  options: GroupMembersReadOptions,
): Promise<GroupWithMembers | null> {
  const expected = expectedBytes(groupId, options);
  // An entry expected over the limit even alone is not asked for: its 10018 would be a wasted call.
  if (expected + ENVELOPE_BYTES <= deps.maxResponseBytes) {
    const filter: GroupInfoResponseFilter = {
      GroupBaseInfoFilter: [...options.baseFields],
      MemberInfoFilter: [...options.memberFields],
      ...(options.memberDataKeys === undefined
        ? {}
        : { AppDefinedDataFilter_GroupMember: [...options.memberDataKeys] }),
    };
    try {
      const loaded = await deps.groups.load(groupId, filter, expected, options.now === true);
      if (loaded === null) return null;
      const { MemberList = [], ...info } = loaded.info;
      return { info, members: uniqueMembers(MemberList), via: "group-info", bytes: loaded.bytes };
    } catch (error) {
      // Its entry alone is over the limit: read the base fields and page the members.
      if (!hasImErrorCode(error, RESPONSE_TOO_LARGE)) throw error;
    }
  }
  return readByPages(deps, groupId, options);
}

/** Base fields from a base-only get_group_info, members from get_group_member_info pages. */
async function readByPages(
  deps: GroupMembersReadDeps,
  groupId: string,
  options: GroupMembersReadOptions,
): Promise<GroupWithMembers | null> {
  const base = await deps.groups.load(
    groupId,
    { GroupBaseInfoFilter: [...options.baseFields] },
    0,
    options.now === true,
  );
  if (base === null) return null;
  let members: GroupMember[];
  try {
    members = await listAllMembers(deps.caller, groupId, {
      MemberInfoFilter: [...options.memberFields],
      ...(options.memberDataKeys === undefined
        ? {}
        : { AppDefinedDataFilter_GroupMember: [...options.memberDataKeys] }),
      pageSize: deps.pageSize,
    });
  } catch (error) {
    // Dismissed between the two reads.
    if (hasImErrorCode(error, GROUP_NOT_FOUND)) return null;
    throw error;
  }
  const info = base.info;
  return { info, members, via: "pages", bytes: jsonByteLength({ ...info, MemberList: members }) };
}

/** Members each once, first sighting kept (a Map: account names are any string, `__proto__` too). */
function uniqueMembers(list: readonly GroupMember[]): GroupMember[] {
  const byAccount = new Map<string, GroupMember>();
  for (const member of list)
    if (!byAccount.has(member.Member_Account)) byAccount.set(member.Member_Account, member);
  return [...byAccount.values()];
}
