/**
 * Reads a topology directory — YAML files a person edits in a pull request — into checked group
 * entries, or one {@link TopologyError} listing every problem with its file, line, field, limit and
 * value. No Pulumi here: the loader (load.ts) turns entries into resources, the drift tools read
 * only the filters.
 *
 * Checks, in order: YAML syntax (the `yaml` package, with positions); the published schema
 * (schema.ts) for the file's structure; then each entry through the very rules the resources'
 * `check` applies (imGroupFailures, parseDeclaredMembers, memberSetFailures), so a topology that
 * loads is one preview accepts, and an error is found at its line rather than at preview. Across
 * files: a group id declared twice names both places; an entry outside the filters is refused.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { ImGroupsError } from "../errors";
import {
  IM_GROUP_FIELD_ORDER,
  type ImGroupFieldName,
  type ImGroupFieldValues,
} from "../resources/group/im-group-fields";
import { type ImGroupInputs, imGroupFailures } from "../resources/group/im-group-rules";
import type { MemberFields } from "../resources/members/im-group-members-fields";
import {
  type ImGroupMembersInputs,
  memberSetFailures,
  parseDeclaredMembers,
} from "../resources/members/im-group-members-rules";
import { keepNonFinite } from "../resources/members/member-encoding";
import { TYPE_RULES } from "../schemas/limits";
import { compileLocatedValidator, formatFailure, type InputFailure } from "../schemas/validator";
import { filterPatternProblems, matchesFilters, type TopologyFilters } from "./filters";
import { MEMBER_OPTION_NAMES, type MemberOptionName, TOPOLOGY_FILE, topologySchema } from "./schema";

export { TOPOLOGY_FILE };

/** One problem of a topology: where it is and what is wrong. */
export interface TopologyProblem {
  /** The file, relative to the topology directory (`/`-separated). */
  file: string;
  /** 1-based line (0 when the problem is about the directory, not a place in a file). */
  line: number;
  /** 1-based column. */
  column: number;
  /** The field, as a path in the file: `groups[2].name`, `groups[0].members[7].nameCard`. */
  field: string;
  /** The group the problem is in, when it is in one. */
  groupId?: string;
  /** What is wrong, with the limit. */
  reason: string;
  /** The offending value, when there is one. */
  value?: unknown;
}

/** A topology that cannot be used: every problem found, each with file, line, field and value. */
export class TopologyError extends ImGroupsError {
  static override readonly errorKind: string = "TopologyError";
  override readonly name = "TopologyError";
  /** Every problem, in file and line order. */
  readonly problems: readonly TopologyProblem[];

  constructor(problems: readonly TopologyProblem[]) {
    super(
      "TOPOLOGY_INVALID",
      `the topology has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  ${formatProblem(p)}`).join("\n")}`,
    );
    this.problems = problems;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), problems: this.problems };
  }
}

/** `groups/eng.yaml:12:5: groups[0].name (group "eng"): is 45 bytes, over the limit … (value "…")`. */
export function formatProblem(problem: TopologyProblem): string {
  const where = problem.line > 0 ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
  const group = problem.groupId === undefined ? "" : ` (group ${JSON.stringify(problem.groupId)})`;
  const failure: InputFailure = { property: `${problem.field}${group}`, reason: problem.reason };
  if (problem.value !== undefined) failure.value = problem.value;
  return `${where}: ${formatFailure(failure)}`;
}

/** One member entry as the resources take it (custom data as a Map: keys may be `__proto__`). */
export type TopologyMember =
  | string
  | ({ account: string } & Omit<MemberFields, "appMemberDefinedData"> & {
        appMemberDefinedData?: Map<string, string | null>;
      });

/** The ImGroupMembers options a group entry may set. */
export type TopologyMemberOptions = Partial<{
  mode: "authoritative" | "additive";
  maxRemovals: number;
  maxRemovalShare: number;
  allowMassRemoval: boolean;
  removeMembersOnDelete: boolean;
  silence: boolean;
}>;

/** One group of a topology, checked. */
export interface TopologyGroup {
  /** The group id (always given in a topology). */
  groupId: string;
  /** The ImGroup arguments (custom data as a null-prototype object). */
  group: ImGroupFieldValues & { groupId: string };
  /** The members, when the entry manages them (absent: no ImGroupMembers for this group). */
  members?: TopologyMember[];
  /** ImGroupMembers options. */
  memberOptions: TopologyMemberOptions;
  /** Where the entry is: its `groupId`. */
  source: { file: string; line: number; column: number };
}

/** A checked topology. */
export interface Topology {
  /** The directory read (absolute). */
  dir: string;
  /** The filters of `topology.yaml` (empty when it has none). */
  filters: TopologyFilters;
  /** Every group, ordered by id (code units): the same however entries are spread over files. */
  groups: TopologyGroup[];
  /** The files read, relative to `dir`. */
  files: string[];
}

/** Options of {@link readTopology}. */
export interface ReadTopologyOptions {
  /** Unix seconds for the time rules (createTime, joinTime in the past); default now. */
  now?: number;
}

const validateDocument = compileLocatedValidator(topologySchema());

/** Reads and checks a topology directory; throws {@link TopologyError} listing every problem. */
export function readTopology(dir: string, options: ReadTopologyOptions = {}): Topology {
  const root = path.resolve(dir);
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const problems: TopologyProblem[] = [];
  const files = yamlFiles(root);
  if (files.length === 0) {
    throw new TopologyError([
      {
        file: root,
        line: 0,
        column: 0,
        field: "",
        reason: "holds no .yaml or .yml file: not a topology directory",
      },
    ]);
  }
  let filters: TopologyFilters = {};
  const groups: TopologyGroup[] = [];
  const firstSeen = new Map<string, { file: string; line: number; column: number }>();
  for (const file of files) {
    const parsed = parseYamlFile(root, file, problems);
    if (parsed === undefined) continue;
    const found = checkDocument(parsed, now, problems);
    if (found.filters !== undefined) {
      if (file === TOPOLOGY_FILE) filters = found.filters;
      else {
        problems.push({
          ...parsed.at("/filters"),
          field: "filters",
          reason: `belong in ${TOPOLOGY_FILE} at the topology's root, which every tool reads them from`,
        });
      }
    }
    for (const declared of found.declared) {
      const seen = firstSeen.get(declared.groupId);
      if (seen !== undefined) {
        problems.push({
          ...declared.at,
          field: `${declared.field}.groupId`,
          groupId: declared.groupId,
          reason: `is declared twice: here and in ${seen.file}:${seen.line}; a group must have exactly one entry`,
        });
      } else firstSeen.set(declared.groupId, declared.at);
    }
    groups.push(
      ...found.groups.filter(
        (entry) =>
          firstSeen.get(entry.groupId)?.file === entry.source.file &&
          firstSeen.get(entry.groupId)?.line === entry.source.line,
      ),
    );
  }
  if (problems.length === 0) {
    for (const entry of groups) {
      if (
        !matchesFilters({ groupId: entry.groupId, type: entry.group.type, name: entry.group.name }, filters)
      ) {
        problems.push({
          ...entry.source,
          field: "groupId",
          groupId: entry.groupId,
          reason: `is outside the topology's filters (${TOPOLOGY_FILE}): widen the filters or remove the entry`,
        });
      }
    }
  }
  if (problems.length > 0) {
    problems.sort((a, b) =>
      a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column,
    );
    throw new TopologyError(problems);
  }
  groups.sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0));
  return { dir: root, filters, groups, files };
}

/**
 * The filters of the topology in `dir` (its `topology.yaml`), `{}` when it has none. Throws
 * {@link TopologyError} when that file is invalid. For tools that compare the topology with the
 * live app: apply them with {@link matchesFilters}.
 */
export function topologyFilters(dir: string): TopologyFilters {
  const root = path.resolve(dir);
  const problems: TopologyProblem[] = [];
  let text: string;
  try {
    text = readFileSync(path.join(root, TOPOLOGY_FILE), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
  const parsed = parseYamlText(TOPOLOGY_FILE, text, problems);
  const found = parsed && checkDocument(parsed, Math.floor(Date.now() / 1000), problems);
  const filters = found?.filters ?? {};
  if (problems.length > 0) throw new TopologyError(problems);
  return filters;
}

// ---- files ---------------------------------------------------------------------------------------

/** Every .yaml/.yml file under `root`, relative, `/`-separated, sorted; dot-directories and node_modules skipped. */
function yamlFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!entry.name.startsWith(".") && entry.name !== "node_modules") walk(child);
      } else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) found.push(child);
    }
  };
  walk("");
  return found.sort();
}

/** A parsed file: its plain value, and the position of every value by JSON pointer. */
interface ParsedFile {
  file: string;
  value: unknown;
  /** Position of the value at a pointer (the nearest enclosing value when it has none, e.g. a missing key). */
  at(pointer: string): { file: string; line: number; column: number };
}

function parseYamlFile(root: string, file: string, problems: TopologyProblem[]): ParsedFile | undefined {
  return parseYamlText(file, readFileSync(path.join(root, file), "utf8"), problems);
}

function parseYamlText(file: string, text: string, problems: TopologyProblem[]): ParsedFile | undefined {
  const lineCounter = new LineCounter();
  // uniqueKeys: a key given twice is an error, never "the last one wins" silently.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      problems.push({
        ...position(error.pos[0]),
        field: "",
        reason: `is not valid YAML: ${error.message.split("\n")[0]}`,
      });
    }
    return undefined;
  }
  const offsets = new Map<string, number>();
  // Aliases can make a small file stand for billions of values ("billion laughs"); a file without
  // them has fewer values than characters, so that is the budget.
  const budget = { left: text.length + 1000 };
  let value: unknown;
  try {
    value = toValue(doc.contents, "", offsets, doc, budget);
  } catch (error) {
    if (error !== ALIAS_BUDGET) throw error;
    problems.push({
      file,
      line: 1,
      column: 1,
      field: "",
      reason: `expands to more than ${text.length + 1000} values through YAML aliases (more values than the file has characters): refused`,
    });
    return undefined;
  }
  return {
    file,
    value: value ?? {},
    at(pointer) {
      for (let p = pointer; ; p = p.slice(0, Math.max(0, p.lastIndexOf("/")))) {
        const offset = offsets.get(p);
        if (offset !== undefined) return position(offset);
        if (p === "") return { file, line: 1, column: 1 };
      }
    },
  };
}

/** Thrown by {@link toValue} when a file's aliases expand past its budget. */
const ALIAS_BUDGET = Symbol("alias budget");

/** Escapes a key for a JSON pointer (RFC 6901). */
function pointerPart(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * A YAML node as a plain value, recording each value's offset by JSON pointer. Maps become
 * null-prototype objects, so a key such as `__proto__` or `constructor` is data like any other.
 */
function toValue(
  node: unknown,
  pointer: string,
  offsets: Map<string, number>,
  doc: ReturnType<typeof parseDocument>,
  budget: { left: number },
): unknown {
  if (node === null || node === undefined) return null;
  if (--budget.left < 0) throw ALIAS_BUDGET;
  const resolved = isAlias(node) ? (node.resolve(doc) as unknown) : node;
  const range = (node as Node).range;
  if (range) offsets.set(pointer, range[0]);
  if (isScalar(resolved)) return resolved.value;
  if (isSeq(resolved))
    return resolved.items.map((item, index) => toValue(item, `${pointer}/${index}`, offsets, doc, budget));
  if (isMap(resolved)) {
    const out: Record<string, unknown> = Object.create(null);
    for (const pair of resolved.items) {
      const keyValue = isScalar(pair.key)
        ? pair.key.value
        : toValue(pair.key, pointer, new Map(), doc, budget);
      const key = typeof keyValue === "string" ? keyValue : JSON.stringify(keyValue);
      const child = `${pointer}/${pointerPart(key)}`;
      const keyRange = (pair.key as Node | null)?.range;
      const valueOut = toValue(pair.value, child, offsets, doc, budget);
      // A key without a value (`name:`) is null; its position is the key's.
      if (keyRange && (pair.value === null || !offsets.has(child))) offsets.set(child, keyRange[0]);
      out[key] = valueOut;
    }
    return out;
  }
  return null;
}

// ---- one document ----------------------------------------------------------------------------------

/** A group entry's keys that are ImGroup inputs. */
const GROUP_FIELD_SET: ReadonlySet<string> = new Set(IM_GROUP_FIELD_ORDER);

/** Checks one file's document: the schema, then each group entry through the resources' rules. */
function checkDocument(
  parsed: ParsedFile,
  now: number,
  problems: TopologyProblem[],
): {
  filters?: TopologyFilters;
  groups: TopologyGroup[];
  /** Every entry that names a group id, valid or not (for the duplicate check across files). */
  declared: Array<{ groupId: string; field: string; at: { file: string; line: number; column: number } }>;
} {
  const { value } = parsed;
  const entries = isRecord(value) && Array.isArray(value.groups) ? (value.groups as unknown[]) : [];
  const groupIdAt = (index: number) => {
    const entry = entries[index];
    return isRecord(entry) && typeof entry.groupId === "string" ? entry.groupId : undefined;
  };
  for (const { failure, pointer, key } of validateDocument(value)) {
    const parts = pointer.split("/");
    if (parts[1] === "groups" && parts.length >= 3 && spokenByRules(parts, failure.reason, key)) continue;
    const index = parts[1] === "groups" && parts[2] !== undefined ? Number(parts[2]) : undefined;
    problems.push({
      ...parsed.at(
        key !== undefined && failure.reason !== "is required" ? `${pointer}/${pointerPart(key)}` : pointer,
      ),
      field: failure.property,
      ...(index !== undefined && groupIdAt(index) !== undefined && { groupId: groupIdAt(index) }),
      reason: failure.reason,
      ...(failure.value !== undefined && { value: failure.value }),
    });
  }
  if (!isRecord(value)) return { groups: [], declared: [] };
  const groups: TopologyGroup[] = [];
  entries.forEach((entry, index) => {
    if (!isRecord(entry)) return;
    const checked = checkEntry(parsed, entry, index, now, problems);
    if (checked !== undefined) groups.push(checked);
  });
  const filters = isRecord(value.filters) ? (value.filters as TopologyFilters) : undefined;
  for (const [name, reason] of filterPatternProblems(filters ?? {})) {
    problems.push({
      ...parsed.at(`/filters/${name}`),
      field: `filters.${name}`,
      reason,
      value: filters?.[name],
    });
  }
  const declared = entries.flatMap((entry, index) =>
    isRecord(entry) && typeof entry.groupId === "string"
      ? [{ groupId: entry.groupId, field: `groups[${index}]`, at: parsed.at(`/groups/${index}/groupId`) }]
      : [],
  );
  return { ...(filters !== undefined && { filters: { ...filters } }), groups, declared };
}

/**
 * True when the resources' own rules report this schema failure in a group entry (one message per
 * mistake, worded as preview words it): anything inside an ImGroup field, a missing ImGroup field,
 * and anything inside a member entry. The schema keeps the entry's shape (unknown keys, `members`
 * not a list, `memberOptions`).
 */
function spokenByRules(parts: readonly string[], reason: string, key: string | undefined): boolean {
  if (parts.length === 3) return reason === "is required" && key !== undefined && GROUP_FIELD_SET.has(key);
  const field = parts[3]!.replace(/~1/g, "/").replace(/~0/g, "~");
  if (GROUP_FIELD_SET.has(field)) return true;
  return field === "members" && parts.length > 4;
}

/** One group entry through the resources' rules; undefined when it has problems. */
function checkEntry(
  parsed: ParsedFile,
  entry: Record<string, unknown>,
  index: number,
  now: number,
  problems: TopologyProblem[],
): TopologyGroup | undefined {
  const before = problems.length;
  const base = `/groups/${index}`;
  const groupId = typeof entry.groupId === "string" ? entry.groupId : undefined;
  const report = (failure: InputFailure, pointer: string) =>
    problems.push({
      ...parsed.at(pointer),
      field: `groups[${index}].${failure.property}`,
      ...(groupId !== undefined && { groupId }),
      reason: failure.reason,
      ...(failure.value !== undefined && { value: failure.value }),
    });

  const group: Record<string, unknown> = Object.create(null);
  for (const name of IM_GROUP_FIELD_ORDER)
    if (entry[name] !== undefined && entry[name] !== null) group[name] = entry[name];
  for (const failure of imGroupFailures({}, group as ImGroupInputs, now)) {
    report(failure, `${base}/${groupFailurePointer(failure.property)}`);
  }

  let members: TopologyMember[] | undefined;
  if (Array.isArray(entry.members)) {
    const list = entry.members as unknown[];
    members = list.map(toMember);
    const encoded = encodeMembers(members);
    const parsedMembers = parseDeclaredMembers(encoded);
    const type =
      typeof entry.type === "string" && Object.hasOwn(TYPE_RULES, entry.type) ? entry.type : undefined;
    const facts = {
      groupId: groupId ?? "",
      members: "",
      memberFields: [],
      mode: "authoritative",
      ...(type !== undefined && { groupType: type }),
      ...(typeof entry.ownerAccount === "string" && { ownerAccount: entry.ownerAccount }),
      ...(typeof entry.maxMemberCount === "number" && { maxMemberCount: entry.maxMemberCount }),
      ...(typeof entry.createTime === "number" && { groupCreateTime: entry.createTime }),
    } as ImGroupMembersInputs;
    const failures = [...parsedMembers.failures, ...memberSetFailures(facts, parsedMembers.members, now)];
    for (const failure of failures) {
      const located = memberFailurePointer(failure.property, list);
      report({ ...failure, property: located.property }, `${base}/${located.pointer}`);
    }
  }
  if (problems.length > before || groupId === undefined) return undefined;
  const options: TopologyMemberOptions = {};
  if (isRecord(entry.memberOptions)) {
    for (const name of MEMBER_OPTION_NAMES) {
      if (entry.memberOptions[name] !== undefined)
        (options as Record<MemberOptionName, unknown>)[name] = entry.memberOptions[name];
    }
  }
  return {
    groupId,
    group: group as ImGroupFieldValues & { groupId: string },
    ...(members !== undefined && { members }),
    memberOptions: options,
    source: parsed.at(`${base}/groupId`),
  };
}

/**
 * The member list as the ImGroupMembers class hands it to `check` (program-members.ts: a JSON
 * array, custom data as pairs, NaN and ±Infinity kept), without loading the Pulumi SDK: the
 * reader also serves tools that never run a program.
 */
function encodeMembers(members: readonly TopologyMember[]): string {
  const entries = members.map((member) => {
    if (member === null || typeof member !== "object") return member;
    const data = member.appMemberDefinedData;
    return data instanceof Map ? { ...member, appMemberDefinedData: [...data] } : member;
  });
  return JSON.stringify(entries, keepNonFinite);
}

/** A member entry as the resources take it: custom data as a Map (any key, `__proto__` too). */
function toMember(entry: unknown): TopologyMember {
  if (!isRecord(entry)) return entry as TopologyMember;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(entry)) {
    const value = entry[key];
    Object.defineProperty(out, key, {
      value: key === "appMemberDefinedData" && isRecord(value) ? new Map(Object.entries(value)) : value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out as TopologyMember;
}

/** The pointer (below the entry) of an ImGroup failure's property: `name`, `appDefinedData.<key>`. */
function groupFailurePointer(property: string): string {
  const dot = property.indexOf(".");
  if (dot < 0) return pointerPart(property);
  return `${pointerPart(property.slice(0, dot))}/${pointerPart(property.slice(dot + 1))}`;
}

/**
 * Where a member failure is: its property (`members[3]`, `members.<account>.role`,
 * `members.<account>.appMemberDefinedData.<key>`) as a path in the file (`members[3].role`) and a
 * pointer below the entry. Accounts are any string (dots too): the longest listed account that
 * prefixes the property is the one meant.
 */
function memberFailurePointer(
  property: string,
  list: readonly unknown[],
): { property: string; pointer: string } {
  const indexed = /^members\[(\d+)\]$/.exec(property);
  if (indexed) return { property, pointer: `members/${indexed[1]}` };
  if (!property.startsWith("members.")) return { property, pointer: "members" };
  const rest = property.slice("members.".length);
  let best: { index: number; account: string } | undefined;
  list.forEach((entry, index) => {
    const account = typeof entry === "string" ? entry : isRecord(entry) ? entry.account : undefined;
    if (typeof account !== "string") return;
    if (
      (rest === account || rest.startsWith(`${account}.`)) &&
      (best === undefined || account.length > best.account.length)
    ) {
      best = { index, account };
    }
  });
  if (best === undefined) return { property, pointer: "members" };
  const tail = rest.slice(best.account.length + 1);
  const dot = tail.indexOf(".");
  const field = dot < 0 ? tail : tail.slice(0, dot);
  const key = dot < 0 ? undefined : tail.slice(dot + 1);
  const pointer = [
    "members",
    String(best.index),
    ...(field === "" ? [] : [pointerPart(field)]),
    ...(key === undefined ? [] : [pointerPart(key)]),
  ].join("/");
  const path = `members[${best.index}]${field === "" ? "" : `.${field}`}${key === undefined ? "" : `.${key}`}`;
  return { property: path, pointer };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Map);
}

/** The ImGroup field names, for callers that walk an entry's fields. */
export type { ImGroupFieldName };
