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
import type { GroupInfo } from "../client/types";
import { decodeCanonical, decodeLive, encodeLive, type LiveMembers, type MemberSet } from "./member-set";

const declaredBySummary = new Map<string, string>();
const liveByGroup = new Map<string, { text: string; info: GroupInfo; at: number }>();

/** How long a read stays good for the apply that follows it in the same command. */
export const LIVE_READ_REUSE_MS = 60_000;

/**
 * Keeps a declared set under its summary (what `check` returns as the `members` input), as its
 * canonical text (member-set.ts canonicalText, which `check` has already made for the summary).
 */
export function stashDeclared(summary: string, canonical: string): void {
  declaredBySummary.set(summary, canonical);
}

/** True when `check` kept a declared set under `summary` in this process (nothing decoded). */
export function hasStashedDeclared(summary: string): boolean {
  return declaredBySummary.has(summary);
}

/** The declared set `check` kept under `summary`, or undefined when this process never checked it. */
export function stashedDeclared(summary: string): MemberSet | undefined {
  const text = declaredBySummary.get(summary);
  return text === undefined ? undefined : decodeCanonical(text);
}

/** Keeps what a read (refresh or diff) fetched for a group: its members and base fields. */
export function stashLive(groupId: string, live: LiveMembers, info: GroupInfo): void {
  liveByGroup.set(groupId, { text: encodeLive(live), info, at: Date.now() });
}

/** The live members a read in this process fetched for `groupId`, if any. */
export function stashedLive(groupId: string): LiveMembers | undefined {
  const entry = liveByGroup.get(groupId);
  return entry === undefined ? undefined : decodeLive(entry.text);
}

/**
 * What a read fetched for `groupId` in the last {@link LIVE_READ_REUSE_MS}, once: the diff of a step
 * reads the group, and its apply a moment later plans from that read instead of asking again.
 */
export function takeLive(groupId: string): { members: LiveMembers; info: GroupInfo } | undefined {
  const entry = liveByGroup.get(groupId);
  liveByGroup.delete(groupId);
  if (entry === undefined || Date.now() - entry.at > LIVE_READ_REUSE_MS) return undefined;
  return { members: decodeLive(entry.text), info: entry.info };
}
