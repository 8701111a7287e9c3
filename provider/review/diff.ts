/**
 * Preview JSON → change model. Pure: one function of the parsed document and the mode.
 *
 * Dynamic providers give the engine no detailed diff, so the fields that change are computed here
 * from the step's old and new inputs. In drift mode (a `preview --refresh`), a step's old inputs
 * are the live values and its new inputs the declared ones; the `refresh` step before it holds the
 * state recorded by the last update, which tells a change made outside Pulumi (live ≠ recorded)
 * from a program change not applied yet (live = recorded ≠ declared).
 */
import { IM_GROUP_FIELD_ORDER } from "../resources/group/im-group-fields";
import { deleteAction } from "../resources/group/im-group-rules";
import {
  type AdoptionReport,
  adoptionValues,
  decodeAdoptionDiagnostic,
  isAdoptionDiagnostic,
} from "./adoption-diagnostic";
import {
  collectMemberReports,
  type MemberReport,
  memberChangesOf,
  settleDeletedMembers,
} from "./member-changes";
import { isMemberDiagnostic } from "./member-diagnostic";
import type {
  ChangeReport,
  FieldChange,
  GroupChange,
  MemberChanges,
  Origin,
  ReportMode,
  ResourceAction,
  ResourceChange,
} from "./model";
import {
  IM_GROUP_MEMBERS_TYPE,
  IM_GROUP_TYPE,
  type PreviewJson,
  type PreviewState,
  type PreviewStep,
  parseUrn,
} from "./preview";
import { type Redactor, redactNothing } from "./redact";
import { compare, containsMarker, naturalCompare, own, showValue, toValue } from "./values";

/** Inputs never shown: the serialized provider stub and bookkeeping the program does not write. */
const HIDDEN_INPUTS = new Set(["groupIdAutoNamed", "secretInputs", "memberFields", "declaredAccounts"]);

/** Inputs the engine itself treats as internal (`__provider`, `__urn`): never shown. */
const isInternal = (key: string) => key.startsWith("__");

/**
 * ImGroupMembers inputs copied from its ImGroup (so `check` can apply per-type rules): their
 * changes belong to, and are shown on, the group.
 */
const GROUP_DERIVED_INPUTS = new Set(["groupType", "ownerAccount", "maxMemberCount", "groupCreateTime"]);

/**
 * Inputs in the order people read a group's profile (the ImGroup field table's order), then the
 * member set's; others follow alphabetically.
 */
const FIELD_ORDER: readonly string[] = [...IM_GROUP_FIELD_ORDER, "mode", "members"];

/** Steps of one replacement (with or without `--show-replacement-steps`). */
const REPLACE_OPS = new Set(["replace", "create-replacement", "delete-replaced"]);

/** Options of {@link buildReport}. */
export interface BuildOptions {
  /** Clears known secret values from diagnostics (see redact.ts). Default: no change. */
  redact?: Redactor;
}

/** Builds the change model of a preview. */
export function buildReport(
  preview: PreviewJson,
  mode: ReportMode,
  options: BuildOptions = {},
): ChangeReport {
  const redact = options.redact ?? redactNothing;
  const recorded = new Map<string, PreviewState>();
  for (const step of preview.steps) {
    if (step.op === "refresh" && step.oldState) recorded.set(step.urn, step.oldState);
  }

  const memberReports = collectMemberReports(
    preview.diagnostics,
    new Set(preview.steps.filter((step) => typeOf(step) === IM_GROUP_MEMBERS_TYPE).map((step) => step.urn)),
  );

  const adoptionReports = new Map<string, AdoptionReport>();
  for (const diagnostic of preview.diagnostics) {
    const report = diagnostic.urn !== undefined ? decodeAdoptionDiagnostic(diagnostic.message) : undefined;
    if (report !== undefined) adoptionReports.set(diagnostic.urn!, report);
  }

  const resources = new Map<string, { step: PreviewStep; change: ResourceChange }>();
  let otherResources = 0;
  let stack: string | undefined;
  let project: string | undefined;
  for (const step of collapseReplacements(preview.steps)) {
    const type = typeOf(step);
    const urn = parseUrn(step.urn);
    stack ??= urn.stack || undefined;
    project ??= urn.project || undefined;
    const stepAction = actionOf(step, recorded.has(step.urn), mode);
    if (stepAction === undefined) continue;
    const action = type === IM_GROUP_TYPE ? groupAction(step, stepAction) : stepAction;
    if (type !== IM_GROUP_TYPE && type !== IM_GROUP_MEMBERS_TYPE) {
      if (!type.startsWith("pulumi:")) otherResources++;
      continue;
    }
    resources.set(step.urn, {
      step,
      change: resourceChange(
        step,
        type,
        action,
        mode,
        recorded.get(step.urn),
        memberReports.get(step.urn),
        adoptionReports.get(step.urn),
      ),
    });
  }

  const groups = groupResources([...resources.values()]);
  for (const group of groups) {
    settleDeletions(group, resources);
    settleAdoptions(group);
  }
  const summary: ChangeReport["summary"] = {
    groups: { create: 0, adopt: 0, update: 0, replace: 0, delete: 0, release: 0, gone: 0 },
    members: { added: 0, removed: 0, changed: 0 },
    otherResources,
  };
  for (const group of groups) {
    summary.groups[group.action]++;
    for (const resource of group.resources) {
      summary.members.added += resource.members?.added.length ?? 0;
      summary.members.removed += resource.members ? removedCount(resource.members) : 0;
      summary.members.changed += resource.members?.changed.length ?? 0;
    }
  }
  const errors = [
    ...new Set(
      preview.diagnostics
        // A member report is data for the model, never a message to show, whatever its severity.
        .filter(
          (d) => d.severity === "error" && !isMemberDiagnostic(d.message) && !isAdoptionDiagnostic(d.message),
        )
        .map((d) => redact(d.message.replace(/^error:\s*/, "").trim()))
        .filter((message) => message !== "" && message !== "preview failed"),
    ),
  ];
  return {
    schemaVersion: 1,
    mode,
    ...(stack !== undefined && { stack }),
    ...(project !== undefined && { project }),
    groups,
    summary,
    errors,
    ...(mode === "drift" && { refreshed: recorded.size > 0 }),
  };
}

/** A step's resource type token. */
function typeOf(step: PreviewStep): string {
  return step.newState?.type ?? step.oldState?.type ?? parseUrn(step.urn).type;
}

/**
 * Deleted member sets, once their group's fate is known: members go with a group that is deleted
 * or replaced, are removed with `removeMembersOnDelete`, and otherwise stay in the group.
 */
function settleDeletions(
  group: GroupChange,
  resources: ReadonlyMap<string, { step: PreviewStep; change: ResourceChange }>,
): void {
  const profile = group.resources.find((r) => r.kind === "ImGroup");
  const groupDestroyed = profile?.action === "delete" || profile?.action === "replace";
  for (const resource of group.resources) {
    if (resource.kind !== "ImGroupMembers" || resource.action !== "delete" || !resource.members) continue;
    const inputs = resources.get(resource.urn)?.step.oldState?.inputs ?? {};
    settleDeletedMembers(resource.members, {
      removeMembersOnDelete: own(inputs, "removeMembersOnDelete") === true,
      groupDestroyed,
    });
  }
}

/**
 * A new member set of an adopted group takes over the live members: it is part of the adoption
 * (`adopt`), and what it changes is its member report against the live group, not its declared
 * settings (mode, guards), which change nothing on the group.
 */
function settleAdoptions(group: GroupChange): void {
  if (group.action !== "adopt") return;
  for (const resource of group.resources) {
    if (resource.kind !== "ImGroupMembers" || resource.action !== "create") continue;
    resource.action = "adopt";
    resource.fields = [];
  }
}

/**
 * Accounts a member set removes: those listed, or, when the accounts of a deleted set that removes
 * its members are not listed, its count.
 */
function removedCount(members: MemberChanges): number {
  if (members.unlisted && members.onDelete !== undefined && members.onDelete !== "kept") {
    return members.before ?? 0;
  }
  return members.removed.length;
}

/**
 * One step per resource: a replacement shown as create-replacement + replace + delete-replaced
 * becomes its `replace` step (which carries both states).
 */
function collapseReplacements(steps: readonly PreviewStep[]): PreviewStep[] {
  const replaced = new Map<string, PreviewStep>();
  for (const step of steps) {
    if (!REPLACE_OPS.has(step.op)) continue;
    const seen = replaced.get(step.urn);
    // Prefer the step that has both states (replace, create-replacement) over delete-replaced.
    if (seen === undefined || (!seen.newState && step.newState)) replaced.set(step.urn, step);
  }
  const out: PreviewStep[] = [];
  const emitted = new Set<string>();
  for (const step of steps) {
    if (REPLACE_OPS.has(step.op)) {
      if (emitted.has(step.urn)) continue;
      emitted.add(step.urn);
      out.push({ ...replaced.get(step.urn)!, op: "replace" });
    } else {
      out.push(step);
    }
  }
  return out;
}

/**
 * An ImGroup step's action as the group sees it: a create with `adopt: true` takes over a live
 * group (`adopt`), and a delete whose resource releases its group (resources/im-group-rules.ts
 * `deleteAction`) leaves the group live (`release`).
 */
function groupAction(step: PreviewStep, action: ResourceAction): ResourceAction {
  if (action === "create" && own(step.newState?.inputs ?? {}, "adopt") === true) return "adopt";
  if (action === "delete" && deleteAction(step.oldState?.inputs ?? {}) === "release") return "release";
  return action;
}

/** The action of a step, or undefined when it changes nothing (same, refresh, read, …). */
function actionOf(step: PreviewStep, wasRecorded: boolean, mode: ReportMode): ResourceAction | undefined {
  switch (step.op) {
    case "create":
      // After a refresh, a resource that was in state and is created again no longer exists live.
      return mode === "drift" && wasRecorded ? "gone" : "create";
    case "update":
      return "update";
    case "replace":
      return "replace";
    case "delete":
      return "delete";
    default:
      return undefined;
  }
}

function resourceChange(
  step: PreviewStep,
  type: string,
  action: ResourceAction,
  mode: ReportMode,
  recordedState: PreviewState | undefined,
  memberReport: MemberReport | undefined,
  adoptionReport: AdoptionReport | undefined,
): ResourceChange {
  const kind = type === IM_GROUP_TYPE ? "ImGroup" : "ImGroupMembers";
  const before =
    action === "create" || action === "adopt" || action === "gone" ? {} : (step.oldState?.inputs ?? {});
  const after = action === "delete" || action === "release" ? {} : (step.newState?.inputs ?? {});
  // Drift: updates and replaces compare live with the last recorded state to find each origin;
  // a resource that is gone changed outside Pulumi, a create or delete comes from the program.
  // Without a refresh step the old inputs are the recorded state itself: every difference is a
  // program change not applied yet.
  const compared =
    mode === "drift" && (action === "update" || action === "replace") && recordedState !== undefined;
  const recorded = compared ? (recordedState?.inputs ?? {}) : undefined;
  const wholeOrigin: Origin | undefined =
    mode !== "drift" || compared ? undefined : action === "gone" ? "outside" : "pending";
  const change: ResourceChange = {
    kind,
    name: parseUrn(step.urn).name,
    urn: step.urn,
    action,
    replaceReasons: [...(step.replaceReasons ?? [])].sort(fieldOrder),
    fields: [],
    notes: [],
    ...(wholeOrigin !== undefined && { origin: wholeOrigin }),
  };

  if (kind === "ImGroupMembers") {
    change.members = memberChangesOf({
      action,
      before: own(before, "members"),
      after: own(after, "members"),
      recorded: compared ? (own(recorded ?? {}, "members") ?? {}) : undefined,
      groupIds: plainGroupIds(step),
      report: memberReport,
    });
    if (wholeOrigin !== undefined) {
      for (const member of [...change.members.added, ...change.members.removed]) member.origin = wholeOrigin;
    }
  }
  if (action === "delete" || action === "gone" || action === "release") return change;
  if (action === "adopt") return adoptionChange(change, adoptionReport);

  const hidden = (key: string) =>
    isInternal(key) ||
    HIDDEN_INPUTS.has(key) ||
    (kind === "ImGroupMembers" &&
      (key === "members" ||
        GROUP_DERIVED_INPUTS.has(key) ||
        // A new member set's group id is the heading of its group already.
        (key === "groupId" && action === "create")));
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !hidden(k));
  const uncertain: FieldChange[] = [];
  for (const key of keys) {
    for (const { field, path } of fieldChanges([key], own(before, key), own(after, key))) {
      if (field.uncertain) uncertain.push(field);
      else change.fields.push(field);
      if (compared) field.origin = field.uncertain ? "unknown" : originOf(recorded, path, before);
      else if (wholeOrigin !== undefined) field.origin = wholeOrigin;
    }
  }
  const membersChanged =
    change.members !== undefined &&
    change.members.added.length + change.members.removed.length + change.members.changed.length > 0;
  if (uncertain.length > 0) {
    if (change.fields.length === 0 && !membersChanged && action === "update") {
      // The engine says the resource changes and nothing visible does: it must be a secret field.
      change.fields.push(...uncertain);
    } else {
      change.notes.push(`secret fields not compared: ${uncertain.map((f) => f.field).join(", ")}`);
    }
  }
  change.fields.sort((a, b) => fieldOrder(a.field, b.field));
  return change;
}

/**
 * An adoption's fields: what its first `up` changes on the live group, from the provider's
 * adoption report (review/adoption-diagnostic.ts), never the declared inputs (which would read as
 * if every field were written).
 */
function adoptionChange(change: ResourceChange, report: AdoptionReport | undefined): ResourceChange {
  if (report === undefined) {
    change.notes.push(
      "adopts a live group; this preview carries no adoption report, so what the first up changes on it is not known",
    );
    return change;
  }
  for (const entry of report.changes) {
    change.fields.push({
      field: entry.field,
      ...adoptionValues(entry),
      ...(change.origin !== undefined && { origin: change.origin }),
    });
  }
  if (report.changes.length === 0)
    change.notes.push("adopts the live group as it is: the first up writes nothing to it");
  return change;
}

/**
 * The changes of one input at `path`; a map input (e.g. appDefinedData) is compared key by key and
 * shown as `appDefinedData.key`. The path is kept beside the shown name because a key may itself
 * contain a dot.
 */
function fieldChanges(
  path: string[],
  before: unknown,
  after: unknown,
): Array<{ field: FieldChange; path: string[] }> {
  if (isPlainMap(before) && isPlainMap(after)) {
    const subkeys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(naturalCompare);
    return subkeys.flatMap((sub) => fieldChanges([...path, sub], own(before, sub), own(after, sub)));
  }
  const verdict = compare(before, after);
  if (verdict === "equal") return [];
  const field: FieldChange = { field: path.join("."), before: toValue(before), after: toValue(after) };
  // Secrets hide whether the plaintexts differ. A value only known after apply is reported as a
  // change (Pulumi does the same), unless both sides are unknown.
  if (verdict === "unknown" && (field.before.kind === "unknown") === (field.after.kind === "unknown")) {
    field.uncertain = true;
  }
  return [{ field, path }];
}

/** Drift origin of the field at `path`: changed since the last update (outside), or not applied (pending). */
function originOf(
  recorded: Record<string, unknown> | undefined,
  path: readonly string[],
  live: Record<string, unknown>,
): Origin {
  if (recorded === undefined) return "unknown";
  const pick = (source: Record<string, unknown>) =>
    path.reduce<unknown>((value, part) => (isPlainMap(value) ? own(value, part) : undefined), source);
  const verdict = compare(pick(recorded), pick(live));
  return verdict === "different" ? "outside" : verdict === "equal" ? "pending" : "unknown";
}

/**
 * Gathers resources into groups: an ImGroupMembers joins the ImGroup its `groupId` was computed
 * from (the engine records that as a property dependency), else the group with the same id.
 */
function groupResources(items: Array<{ step: PreviewStep; change: ResourceChange }>): GroupChange[] {
  const groups = new Map<string, { ids: { before?: string; after?: string }; resources: ResourceChange[] }>();
  const groupKeyById = new Map<string, string>();
  for (const { step, change } of items) {
    if (change.kind !== "ImGroup") continue;
    const ids = idsOf(step);
    for (const id of [ids.before, ids.after]) if (id !== undefined) groupKeyById.set(id, step.urn);
  }
  for (const { step, change } of items) {
    const ids = idsOf(step);
    const dependency = [
      ...(step.newState?.propertyDependencies?.groupId ?? []),
      ...(step.oldState?.propertyDependencies?.groupId ?? []),
    ].find((urn) => parseUrn(urn).type === IM_GROUP_TYPE);
    const key =
      change.kind === "ImGroup"
        ? step.urn
        : (dependency ??
          (ids.after !== undefined ? groupKeyById.get(ids.after) : undefined) ??
          (ids.before !== undefined ? groupKeyById.get(ids.before) : undefined) ??
          `id:${ids.after ?? ids.before ?? step.urn}`);
    const group = groups.get(key) ?? { ids: {}, resources: [] };
    // The ImGroup's own ids win; a member set supplies them when its group does not change.
    if (change.kind === "ImGroup" || (group.ids.after === undefined && group.ids.before === undefined)) {
      group.ids = ids;
    }
    group.resources.push(change);
    groups.set(key, group);
  }
  const result: GroupChange[] = [...groups.values()].map(({ ids, resources }) => {
    resources.sort((a, b) =>
      a.kind !== b.kind ? (a.kind === "ImGroup" ? -1 : 1) : naturalCompare(a.name, b.name),
    );
    // The group's own resource says what happens to the group; when only its member set changes
    // (even a member set created or deleted), the group itself is updated.
    const own = resources.find((r) => r.kind === "ImGroup");
    const action = own?.action ?? "update";
    return {
      groupId: ids.after ?? ids.before ?? "(unknown group)",
      ...(ids.before !== undefined && ids.after !== undefined && ids.before !== ids.after
        ? { previousGroupId: ids.before }
        : {}),
      action,
      resources,
    };
  });
  return result.sort(
    (a, b) =>
      naturalCompare(a.groupId, b.groupId) || naturalCompare(a.resources[0]!.urn, b.resources[0]!.urn),
  );
}

/** The group ids of a step that are plain text (not secret, not unknown). */
function plainGroupIds(step: PreviewStep): string[] {
  return [step.oldState?.inputs, step.newState?.inputs]
    .map((inputs) => (inputs ? own(inputs, "groupId") : undefined))
    .filter((id): id is string => typeof id === "string" && !containsMarker(id));
}

/** The group id a step talks about, before and after, as display text. */
function idsOf(step: PreviewStep): { before?: string; after?: string } {
  const show = (raw: unknown) => {
    if (raw === undefined || raw === null) return undefined;
    const value = toValue(raw);
    return value.kind === "value" && typeof value.value === "string" ? value.value : showValue(value);
  };
  const before = step.op === "create" ? undefined : show(step.oldState?.inputs?.groupId);
  const after = step.op === "delete" ? undefined : show(step.newState?.inputs?.groupId);
  return { ...(before !== undefined && { before }), ...(after !== undefined && { after }) };
}

function fieldOrder(a: string, b: string): number {
  const rank = (field: string) => {
    const index = FIELD_ORDER.indexOf(field.split(".")[0]!);
    return index < 0 ? FIELD_ORDER.length : index;
  };
  return rank(a) - rank(b) || naturalCompare(a, b);
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
