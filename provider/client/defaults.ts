/**
 * Every tunable default of the IM client in one literal, so a reader sees the whole policy at once and
 * tests or users override single fields. Sources are docs/api-reference.md sections.
 */
export const DEFAULTS = {
  /** UserSig lifetime and how early a cached one is replaced (docs/api-reference.md §4, §10: doocs signs for 24 h). */
  userSig: {
    lifetimeSeconds: 86_400,
    /** Renew an hour before expiry so clock skew between us and IM never lets a signature lapse. */
    renewBeforeSeconds: 3_600,
  },
  /** doocs uses 10 s connect, 10 s read, 30 s per call (docs/api-reference.md §10). */
  timeouts: {
    connectMs: 10_000,
    headersMs: 10_000,
    bodyMs: 10_000,
    callMs: 30_000,
  },
  /** Keep-alive connection pool per origin. */
  pool: {
    connections: 16,
    keepAliveTimeoutMs: 4_000,
  },
  /**
   * Calls per second per API per app (docs/api-reference.md §2.2, §9): 100 for every command unless listed.
   * `marginMs` widens the 1-second window by the slack between the server's millisecond wall clock
   * and our monotonic one (rate-limit.ts explains why the window starts when an answer arrives).
   */
  rateLimit: {
    perSecond: 100,
    perCommand: { get_appid_group_list: 1, account_import: 200 } as Readonly<Record<string, number>>,
    windowMs: 1_000,
    marginMs: 10,
  },
  /** Jittered exponential backoff ("full jitter"): delay = random(0, min(max, min * 2^retry)). */
  retry: {
    retries: 5,
    minDelayMs: 200,
    maxDelayMs: 5_000,
  },
  /** Per-call limits (docs/api-reference.md §9); add_group_member's limit is disputed (§2.2), hence configurable. */
  batchSizes: {
    addGroupMember: 300,
    importGroupMember: 500,
    deleteGroupMember: 100,
    accounts: 100,
    getGroupInfo: 50,
  },
  /**
   * Coalescing of getGroup lookups (coalescing-loader.ts): a partial batch goes after `idleMs` without a new
   * lookup while none of its calls is in flight (and `afterAnswerMs` after the last answer), at once
   * when it holds every lookup the engine keeps open, and at the latest `maxWaitMs` after its first.
   * A refresh's reads arrive a few ms apart with pauses of tens of ms, and the engine takes up to
   * ~100 ms to turn 50 answers into new reads (measured with bench/, `--refresh-parallel`). For
   * 1,000 groups at `--parallel 64`: 20 ms + 250 ms gave 29–32 calls, 60 ms + 500 ms 22–23, with
   * the 200 ms after an answer 20.
   */
  coalesce: {
    idleMs: 60,
    afterAnswerMs: 200,
    maxWaitMs: 500,
  },
  /**
   * get_group_info answers must stay under 1 MB (003: else 10018). Reads with members are packed
   * into calls whose expected entries add up to `maxBytes − marginBytes`; the margin is for the
   * envelope (~60 bytes), fields a server adds (RequestId) and estimates that fall short.
   */
  responseBytes: {
    maxBytes: 1_048_576,
    marginBytes: 4_096,
  },
  /** How many chunks of one chunked call are in flight at once; the rate limiter still applies. */
  batchConcurrency: 4,
  /** Page sizes: get_group_member_info Limit ≤200 (§7.5), get_appid_group_list Limit ≤10000 (§7.8). */
  pageSizes: {
    groupMembers: 200,
    appGroups: 10_000,
  },
} as const;
