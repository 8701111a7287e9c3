/**
 * Group IDs (docs/api-reference.md §6.2): checking custom IDs, telling malformed IDs (10015) from unknown ones
 * (10010), and assigning `@TGS#` IDs.
 */

import { ApiRefusal, invalidParameter } from "../errors";
import { show, utf8Bytes } from "./checks";
import type { GroupType } from "./settings";

/** Prefix of every assigned ID; custom IDs may not use it (002 10004 item 7). */
export const ASSIGNED_PREFIX = "@TGS#";

/** Printable ASCII, the emulator's reading of "printable characters only" (docs/api-reference.md §6.2). */
const PRINTABLE = /^[\x20-\x7e]*$/;

/**
 * Checks a custom GroupId given to create_group / import_group (002 10004 item 7): at most
 * `maxBytes` bytes, printable characters only, no `@TGS#` prefix. Failures are 10004.
 */
export function checkCustomGroupId(groupId: string, maxBytes: number): void {
  if (groupId.length === 0) throw invalidParameter("GroupId: must not be empty");
  const bytes = utf8Bytes(groupId);
  if (bytes > maxBytes) throw invalidParameter(`GroupId: ${bytes} bytes exceeds the ${maxBytes}-byte limit`);
  if (!PRINTABLE.test(groupId)) {
    throw invalidParameter(`GroupId: ${show(groupId)} contains a non-printable character`);
  }
  if (groupId.startsWith(ASSIGNED_PREFIX)) {
    throw invalidParameter(`GroupId: ${show(groupId)} must not start with "${ASSIGNED_PREFIX}"`);
  }
}

/**
 * Rejects a GroupId that cannot name any group with 10015 (docs/api-reference.md §2.2: 10015 for malformed IDs,
 * 10010 for unknown or destroyed ones): empty, longer than the custom-ID limit, or non-printable.
 */
export function checkGroupIdSyntax(groupId: string, maxBytes: number, field = "GroupId"): void {
  if (groupId.length === 0) throw new ApiRefusal(10015, `${field}: must not be empty`);
  const bytes = utf8Bytes(groupId);
  if (bytes > maxBytes)
    throw new ApiRefusal(10015, `${field}: ${bytes} bytes exceeds the ${maxBytes}-byte limit`);
  if (!PRINTABLE.test(groupId)) {
    throw new ApiRefusal(10015, `${field}: ${show(groupId)} contains a non-printable character`);
  }
}

/** The character after `@TGS#` that seems to encode the type (docs/api-reference.md §6.2, UNCONFIRMED; `b` is ours). */
const TYPE_HINT: Record<GroupType, string> = {
  Private: "1",
  Public: "2",
  ChatRoom: "3",
  AVChatRoom: "a",
  BChatRoom: "b",
};

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const SPACE = 36 ** 8;
/** Multiplier coprime with 36^8 (not divisible by 2 or 3): seq → body is a bijection, so IDs never repeat. */
const SCRAMBLE = 1_853_020_189;
const OFFSET = 1_234_567_891;

/**
 * The assigned ID for the group with creation sequence `seq`: `@TGS#` + type hint + 8 upper-case
 * alphanumerics, e.g. `@TGS#2J4SZEAEL`. Deterministic (stable across restarts and test runs) yet
 * scrambled so IDs do not look sequential.
 */
export function assignedGroupId(seq: number, type: GroupType): string {
  let n = Number((BigInt(seq) * BigInt(SCRAMBLE) + BigInt(OFFSET)) % BigInt(SPACE));
  let body = "";
  for (let i = 0; i < 8; i++) {
    body = ALPHABET[n % 36] + body;
    n = Math.floor(n / 36);
  }
  return `${ASSIGNED_PREFIX}${TYPE_HINT[type]}${body}`;
}
