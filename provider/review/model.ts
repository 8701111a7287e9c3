/**
 * The change model both tools render: per IM group, what each of its resources (ImGroup,
 * ImGroupMembers) would do, which fields change from what to what, and which member accounts are
 * added, removed or changed. Plain data (JSON-serializable, no class instances) so the JSON report
 * is this model as is, and renderers are pure functions of it.
 */
import type { Value } from "./values";

/** Which tool built the report: drift (live vs declared) or review (current state vs program). */
export type ReportMode = "drift" | "review";

/**
 * What a resource's step does. `gone` (drift only): the resource was recorded in state but no
 * longer exists live, so `pulumi up` would create it again. `adopt`: an ImGroup with `adopt: true`
 * takes over an existing group (its fields are what the first `up` changes on the live group).
 * `release`: an ImGroup is deleted but its group is left live, no longer managed (`onDelete`,
 * release by default for adopted groups); `delete` of an ImGroup destroys the group.
 */
export type ResourceAction = "create" | "adopt" | "update" | "replace" | "delete" | "release" | "gone";

/**
 * Drift only: why a difference exists. `outside`: the live value changed since the last update
 * (someone edited the group outside Pulumi). `pending`: the program changed and was not applied
 * yet. `unknown`: cannot tell (secret values, or no recorded state to compare with).
 */
export type Origin = "outside" | "pending" | "unknown";

/** One changed input of a resource. */
export interface FieldChange {
  /** Input name; one level of a map input is flattened as `appDefinedData.key`. */
  field: string;
  /** Current value: the live one (drift) or the one in state (review). */
  before: Value;
  /** Declared value: what `pulumi up` would set. */
  after: Value;
  /** Drift only: why it differs. */
  origin?: Origin;
  /**
   * Both sides are secret (or unknown), so whether this field changes cannot be told; it is listed
   * because the resource changes and no other difference explains it.
   */
  uncertain?: boolean;
}

/** A member account that is added or removed. */
export interface MemberEntry {
  /** The account (UserID). */
  account: string;
  /** Its role, when known and not secret (`Admin`, `Member`). */
  role?: string;
  /** Drift only: why it differs. */
  origin?: Origin;
}

/** A member whose declared fields (role, name card, …) change. */
export interface MemberChange {
  /** The account (UserID). */
  account: string;
  /** Its changed fields (`role`, `nameCard`, `msgFlag`, `joinTime`, `unreadMsgNum`). */
  fields: FieldChange[];
  /** Drift only: why it differs. */
  origin?: Origin;
}

/** The member-set part of an ImGroupMembers change. All lists sorted by account (natural order). */
export interface MemberChanges {
  /** Accounts `pulumi up` would add (declared, not present). */
  added: MemberEntry[];
  /** Accounts `pulumi up` would remove (present, not declared). */
  removed: MemberEntry[];
  /** Accounts present on both sides whose fields change. */
  changed: MemberChange[];
  /** Managed members before (live or in state); null when secret or unknown. */
  before: number | null;
  /** Declared members after; null when secret or unknown. */
  after: number | null;
  /** Why the lists may be incomplete (secret or unknown member data), when they may be. */
  notes: string[];
  /**
   * Set when the accounts are not itemised although members may change: the lists are empty and
   * only the counts are known (`notes` say why, e.g. a preview saved without the member report).
   */
  unlisted?: true;
  /**
   * Delete only: what deleting the member set does to its members. `kept`: they stay in the group
   * (deleting an ImGroupMembers removes no one unless `removeMembersOnDelete`), so none is listed
   * as removed; `removed`: `removeMembersOnDelete` removes them; `group-deleted`: the group is
   * deleted too, and its members with it.
   */
  onDelete?: "kept" | "removed" | "group-deleted";
}

/** One resource's change. */
export interface ResourceChange {
  /** `ImGroup` or `ImGroupMembers`. */
  kind: "ImGroup" | "ImGroupMembers";
  /** The Pulumi resource name. */
  name: string;
  /** The full URN. */
  urn: string;
  /** What the step does. */
  action: ResourceAction;
  /** Inputs whose change forces the replacement (replace only). */
  replaceReasons: string[];
  /** Changed inputs (for create: the declared ones; empty for delete and gone). */
  fields: FieldChange[];
  /** Member changes (ImGroupMembers only). */
  members?: MemberChanges;
  /** Drift only: the origin of the resource-level action (`gone` is outside, create/delete pending). */
  origin?: Origin;
  /** Remarks that qualify the change (e.g. secret fields not compared). */
  notes: string[];
}

/** Everything that happens to one IM group. */
export interface GroupChange {
  /** The group id after the change (or before, for deletes); a marker text when secret or unknown. */
  groupId: string;
  /** The id before, when a replacement changes it. */
  previousGroupId?: string;
  /** What happens to the group: its ImGroup's action, or `update` when only members change. */
  action: ResourceAction;
  /** Its resources: the ImGroup first, then member sets by name. */
  resources: ResourceChange[];
}

/** Counts for headlines. */
export interface ReportSummary {
  /** Groups per most consequential action. */
  groups: Record<ResourceAction, number>;
  /** Member accounts added, removed and changed over all groups. */
  members: {
    /** Accounts added. */
    added: number;
    /** Accounts removed. */
    removed: number;
    /** Accounts whose fields change. */
    changed: number;
  };
  /** Resources of other types that change (not IM groups; not listed in detail). */
  otherResources: number;
}

/** A complete report: the JSON output is exactly this. */
export interface ChangeReport {
  /** Bumped when a field changes meaning. */
  schemaVersion: 1;
  /** drift or review. */
  mode: ReportMode;
  /** Stack name (from the URNs), when any resource was seen. */
  stack?: string;
  /** Project name (from the URNs), when any resource was seen. */
  project?: string;
  /** Changed groups, sorted by group id (natural order). */
  groups: GroupChange[];
  /** Counts. */
  summary: ReportSummary;
  /** Error messages of the preview (already cleared of known secret values). */
  errors: string[];
  /** Drift only: true when the comparison ran with refreshed (live) state. */
  refreshed?: boolean;
  /**
   * Drift only, when asked for (`imgroups-drift --unmanaged`): live groups of the app that no
   * resource of the stack manages, within the report's group filter.
   */
  unmanaged?: UnmanagedGroups;
}

/** Live groups no resource of the stack manages (review/unmanaged.ts). */
export interface UnmanagedGroups {
  /** The groups, sorted by id (natural order). */
  groups: Array<{
    /** The group id. */
    groupId: string;
    /** Its type. */
    type: string;
    /** Its name. */
    name: string;
  }>;
  /** True when a group filter narrowed the listing (`--filters`). */
  filtered: boolean;
}

/** Severity order of actions, most consequential first (also the order groups are ranked in). */
export const ACTION_RANK: readonly ResourceAction[] = [
  "replace",
  "delete",
  "gone",
  "release",
  "create",
  "adopt",
  "update",
];
