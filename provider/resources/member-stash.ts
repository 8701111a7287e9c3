/**
 * Member sets kept in the provider process between the calls of one command. State holds only a
 * summary of each set (member-set.ts), so the sets travel here instead:
 * - the **declared** set, from `check` to the `diff`, `create` and `update` of the same resource:
 *   the engine always checks a resource before it diffs or applies it, in the same provider process,
 *   within one command; keyed by the summary `check` returned, which is what those calls receive;
 * - the **live** set a `read` fetched, for the `diff` that follows it in a `preview --refresh` or
 *   `up --refresh` (so drift is computed without reading the group twice).
 * Kept as canonical text (≈14 bytes a member), decoded on use, so 100 sets of 10,000 members cost
 * tens of megabytes, not hundreds.
 */
import {
  canonicalText,
  decodeCanonical,
  decodeLive,
  encodeLive,
  type LiveMembers,
  type MemberSet,
  type MemberSpec,
} from "./member-set";

const declaredBySummary = new Map<string, string>();
const liveByGroup = new Map<string, string>();

/** Keeps a declared set under its summary (what `check` returns as the `members` input). */
export function stashDeclared(summary: string, members: ReadonlyMap<string, MemberSpec>): void {
  declaredBySummary.set(summary, canonicalText(members));
}

/** The declared set `check` kept under `summary`, or undefined when this process never checked it. */
export function stashedDeclared(summary: string): MemberSet | undefined {
  const text = declaredBySummary.get(summary);
  return text === undefined ? undefined : decodeCanonical(text);
}

/** Keeps the live members a read fetched for a group. */
export function stashLive(groupId: string, live: LiveMembers): void {
  liveByGroup.set(groupId, encodeLive(live));
}

/** The live members a read in this process fetched for `groupId`, if any. */
export function stashedLive(groupId: string): LiveMembers | undefined {
  const text = liveByGroup.get(groupId);
  return text === undefined ? undefined : decodeLive(text);
}

/** Forgets what a read fetched (after an apply changed the group). */
export function forgetLive(groupId: string): void {
  liveByGroup.delete(groupId);
}
