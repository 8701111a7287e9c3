/**
 * Each ImGroupMembers' declared member set, from its `check` to the `diff`, `create`, `update` and
 * `delete` that follow in the same provider process. Part of the {@link ProviderSession}
 * (session.ts): kept from a resource's check until the process ends.
 *
 * State holds only a summary of a set (member-set.ts), so the set travels here. Keyed by the
 * resource's URN — never by content alone: two resources may declare the same members, and the
 * engine also calls `diff` where nothing was checked (after a refresh, with the recorded inputs as
 * the new ones: docs/pulumi-notes.md §3.5), so a set found by its summary alone may be another
 * resource's. An entry answers only for its own URN *and* the summary its check returned.
 *
 * Kept as canonical text (≈14 bytes a member), decoded on use, so 100 sets of 10,000 members cost
 * tens of megabytes, not hundreds.
 */
import { decodeCanonical, type MemberSet } from "../members/member-set";

/** What one resource's check declared. */
export interface DeclaredEntry {
  /** The summary check returned as the `members` input (what diff and the applies receive). */
  readonly summary: string;
  /** The group the set is on (undefined while not known at preview). */
  readonly groupId: string | undefined;
  /** `authoritative` or `additive`. */
  readonly mode: "authoritative" | "additive";
  /**
   * The declared set as canonical text; undefined when the engine gave check the *recorded* summary
   * instead of the program's list (`ignoreChanges: ["members"]`): the members are then not managed
   * by this command, and the recorded summary stands.
   */
  readonly canonical: string | undefined;
}

/** Declared sets by resource URN. */
export class DeclaredSets {
  readonly #byUrn = new Map<string, DeclaredEntry>();

  /** Keeps what `check` of resource `urn` declared (replacing an earlier check of it). */
  keep(urn: string, entry: DeclaredEntry): void {
    this.#byUrn.set(urn, entry);
  }

  /**
   * What resource `urn`'s check declared, when that check returned `summary`; undefined when this
   * process never checked it or checked something else (the engine's diff after a refresh).
   */
  entry(urn: string | undefined, summary: unknown): DeclaredEntry | undefined {
    if (urn === undefined) return undefined;
    const entry = this.#byUrn.get(urn);
    return entry !== undefined && entry.summary === summary ? entry : undefined;
  }

  /** The declared set of resource `urn` (for `summary`), decoded; undefined as for {@link entry}. */
  members(urn: string | undefined, summary: unknown): MemberSet | undefined {
    const canonical = this.entry(urn, summary)?.canonical;
    return canonical === undefined ? undefined : decodeCanonical(canonical);
  }

  /** The other resources checked in this process that declare members of group `groupId`. */
  othersOn(groupId: string, urn: string | undefined): Array<{ urn: string; entry: DeclaredEntry }> {
    const found: Array<{ urn: string; entry: DeclaredEntry }> = [];
    for (const [other, entry] of this.#byUrn) {
      if (other !== urn && entry.groupId === groupId) found.push({ urn: other, entry });
    }
    return found;
  }

  /**
   * Accounts that sets checked in this process declare on group `groupId` — what the current
   * program claims, which a delete of another (or a replaced) resource must leave in place.
   */
  claimedOn(groupId: string): Set<string> {
    const claimed = new Set<string>();
    for (const entry of this.#byUrn.values()) {
      if (entry.groupId !== groupId || entry.canonical === undefined) continue;
      for (const account of decodeCanonical(entry.canonical).keys()) claimed.add(account);
    }
    return claimed;
  }
}
