/**
 * Change model → Markdown, for a pull-request comment or a drift report file.
 *
 * Deterministic (sorted, no timestamps, locale-free numbers) so the output can be compared with a
 * file, and bounded: the result never exceeds `budget` characters (GitHub refuses comments over
 * 65,536). To fit, member lists are shortened step by step ("… and 9,990 more"), then whole group
 * sections are left out from the least consequential end, each step saying what was left out.
 */
import type { ChangeReport, FieldChange, GroupChange, ResourceChange } from "./model";
import { formatCount as count, printable, showValue, type Value } from "./values";
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

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** Largest output in characters (default 65,000: under GitHub's 65,536 comment limit). */
  budget?: number;
  /** Accounts listed per member list before "… and N more" (default 50). */
  maxAccounts?: number;
  /** Heading text; default names the mode and the stack. */
  title?: string;
  /** Longest value shown in a table cell, in characters (default 120). */
  maxValueLength?: number;
}

/** Defaults of {@link MarkdownOptions}, in one place. */
export const MARKDOWN_DEFAULTS = { budget: 65_000, maxAccounts: 50, maxValueLength: 120 } as const;

/** Renders the report as Markdown no longer than the budget. */
export function renderMarkdown(report: ChangeReport, options: MarkdownOptions = {}): string {
  const budget = Math.max(200, options.budget ?? MARKDOWN_DEFAULTS.budget);
  const start = Math.max(0, options.maxAccounts ?? MARKDOWN_DEFAULTS.maxAccounts);
  // Fewer accounts per list first: the counts stay, only the names go.
  const steps = [...new Set([start, 20, 10, 5, 1, 0].filter((n) => n <= start))];
  let text = "";
  for (const maxAccounts of steps) {
    text = compose(report, { ...options, maxAccounts }, budget, false);
    if (text.length <= budget) return text;
  }
  // Then whole groups, from the least consequential end.
  text = compose(report, { ...options, maxAccounts: 0 }, budget, true);
  return text.length <= budget ? text : cutLines(text, budget);
}

/** Last resort for a tiny budget: whole lines up to the budget, then a note that says so. */
function cutLines(text: string, budget: number): string {
  const note = `\n\n_… cut to fit ${budget} characters._\n`;
  const kept: string[] = [];
  let length = note.length;
  for (const line of text.split("\n")) {
    if (length + line.length + 1 > budget) break;
    kept.push(line);
    length += line.length + 1;
  }
  return `${kept.join("\n")}${note}`.slice(0, budget);
}

interface ComposeOptions extends MarkdownOptions {
  maxAccounts: number;
}

function compose(report: ChangeReport, options: ComposeOptions, budget: number, dropGroups: boolean): string {
  const head = header(report, options);
  const ordered = groupsInOrder(report);
  const sections = ordered.map((group) => section(report, group, options));
  const tail = footer(report);
  if (!dropGroups) return [head, ...sections, tail].filter(Boolean).join("\n");

  const kept: string[] = [];
  // Room for the "left out" line, which names up to 20 groups.
  let length = head.length + tail.length + 300 + 20 * 60;
  for (const [index, text] of sections.entries()) {
    if (length + text.length + 1 > budget) {
      const left = ordered.slice(index).map((group) => code(group.groupId));
      const named = left.length > 20 ? `${left.slice(0, 20).join(", ")}, …` : left.join(", ");
      kept.push(
        `_… ${left.length} more group section(s) left out to stay under ${budget} characters: ${named}. The JSON report lists every change._\n`,
      );
      break;
    }
    kept.push(text);
    length += text.length + 1;
  }
  return [head, ...kept, tail].filter(Boolean).join("\n");
}

function header(report: ChangeReport, options: ComposeOptions): string {
  const stack = report.stack ? ` \`${report.stack}\`` : "";
  const title =
    options.title !== undefined
      ? escapeText(options.title)
      : report.mode === "drift"
        ? `IM groups: drift in stack${stack}`
        : `IM groups: preview of stack${stack}`;
  const lines = [`## ${title}`, ""];
  if (report.errors.length > 0) {
    lines.push(
      "> [!WARNING]",
      `> **The preview failed** (${report.errors.length} error${report.errors.length === 1 ? "" : "s"}); the changes below may be incomplete.`,
      "",
      "```text",
      ...report.errors.map((error) => error.replace(/```/g, "'''")),
      "```",
      "",
    );
  }
  if (report.groups.length === 0) {
    lines.push(
      report.mode === "drift" ? "No drift: every group matches the program." : "No group changes.",
      "",
    );
  } else {
    const members = memberTotals(report);
    lines.push(
      `**${report.mode === "drift" ? "Differ from the program" : "Changes"}:** ${groupCounts(report)}` +
        (members ? ` · members: ${members}` : ""),
      "",
    );
  }
  const unmanaged = unmanagedHeadline(report);
  if (unmanaged !== undefined) {
    const listed = report.unmanaged!.groups;
    lines.push(`**Unmanaged:** ${escapeText(unmanaged)}`, "");
    for (const group of listed.slice(0, options.maxAccounts)) {
      lines.push(`- ${code(group.groupId)} ${group.type} ${code(group.name)}`);
    }
    if (listed.length > options.maxAccounts) {
      lines.push(
        `- … and ${count(listed.length - options.maxAccounts)} more (the JSON report lists every one)`,
      );
    }
    if (listed.length > 0) lines.push("");
  }
  if (report.summary.otherResources > 0) {
    lines.push(`${report.summary.otherResources} other resource(s) (not IM groups) also change.`, "");
  }
  const warnings = groupsInOrder(report)
    .map((group) => ({ group, warning: lossWarning(group) }))
    .filter((w): w is { group: GroupChange; warning: string } => w.warning !== undefined);
  if (warnings.length > 0) {
    const shown = warnings.slice(0, 20);
    lines.push(
      "> [!CAUTION]",
      ...shown.map(
        ({ group, warning }) => `> - **${code(group.previousGroupId ?? group.groupId)}** ${warning}`,
      ),
    );
    if (warnings.length > shown.length) lines.push(`> - … and ${warnings.length - shown.length} more`);
    lines.push("");
  }
  return lines.join("\n");
}

function section(report: ChangeReport, group: GroupChange, options: ComposeOptions): string {
  const id = group.previousGroupId
    ? `${code(group.previousGroupId)} → ${code(group.groupId)}`
    : code(group.groupId);
  const loud = ["replace", "delete", "gone"].includes(group.action) ? "⚠️ " : "";
  const lines = [`### ${loud}${id}: ${ACTION_WORD[group.action]}`, ""];
  for (const resource of group.resources) lines.push(...resourceLines(report, resource, options));
  return lines.join("\n");
}

function resourceLines(report: ChangeReport, resource: ResourceChange, options: ComposeOptions): string[] {
  const origin = resource.origin ? ` (${resourceOrigin(resource)})` : "";
  const lines = [`**${resource.kind}** ${code(resource.name)}: ${ACTION_WORD[resource.action]}${origin}`, ""];
  if (resource.fields.length > 0) lines.push(...fieldTable(report, resource, options), "");
  if (resource.members) {
    lines.push(`Members: ${memberCounts(resource.members, report.mode)}`, "");
    for (const list of memberLists(resource.members, report.mode)) {
      const shown = list.items.slice(0, options.maxAccounts);
      const names = shown.map(
        (item) => `${code(item.account)}${item.detail ? ` (${escapeText(item.detail)})` : ""}`,
      );
      const rest = list.items.length - shown.length;
      if (rest > 0)
        names.push(shown.length > 0 ? `… and ${count(rest)} more` : `${count(rest)} accounts, not listed`);
      lines.push(`- ${list.title} (${count(list.items.length)}): ${names.join(", ")}`);
    }
    if (
      resource.members.added.length + resource.members.removed.length + resource.members.changed.length >
      0
    ) {
      lines.push("");
    }
    for (const note of resource.members.notes) lines.push(`_Note: ${escapeText(note)}._`, "");
  }
  for (const note of resource.notes) lines.push(`_Note: ${escapeText(note)}._`, "");
  return lines;
}

function fieldTable(report: ChangeReport, resource: ResourceChange, options: ComposeOptions): string[] {
  const drift = report.mode === "drift";
  const created = resource.action === "create";
  const max = options.maxValueLength ?? MARKDOWN_DEFAULTS.maxValueLength;
  const cell = (value: Value) => tableCell(value, max);
  if (created && !drift) {
    return [
      "| Field | Value |",
      "| --- | --- |",
      ...resource.fields.map((f) => `| ${escapeText(f.field)} | ${cell(f.after)} |`),
    ];
  }
  const header = drift ? "| Field | Live | Declared | Cause |" : "| Field | Before | After |";
  const rule = drift ? "| --- | --- | --- | --- |" : "| --- | --- | --- |";
  const row = (f: FieldChange) => {
    const name = escapeText(f.uncertain ? `${f.field} (secret, may differ)` : f.field);
    const replaces = resource.replaceReasons.includes(f.field) ? " **(forces replacement)**" : "";
    const cause = drift ? ` ${f.origin ? ORIGIN_WORD[f.origin] : ""} |` : "";
    return `| ${name}${replaces} | ${cell(f.before)} | ${cell(f.after)} |${cause}`;
  };
  return [header, rule, ...resource.fields.map(row)];
}

function tableCell(value: Value, max: number): string {
  if (value.kind !== "value") return `_${showValue(value)}_`;
  return code(showValue(value, { maxLength: max })).replace(/\|/g, "\\|");
}

function footer(report: ChangeReport): string {
  if (report.groups.length === 0) return "";
  return report.mode === "drift"
    ? "<sub>Live values come from `pulumi preview --refresh`; `pulumi up --refresh` sets every group back to the declared values (a plain `pulumi up` compares with state and changes nothing made outside Pulumi).</sub>\n"
    : "<sub>From `pulumi preview`. Secret values are never shown.</sub>\n";
}

/** An inline code span that survives backticks (and control characters) in the text. */
function code(raw: string): string {
  const text = printable(raw);
  const fence = text.includes("`") ? "``" : "`";
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

function escapeText(text: string): string {
  return printable(text).replace(/([\\`*_[\]<>|])/g, "\\$1");
}
