/**
 * What a report means for a CI job: the drift tool's exit status is decided here, from the model
 * alone, so the rule is unit-tested and the same for a live run and a saved preview.
 */
import type { ChangeReport, Origin, ResourceChange } from "./model";

/** Exit codes of the tools. Pulumi uses one non-zero code for both errors and changes; these do not. */
export const EXIT = {
  /** No drift (drift) / summary written (review). */
  ok: 0,
  /** Broken configuration, CLI failure, unreadable input. */
  error: 1,
  /** Drift found. */
  drift: 2,
} as const;

/** Options of {@link hasDrift}. */
export interface DriftOptions {
  /**
   * Count only differences made outside Pulumi (or of unknown cause): program changes that were
   * not applied yet are reported but do not fail the check. Default false: any difference between
   * live and declared fails it.
   */
  ignorePending?: boolean;
}

/** True when the report shows live groups that differ from the program. */
export function hasDrift(report: ChangeReport, options: DriftOptions = {}): boolean {
  const counts = (origin: Origin | undefined) => !options.ignorePending || origin !== "pending";
  return report.groups.some((group) => group.resources.some((resource) => resourceDrifts(resource, counts)));
}

function resourceDrifts(resource: ResourceChange, counts: (origin: Origin | undefined) => boolean): boolean {
  if (resource.origin !== undefined) return counts(resource.origin);
  const members = resource.members;
  const origins = [
    ...resource.fields.map((f) => f.origin),
    ...(members ? [...members.added, ...members.removed, ...members.changed].map((m) => m.origin) : []),
  ];
  // A change the model cannot itemise (secret member data) still differs: it counts.
  return origins.length === 0 || origins.some(counts);
}

/** The JSON report: the model as is, keys in the model's order, two-space indented. */
export function renderJson(report: ChangeReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
