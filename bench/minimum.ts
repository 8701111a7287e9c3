/**
 * The physical limit a scenario is compared with: the fewest API calls the per-call batch limits
 * allow for its work, and the time those calls need at the API's rate limit. The same definitions
 * are printed in the report header and written into the JSON.
 */

/** Per-call limits used for the minimum (docs/api-reference.md §9). */
export const PER_CALL = {
  add_group_member: 300,
  import_group_member: 500,
  delete_group_member: 100,
  get_group_info: 50,
} as const;

/** The IM service of the group commands; emulator stats key calls as `service/command`. */
const GROUP = "group_open_http_svc";

/** The work a scenario asks of the API, in the terms the minimum is defined on. */
export interface Work {
  /** Groups created with create_group. */
  creates?: number;
  /** Groups created with import_group (migration). */
  imports?: number;
  /** Members added with add_group_member, per group. */
  added?: number[];
  /** Members imported with import_group_member, per group. */
  imported?: number[];
  /** Members removed with delete_group_member, per group. */
  deleted?: number[];
  /**
   * Groups whose info is read, per the definition (⌈groups ÷ 50⌉ reads): the groups created,
   * refreshed, or whose members change.
   */
  groupReads?: number;
}

/** The definitions, as printed and as written to the JSON. */
export const DEFINITIONS = {
  minimumCalls:
    "one create_group or import_group per group created; ceil(members / per-call limit) member calls " +
    "per group changed (add_group_member 300, import_group_member 500, delete_group_member 100); " +
    "ceil(groups read / 50) get_group_info calls (a no-op up reads nothing); nothing else " +
    "(account checks and member listings are not in the minimum)",
  timeBound: "max over APIs of (minimum calls on that API / its rate limit in calls per second)",
  callRatio: "API calls made (all APIs, counted by the emulator) / minimum calls",
  engine:
    "wall time of the same CLI command on the same spec with a no-op dynamic provider " +
    "(bench/programs/noop): the Pulumi engine's own cost for the same resources",
  timeRatio: "wall time / max(time bound, engine time)",
  targets:
    "API calls <= 1.1 x minimum in every scenario (gating); refresh get_group_info <= 1.1 x ceil(groups/50) " +
    "(gating; at --parallel P < 50 the engine never has more than P reads open, so there the gating target " +
    "is <= 1.1 x ceil(groups/P)); wall time of create, migrate and change <= 1.5 x max(time bound, engine) " +
    "(reported, never gating)",
} as const;

/** Minimum calls per `service/command` for `work`. */
export function minimumCalls(work: Work): Record<string, number> {
  const min: Record<string, number> = {};
  const add = (command: string, calls: number) => {
    if (calls > 0) min[`${GROUP}/${command}`] = (min[`${GROUP}/${command}`] ?? 0) + calls;
  };
  add("create_group", work.creates ?? 0);
  add("import_group", work.imports ?? 0);
  const perGroup = (counts: number[] | undefined, limit: number) =>
    (counts ?? []).reduce((total, n) => total + Math.ceil(n / limit), 0);
  add("add_group_member", perGroup(work.added, PER_CALL.add_group_member));
  add("import_group_member", perGroup(work.imported, PER_CALL.import_group_member));
  add("delete_group_member", perGroup(work.deleted, PER_CALL.delete_group_member));
  add("get_group_info", Math.ceil((work.groupReads ?? 0) / PER_CALL.get_group_info));
  return min;
}

/** The time bound in seconds: the slowest API's minimum calls at `perSecond`. */
export function timeBoundSeconds(minimum: Record<string, number>, perSecond: number): number {
  return Math.max(0, ...Object.values(minimum).map((calls) => calls / perSecond));
}
