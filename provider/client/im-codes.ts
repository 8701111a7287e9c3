/**
 * The IM ErrorCodes the client and the resources act on, by meaning (docs/api-reference.md §5),
 * and which of them are worth asking again. Named once here so no module spells a code twice.
 */

/** 10010: the group does not exist or was dismissed (§5.2, 003). */
export const GROUP_NOT_FOUND = 10010;

/**
 * 10004: invalid parameter — among its documented causes, change_group_owner's new owner not being
 * a member of the group yet (§7.9); ImGroup adds such an owner and transfers again.
 */
export const NOT_A_MEMBER = 10004;

/** 10018: the answer would exceed 1 MB; ask for less (003, §1.4). */
export const RESPONSE_TOO_LARGE = 10018;

/** 10019: an account in the request was never imported (§2.2: the whole request fails). */
export const ACCOUNT_NOT_IMPORTED = 10019;

/**
 * "GroupId already used": 10021 (002 10021), and 10025 "used, and you own it" (§5.2). create.ts
 * settles a retried create that meets one of them by reading the group; the resources tell a
 * taken custom GroupId from their own group with them.
 */
export const GROUP_ID_TAKEN: ReadonlySet<number> = new Set([10021, 10025]);

/** IM codes that mean "try again later" on every API (§5, §10). */
const TRANSIENT_IM_CODES: ReadonlySet<number> = new Set([
  10002, // internal error, "retryable"
  60007, // REST call rate limit
  60018, // request too frequent, retry later
  60019, // request too frequent, retry later
  70169, // internal timeout (account APIs)
  70202, // internal timeout (account APIs)
  70500, // internal error (account APIs)
]);

/**
 * 10006 is a rate limit only where a document names it so: import_group_member's operation limit.
 * For create_group it is the daily creation quota, which no retry can fix (§2.2).
 */
const TRANSIENT_PER_COMMAND: ReadonlyMap<string, ReadonlySet<number>> = new Map([
  ["import_group_member", new Set([10006])],
]);

/** Whether an IM ErrorCode from `command` is transient; validation and permission codes never are. */
export function isTransientImCode(imErrorCode: number, command: string): boolean {
  return TRANSIENT_IM_CODES.has(imErrorCode) || TRANSIENT_PER_COMMAND.get(command)?.has(imErrorCode) === true;
}
