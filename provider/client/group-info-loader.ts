/**
 * Single-group reads coalesced into get_group_info calls of at most 50 ids (docs/api-reference.md §1.4) by the
 * shared {@link CoalescingLoader}: each caller gets its own group, `null` for a missing one (10010),
 * or its own per-group error. Reads with different response filters cannot share a request.
 *
 * A whole answer must stay under 1 MB (003: else 10018): each read may say how many bytes it
 * expects its group's entry to take, and a call's reads add up to at most `timing.maxWeight`
 * (coalescing-loader.ts packs by count and by bytes). A call answered 10018 anyway is split in
 * halves; a group answered 10018 on its own gets that error, the others of its call their groups.
 * A group answered with a transient per-group error (e.g. 10002 inside an OK answer) is asked
 * again, alone with the others that failed so, under the client's backoff; whole-call failures are
 * retried by the client's pipeline already.
 */
import { CoalescingLoader, type CoalescingTiming } from "./coalescing-loader";
import { hasImErrorCode, ImError } from "./errors";
import { GROUP_NOT_FOUND, isTransientImCode, RESPONSE_TOO_LARGE } from "./im-codes";
import { jsonByteLength } from "./json-size";
import { backoffDelay, type RetryPolicy } from "./retry";
import { GROUP_SERVICE } from "./services";
import type { GetGroupInfoRequest, GetGroupInfoResponse, GroupInfo, GroupInfoResponseFilter } from "./types";

/** A group as one get_group_info answer gave it. */
export interface LoadedGroup {
  /** The group's entry, exactly as answered (after the client's spelling normalization). */
  info: GroupInfo;
  /** The entry's size in bytes as compact JSON: what it added to the answer (measured on first use). */
  readonly bytes: number;
}

/** Coalesces concurrent single-group reads into batched get_group_info calls. */
export class GroupInfoLoader {
  readonly #loader: CoalescingLoader<LoadedGroup | null>;

  constructor(
    fetch: (request: GetGroupInfoRequest) => Promise<GetGroupInfoResponse>,
    timing: CoalescingTiming,
    retry: RetryPolicy,
  ) {
    const fetchIds = async (
      filter: GroupInfoResponseFilter | undefined,
      ids: string[],
    ): Promise<Map<string, LoadedGroup | null | Error>> => {
      const outcomes = new Map<string, LoadedGroup | null | Error>();
      try {
        const answer = await fetch({ GroupIdList: ids, ResponseFilter: filter });
        const byId = new Map(answer.GroupInfo.map((info) => [info.GroupId, info]));
        for (const id of ids) outcomes.set(id, settle(id, byId.get(id)));
      } catch (error) {
        if (!hasImErrorCode(error, RESPONSE_TOO_LARGE)) throw error;
        // One group over 1 MB by itself: its own outcome, so the rest of its call still succeeds.
        if (ids.length === 1) return new Map([[ids[0]!, error]]);
        // Over 1 MB: ask for half the groups at a time.
        const half = Math.ceil(ids.length / 2);
        for (const part of await Promise.all([
          fetchIds(filter, ids.slice(0, half)),
          fetchIds(filter, ids.slice(half)),
        ])) {
          for (const [id, outcome] of part) outcomes.set(id, outcome);
        }
      }
      return outcomes;
    };
    const fetchWithRetries = async (filter: GroupInfoResponseFilter | undefined, ids: string[]) => {
      const outcomes = await fetchIds(filter, ids);
      for (let attempt = 1; attempt <= retry.retries; attempt++) {
        const again = ids.filter((id) => {
          const outcome = outcomes.get(id);
          return outcome instanceof ImError && outcome.retryable;
        });
        if (again.length === 0) break;
        await new Promise((resolve) => setTimeout(resolve, backoffDelay(retry, attempt)));
        for (const [id, outcome] of await fetchIds(filter, again)) outcomes.set(id, outcome);
      }
      return outcomes;
    };
    this.#loader = new CoalescingLoader<LoadedGroup | null>(
      timing,
      (partition, ids) =>
        fetchWithRetries(
          partition === "" ? undefined : (JSON.parse(partition) as GroupInfoResponseFilter),
          ids,
        ),
      (id) => settle(id, undefined) as ImError,
    );
  }

  /**
   * The group as answered, `null` if it does not exist (10010); rejects with this group's own
   * ImError (10018 when its entry alone is over the limit). `expectedBytes` is the size its entry
   * is expected to take, for packing calls under the limit (0: unknown, packed by count). `now`:
   * nothing can join this read, so it goes at once (CoalescingLoader.load).
   */
  load(
    groupId: string,
    filter?: GroupInfoResponseFilter,
    expectedBytes = 0,
    now = false,
  ): Promise<LoadedGroup | null> {
    return this.#loader.load(groupId, filter === undefined ? "" : JSON.stringify(filter), expectedBytes, now);
  }
}

/** A loaded group whose size is measured when first asked (a profile-only read never asks). */
function loadedGroup(info: GroupInfo): LoadedGroup {
  let bytes: number | undefined;
  return {
    info,
    get bytes() {
      bytes ??= jsonByteLength(info);
      return bytes;
    },
  };
}

function settle(groupId: string, info: GroupInfo | undefined): LoadedGroup | null | ImError {
  const where = { service: GROUP_SERVICE, command: "get_group_info" };
  if (info === undefined) {
    return new ImError(
      "IM_INVALID_RESPONSE",
      `get_group_info answered without an entry for group ${JSON.stringify(groupId)}`,
      where,
    );
  }
  if (info.ErrorCode === 0) return loadedGroup(info);
  if (info.ErrorCode === GROUP_NOT_FOUND) return null;
  return new ImError(
    "IM_API_ERROR",
    `get_group_info for group ${JSON.stringify(groupId)} failed with IM error ${info.ErrorCode}: ${info.ErrorInfo ?? ""}`,
    {
      ...where,
      imErrorCode: info.ErrorCode,
      imErrorInfo: info.ErrorInfo,
      retryable: isTransientImCode(info.ErrorCode, where.command),
    },
  );
}
