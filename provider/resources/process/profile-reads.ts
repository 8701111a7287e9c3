/**
 * Group profiles ImGroup read while planning, kept for the apply of the same step. Part of the
 * {@link ProviderSession} (session.ts).
 *
 * An adopting ImGroup reads its group in `check` (the adoption preview), and an ImGroup with
 * changes to apply reads it in `diff`, where the engine's parallel diffs let many such reads share
 * a get_group_info call; the `create` (adoption) or `update` a moment later plans from that read
 * instead of asking again. Under the engine's default checkpoints, steps are seconds apart, so an
 * apply-time read is always a call of its own (benchmark (8d): 51 get_group_info for 20 updated
 * groups; DECISIONS.md 2026-12-06). A read answers only:
 * - the group it was read for, with at least the custom-data keys the apply needs;
 * - while the group has not changed in this process since (the session's {@link GroupVersions});
 * - for {@link PROFILE_READ_REUSE_MS}, and for one apply (taken, not peeked).
 */
import type { GroupInfo } from "../../client/types";
import type { GroupVersions } from "./group-versions";

/** How long a read stays good for the apply that follows it in the same command. */
const PROFILE_READ_REUSE_MS = 60_000;

interface Entry {
  info: GroupInfo;
  keys: ReadonlySet<string>;
  version: number;
  at: number;
}

/** Profile reads by group id, for the apply of the step they were read for. */
export class ProfileReads {
  readonly #byGroup = new Map<string, Entry>();
  readonly #versions: GroupVersions;

  constructor(versions: GroupVersions) {
    this.#versions = versions;
  }

  /** Keeps `info`, read of group `groupId` with the custom-data `keys`. */
  keep(groupId: string, info: GroupInfo, keys: readonly string[]): void {
    this.#byGroup.set(groupId, {
      info,
      keys: new Set(keys),
      version: this.#versions.of(groupId),
      at: Date.now(),
    });
  }

  /** The read of `groupId`, once, if it still answers and was read with every key of `keys`. */
  take(groupId: string, keys: readonly string[]): GroupInfo | undefined {
    const entry = this.#byGroup.get(groupId);
    if (entry === undefined) return undefined;
    this.#byGroup.delete(groupId);
    const usable =
      entry.version === this.#versions.of(groupId) &&
      Date.now() - entry.at <= PROFILE_READ_REUSE_MS &&
      keys.every((key) => entry.keys.has(key));
    return usable ? entry.info : undefined;
  }
}
