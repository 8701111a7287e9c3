/**
 * What a member set's change is, exactly, and how a reader sees it: the accounts added, removed
 * and changed between a declaration and the live group (the review's `MemberChanges` model), a
 * short message for the preview (long lists summarised as the review command does), and its
 * delivery as a diagnostic on the resource (process/engine-log.ts).
 */

import { encodeMemberDiagnostic, memberReportRequested } from "../../review/member-diagnostic";
import type { FieldChange, MemberChanges, MemberEntry, Origin } from "../../review/model";
import { naturalCompare, toValue } from "../../review/values";
import { logOnResource } from "../process/engine-log";
import { MEMBER_FIELD_NAMES } from "./im-group-members-fields";
import { needsModify } from "./im-group-members-rules";
import { comparable, type LiveMember, liveThrough, type MemberSpec } from "./member-set";

/**
 * Accounts a preview message lists per kind of change before summarising the rest: a 1% change of
 * a 10,000-member ChatRoom is named in full, in a few dozen lines.
 */
export const LISTED_ACCOUNTS = 100;

/** Width the account lists are wrapped at. */
const LINE_WIDTH = 100;

/**
 * The change that applying `declared` to `live` makes, per account. `origin` (drift mode) is given
 * to every entry: changed outside Pulumi, a program change not applied yet, or unknown.
 */
export function memberChanges(
  declared: ReadonlyMap<string, MemberSpec>,
  live: ReadonlyMap<string, LiveMember>,
  mode: "authoritative" | "additive",
  origin?: Origin,
): MemberChanges {
  const withOrigin = <T extends object>(entry: T): T => (origin === undefined ? entry : { ...entry, origin });
  const added: MemberEntry[] = [];
  const removed: MemberEntry[] = [];
  const changed: MemberChanges["changed"] = [];
  let before = 0;
  for (const [account, member] of live) {
    if (member.role === "Owner") continue;
    const spec = declared.get(account);
    if (spec === undefined) {
      if (mode === "authoritative") {
        before++;
        removed.push(withOrigin({ account, ...(member.role === "Admin" && { role: "Admin" }) }));
      }
      continue;
    }
    before++;
    if (needsModify(spec, member)) changed.push(withOrigin({ account, fields: fieldChanges(spec, member) }));
  }
  for (const [account, spec] of declared) {
    if (!live.has(account))
      added.push(withOrigin({ account, ...(spec.role === "Admin" && { role: "Admin" }) }));
  }
  const byAccount = (a: { account: string }, b: { account: string }) => naturalCompare(a.account, b.account);
  return {
    added: added.sort(byAccount),
    removed: removed.sort(byAccount),
    changed: changed.sort(byAccount),
    before,
    after: before + added.length - removed.length,
    notes: [],
  };
}

/** The fields of one present member that differ (custom data per key, `appMemberDefinedData.<key>`). */
function fieldChanges(spec: MemberSpec, live: LiveMember): FieldChange[] {
  const want = comparable(spec);
  const have = liveThrough(live, spec);
  const changes: FieldChange[] = [];
  for (const field of MEMBER_FIELD_NAMES) {
    if (field === "appMemberDefinedData") {
      for (const [key, value] of want.appMemberDefinedData ?? []) {
        const current = have.appMemberDefinedData?.get(key);
        if (current !== value)
          changes.push({ field: `${field}.${key}`, before: toValue(current), after: toValue(value) });
      }
      continue;
    }
    const after = field === "role" ? (want.role ?? "Member") : want[field];
    const before = field === "role" ? (have.role ?? "Member") : have[field];
    if (after !== undefined && after !== before)
      changes.push({ field, before: toValue(before), after: toValue(after) });
  }
  return changes;
}

/**
 * The short text a preview shows for a member set's change; with `listAccounts` false (a secret
 * member set) only the counts.
 */
export function describeMemberChanges(
  groupId: string,
  changes: MemberChanges,
  verb = "would change",
  listAccounts = true,
): string {
  const { added, removed, changed } = changes;
  if (added.length + removed.length + changed.length === 0) {
    return `members of group ${groupId}: no member changes (${count(changes.after)} managed)`;
  }
  const lines = [
    `members of group ${groupId} ${verb}: ${added.length} added, ${removed.length} removed, ` +
      `${changed.length} changed (${count(changes.before)} → ${count(changes.after)})`,
  ];
  if (!listAccounts) return `${lines[0]}; the member set is secret, so no account is listed`;
  if (added.length > 0)
    lines.push(
      ...listed(
        "+",
        added.map((e) => JSON.stringify(e.account)),
      ),
    );
  if (removed.length > 0)
    lines.push(
      ...listed(
        "-",
        removed.map((e) => JSON.stringify(e.account)),
      ),
    );
  if (changed.length > 0) {
    const shown = changed.map(
      (c) =>
        `${JSON.stringify(c.account)} (${c.fields
          .map((f) => `${f.field} ${shownValue(f.before)} → ${shownValue(f.after)}`)
          .join(", ")})`,
    );
    lines.push(...listed("~", shown));
  }
  return lines.join("\n");
}

/**
 * Reports a member set's change on its resource (preview and apply alike): the text for people,
 * and — when the review or drift command asked for it (IMGROUPS_MEMBER_REPORT=1) — the exact change
 * for them to read back from the preview's JSON (review/member-diagnostic.ts). A secret member set
 * is reported by counts only, and never in the machine form (the preview JSON would carry it).
 */
export async function reportMemberChanges(
  urn: string | undefined,
  groupId: string,
  changes: MemberChanges,
  options: { verb?: string; secret?: boolean } = {},
): Promise<void> {
  const secret = options.secret === true;
  await logOnResource(urn, describeMemberChanges(groupId, changes, options.verb, !secret));
  if (secret || !memberReportRequested()) return;
  const { added, removed, changed, before, after, notes } = changes;
  const known = <T extends { origin?: string }>(entry: T): T => {
    // Drift mode: an unknown origin is left out (the report then counts it as drift).
    if (entry.origin !== "unknown") return entry;
    const { origin: _, ...rest } = entry;
    return rest as T;
  };
  await logOnResource(
    urn,
    encodeMemberDiagnostic({
      groupId,
      added: added.map(known),
      removed: removed.map(known),
      changed: changed.map(known),
      before,
      after,
      notes,
    }),
  );
}

/** Items after a `+`/`-`/`~` mark, wrapped at {@link LINE_WIDTH}, the rest summarised. */
function listed(mark: string, items: readonly string[]): string[] {
  const lines: string[] = [];
  let line = mark;
  for (const item of items.slice(0, LISTED_ACCOUNTS)) {
    const piece = line === mark ? ` ${item}` : `, ${item}`;
    if (line !== mark && line.length + piece.length > LINE_WIDTH) {
      lines.push(`${line},`);
      line = `${mark} ${item}`;
    } else line += piece;
  }
  lines.push(line + more(items.length));
  return lines;
}

function more(total: number): string {
  return total > LISTED_ACCOUNTS ? ` … and ${(total - LISTED_ACCOUNTS).toLocaleString("en-US")} more` : "";
}

function count(value: number | null): string {
  return value === null ? "?" : value.toLocaleString("en-US");
}

function shownValue(value: FieldChange["before"]): string {
  return value.kind === "value"
    ? JSON.stringify(value.value)
    : value.kind === "absent"
      ? "(none)"
      : `[${value.kind}]`;
}
