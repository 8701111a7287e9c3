/**
 * Change model → plain text for a terminal or a CI log: one block per group, one line per changed
 * field (`name: "Ops (renamed)" → "Ops"`), member lists shortened like the Markdown ones.
 */
import type { ChangeReport, FieldChange, GroupChange } from "./model";
import { formatCount, printable, showValue } from "./values";
import {
  ACTION_WORD,
  groupCounts,
  groupsInOrder,
  lossWarning,
  memberCounts,
  memberLists,
  memberTotals,
  ORIGIN_WORD,
  resourceOrigin,
  unmanagedHeadline,
} from "./wording";

/** Options of {@link renderText}. */
export interface TextOptions {
  /** Accounts listed per member list before "… and N more" (default 50). */
  maxAccounts?: number;
  /** Longest value shown, in characters (default 200). */
  maxValueLength?: number;
}

/** Renders the report for humans. */
export function renderText(report: ChangeReport, options: TextOptions = {}): string {
  const maxAccounts = options.maxAccounts ?? 50;
  const maxLength = options.maxValueLength ?? 200;
  const stack = report.stack ? ` in stack ${report.stack}` : "";
  const lines: string[] = [];
  if (report.errors.length > 0) {
    // First, because the rest may be incomplete when the preview failed.
    lines.push(`The preview failed (${report.errors.length} error${report.errors.length === 1 ? "" : "s"}):`);
    lines.push(...report.errors.map((e) => indent(e, "  ")), "");
  }
  if (report.groups.length === 0) {
    lines.push(report.mode === "drift" ? `No drift${stack}.` : `No group changes${stack}.`);
  } else {
    const members = memberTotals(report);
    lines.push(
      `${report.mode === "drift" ? "Drift" : "Changes"}${stack}: ${groupCounts(report)}${members ? `; members ${members}` : ""}`,
    );
  }
  if (report.summary.otherResources > 0) {
    lines.push(`${report.summary.otherResources} other resource(s) (not IM groups) also change.`);
  }
  for (const group of groupsInOrder(report))
    lines.push("", ...groupLines(report, group, maxAccounts, maxLength));
  const unmanaged = unmanagedHeadline(report);
  if (unmanaged !== undefined) {
    const listed = report.unmanaged!.groups;
    lines.push("", unmanaged);
    for (const group of listed.slice(0, maxAccounts)) {
      lines.push(`  ${printable(group.groupId)} (${group.type} ${printable(JSON.stringify(group.name))})`);
    }
    if (listed.length > maxAccounts) lines.push(`  … and ${formatCount(listed.length - maxAccounts)} more`);
  }
  return `${lines.join("\n")}\n`;
}

function groupLines(
  report: ChangeReport,
  group: GroupChange,
  maxAccounts: number,
  maxLength: number,
): string[] {
  const id = printable(group.previousGroupId ? `${group.previousGroupId} → ${group.groupId}` : group.groupId);
  const lines = [`${id}: ${ACTION_WORD[group.action]}`];
  const warning = lossWarning(group);
  if (warning) lines.push(`  !! ${warning}`);
  for (const resource of group.resources) {
    const origin = resource.origin ? ` (${resourceOrigin(resource)})` : "";
    lines.push(`  ${resource.kind} ${printable(resource.name)}: ${ACTION_WORD[resource.action]}${origin}`);
    for (const field of resource.fields) lines.push(`    ${fieldLine(report, field, maxLength)}`);
    if (resource.members) {
      lines.push(`    members: ${memberCounts(resource.members, report.mode)}`);
      for (const list of memberLists(resource.members, report.mode)) {
        const shown = list.items
          .slice(0, maxAccounts)
          .map((i) => (i.detail ? `${i.account} (${i.detail})` : i.account));
        const rest = list.items.length - shown.length;
        if (rest > 0) shown.push(`… and ${formatCount(rest)} more`);
        lines.push(`      ${list.title} (${formatCount(list.items.length)}): ${shown.join(", ")}`);
      }
      for (const note of resource.members.notes) lines.push(`    note: ${printable(note)}`);
    }
    for (const note of resource.notes) lines.push(`    note: ${printable(note)}`);
  }
  return lines;
}

function fieldLine(report: ChangeReport, field: FieldChange, maxLength: number): string {
  const name = printable(field.uncertain ? `${field.field} (secret, may differ)` : field.field);
  const change = `${showValue(field.before, { maxLength })} → ${showValue(field.after, { maxLength })}`;
  const cause = report.mode === "drift" && field.origin ? `  [${ORIGIN_WORD[field.origin]}]` : "";
  return `${name}: ${change}${cause}`;
}

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((line) => prefix + line)
    .join("\n");
}
