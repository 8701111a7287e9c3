/**
 * Words shared by the text and Markdown renderers, so both say the same thing the same way: action
 * names, drift causes, the member-list headings, and the order sections appear in.
 */
import {
  ACTION_RANK,
  type ChangeReport,
  type GroupChange,
  type MemberChange,
  type MemberChanges,
  type MemberEntry,
  type Origin,
  type ReportMode,
  type ResourceAction,
  type ResourceChange,
} from "./model";
import { formatCount, naturalCompare, plural, printable } from "./values";

/** How an action reads in a headline. */
export const ACTION_WORD: Record<ResourceAction, string> = {
  create: "create",
  adopt: "adopt",
  update: "update",
  replace: "REPLACE",
  delete: "DELETE",
  release: "RELEASE",
  gone: "GONE",
};

/** The cause column of a drift report. */
export const ORIGIN_WORD: Record<Origin, string> = {
  outside: "changed outside Pulumi",
  pending: "program change not applied yet",
  unknown: "cause unknown",
};

/** Drift: why a whole resource is created, deleted or gone. */
export function resourceOrigin(resource: ResourceChange): string {
  switch (resource.action) {
    case "gone":
      return "deleted outside Pulumi";
    case "create":
      return "in the program, not deployed yet";
    case "delete":
      return "removed from the program, not applied yet";
    case "adopt":
      return "in the program, not adopted yet";
    case "release":
      return "removed from the program, not released yet";
    default:
      return resource.origin ? ORIGIN_WORD[resource.origin] : "";
  }
}

/** One titled list of member accounts. */
export interface MemberList {
  /** What the accounts have in common, e.g. "Added". */
  title: string;
  /** The accounts (with role or change details already formatted by the caller's choice). */
  items: Array<{ account: string; detail?: string }>;
}

/**
 * The member lists of one change, in reading order. Review: added, removed, changed. Drift: by
 * what happened, e.g. "Declared, missing from the live group: removed outside Pulumi (up --refresh would add them back)". A plain `up` compares
 * the program with state, not with the live group, so only `up --refresh` undoes an outside change.
 */
export function memberLists(members: MemberChanges, mode: ReportMode): MemberList[] {
  const lists: MemberList[] = [];
  const byOrigin = <T extends MemberEntry | MemberChange>(
    entries: T[],
    titles: Record<Origin | "none", string>,
  ) => {
    for (const origin of ["outside", "pending", "unknown", "none"] as const) {
      const chosen = entries.filter((e) => (e.origin ?? "none") === origin);
      if (chosen.length > 0) lists.push({ title: titles[origin], items: chosen.map(item) });
    }
  };
  const item = (entry: MemberEntry | MemberChange) =>
    "fields" in entry
      ? {
          account: printable(entry.account),
          detail: printable(
            entry.fields.map((f) => `${f.field} ${show(f.before)} → ${show(f.after)}`).join(", "),
          ),
        }
      : { account: printable(entry.account), ...(entry.role === "Admin" && { detail: "Admin" }) };
  if (mode === "review") {
    byOrigin(members.added, same("Added"));
    byOrigin(members.removed, same("Removed"));
    byOrigin(members.changed, same("Changed"));
  } else {
    // Drift names the side each account is on: the live group or the declaration.
    byOrigin(members.added, {
      outside: `${DRIFT_SIDE.missing}: removed outside Pulumi (${DRIFT_UNDO.missing})`,
      pending: "Declared, not added yet (up adds them)",
      unknown: `${DRIFT_SIDE.missing} (${DRIFT_UNDO.missing})`,
      none: `${DRIFT_SIDE.missing} (${DRIFT_UNDO.missing})`,
    });
    byOrigin(members.removed, {
      outside: `${DRIFT_SIDE.undeclared}: added outside Pulumi (${DRIFT_UNDO.undeclared})`,
      pending: "Removed from the program, not applied yet (up removes them)",
      unknown: `${DRIFT_SIDE.undeclared} (${DRIFT_UNDO.undeclared})`,
      none: `${DRIFT_SIDE.undeclared} (${DRIFT_UNDO.undeclared})`,
    });
    byOrigin(members.changed, {
      outside: `${DRIFT_SIDE.differ}: changed outside Pulumi (${DRIFT_UNDO.differ})`,
      pending: "Changed in the program, not applied yet (up sets them)",
      unknown: `${DRIFT_SIDE.differ} (${DRIFT_UNDO.differ})`,
      none: `${DRIFT_SIDE.differ} (${DRIFT_UNDO.differ})`,
    });
  }
  return lists;
}

/** Drift: which side an account is on, as list titles and counts say it. */
const DRIFT_SIDE = {
  missing: "Declared, missing from the live group",
  undeclared: "On the live group, not declared",
  differ: "On the live group, differing from the declaration",
} as const;

/** Drift: what undoes it (a plain `up` compares the program with state, not with the live group). */
const DRIFT_UNDO = {
  missing: "up --refresh would add them back",
  undeclared: "up --refresh would remove them",
  differ: "up --refresh would set them as declared",
} as const;

function same(title: string): Record<Origin | "none", string> {
  return { outside: title, pending: title, unknown: title, none: title };
}

function show(value: { kind: string; value?: unknown }): string {
  switch (value.kind) {
    case "value":
      return typeof value.value === "string" ? value.value : JSON.stringify(value.value);
    case "secret":
      return "[secret]";
    case "unknown":
      return "(known after apply)";
    default:
      return "(not set)";
  }
}

/**
 * "3 → 4 members: 2 added, 1 removed" (parts with zero left out); "10 → 12 members: accounts not
 * listed" when only the counts are known; for a deleted member set, what happens to its members.
 * Drift names the sides instead: "live 214 members, declared 218: 4 declared, missing from the live
 * group (up --refresh would add them back)".
 */
export function memberCounts(members: MemberChanges, mode: ReportMode = "review"): string {
  const drift = mode === "drift" ? driftCounts(members) : undefined;
  if (drift !== undefined) return drift;
  if (members.onDelete === "kept") {
    const who =
      members.before === null
        ? "Its members stay"
        : `${plural(members.before, "member")} ${members.before === 1 ? "stays" : "stay"}`;
    return `${who} in the group (deleting a member set removes no one unless removeMembersOnDelete is set)`;
  }
  const parts = [
    members.added.length > 0 ? `${formatCount(members.added.length)} added` : "",
    members.removed.length > 0 ? `${formatCount(members.removed.length)} removed` : "",
    members.changed.length > 0 ? `${formatCount(members.changed.length)} changed` : "",
  ].filter(Boolean);
  const total =
    members.before !== null && members.after !== null
      ? `${formatCount(members.before)} → ${plural(members.after, "member")}`
      : "members";
  if (parts.length > 0) return `${total}: ${parts.join(", ")}`;
  if (members.onDelete === "group-deleted") return `${total}: removed with the group`;
  if (members.onDelete === "removed") return `${total}: all removed (removeMembersOnDelete)`;
  return `${total}: ${members.unlisted ? "accounts not listed" : "no account changes"}`;
}

/**
 * The drift wording of {@link memberCounts}, when accounts are listed; else undefined. Changes the
 * program made and `up` has not applied yet are counted apart: they are not drift.
 */
function driftCounts(members: MemberChanges): string | undefined {
  if (members.onDelete !== undefined) return undefined;
  const drifted = (entries: ReadonlyArray<{ origin?: Origin }>) =>
    entries.filter((e) => e.origin !== "pending").length;
  const side = (count: number, key: keyof typeof DRIFT_SIDE) =>
    count > 0 ? `${formatCount(count)} ${DRIFT_SIDE[key].toLowerCase()} (${DRIFT_UNDO[key]})` : "";
  const pending = [members.added, members.removed, members.changed]
    .flat()
    .filter((e) => e.origin === "pending").length;
  const parts = [
    side(drifted(members.added), "missing"),
    side(drifted(members.removed), "undeclared"),
    side(drifted(members.changed), "differ"),
    pending > 0 ? `${formatCount(pending)} program change(s) not applied yet (up applies them)` : "",
  ].filter(Boolean);
  if (parts.length === 0) return undefined;
  const counts =
    members.before !== null && members.after !== null
      ? `live ${plural(members.before, "member")}, ${formatCount(members.after)} after up --refresh: `
      : "";
  return `${counts}${parts.join("; ")}`;
}

/** Groups in reading order: the most consequential actions first, then by group id. */
export function groupsInOrder(report: ChangeReport): GroupChange[] {
  return [...report.groups].sort(
    (a, b) =>
      ACTION_RANK.indexOf(a.action) - ACTION_RANK.indexOf(b.action) || naturalCompare(a.groupId, b.groupId),
  );
}

/** "3 groups: 1 replace, 1 delete, 1 update" headline counts. */
export function groupCounts(report: ChangeReport): string {
  const parts = ACTION_RANK.filter((action) => report.summary.groups[action] > 0).map(
    (action) => `${formatCount(report.summary.groups[action])} ${actionNoun(action)}`,
  );
  return `${plural(report.groups.length, "group")}${parts.length > 0 ? ` (${parts.join(", ")})` : ""}`;
}

function actionNoun(action: ResourceAction): string {
  switch (action) {
    case "create":
      return "to create";
    case "update":
      return "to update";
    case "replace":
      return "to replace";
    case "delete":
      return "to delete";
    case "adopt":
      return "to adopt";
    case "release":
      return "to release";
    case "gone":
      return "gone";
  }
}

/** "10,003 added, 1 removed, 2 changed" over all groups, or "" when no member changes. */
export function memberTotals(report: ChangeReport): string {
  const { added, removed, changed } = report.summary.members;
  const parts = [
    added > 0 ? `${formatCount(added)} added` : "",
    removed > 0 ? `${formatCount(removed)} removed` : "",
    changed > 0 ? `${formatCount(changed)} changed` : "",
  ].filter(Boolean);
  return parts.join(", ");
}

/** Why a replacement or deletion matters, in one sentence. */
export function lossWarning(group: GroupChange): string | undefined {
  const replace = group.resources.find((r) => r.kind === "ImGroup" && r.action === "replace");
  if (replace) {
    const because =
      replace.replaceReasons.length > 0 ? ` because ${replace.replaceReasons.join(", ")} changed` : "";
    const target = group.previousGroupId ? ` and created again as ${group.groupId}` : " and created again";
    return `will be DESTROYED${target}${because}: its message history, members' join times and unread counts are lost.`;
  }
  const remove = group.resources.find((r) => r.kind === "ImGroup" && r.action === "delete");
  if (remove) return "will be DELETED with its message history and members.";
  const release = group.resources.find((r) => r.kind === "ImGroup" && r.action === "release");
  if (release) {
    return "will be RELEASED, not destroyed: the group stays live with its members and history, and this stack no longer manages it (onDelete: release).";
  }
  const gone = group.resources.find((r) => r.kind === "ImGroup" && r.action === "gone");
  if (gone) {
    // IM never reuses a destroyed group's id (docs/api-reference.md §7.2: 10021), so up cannot simply recreate it.
    return "was deleted outside Pulumi with its history. IM never reuses a destroyed group's id: give it a new groupId (or remove it from the program) before up.";
  }
  return undefined;
}

/** "3 live groups no resource of the stack manages" (with "within the filter" when one applied). */
export function unmanagedHeadline(report: ChangeReport): string | undefined {
  const unmanaged = report.unmanaged;
  if (unmanaged === undefined) return undefined;
  const within = unmanaged.filtered ? " (within the group filter)" : "";
  return unmanaged.groups.length === 0
    ? `No live group outside this stack${within}: every group is managed.`
    : `${plural(unmanaged.groups.length, "live group")} no resource of this stack manages${within}:`;
}
