/**
 * A topology's filters: which live groups it covers. The exporter writes the filters it was given
 * into `topology.yaml`, and every tool that compares the topology with the live app (the drift
 * command's unmanaged-groups report) reads them back through {@link topologyFilters} and applies
 * {@link matchesFilters}: a filter honoured in one place only would report — or delete — what the
 * other skipped (the Peribolos lesson, kubernetes/test-infra#12054).
 */
import type { GroupType } from "../schemas/limits";

/**
 * Which groups a topology covers. A group is covered when it passes every filter given; with no
 * filters, every group of the app is.
 */
export interface TopologyFilters {
  /** Only groups of these types. */
  types?: GroupType[];
  /** Only groups whose id starts with this. */
  idPrefix?: string;
  /** Only groups whose id matches this regular expression (JavaScript syntax, `u` flag, unanchored). */
  idPattern?: string;
  /** Only groups whose name matches this regular expression (JavaScript syntax, `u` flag, unanchored). */
  namePattern?: string;
  /** Never these group ids (exact ids). */
  exclude?: string[];
}

/** What {@link matchesFilters} needs of a group: its id, type and name as the server reports them. */
export interface FilteredGroup {
  /** The group id. */
  groupId: string;
  /** The group type. */
  type: string;
  /** The group name; needed only when the filters have a `namePattern`. */
  name?: string;
}

/** The filter names, in the order messages and files list them. */
export const FILTER_NAMES = ["types", "idPrefix", "idPattern", "namePattern", "exclude"] as const;

/** A compiled pattern filter; invalid patterns are reported by {@link filterPatternProblems}. */
function pattern(source: string): RegExp {
  return new RegExp(source, "u");
}

/** True when the filters cover only part of the app (some filter is set). */
export function hasFilters(filters: TopologyFilters): boolean {
  return FILTER_NAMES.some((name) => filters[name] !== undefined);
}

/**
 * True when `group` is covered by `filters`. Throws when `namePattern` is set and the group's name
 * was not given (a caller that cannot know the name must read it, not guess).
 */
export function matchesFilters(group: FilteredGroup, filters: TopologyFilters): boolean {
  if (filters.types !== undefined && !(filters.types as string[]).includes(group.type)) return false;
  if (filters.idPrefix !== undefined && !group.groupId.startsWith(filters.idPrefix)) return false;
  if (filters.idPattern !== undefined && !pattern(filters.idPattern).test(group.groupId)) return false;
  if (filters.exclude?.includes(group.groupId)) return false;
  if (filters.namePattern !== undefined) {
    if (group.name === undefined) {
      throw new TypeError(
        `matchesFilters: group ${JSON.stringify(group.groupId)} needs its name: the filters have a namePattern`,
      );
    }
    if (!pattern(filters.namePattern).test(group.name)) return false;
  }
  return true;
}

/**
 * True when a group may be covered knowing only its id (and type, when given): every filter but
 * `namePattern`. The exporter uses it to skip reading groups the filters exclude anyway.
 */
export function mayMatchById(group: Omit<FilteredGroup, "name">, filters: TopologyFilters): boolean {
  return matchesFilters(group, { ...filters, namePattern: undefined });
}

/** The pattern filters that are not valid regular expressions: `[filter name, reason]`. */
export function filterPatternProblems(filters: TopologyFilters): Array<[keyof TopologyFilters, string]> {
  const problems: Array<[keyof TopologyFilters, string]> = [];
  for (const name of ["idPattern", "namePattern"] as const) {
    const source = filters[name];
    if (source === undefined) continue;
    try {
      pattern(source);
    } catch (error) {
      problems.push([name, `is not a valid regular expression: ${(error as Error).message}`]);
    }
  }
  return problems;
}
