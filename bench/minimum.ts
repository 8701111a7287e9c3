/**
 * The physical limit a scenario is compared with: the fewest API calls the per-call limits allow
 * for its work, and the time those calls need at the API's rate limit. The same definitions are
 * printed in the report header and written into the JSON.
 */
import { estimateMemberEntryBytes } from "@imgroups/tencentcloud-im/client/group-members-read";

/** Per-call limits used for the minimum (docs/api-reference.md §9). */
export const PER_CALL = {
  add_group_member: 300,
  account_check: 100,
  import_group_member: 500,
  delete_group_member: 100,
  get_group_info: 50,
} as const;

/**
 * The largest get_group_info answer, in bytes: a bigger one is refused with 10018 (003). The only
 * per-call limit on the member lists get_group_info returns besides the 50 groups.
 */
export const ANSWER_BYTES = 1_048_576;

/**
 * The member fields a read of a plain member set asks for: the role only (an ImGroupMembers whose
 * members declare no nameCard, msgFlag or custom data reads `MemberInfoFilter: ["Role"]`, and the
 * role is what tells an Admin or the owner from a member). Member_Account always comes back.
 */
export const MEMBER_FIELDS_READ = ["Role"] as const;

/** Group ids one get_appid_group_list page returns at most (docs/api-reference.md §7.8). */
export const LIST_PAGE_IDS = 10_000;

/**
 * APIs whose documented rate limit is not the common one (docs/api-reference.md §2.2): the app's
 * id list, 1 call a second. The emulator enforces the same (emulator/index.ts).
 */
export const OWN_RATE_LIMITS: Readonly<Record<string, number>> = {
  "group_open_http_svc/get_appid_group_list": 1,
};

/** The IM service of the group commands; emulator stats key calls as `service/command`. */
const GROUP = "group_open_http_svc";

/** The IM service of account_check. */
const ACCOUNTS = "im_open_login_svc";

/** The work a scenario asks of the API, in the terms the minimum is defined on. */
export interface Work {
  /** Groups created with create_group. */
  creates?: number;
  /**
   * Pages of the app's id list read with get_appid_group_list (⌈ids ÷ 10,000⌉): what an export
   * needs to learn which groups exist. An adoption needs none: its topology names every id.
   */
  listPages?: number;
  /** Groups created with import_group (migration). */
  imports?: number;
  /** Members added with add_group_member, per group. */
  added?: number[];
  /** Members imported with import_group_member, per group. */
  imported?: number[];
  /** Members removed with delete_group_member, per group. */
  deleted?: number[];
  /**
   * Groups whose profile is read, ⌈groups ÷ 50⌉ get_group_info calls: per issue 8's definition the
   * groups created (what asking whether their custom ids are free costs at least; the provider
   * reads the app's id list instead, one get_appid_group_list call for up to 10,000 groups), and
   * the ImGroups a refresh, an update or an adoption reads.
   */
  groupReads?: number;
  /**
   * Member lists read (a refresh, an update or an adoption of an ImGroupMembers): each one's
   * answer bytes ({@link memberListBytes}). See {@link memberListReads}.
   */
  memberLists?: number[];
  /**
   * Accounts each member set adds, per set, verified at preview with account_check (⌈n ÷ 100⌉ a
   * set), so an account never imported stops the plan instead of failing `up` with 10019. A new
   * set is verified in its `check`, which the engine runs one resource at a time
   * (docs/pulumi-notes.md §3.4); a changed set in its `diff`, and parallel diffs share a call only
   * when they meet in the same tick (the client does not hold account checks back to wait for
   * more, which would slow every serial check): so a call per set.
   */
  accountChecks?: number[];
}

/** The definitions, as printed and as written to the JSON. */
export const DEFINITIONS = {
  minimumCalls:
    "one create_group or import_group per group created; ceil(members / per-call limit) member calls " +
    "per group changed (add_group_member 300, import_group_member 500, delete_group_member 100); " +
    "get_group_info: ceil(groups / 50) for the groups created (asking whether their custom ids are free) " +
    "and the profiles read (ImGroup: refresh, adoption, update), plus the member-list reads (ImGroupMembers: refresh, update, adoption): " +
    "max(ceil(sum of list bytes / 1,048,576), ceil(lists / k)), k the most lists one answer can hold " +
    "(<= 50 groups, the smallest lists under 1,048,576 bytes together; one list is never split across " +
    "calls), list bytes = sum of estimateMemberEntryBytes(account, [Role]) over its members; " +
    "account_check: ceil(accounts a member set adds / 100) per set (a new set's check, which the engine runs one " +
    "resource at a time; a changed set's diff, which shares a call with another only by timing); " +
    "get_appid_group_list: ceil(groups / 10,000) pages for an export (7a), none for an adoption (its topology names the ids); " +
    "a no-op up, and a preview of unchanged resources, reads nothing; nothing else (the owner's account check and get_group_member_info pages " +
    "are not in the minimum)",
  timeBound:
    "max over APIs of (minimum calls on that API / its rate limit in calls per second; get_appid_group_list 1/s)",
  callRatio: "API calls made (all APIs, counted by the emulator) / minimum calls",
  engine:
    "wall time of the same CLI command on the same spec with a no-op dynamic provider " +
    "(bench/programs/noop: same inputs, outputs and state shape): the Pulumi engine's own cost for " +
    "the same resources",
  timeRatio: "wall time / max(time bound, engine time)",
  targets:
    "API calls <= 1.1 x minimum in every scenario (gating); refresh get_group_info <= 1.1 x ceil(groups/50) " +
    "(gating; at --parallel P < 50 the engine never has more than P reads open, so there the gating target " +
    "is <= 1.1 x ceil(groups/P)); wall time of create, migrate, change, (6a) and (6d) <= 1.5 x " +
    "max(time bound, engine), of (6b) and (6c) <= 1.5 x engine; (8a) and (8d) <= 1.5 x max(time bound, floor), " +
    "(8b) and (8c) <= 1.5 x floor (bench/programs/floor: the smallest dynamic resources), (8a) checkpoint " +
    "entry <= 1,200 bytes per ImGroup and per ImGroupMembers; (6) and (8): pulumi CLI peak RSS <= 1 GiB, " +
    "program and provider <= 512 MiB each; (7): export wall <= 1.2 x time bound, adopting up <= 600 s, " +
    "preview after it <= 1.5 x engine, and no write call in the up or the preview (gating) " +
    "(wall time, state and memory reported, never gating)",
  statePerMember: "checkpoint bytes after the command / members declared in the stack",
} as const;

/** Minimum calls per `service/command` for `work`. */
export function minimumCalls(work: Work): Record<string, number> {
  const min: Record<string, number> = {};
  const add = (command: string, calls: number) => {
    if (calls > 0) min[`${GROUP}/${command}`] = (min[`${GROUP}/${command}`] ?? 0) + calls;
  };
  add("create_group", work.creates ?? 0);
  add("get_appid_group_list", work.listPages ?? 0);
  add("import_group", work.imports ?? 0);
  const perGroup = (counts: number[] | undefined, limit: number) =>
    (counts ?? []).reduce((total, n) => total + Math.ceil(n / limit), 0);
  add("add_group_member", perGroup(work.added, PER_CALL.add_group_member));
  add("import_group_member", perGroup(work.imported, PER_CALL.import_group_member));
  add("delete_group_member", perGroup(work.deleted, PER_CALL.delete_group_member));
  add("get_group_info", Math.ceil((work.groupReads ?? 0) / PER_CALL.get_group_info));
  add("get_group_info", memberListReads(work.memberLists ?? []).calls);
  const checks = perGroup(work.accountChecks, PER_CALL.account_check);
  if (checks > 0) min[`${ACCOUNTS}/account_check`] = checks;
  return min;
}

/**
 * The answer bytes of a member list in get_group_info with {@link MEMBER_FIELDS_READ}: each
 * member's entry and its comma, as the client estimates them (client/group-members-read.ts), so
 * the definition and the client's packing agree; exact for accounts read with the role `Member`.
 */
export function memberListBytes(accounts: Iterable<string>): number {
  let bytes = 0;
  for (const account of accounts) bytes += estimateMemberEntryBytes(account, MEMBER_FIELDS_READ);
  return bytes;
}

/** How many get_group_info calls reading these member lists need at least, and why. */
export interface MemberListReads {
  /** The minimum: max(byBytes, byCount). */
  calls: number;
  /** ⌈Σ bytes ÷ 1,048,576⌉: the answers' total over the answer limit. */
  byBytes: number;
  /** The most lists one answer can hold: ≤ 50, the smallest lists first, under the answer limit. */
  perCall: number;
  /** ⌈lists ÷ perCall⌉: a list is never split across calls, so no call can carry more. */
  byCount: number;
  /** Σ bytes. */
  totalBytes: number;
}

/**
 * The fewest get_group_info calls that read these member lists. get_group_info returns a group's
 * whole list or nothing (003: 10018 over 1 MB), so two bounds hold for any packing: the total
 * bytes over the limit, and the lists over the most that fit one answer (the smallest lists
 * together). For lists of equal size the larger of the two is exactly the best packing. Throws for
 * a list over the limit on its own: get_group_info cannot read it, and pages are not defined here.
 */
export function memberListReads(listBytes: readonly number[]): MemberListReads {
  const totalBytes = listBytes.reduce((a, b) => a + b, 0);
  if (listBytes.length === 0) return { calls: 0, byBytes: 0, perCall: 0, byCount: 0, totalBytes };
  const sorted = [...listBytes].sort((a, b) => a - b);
  if (sorted[sorted.length - 1]! > ANSWER_BYTES) {
    throw new Error(
      `a member list of ${sorted[sorted.length - 1]} bytes is over get_group_info's answer limit of ` +
        `${ANSWER_BYTES} (003): the minimum does not define paged reads`,
    );
  }
  let perCall = 0;
  for (let used = 0; perCall < Math.min(PER_CALL.get_group_info, sorted.length); perCall++) {
    if (used + sorted[perCall]! > ANSWER_BYTES) break;
    used += sorted[perCall]!;
  }
  const byBytes = Math.ceil(totalBytes / ANSWER_BYTES);
  const byCount = Math.ceil(listBytes.length / perCall);
  return { calls: Math.max(byBytes, byCount), byBytes, perCall, byCount, totalBytes };
}

/** One line on how the member-list reads of the minimum were counted, for the notes. */
export function describeMemberListReads(listBytes: readonly number[]): string {
  const reads = memberListReads(listBytes);
  const n = listBytes.length;
  return (
    `minimum: ${n} member lists, ${reads.totalBytes.toLocaleString("en-US")} bytes ` +
    `(${Math.round(reads.totalBytes / n).toLocaleString("en-US")} each on average): ` +
    `ceil(bytes / 1 MiB) = ${reads.byBytes}; at most ${reads.perCall} lists fit one answer, ` +
    `so ceil(${n} / ${reads.perCall}) = ${reads.byCount}: ${reads.calls} get_group_info call(s) for the lists`
  );
}

/** The time bound in seconds: the slowest API's minimum calls at `perSecond` (or its own rate). */
export function timeBoundSeconds(minimum: Record<string, number>, perSecond: number): number {
  return Math.max(
    0,
    ...Object.entries(minimum).map(([api, calls]) => calls / (OWN_RATE_LIMITS[api] ?? perSecond)),
  );
}
