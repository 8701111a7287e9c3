/**
 * A DataLoader-style coalescer for single-group reads (after graphql/dataloader): loads that arrive
 * within `windowMs` of a batch's first load join it, sent as get_group_info calls of at most
 * `maxBatch` IDs (50, API.md §1.4); a full batch goes at once. Each caller gets its own group or its
 * own per-group error. The window matters because Pulumi's engine delivers a refresh's reads as
 * separate gRPC calls a few milliseconds apart, which a same-tick batch would never join; with
 * `windowMs` 0 a batch is the loads of one tick, as in DataLoader. Nothing is cached across
 * batches: reads must see the live group (a refresh is the truth).
 */
import { hasImErrorCode, ImError, isTransientImCode } from "./errors";
import { GROUP_SERVICE } from "./services";
import type { GetGroupInfoRequest, GetGroupInfoResponse, GroupInfo, GroupInfoResponseFilter } from "./types";

interface Waiter {
  resolve: (info: GroupInfo | null) => void;
  reject: (error: unknown) => void;
}

/** The loads of one tick that share a filter (calls with different filters cannot share a request). */
interface Batch {
  filter: GroupInfoResponseFilter | undefined;
  waiters: Map<string, Waiter[]>;
  /** The pending dispatch, cleared when the batch fills up first. */
  timer?: NodeJS.Timeout;
}

/** 10010: the group does not exist or was dismissed (API.md §5.2). */
const NOT_FOUND = 10010;
/** 10018: the answer would exceed 1 MB; ask for fewer groups (API.md §1.4). */
const TOO_LARGE = 10018;

/** Coalesces concurrent single-group reads into batched get_group_info calls. */
export class GroupInfoLoader {
  readonly #fetch: (request: GetGroupInfoRequest) => Promise<GetGroupInfoResponse>;
  readonly #maxBatch: number;
  readonly #windowMs: number;
  readonly #pending = new Map<string, Batch>();

  constructor(
    fetch: (request: GetGroupInfoRequest) => Promise<GetGroupInfoResponse>,
    maxBatch: number,
    windowMs = 0,
  ) {
    this.#fetch = fetch;
    this.#maxBatch = maxBatch;
    this.#windowMs = windowMs;
  }

  /** The group's info, `null` if it does not exist (10010); rejects with this group's own ImError. */
  load(groupId: string, filter?: GroupInfoResponseFilter): Promise<GroupInfo | null> {
    const key = filter === undefined ? "" : JSON.stringify(filter);
    let batch = this.#pending.get(key);
    if (batch === undefined) {
      const created: Batch = { filter, waiters: new Map() };
      this.#pending.set(key, created);
      const send = () => this.#flush(key, created);
      if (this.#windowMs > 0) created.timer = setTimeout(send, this.#windowMs);
      // Like DataLoader: run after the current promise jobs, so callers awaiting one step join too.
      else void Promise.resolve().then(() => process.nextTick(send));
      batch = created;
    }
    const waiters = batch.waiters;
    const loaded = new Promise<GroupInfo | null>((resolve, reject) => {
      const list = waiters.get(groupId);
      if (list === undefined) waiters.set(groupId, [{ resolve, reject }]);
      else list.push({ resolve, reject });
    });
    if (waiters.size >= this.#maxBatch) this.#flush(key, batch);
    return loaded;
  }

  /** Sends a batch once: on its timer, or as soon as it holds `maxBatch` distinct groups. */
  #flush(key: string, batch: Batch): void {
    if (this.#pending.get(key) !== batch) return;
    this.#pending.delete(key);
    clearTimeout(batch.timer);
    this.#dispatch(batch);
  }

  #dispatch(batch: Batch): void {
    const ids = [...batch.waiters.keys()];
    for (let start = 0; start < ids.length; start += this.#maxBatch) {
      void this.#fetchChunk(batch, ids.slice(start, start + this.#maxBatch));
    }
  }

  async #fetchChunk(batch: Batch, ids: string[]): Promise<void> {
    let answer: GetGroupInfoResponse;
    try {
      answer = await this.#fetch({ GroupIdList: ids, ResponseFilter: batch.filter });
    } catch (error) {
      if (hasImErrorCode(error, TOO_LARGE) && ids.length > 1) {
        const half = Math.ceil(ids.length / 2);
        await Promise.all([
          this.#fetchChunk(batch, ids.slice(0, half)),
          this.#fetchChunk(batch, ids.slice(half)),
        ]);
      } else {
        for (const id of ids) for (const waiter of batch.waiters.get(id)!) waiter.reject(error);
      }
      return;
    }
    const byId = new Map(answer.GroupInfo.map((info) => [info.GroupId, info]));
    for (const id of ids) {
      const outcome = settle(id, byId.get(id));
      for (const waiter of batch.waiters.get(id)!) {
        if (outcome instanceof ImError) waiter.reject(outcome);
        else waiter.resolve(outcome);
      }
    }
  }
}

function settle(groupId: string, info: GroupInfo | undefined): GroupInfo | null | ImError {
  const where = { service: GROUP_SERVICE, command: "get_group_info" };
  if (info === undefined) {
    return new ImError(
      "IM_INVALID_RESPONSE",
      `get_group_info answered without an entry for group ${groupId}`,
      where,
    );
  }
  if (info.ErrorCode === 0) return info;
  if (info.ErrorCode === NOT_FOUND) return null;
  return new ImError(
    "IM_API_ERROR",
    `get_group_info for group ${groupId} failed with IM error ${info.ErrorCode}: ${info.ErrorInfo ?? ""}`,
    {
      ...where,
      imErrorCode: info.ErrorCode,
      imErrorInfo: info.ErrorInfo,
      retryable: isTransientImCode(info.ErrorCode, where.command),
    },
  );
}
