/**
 * The one group filter model: which live groups a topology covers. The exporter writes the filters
 * it was given into `topology.yaml` (validated by {@link FILTERS_SCHEMA}, part of the published
 * topology schema); the loader refuses entries outside them; the drift command's unmanaged-groups
 * report reads them back (`imgroups-drift --filters <topology dir>`: `topologyFilters` in read.ts,
 * or the same object as JSON through {@link parseFilters}) and applies {@link matchesFilters}. A
 * filter honoured in one place only would report — or delete — what the other skipped (the
 * Peribolos lesson, kubernetes/test-infra#12054), so there is no second model.
 */
import { GROUP_TYPES, type GroupType } from "../schemas/limits";
import { compileValidator, formatFailure } from "../schemas/validator";

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

/**
 * The JSON Schema of {@link TopologyFilters}: the `filters` property of the published topology
 * schema (schema.ts) and the check of a filter given as JSON.
 */
export const FILTERS_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    types: { type: "array", items: { enum: [...GROUP_TYPES] }, uniqueItems: true },
    idPrefix: { type: "string", minLength: 1 },
    idPattern: { type: "string", minLength: 1 },
    namePattern: { type: "string", minLength: 1 },
    exclude: { type: "array", items: { type: "string", minLength: 1 }, uniqueItems: true },
  },
} as const;

/** Filters that are not well-formed: the message names the field, the rule and the value. */
export class FiltersError extends Error {
  override readonly name = "FiltersError";
}

let validateFilters: ReturnType<typeof compileValidator> | undefined;

/**
 * Checks filters given as data (a JSON file: `imgroups-drift --filters filters.json`) against the
 * very schema `topology.yaml`'s `filters` is checked with, then compiles their patterns; returns a
 * copy. Throws {@link FiltersError} naming `where`, the field, the rule and the value of every
 * problem.
 */
export function parseFilters(value: unknown, where = "filters"): TopologyFilters {
  validateFilters ??= compileValidator(FILTERS_SCHEMA);
  const failures = validateFilters(value).map((failure) => ({
    ...failure,
    property: failure.property === "" ? where : `${where}.${failure.property}`,
  }));
  if (failures.length === 0) {
    for (const [name, reason] of filterPatternProblems(value as TopologyFilters)) {
      failures.push({ property: `${where}.${name}`, reason, value: (value as TopologyFilters)[name] });
    }
  }
  if (failures.length > 0)
    throw new FiltersError(failures.map((failure) => formatFailure(failure)).join("; "));
  const filters = value as TopologyFilters;
  const copy: TopologyFilters = {};
  if (filters.types !== undefined) copy.types = [...filters.types];
  if (filters.idPrefix !== undefined) copy.idPrefix = filters.idPrefix;
  if (filters.idPattern !== undefined) copy.idPattern = filters.idPattern;
  if (filters.namePattern !== undefined) copy.namePattern = filters.namePattern;
  if (filters.exclude !== undefined) copy.exclude = [...filters.exclude];
  return copy;
}

/** The filter names, in the order messages and files list them. */
const FILTER_NAMES = ["types", "idPrefix", "idPattern", "namePattern", "exclude"] as const;

/** Compiled pattern filters by source: a filter is tested once per listed id, so compile once. */
const compiled = new Map<string, RegExp>();

/** A compiled pattern filter; invalid patterns are reported by {@link filterPatternProblems}. */
function pattern(source: string): RegExp {
  let regex = compiled.get(source);
  if (regex === undefined) {
    // No `g` or `y` flag: `test` keeps no state between calls, so one RegExp serves every caller.
    regex = new RegExp(source, "u");
    compiled.set(source, regex);
  }
  return regex;
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
 * True when a group may be covered knowing only its id: the prefix, pattern and exclusions (not
 * `types` or `namePattern`). The exporter and the unmanaged listing skip reading the rest.
 */
export function mayMatchById(groupId: string, filters: TopologyFilters): boolean {
  return matchesFilters({ groupId, type: "" }, { ...filters, types: undefined, namePattern: undefined });
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
