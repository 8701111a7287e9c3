/**
 * The IM REST client: one signed, rate-limited, retried call pipeline (`request`) and a typed method
 * per endpoint on top of it, plus chunked calls, paging and coalesced reads from their own modules.
 * Those modules work through the {@link ImCaller} this class implements and never import it.
 */
import { randomUUID } from "node:crypto";
import type { Dispatcher } from "undici";
import { redact } from "../errors";
import type { BatchSizes, ImCaller, RequestOptions } from "./caller";
import {
  type AccountCheckResult,
  type AccountImportResult,
  accountCheck,
  addGroupMembers,
  deleteGroupMembers,
  importGroupMembers,
  type MemberOutcome,
  multiaccountImport,
} from "./chunked-calls";
import { CoalescingLoader } from "./coalescing-loader";
import { type CreateGroupOutcome, createGroupSafely } from "./create";
import { decodeResponse } from "./decode";
import { DEFAULTS } from "./defaults";
import { hasImErrorCode, ImError } from "./errors";
import { GroupInfoLoader } from "./group-info-loader";
import {
  type GroupMembersReadOptions,
  type GroupWithMembers,
  readGroupWithMembers,
} from "./group-members-read";
import { GROUP_NOT_FOUND } from "./im-codes";
import {
  type AppGroupIdsOptions,
  appGroupIds,
  type GroupMemberPage,
  type GroupMembersOptions,
  groupMemberPages,
  listAllMembers,
} from "./paging";
import { type SlidingWindowLimiter, sharedLimiter } from "./rate-limit";
import { type RetryPolicy, withRetries } from "./retry";
import { ACCOUNT_SERVICE, GROUP_SERVICE } from "./services";
import { type ConnectionSettings, endpointBaseUrls } from "./settings";
import { randomUint32, UserSigSigner } from "./signer";
import { type ClientStats, StatsCounter } from "./stats";
import { type AttemptContext, type Timeouts, Transport } from "./transport";
import type {
  AccountItem,
  AddGroupMemberRequest,
  ChangeGroupOwnerRequest,
  CreateGroupRequest,
  DeleteGroupMemberRequest,
  DestroyGroupRequest,
  GetAppidGroupListRequest,
  GetAppidGroupListResponse,
  GetGroupInfoRequest,
  GetGroupInfoResponse,
  GetGroupMemberInfoRequest,
  GetGroupMemberInfoResponse,
  GetRoleInGroupRequest,
  GetRoleInGroupResponse,
  GroupInfo,
  GroupInfoResponseFilter,
  GroupMember,
  ImEnvelope,
  ImportGroupMemberItem,
  ImportGroupMemberRequest,
  ImportGroupRequest,
  MemberResultsResponse,
  ModifyGroupBaseInfoRequest,
  ModifyGroupMemberInfoRequest,
} from "./types";

/** Receives the client's log lines; every line is already redacted. */
export interface ImLogger {
  /** Routine events: throttling waits, retries scheduled. */
  debug(message: string): void;
  /** Noteworthy events: a group adopted after a lost create answer. */
  warn(message: string): void;
}

/** Tuning of an {@link ImClient}; every field defaults from {@link DEFAULTS}. */
export interface ImClientOptions {
  /**
   * Validate every answer against its wire schema. Default: on when NODE_ENV is `development` or
   * `test`, so a drifting server is noticed in development without costing production.
   */
  validateResponses?: boolean;
  /** Calls per second: a default for every API and overrides per command name. */
  rateLimit?: { perSecond?: number; perCommand?: Readonly<Record<string, number>> };
  /** Backoff for transient failures. */
  retry?: Partial<RetryPolicy>;
  /** Network timeouts. */
  timeouts?: Partial<Timeouts>;
  /** Per-call limits of the chunked calls and of the coalesced get_group_info reads. */
  batchSizes?: Partial<BatchSizes>;
  /**
   * How long `getGroup` waits for another read to join a batch, in ms, while none of its calls is in
   * flight (coalescing-loader.ts: a full batch goes at once; none waits longer than
   * DEFAULTS.coalesce.maxWaitMs; after an answer the wait is at least
   * DEFAULTS.coalesce.afterAnswerMs). 0 batches only the reads of one tick, with no waits.
   */
  coalesceWindowMs?: number;
  /** Chunks of one chunked call in flight at once. */
  batchConcurrency?: number;
  /**
   * The largest answer the server sends, in bytes (003: 1 MB, else 10018); getGroupWithMembers
   * packs its get_group_info calls under it. Default DEFAULTS.responseBytes.maxBytes.
   */
  maxResponseBytes?: number;
  /** UserSig lifetime and renewal margin, in seconds. */
  userSig?: { lifetimeSeconds?: number; renewBeforeSeconds?: number };
  /** Clock in milliseconds for UserSig renewal; default `Date.now`. */
  now?: () => number;
  /** An undici dispatcher to use instead of the client's own keep-alive Agent (not closed by `close`). */
  dispatcher?: Dispatcher;
  /** Where log lines go; default nowhere. */
  logger?: ImLogger;
}

/** The Tencent Cloud IM REST client. One instance per app; share it across resources of a process. */
export class ImClient implements ImCaller {
  readonly #settings: Pick<ConnectionSettings, "sdkAppId" | "identifier" | "endpoint">;
  readonly #signer: UserSigSigner;
  readonly #transport: Transport;
  readonly #stats = new StatsCounter();
  readonly #limiters = new Map<string, SlidingWindowLimiter>();
  readonly #rate: { perSecond: number; perCommand: Readonly<Record<string, number>>; windowMs: number };
  readonly #retry: RetryPolicy;
  readonly #validate: boolean;
  readonly #logger: ImLogger | undefined;
  readonly #groupLoader: GroupInfoLoader;
  readonly #maxResponseBytes: number;
  readonly #accountLoader: CoalescingLoader<AccountCheckResult>;
  /**
   * Accounts found imported, by id only: a million-member create keeps a million of them, and their
   * answers held as objects cost the provider ~150–200 bytes each (benchmark (6a): provider peak
   * 692 MiB with them, 497–542 MiB without; bench/README.md).
   */
  readonly #importedAccounts = new Set<string>();
  /** Effective batch sizes. */
  readonly batchSizes: Readonly<BatchSizes>;
  /** Effective chunk concurrency of the chunked calls. */
  readonly batchConcurrency: number;

  constructor(settings: ConnectionSettings, options: ImClientOptions = {}) {
    const { sdkAppId, identifier, endpoint } = settings;
    this.#settings = { sdkAppId, identifier, endpoint };
    this.#signer = new UserSigSigner({
      sdkAppId,
      identifier,
      secretKey: settings.secretKey,
      ...DEFAULTS.userSig,
      ...options.userSig,
      now: options.now ?? Date.now,
    });
    this.#transport = new Transport({
      baseUrls: endpointBaseUrls(endpoint),
      timeouts: { ...DEFAULTS.timeouts, ...options.timeouts },
      pool: DEFAULTS.pool,
      dispatcher: options.dispatcher,
    });
    this.#rate = {
      perSecond: options.rateLimit?.perSecond ?? DEFAULTS.rateLimit.perSecond,
      perCommand: { ...DEFAULTS.rateLimit.perCommand, ...options.rateLimit?.perCommand },
      windowMs: DEFAULTS.rateLimit.windowMs + DEFAULTS.rateLimit.marginMs,
    };
    this.#retry = { ...DEFAULTS.retry, ...options.retry };
    const nodeEnv = process.env.NODE_ENV;
    this.#validate = options.validateResponses ?? (nodeEnv === "development" || nodeEnv === "test");
    this.#logger = options.logger;
    this.batchSizes = { ...DEFAULTS.batchSizes, ...options.batchSizes };
    this.batchConcurrency = options.batchConcurrency ?? DEFAULTS.batchConcurrency;
    const idleMs = options.coalesceWindowMs ?? DEFAULTS.coalesce.idleMs;
    const maxWaitMs = Math.max(idleMs, DEFAULTS.coalesce.maxWaitMs);
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULTS.responseBytes.maxBytes;
    this.#groupLoader = new GroupInfoLoader(
      (request) => this.getGroupInfo(request),
      {
        maxBatch: this.batchSizes.getGroupInfo,
        maxWeight: this.#maxResponseBytes - DEFAULTS.responseBytes.marginBytes,
        idleMs,
        afterAnswerMs: DEFAULTS.coalesce.afterAnswerMs,
        maxWaitMs,
      },
      this.#retry,
    );
    // The engine calls `check` one resource at a time, so waiting for more lookups would only add
    // latency: account lookups batch within a tick, and confirmed accounts are remembered.
    this.#accountLoader = new CoalescingLoader<AccountCheckResult>(
      { maxBatch: this.batchSizes.accounts, idleMs: 0, maxWaitMs: 0 },
      async (_group, userIds) => new Map((await this.accountCheck(userIds)).map((r) => [r.UserID, r])),
      (userId) =>
        new ImError(
          "IM_INVALID_RESPONSE",
          `account_check answered without an entry for ${JSON.stringify(userId)}`,
        ),
    );
  }

  // ---- the call pipeline --------------------------------------------------------------------

  /**
   * Sends one IM call: waits for the shared rate budget, signs, posts, checks the envelope, and
   * retries transient failures with jittered backoff. Rejects with {@link ImError}.
   */
  async request<T extends ImEnvelope>(
    service: string,
    command: string,
    body: object,
    options: RequestOptions = {},
  ): Promise<T> {
    const requestId = randomUUID();
    const endpoint = `${service}/${command}`;
    const limiter = this.#limiter(command);
    return withRetries(
      this.#retry,
      {
        idempotent: options.idempotent ?? true,
        onRetry: (error, nextAttempt, delayMs) => {
          this.#stats.retry();
          this.#log(
            "debug",
            `${endpoint} request ${requestId}: ${error.message}; attempt ${nextAttempt} in ${delayMs} ms`,
          );
        },
      },
      async (attempt) => {
        const { waitedMs, release } = await limiter.acquire();
        this.#stats.attempt(endpoint, waitedMs);
        if (waitedMs >= 1)
          this.#log("debug", `${endpoint} request ${requestId}: throttled ${Math.round(waitedMs)} ms`);
        const query = this.#signedQuery();
        const context: AttemptContext = {
          service,
          command,
          requestId,
          attempt,
          secrets: this.#signer.secrets(),
        };
        let json: unknown;
        try {
          json = await this.#transport.post(query, body, context);
        } finally {
          release();
        }
        return decodeResponse<T>(json, context, this.#validate);
      },
    );
  }

  // ---- group_open_http_svc ------------------------------------------------------------------

  /**
   * create_group (docs/api-reference.md §1.3). With a `GroupId` it is retried safely: a retry meeting 10021 reads the
   * group and succeeds if it is the requested one (same Type/Name/Owner), else rejects `IM_CONFLICT`.
   * Without a `GroupId` it is sent at most once when its answer might be lost (no duplicate groups);
   * such a failure has `outcomeUnknown` set and says so.
   */
  createGroup(request: CreateGroupRequest): Promise<CreateGroupOutcome> {
    return createGroupSafely(this, "create_group", request, (message) => this.#log("warn", message));
  }

  /** import_group (docs/api-reference.md §1.1): same retry rules as {@link ImClient.createGroup}. */
  importGroup(request: ImportGroupRequest): Promise<CreateGroupOutcome> {
    return createGroupSafely(this, "import_group", request, (message) => this.#log("warn", message));
  }

  /** import_group_member (docs/api-reference.md §1.2), one call of ≤500; see {@link ImClient.importGroupMembers}. */
  importGroupMember(request: ImportGroupMemberRequest): Promise<MemberResultsResponse> {
    return this.request(GROUP_SERVICE, "import_group_member", request);
  }

  /** get_group_info (docs/api-reference.md §1.4), one call of ≤50; per-group statuses are in `GroupInfo[i].ErrorCode`. */
  getGroupInfo(request: GetGroupInfoRequest): Promise<GetGroupInfoResponse> {
    return this.request(GROUP_SERVICE, "get_group_info", request);
  }

  /** modify_group_base_info (docs/api-reference.md §7.1). */
  modifyGroupBaseInfo(request: ModifyGroupBaseInfoRequest): Promise<ImEnvelope> {
    return this.request(GROUP_SERVICE, "modify_group_base_info", request);
  }

  /**
   * destroy_group (docs/api-reference.md §7.2). A retry answered with 10010 means an earlier attempt whose answer was
   * lost destroyed the group, so it counts as success; a first-attempt 10010 rejects as usual.
   */
  async destroyGroup(request: DestroyGroupRequest): Promise<ImEnvelope> {
    try {
      return await this.request(GROUP_SERVICE, "destroy_group", request);
    } catch (error) {
      if (hasImErrorCode(error, GROUP_NOT_FOUND) && (error.attempts ?? 1) > 1) {
        return { ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" };
      }
      throw error;
    }
  }

  /** add_group_member (docs/api-reference.md §7.3), one call; see {@link ImClient.addGroupMembers}. */
  addGroupMember(request: AddGroupMemberRequest): Promise<MemberResultsResponse> {
    return this.request(GROUP_SERVICE, "add_group_member", request);
  }

  /** delete_group_member (docs/api-reference.md §7.4), one call of ≤100; see {@link ImClient.deleteGroupMembers}. */
  deleteGroupMember(request: DeleteGroupMemberRequest): Promise<ImEnvelope> {
    return this.request(GROUP_SERVICE, "delete_group_member", request);
  }

  /** get_group_member_info (docs/api-reference.md §7.5), one page; see {@link ImClient.groupMembers}. */
  getGroupMemberInfo(request: GetGroupMemberInfoRequest): Promise<GetGroupMemberInfoResponse> {
    return this.request(GROUP_SERVICE, "get_group_member_info", request);
  }

  /** modify_group_member_info (docs/api-reference.md §7.7). */
  modifyGroupMemberInfo(request: ModifyGroupMemberInfoRequest): Promise<ImEnvelope> {
    return this.request(GROUP_SERVICE, "modify_group_member_info", request);
  }

  /** change_group_owner (docs/api-reference.md §7.9). */
  changeGroupOwner(request: ChangeGroupOwnerRequest): Promise<ImEnvelope> {
    return this.request(GROUP_SERVICE, "change_group_owner", request);
  }

  /** get_appid_group_list (docs/api-reference.md §7.8), one page, 1 call/s; see {@link ImClient.appGroupIds}. */
  getAppidGroupList(request: GetAppidGroupListRequest = {}): Promise<GetAppidGroupListResponse> {
    return this.request(GROUP_SERVICE, "get_appid_group_list", request);
  }

  /** get_role_in_group (docs/api-reference.md §7.10), ≤500 accounts. */
  getRoleInGroup(request: GetRoleInGroupRequest): Promise<GetRoleInGroupResponse> {
    return this.request(GROUP_SERVICE, "get_role_in_group", request);
  }

  // ---- im_open_login_svc --------------------------------------------------------------------

  /** account_import (docs/api-reference.md §8.1); importing an existing account again succeeds. */
  accountImport(request: AccountItem): Promise<ImEnvelope> {
    return this.request(ACCOUNT_SERVICE, "account_import", request);
  }

  /**
   * multiaccount_import (docs/api-reference.md §8.2) for any number of accounts, in chunks of `batchSizes.accounts`.
   * One result per input account, in input order.
   */
  multiaccountImport(accounts: ReadonlyArray<string | AccountItem>): Promise<AccountImportResult[]> {
    return multiaccountImport(this, accounts);
  }

  /**
   * account_check (docs/api-reference.md §8.3) for any number of accounts, in chunks of `batchSizes.accounts`.
   * One result per input UserID, in input order.
   */
  accountCheck(userIds: readonly string[]): Promise<AccountCheckResult[]> {
    return accountCheck(this, userIds);
  }

  // ---- chunked calls, paging, coalesced reads -----------------------------------------------

  /** add_group_member for any number of members, chunked; one result per input member, in input order. */
  addGroupMembers(
    groupId: string,
    accounts: readonly string[],
    options: { Silence?: 0 | 1 } = {},
  ): Promise<MemberOutcome[]> {
    return addGroupMembers(this, groupId, accounts, options);
  }

  /** import_group_member for any number of members, chunked; one result per input member, in input order. */
  importGroupMembers(
    groupId: string,
    members: ReadonlyArray<string | ImportGroupMemberItem>,
  ): Promise<MemberOutcome[]> {
    return importGroupMembers(this, groupId, members);
  }

  /** delete_group_member for any number of members, chunked; one result per input member, in input order. */
  deleteGroupMembers(
    groupId: string,
    accounts: readonly string[],
    options: { Silence?: 0 | 1; Reason?: string } = {},
  ): Promise<MemberOutcome[]> {
    return deleteGroupMembers(this, groupId, accounts, options);
  }

  /** Pages of get_group_member_info (Limit/Offset) until every member was read. */
  groupMembers(groupId: string, options: GroupMembersOptions = {}): AsyncGenerator<GroupMemberPage> {
    return groupMemberPages(this, groupId, options);
  }

  /** Every member of a group, each once, in server order. */
  listAllMembers(groupId: string, options: GroupMembersOptions = {}): Promise<GroupMember[]> {
    return listAllMembers(this, groupId, options);
  }

  /** Every GroupId of the app (get_appid_group_list, following `Next`). */
  appGroupIds(options: AppGroupIdsOptions = {}): AsyncGenerator<string> {
    return appGroupIds(this, options);
  }

  /**
   * One group's info. Concurrent calls are coalesced (coalescing-loader.ts) into get_group_info calls of up to
   * `batchSizes.getGroupInfo` IDs. Resolves `null` when the group does not exist or was dismissed
   * (10010): "not found" is a state, not a failure. Any other per-group error rejects that caller only.
   */
  getGroup(
    groupId: string,
    filter?: GroupInfoResponseFilter,
    options: { now?: boolean } = {},
  ): Promise<GroupInfo | null> {
    return this.#groupLoader
      .load(groupId, filter, 0, options.now === true)
      .then((loaded) => loaded?.info ?? null);
  }

  /**
   * A group's base fields and every member, each once, in close to the fewest calls: concurrent
   * reads with the same fields share get_group_info calls of up to `batchSizes.getGroupInfo`
   * groups whose expected answer stays under `maxResponseBytes` (pass the last read's `bytes` as
   * `expectedBytes`, else `expectedMembers`); a group too large for one answer is read with a
   * base-only get_group_info and get_group_member_info pages (group-members-read.ts). Resolves
   * `null` when the group does not exist (10010).
   */
  getGroupWithMembers(groupId: string, options: GroupMembersReadOptions): Promise<GroupWithMembers | null> {
    return readGroupWithMembers(
      {
        groups: this.#groupLoader,
        caller: this,
        pageSize: DEFAULTS.pageSizes.groupMembers,
        maxResponseBytes: this.#maxResponseBytes,
      },
      groupId,
      options,
    );
  }

  /**
   * One account's account_check result: lookups of one tick share account_check calls of up to
   * `batchSizes.accounts` ids, and an account once confirmed imported is not asked again.
   */
  checkAccount(userId: string): Promise<AccountCheckResult> {
    if (this.#importedAccounts.has(userId)) {
      return Promise.resolve({
        UserID: userId,
        ok: true,
        AccountStatus: "Imported",
        ResultCode: 0,
        ResultInfo: "",
      });
    }
    return this.#accountLoader.load(userId).then((result) => {
      // Imported accounts stay imported (accounts are never deleted here), so one answer serves the
      // client's lifetime; "not imported" is asked again, as the user may import it meanwhile.
      if (result.AccountStatus === "Imported") this.#importedAccounts.add(userId);
      return result;
    });
  }

  // ---- counters and lifecycle ---------------------------------------------------------------

  /** Counters since creation or the last {@link ImClient.resetStats}. */
  stats(): ClientStats {
    return this.#stats.snapshot(this.#signer.issued);
  }

  /** Zeroes the counters. */
  resetStats(): void {
    this.#stats.reset(this.#signer.issued);
  }

  /** Closes the keep-alive connections. */
  close(): Promise<void> {
    return this.#transport.close();
  }

  #limiter(command: string): SlidingWindowLimiter {
    let limiter = this.#limiters.get(command);
    if (limiter === undefined) {
      const { perCommand } = this.#rate;
      const perSecond = Object.hasOwn(perCommand, command) ? perCommand[command]! : this.#rate.perSecond;
      if (!(perSecond > 0)) throw new ImError("IM_CONFIG", `rate limit for ${command} must be positive`);
      limiter = sharedLimiter({ ...this.#settings, command }, perSecond, this.#rate.windowMs);
      this.#limiters.set(command, limiter);
    }
    return limiter;
  }

  #signedQuery(): string {
    return new URLSearchParams({
      sdkappid: String(this.#settings.sdkAppId),
      identifier: this.#settings.identifier,
      usersig: this.#signer.userSig(),
      random: String(randomUint32()),
      contenttype: "json",
    }).toString();
  }

  #log(level: keyof ImLogger, message: string): void {
    this.#logger?.[level](redact(message, this.#signer.secrets()));
  }
}
