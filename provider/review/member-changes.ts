/**
 * Where a member set's change comes from. State keeps a summary of each member set
 * (`"10,000 members · 1f2e3d4c5b6a"`) rather than the member map, so a step's inputs no longer tell
 * which accounts change. Sources, best first:
 *
 * 1. the provider's member report: a diagnostic on the ImGroupMembers URN (member-diagnostic.ts),
 *    emitted by `check` for a new member set and by `diff` for an update when the preview ran with
 *    `IMGROUPS_MEMBER_REPORT=1`;
 * 2. member maps in the step's inputs (state and previews of releases before the summary), diffed
 *    by account (members.ts);
 * 3. the summaries alone: counts only, with a note that says why the accounts are not listed.
 *
 * A secret or unknown member set is never itemised from a report: the accounts of a secret set
 * are secret too, and must not reach a pull-request comment because a provider reported them.
 */
import { MEMBER_REPORT_ENV, type MemberDiagnostic, readMemberDiagnostic } from "./member-diagnostic";
import { diffMembers } from "./members";
import type { MemberChanges, ResourceAction } from "./model";
import type { PreviewDiagnostic } from "./preview";
import { containsMarker } from "./values";

/** What the member reports of a preview said about one member set. */
export interface MemberReport {
  /** The last readable report. */
  diagnostic?: MemberDiagnostic;
  /** Why reports were ignored (malformed, oversized, contradicting an earlier one). */
  problems: string[];
}

/** Why accounts are not listed when a member set changes and the preview has no member report. */
export const NO_MEMBER_REPORT_NOTE =
  "accounts are not listed: this preview has no member report (it was run without " +
  `${MEMBER_REPORT_ENV}=1, which imgroups-drift and imgroups-review set)`;

/**
 * The member reports of a preview by URN, for the member sets in `urns` only (a report on anything
 * else is never decoded). When a member set has several, the last readable one counts.
 */
export function collectMemberReports(
  diagnostics: readonly PreviewDiagnostic[],
  urns: ReadonlySet<string>,
): Map<string, MemberReport> {
  const reports = new Map<string, MemberReport & { message?: string }>();
  for (const { urn, message } of diagnostics) {
    if (urn === undefined || !urns.has(urn)) continue;
    const reading = readMemberDiagnostic(message);
    if (reading === undefined) continue;
    const report = reports.get(urn) ?? { problems: [] };
    reports.set(urn, report);
    if ("problem" in reading) {
      report.problems.push(`a member report was ignored: ${reading.problem}`);
      continue;
    }
    const text = message.trim();
    if (report.message !== undefined && report.message !== text) {
      report.problems.push(
        "the provider reported this member set's change more than once, differently: the last report is shown",
      );
    }
    report.diagnostic = reading.diagnostic;
    report.message = text;
  }
  return new Map([...reports].map(([urn, { diagnostic, problems }]) => [urn, { diagnostic, problems }]));
}

/** Everything {@link memberChangesOf} needs about one ImGroupMembers step. */
export interface MemberSource {
  /** What the step does. */
  action: ResourceAction;
  /** The `members` input before (live in drift, recorded in review); absent for creates. */
  before: unknown;
  /** The declared `members` input; absent for deletes. */
  after: unknown;
  /** Drift: the `members` input the last update recorded, to tell each difference's origin. */
  recorded?: unknown;
  /** The member set's group ids as plain text (before and after), to check a report is about it. */
  groupIds: readonly string[];
  /** The preview's member reports for this member set. */
  report?: MemberReport;
}

/** The member change of one step, from the best source available (see the module comment). */
export function memberChangesOf(source: MemberSource): MemberChanges {
  const { action, before, after, recorded, report } = source;
  if (containsMarker(before) || containsMarker(after)) {
    // Secret or known only after apply: the diff says so in its notes, and lists nobody.
    return diffMembers(before, after, recorded);
  }
  const problems = [...(report?.problems ?? [])];
  const reported = report?.diagnostic;
  // Deletes are never reported (nothing is planned for the members); a report on one is ignored.
  if (reported !== undefined && action !== "delete") {
    if (source.groupIds.length === 0 || source.groupIds.includes(reported.groupId)) {
      return {
        added: reported.added,
        removed: reported.removed,
        changed: reported.changed,
        before: reported.before,
        after: reported.after,
        notes: [...problems, ...reported.notes],
      };
    }
    problems.push("a member report was ignored: it is about another group");
  }
  if (isMemberMap(before) && isMemberMap(after)) {
    const changes = diffMembers(before, after, recorded);
    return { ...changes, notes: [...problems, ...changes.notes] };
  }
  return countsOnly(action, before, after, problems);
}

/**
 * A member set whose inputs are summaries (or a summary on one side and a member map on the
 * other, right after the upgrade): its counts, and why no account is listed.
 */
function countsOnly(
  action: ResourceAction,
  before: unknown,
  after: unknown,
  problems: string[],
): MemberChanges {
  const notes = [...problems];
  const b = memberCount(before, notes);
  const a = memberCount(after, notes);
  const changes: MemberChanges = { added: [], removed: [], changed: [], before: b, after: a, notes };
  // Equal summaries (their hash covers every member's spec): the member set does not change.
  if (typeof before === "string" && before === after) return changes;
  changes.unlisted = true;
  // A delete's accounts are never reported; settleDeletedMembers says what happens to them.
  if (action !== "delete" && problems.length === 0) notes.push(NO_MEMBER_REPORT_NOTE);
  return changes;
}

/**
 * Members counted from a `members` input: a map or list, a summary (`"10,000 members · 1f2e3d4c5b6a"`),
 * or nothing (0). Null, with a note, for a text that is not a summary.
 */
export function memberCount(raw: unknown, notes: string[]): number | null {
  if (raw === undefined || raw === null) return 0;
  if (Array.isArray(raw)) return raw.length;
  if (typeof raw === "object") return Object.keys(raw).length;
  const match = typeof raw === "string" ? /^(\d{1,3}(?:,\d{3})+|\d+) members?\b/.exec(raw) : null;
  if (match === null) {
    if (!notes.includes(UNEXPECTED_SUMMARY)) notes.push(UNEXPECTED_SUMMARY);
    return null;
  }
  return Number(match[1]!.replace(/,/g, ""));
}

const UNEXPECTED_SUMMARY = "a member summary in the preview has an unexpected form: the count is not known";

/**
 * Settles what deleting a member set does to its members, once its group's fate is known: they go
 * with the group when it is deleted or replaced (the old group is destroyed), are removed when
 * `removeMembersOnDelete` is set, and otherwise stay — then none is listed or counted as removed.
 */
export function settleDeletedMembers(
  members: MemberChanges,
  facts: { removeMembersOnDelete: boolean; groupDestroyed: boolean },
): void {
  members.onDelete = facts.groupDestroyed
    ? "group-deleted"
    : facts.removeMembersOnDelete
      ? "removed"
      : "kept";
  if (members.onDelete === "kept") {
    members.removed = [];
    delete members.unlisted;
    return;
  }
  if (members.unlisted)
    members.notes.push("the accounts are not listed: state records a summary of the members");
}

/** A `members` input that is a member map or list (or absent), as releases before the summary wrote it. */
function isMemberMap(raw: unknown): boolean {
  return raw === undefined || raw === null || typeof raw === "object";
}
