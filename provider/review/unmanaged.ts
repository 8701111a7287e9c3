/**
 * Live groups that no resource of a stack manages, and the group filter that says which groups a
 * report (and an export) considers at all.
 *
 * The filter is one plain object, so the exporter can write it into a topology and the drift
 * command can read it back (`--filters <file>`): a filtered export must never lead a later report
 * to call the groups it skipped "unmanaged" (kubernetes/test-infra#12054: a filter in one place
 * only deletes what the other skipped). {@link parseGroupFilter} checks one from any source and
 * names the field, the rule and the value; {@link compileGroupFilter} turns it into a predicate.
 *
 * Finding unmanaged groups costs the app's id list (get_appid_group_list, 10,000 ids a call, 1
 * call/s; docs/api-reference.md §7.8) plus get_group_info for the ids no resource names (coalesced
 * into calls of 50, provider/client/group-info-loader.ts) — for their type and name, which the
 * report shows and the filter may need.
 */
import type { GroupInfo, GroupInfoResponseFilter } from "../client/types";
import { GROUP_TYPES } from "../schemas/limits";
import { IM_GROUP_MEMBERS_TYPE, IM_GROUP_TYPE, type PreviewJson, parseUrn } from "./preview";
import { naturalCompare } from "./values";

/** One pattern of a filter: a group matches when every part given matches. */
export interface GroupPattern {
  /** The exact group id. */
  id?: string;
  /** The id starts with this text. */
  idPrefix?: string;
  /** A JavaScript regular expression (Unicode mode, not anchored) the id matches. */
  idPattern?: string;
  /** A JavaScript regular expression (Unicode mode, not anchored) the group's name matches. */
  namePattern?: string;
}

/**
 * Which live groups count: of `types` (default every type), matching some `include` pattern
 * (default every group), and none of the `exclude` patterns.
 */
export interface GroupFilter {
  /** Group types to consider (`Private`, `Public`, `ChatRoom`, `AVChatRoom`, `BChatRoom`). */
  types?: string[];
  /** Consider only groups matching at least one of these. */
  include?: GroupPattern[];
  /** Leave out groups matching any of these. */
  exclude?: GroupPattern[];
}

/** What a filter is tested against: a group's id, type and name. */
export interface FilteredGroup {
  /** The group id. */
  groupId: string;
  /** The group type, when known. */
  type?: string;
  /** The group name, when known. */
  name?: string;
}

/** A filter that is not well-formed: the message names the field, the rule and the value. */
export class GroupFilterError extends Error {
  override readonly name = "GroupFilterError";
}

const PATTERN_KEYS = ["id", "idPrefix", "idPattern", "namePattern"] as const;
const FILTER_KEYS = ["types", "include", "exclude"] as const;

/**
 * Checks a filter from any source (JSON, a topology file) and returns it; throws
 * {@link GroupFilterError} naming `where` and the field: unknown keys, a type that does not exist,
 * an empty pattern, a regular expression that does not compile.
 */
export function parseGroupFilter(value: unknown, where = "filters"): GroupFilter {
  const object = plainObject(value, where);
  for (const key of Object.keys(object)) {
    if (!(FILTER_KEYS as readonly string[]).includes(key)) {
      throw new GroupFilterError(`${where}.${key}: is not a filter field (known: ${FILTER_KEYS.join(", ")})`);
    }
  }
  const filter: GroupFilter = {};
  if (object.types !== undefined) {
    const types = stringList(object.types, `${where}.types`);
    types.forEach((type, index) => {
      if (!(GROUP_TYPES as readonly string[]).includes(type)) {
        throw new GroupFilterError(
          `${where}.types[${index}]: must be one of ${GROUP_TYPES.join(", ")} (value ${JSON.stringify(type)})`,
        );
      }
    });
    filter.types = types;
  }
  for (const side of ["include", "exclude"] as const) {
    const list = object[side];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new GroupFilterError(`${where}.${side}: must be a list of patterns`);
    filter[side] = list.map((entry, index) => parsePattern(entry, `${where}.${side}[${index}]`));
  }
  return filter;
}

function parsePattern(value: unknown, where: string): GroupPattern {
  const object = plainObject(value, where);
  const pattern: GroupPattern = {};
  for (const key of Object.keys(object)) {
    if (!(PATTERN_KEYS as readonly string[]).includes(key)) {
      throw new GroupFilterError(
        `${where}.${key}: is not a pattern field (known: ${PATTERN_KEYS.join(", ")})`,
      );
    }
    const text = object[key];
    if (typeof text !== "string" || text === "") {
      throw new GroupFilterError(
        `${where}.${key}: must be a non-empty string (value ${JSON.stringify(text)})`,
      );
    }
    if (key === "idPattern" || key === "namePattern") {
      try {
        new RegExp(text, "u");
      } catch (error) {
        throw new GroupFilterError(
          `${where}.${key}: is not a valid regular expression (${(error as Error).message}) (value ${JSON.stringify(text)})`,
        );
      }
    }
    pattern[key as keyof GroupPattern] = text;
  }
  if (Object.keys(pattern).length === 0) {
    throw new GroupFilterError(`${where}: must give at least one of ${PATTERN_KEYS.join(", ")}`);
  }
  return pattern;
}

/**
 * The filter as a predicate. A pattern part that needs a value the group lacks (a name pattern,
 * a type list, for a group read without them) does not match.
 */
export function compileGroupFilter(filter: GroupFilter): (group: FilteredGroup) => boolean {
  const compile = (pattern: GroupPattern) => {
    const idPattern = pattern.idPattern !== undefined ? new RegExp(pattern.idPattern, "u") : undefined;
    const namePattern = pattern.namePattern !== undefined ? new RegExp(pattern.namePattern, "u") : undefined;
    return (group: FilteredGroup) =>
      (pattern.id === undefined || group.groupId === pattern.id) &&
      (pattern.idPrefix === undefined || group.groupId.startsWith(pattern.idPrefix)) &&
      (idPattern === undefined || idPattern.test(group.groupId)) &&
      (namePattern === undefined || (group.name !== undefined && namePattern.test(group.name)));
  };
  const types = filter.types !== undefined ? new Set(filter.types) : undefined;
  const include = filter.include?.map(compile);
  const exclude = filter.exclude?.map(compile) ?? [];
  return (group) =>
    (types === undefined || (group.type !== undefined && types.has(group.type))) &&
    (include === undefined || include.some((matches) => matches(group))) &&
    !exclude.some((matches) => matches(group));
}

/** A live group no resource of the stack manages. */
export interface UnmanagedGroup {
  /** The group id. */
  groupId: string;
  /** Its type. */
  type: string;
  /** Its name. */
  name: string;
}

/** What the unmanaged-group listing reads the app with (the ImClient has both). */
export interface UnmanagedSource {
  /** Every group id of the app (get_appid_group_list paging). */
  appGroupIds(): AsyncIterable<string>;
  /** One group's base info, or null when gone (coalesced get_group_info). */
  getGroup(groupId: string, filter?: GroupInfoResponseFilter): Promise<GroupInfo | null>;
}

/** get_group_info reads in flight at once: enough to fill calls of 50 while bounding memory. */
const READS_IN_FLIGHT = 500;

/**
 * The live groups whose ids no resource names (`managed`) and that pass `filter`, sorted by id.
 * A group destroyed between the listing and its read is left out.
 */
export async function findUnmanagedGroups(
  source: UnmanagedSource,
  managed: ReadonlySet<string>,
  filter: GroupFilter = {},
): Promise<UnmanagedGroup[]> {
  const keep = compileGroupFilter(filter);
  const candidates: string[] = [];
  for await (const groupId of source.appGroupIds()) if (!managed.has(groupId)) candidates.push(groupId);
  const found: UnmanagedGroup[] = [];
  for (let start = 0; start < candidates.length; start += READS_IN_FLIGHT) {
    const infos = await Promise.all(
      candidates
        .slice(start, start + READS_IN_FLIGHT)
        .map((groupId) => source.getGroup(groupId, { GroupBaseInfoFilter: ["Type", "Name"] })),
    );
    for (const info of infos) {
      if (info === null) continue;
      const group = { groupId: info.GroupId, type: info.Type ?? "", name: info.Name ?? "" };
      if (keep(group)) found.push(group);
    }
  }
  return found.sort((a, b) => naturalCompare(a.groupId, b.groupId));
}

function plainObject(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new GroupFilterError(`${where}: must be an object`);
  }
  return value as Record<string, unknown>;
}

function stringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw new GroupFilterError(`${where}: must be a list of strings`);
  }
  return value as string[];
}

/**
 * The group ids the stack's resources name in a preview: every ImGroup and ImGroupMembers step
 * (refresh and same steps included), old and new inputs. A resource the program no longer declares
 * still counts until `up` deletes or releases it.
 */
export function managedGroupIds(preview: PreviewJson): Set<string> {
  const ids = new Set<string>();
  for (const step of preview.steps) {
    const type = step.newState?.type ?? step.oldState?.type ?? parseUrn(step.urn).type;
    if (type !== IM_GROUP_TYPE && type !== IM_GROUP_MEMBERS_TYPE) continue;
    for (const state of [step.oldState, step.newState]) {
      const inputs = state?.inputs ?? undefined;
      const groupId = inputs !== undefined && Object.hasOwn(inputs, "groupId") ? inputs.groupId : undefined;
      if (typeof groupId === "string") ids.add(groupId);
    }
  }
  return ids;
}
