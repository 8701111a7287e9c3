/**
 * The narrow call interface the helper modules (chunked calls, paging, creates, group reads) work
 * through, below the ImClient facade that wraps them: one signed, rate-limited, retried call, and
 * the per-call limits. ImClient implements it; helpers never import client.ts, so no module of the
 * client depends on one that depends on it.
 */
import type { ImEnvelope } from "./types";

/** Batch sizes per call (docs/api-reference.md §9). */
export interface BatchSizes {
  /** add_group_member members per call (300; disputed, §2.2). */
  addGroupMember: number;
  /** import_group_member members per call (500). */
  importGroupMember: number;
  /** delete_group_member members per call (100). */
  deleteGroupMember: number;
  /** multiaccount_import / account_check accounts per call (100). */
  accounts: number;
  /** get_group_info groups per call (50). */
  getGroupInfo: number;
}

/** Per-call options of {@link ImCaller.request}. */
export interface RequestOptions {
  /**
   * Whether sending the request twice equals sending it once. Default true. When false the request
   * is resent only if the previous attempt provably had no effect (see retry.ts).
   */
  idempotent?: boolean;
}

/** What a helper needs of the client: the call pipeline and the per-call limits. */
export interface ImCaller {
  /**
   * Sends one IM call (`service/command` with a JSON body): rate limit, signature, envelope check,
   * retries of transient failures. Rejects with ImError.
   */
  request<T extends ImEnvelope>(
    service: string,
    command: string,
    body: object,
    options?: RequestOptions,
  ): Promise<T>;
  /** Effective batch sizes. */
  readonly batchSizes: Readonly<BatchSizes>;
  /** How many chunks of one helper call are in flight at once. */
  readonly batchConcurrency: number;
}
