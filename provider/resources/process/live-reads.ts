/**
 * Member sets read from the server, kept for the step they were read for. Part of the
 * {@link ProviderSession} (session.ts).
 *
 * A `read` (refresh) or a `diff` of an ImGroupMembers reads its group's members; the diff (after a
 * refresh) and the apply of the *same resource* in the same command plan from that read instead of
 * asking again. A read answers only:
 * - the resource (URN) it was taken for — never another resource on the same group. A refresh's
 *   `read` gets the recorded outputs only, which no longer store the URN (members-state-v2.ts):
 *   its read is kept for the group, and answers the first resource on that group that asks;
 * - a question about the member fields it was read with (a read without name cards cannot say that
 *   a name card already matches);
 * - while the group has not changed in this process since (an ImGroup update that moved the owner
 *   or raised the member limit, another set's apply): the session's {@link GroupVersions};
 * - for {@link LIVE_READ_REUSE_MS}, and for one apply (taken, not peeked).
 * Kept as canonical text, decoded on use.
 */
import type { GroupInfo } from "../../client/types";
import { decodeLive, encodeLive, type LiveMembers } from "../members/member-set";
import type { GroupVersions } from "./group-versions";

/** How long a read stays good for the apply that follows it in the same command. */
const LIVE_READ_REUSE_MS = 60_000;

/** What one read fetched. */
export interface LiveRead {
  /** The group's base info (owner, member count, member limit). */
  info: GroupInfo;
  /** The members, with the fields read. */
  members: LiveMembers;
}

interface Entry {
  groupId: string;
  text: string;
  info: GroupInfo;
  fields: ReadonlySet<string>;
  version: number;
  at: number;
}

/** The key of a read kept for a group rather than a resource. */
function groupKey(groupId: string): string {
  // A URN starts with "urn:", so no group key can be taken for one.
  return `group:${groupId}`;
}

/** Live reads by resource URN (or by group, for a refresh that does not know its resource). */
export class LiveReads {
  readonly #byUrn = new Map<string, Entry>();
  readonly #versions: GroupVersions;

  constructor(versions: GroupVersions) {
    this.#versions = versions;
  }

  /**
   * Keeps what a read for resource `urn` fetched of group `groupId`, read with member `fields`; for
   * the group when the resource is not known (a refresh of outputs stored without their URN).
   */
  keep(urn: string | undefined, groupId: string, read: LiveRead, fields: readonly string[]): void {
    this.#byUrn.set(urn ?? groupKey(groupId), {
      groupId,
      text: encodeLive(read.members),
      info: read.info,
      fields: new Set(fields),
      version: this.#versions.of(groupId),
      at: Date.now(),
    });
  }

  /** The members a read for `urn` fetched, if it still answers for `groupId` and `fields`. */
  peek(urn: string | undefined, groupId: string, fields: readonly string[]): LiveMembers | undefined {
    const entry = this.#usable(urn, groupId, fields);
    return entry === undefined ? undefined : decodeLive(entry.text);
  }

  /**
   * What a read for `urn` fetched, once, if it still answers for `groupId` and `fields`: the diff of
   * a step reads the group, and its apply a moment later plans from that read.
   */
  take(urn: string | undefined, groupId: string, fields: readonly string[]): LiveRead | undefined {
    const entry = this.#usable(urn, groupId, fields);
    if (entry !== undefined) this.#byUrn.delete(entry.key);
    return entry === undefined ? undefined : { info: entry.info, members: decodeLive(entry.text) };
  }

  #usable(
    urn: string | undefined,
    groupId: string,
    fields: readonly string[],
  ): (Entry & { key: string }) | undefined {
    for (const key of urn === undefined ? [groupKey(groupId)] : [urn, groupKey(groupId)]) {
      const entry = this.#check(this.#byUrn.get(key), groupId, fields);
      if (entry !== undefined) return { ...entry, key };
    }
    return undefined;
  }

  #check(entry: Entry | undefined, groupId: string, fields: readonly string[]): Entry | undefined {
    if (
      entry === undefined ||
      entry.groupId !== groupId ||
      entry.version !== this.#versions.of(groupId) ||
      Date.now() - entry.at > LIVE_READ_REUSE_MS ||
      !fields.every((field) => entry.fields.has(field))
    ) {
      return undefined;
    }
    return entry;
  }
}
