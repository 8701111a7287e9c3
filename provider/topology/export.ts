/**
 * The exporter: reads a live app and writes it as a topology directory (one group a file by
 * default) that `loadTopology` adopts. Every group is written with every profile field of the
 * ImGroup field table (empty ones too, so all are managed and drift on all is seen), its custom
 * data, its members with every field ImGroupMembers keeps in sync (every custom-data key in use in
 * the group on every member, `null` where a member has none, so each is managed), and
 * `adopt: true`. The filters it was given are written into `topology.yaml`.
 *
 * Reads within the documented limits, all through the client's pipeline (rate limit, retry,
 * coalescing): get_appid_group_list pages (1 call/s, docs/api-reference.md §7.8); base profiles and
 * group custom data by get_group_info, 50 groups a call (§1.4, coalesced by the client); member
 * lists as refresh reads them (client/group-members-read.ts: inside get_group_info under 1 MB,
 * get_group_member_info pages for a group too large), only for types that take members.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { Document } from "yaml";
import type { ImClient } from "../client/client";
import type { GroupInfo, GroupMember, KeyValue } from "../client/types";
import { fieldRow, GROUP_BASE_FIELDS } from "../resources/group/im-group-fields";
import { type ImGroupInputs, imGroupFailures } from "../resources/group/im-group-rules";
import { MEMBER_FIELDS } from "../resources/members/im-group-members-fields";
import { compareCodeUnits } from "../resources/members/member-set";
import { GROUP_TYPES, type GroupType, TYPE_RULES } from "../schemas/limits";
import { showValue } from "../schemas/validator";
import { documentText, type EmitValue } from "./emit";
import { hasFilters, matchesFilters, mayMatchById, type TopologyFilters } from "./filters";
import { fileNameFor } from "./names";
import { ReadPipeline, type ReadTurn } from "./read-pipeline";
import {
  EXPORTED_GROUP_FIELDS,
  EXPORTED_MEMBER_FIELDS,
  TOPOLOGY_FILE,
  TOPOLOGY_VERSION,
  topologySchemaText,
} from "./schema";

/** The schema file an export writes at the topology's root, for editors. */
export const SCHEMA_FILE = "topology.schema.json";

/** Members an export holds at once by default ({@link ExportOptions.memberBudget}). */
const MEMBER_BUDGET = 200_000;

/** Where the group files go, under the topology directory. */
export const GROUPS_DIR = "groups";

/** How groups are spread over files. */
export type ExportLayout = "group" | "type" | "single";

/** Progress of an export, for a progress line. */
export interface ExportProgress {
  /** `list`: paging the app's group ids; `read`: reading groups; `done`. */
  phase: "list" | "read" | "done";
  /** Group ids listed so far. */
  listed: number;
  /** Groups within the filters whose profile was read. */
  selected: number;
  /** Groups written. */
  written: number;
  /** Members written. */
  members: number;
}

/** A field not written for a group, and why (its live value fails the resource's own check). */
export interface SkippedField {
  /** The group. */
  groupId: string;
  /** The ImGroup field. */
  field: string;
  /** The live value. */
  value: unknown;
  /** The check's reason. */
  reason: string;
}

/** Options of {@link exportTopology}. */
export interface ExportOptions {
  /** The client of the app to read (its rate limits and retries apply). */
  client: ImClient;
  /** The topology directory to write. */
  dir: string;
  /** Which groups to export; written into topology.yaml. */
  filters?: TopologyFilters;
  /** `group` (default): one file per group; `type`: one file per group type; `single`: one file. */
  layout?: ExportLayout;
  /** Replace the group files of an earlier export in `dir` (default: refuse to write over them). */
  replace?: boolean;
  /**
   * Group custom-data keys to read (AppDefinedDataFilter_Group). Default: all keys, by naming
   * `AppDefinedData` in the base filter (what the emulator answers; docs/api-reference.md §1.4).
   */
  groupDataKeys?: string[];
  /** Member custom-data keys to read (AppDefinedDataFilter_GroupMember). Default: all keys. */
  memberDataKeys?: string[];
  /**
   * Groups read at once (their get_group_info calls coalesce, 50 a call; topology/read-pipeline.ts);
   * default 500.
   */
  window?: number;
  /**
   * Members held at once, read and not yet written (an app of large groups stays within memory);
   * default 200,000 (on the order of 100 MB). A group larger than this is read alone.
   */
  memberBudget?: number;
  /** Called as the export advances. */
  onProgress?: (progress: ExportProgress) => void;
  /** Unix seconds for the rules' time checks; default now. */
  now?: number;
}

/** What an export wrote. */
export interface ExportResult {
  /** Group ids the app listed. */
  listed: number;
  /** Groups written. */
  groups: number;
  /** Members written (owners are ImGroup.ownerAccount, not members). */
  members: number;
  /** Files written, relative to the directory. */
  files: string[];
  /** Fields left out because their live value fails the resource's check. */
  skipped: SkippedField[];
  /** Groups listed but gone by the time they were read. */
  vanished: string[];
  /** Groups of a type the resources do not manage (e.g. Community), not written. */
  unmanageable: Array<{ groupId: string; type: string }>;
}

/** One exported group entry, in the order its keys are written. */
type Entry = Map<string, EmitValue>;

/** Reads the app through `client` and writes the topology; see the module comment. */
export async function exportTopology(options: ExportOptions): Promise<ExportResult> {
  const { client, filters = {}, layout = "group", window = 500 } = options;
  const dir = path.resolve(options.dir);
  const now = options.now ?? Math.floor(Date.now() / 1000);
  prepareDirectory(dir, options.replace === true);
  // Every group file goes directly in groups/ (fileNameFor makes flat names).
  mkdirSync(path.join(dir, GROUPS_DIR), { recursive: true });
  const progress: ExportProgress = { phase: "list", listed: 0, selected: 0, written: 0, members: 0 };
  const report = () => options.onProgress?.({ ...progress });

  // The listing: per type when the filters name types (fewer groups to read), else the whole app.
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const type of filters.types ?? [undefined]) {
    for await (const id of client.appGroupIds(type === undefined ? {} : { GroupType: type })) {
      progress.listed++;
      if (seen.has(id)) continue;
      seen.add(id);
      if (mayMatchById(id, filters)) ids.push(id);
      if (progress.listed % 1000 === 0) report();
    }
  }
  report();
  progress.phase = "read";

  const result: ExportResult = {
    listed: progress.listed,
    groups: 0,
    members: 0,
    files: [],
    skipped: [],
    vanished: [],
    unmanageable: [],
  };
  const kept: Entry[] = [];
  const written = new Set<string>();
  const writes: Promise<void>[] = [];
  /** Takes a read entry: written at once (layout `group`) or kept for its file; `release` gives its members back. */
  const take = (entry: Entry, release: () => void) => {
    progress.selected++;
    progress.members += (entry.get("members") as unknown[] | undefined)?.length ?? 0;
    if (progress.selected % 500 === 0) report();
    if (layout !== "group") {
      // Entries of a shared file are all held until it is written: the layout's own cost.
      kept.push(entry);
      release();
      return;
    }
    const file = `${GROUPS_DIR}/${fileNameFor(entry.get("groupId") as string)}`;
    if (written.has(file)) {
      release();
      throw new Error(`exportTopology: two groups map to the file ${file}`);
    }
    written.add(file);
    // Written while other groups are read (writes were half an export's time on a busy disk:
    // DECISIONS.md 2026-12-06).
    const write = writeGroupFile(dir, file, [entry]).then(
      () => {
        progress.written++;
        release();
      },
      (error: unknown) => {
        release();
        throw error;
      },
    );
    // Observed now (no unhandled rejection while reads go on); the Promise.all below reports it.
    write.catch(() => {});
    writes.push(write);
  };
  await new ReadPipeline({ window, memberBudget: options.memberBudget ?? MEMBER_BUDGET }).run(
    ids,
    async (id, turn) => {
      const read = await readEntry(client, id, filters, options, now, result, turn);
      if (read !== undefined) take(read.entry, read.release);
    },
  );
  await Promise.all(writes);
  report();
  // Workers finish in any order; what is reported is sorted, so two exports of one app read the same.
  result.vanished.sort(compareCodeUnits);
  result.unmanageable.sort((a, b) => compareCodeUnits(a.groupId, b.groupId));
  result.skipped.sort((a, b) => compareCodeUnits(a.groupId, b.groupId) || compareCodeUnits(a.field, b.field));
  if (layout !== "group") {
    const byFile = new Map<string, Entry[]>();
    for (const entry of kept) {
      const file =
        layout === "single" ? `${GROUPS_DIR}/groups.yaml` : `${GROUPS_DIR}/${entry.get("type")}.yaml`;
      byFile.set(file, [...(byFile.get(file) ?? []), entry]);
    }
    for (const [file, entries] of byFile) {
      entries.sort((a, b) => compareCodeUnits(a.get("groupId") as string, b.get("groupId") as string));
      await writeGroupFile(dir, file, entries);
      written.add(file);
      progress.written += entries.length;
    }
  }
  writeFileSync(path.join(dir, SCHEMA_FILE), topologySchemaText());
  writeFileSync(path.join(dir, TOPOLOGY_FILE), topologyFileText(filters));
  progress.phase = "done";
  report();
  result.groups = progress.written;
  result.members = progress.members;
  result.files = [TOPOLOGY_FILE, SCHEMA_FILE, ...[...written].sort()];
  return result;
}

/** Refuses to mix with an earlier export unless `replace`; then removes its group files. */
function prepareDirectory(dir: string, replace: boolean): void {
  mkdirSync(dir, { recursive: true });
  const groupsDir = path.join(dir, GROUPS_DIR);
  let existing: string[] = [];
  try {
    existing = readdirSync(groupsDir, { recursive: true, encoding: "utf8" }).filter((file) =>
      /\.ya?ml$/i.test(file),
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (existing.length === 0) return;
  if (!replace) {
    throw new ExportError(
      `${groupsDir} already holds ${existing.length} group file(s) of an earlier export: pass replace (--replace) to write a fresh export over them`,
    );
  }
  for (const file of existing) rmSync(path.join(groupsDir, file));
}

/** An export that cannot start (the directory is in use). */
export class ExportError extends Error {
  override readonly name = "ExportError";
}

/** The base fields read for an entry: every row's wire name and group custom data. */
const ENTRY_BASE_FIELDS = [...GROUP_BASE_FIELDS, "AppDefinedData"];

/** Member fields read: the role (to tell the owner and admins) and each exported field's wire name. */
const ENTRY_MEMBER_FIELDS = [
  "Role",
  ...EXPORTED_MEMBER_FIELDS.map((name) => MEMBER_FIELDS[name].wire as string),
];

/**
 * Reads one group (profile, then members when its type takes them) as an entry, holding its
 * members in the pipeline's budget until `release`; undefined when filtered out or gone.
 */
async function readEntry(
  client: ImClient,
  groupId: string,
  filters: TopologyFilters,
  options: ExportOptions,
  now: number,
  result: ExportResult,
  turn: ReadTurn,
): Promise<{ entry: Entry; release: () => void } | undefined> {
  const info = await client.getGroup(
    groupId,
    {
      GroupBaseInfoFilter: options.groupDataKeys === undefined ? ENTRY_BASE_FIELDS : GROUP_BASE_FIELDS,
      ...(options.groupDataKeys !== undefined && { AppDefinedDataFilter_Group: options.groupDataKeys }),
    },
    { now: turn.lastProfile },
  );
  const lastMemberRead = turn.profileAnswered();
  if (info === null) {
    result.vanished.push(groupId);
    return undefined;
  }
  const type = info.Type as GroupType;
  if (!matchesFilters({ groupId, type, name: info.Name ?? "" }, filters)) return undefined;
  if (!GROUP_TYPES.includes(type)) {
    result.unmanageable.push({ groupId, type: String(info.Type) });
    return undefined;
  }
  if (!TYPE_RULES[type].takesMembers) {
    return { entry: entryOf(groupId, info, undefined, now, result.skipped), release: () => {} };
  }
  const release = await turn.holdMembers(info.MemberNum ?? 0);
  try {
    const read = await client.getGroupWithMembers(groupId, {
      baseFields: ["MemberNum"],
      memberFields: ENTRY_MEMBER_FIELDS,
      ...(options.memberDataKeys !== undefined && { memberDataKeys: options.memberDataKeys }),
      ...(info.MemberNum !== undefined && { expectedMembers: info.MemberNum }),
      now: lastMemberRead,
    });
    if (read === null) {
      result.vanished.push(groupId);
      release();
      return undefined;
    }
    return { entry: entryOf(groupId, info, read.members, now, result.skipped), release };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * A live group as an entry: `groupId`, every exported field (row order), `adopt: true`, and the
 * members. A field whose live value the resource's check refuses is left out and reported (or left
 * out quietly when the value is what the row reads for "not set", e.g. no owner), never written
 * wrong: the file must load.
 */
function entryOf(
  groupId: string,
  info: GroupInfo,
  members: readonly GroupMember[] | undefined,
  now: number,
  skipped: SkippedField[],
): Entry {
  const values: Record<string, unknown> = Object.create(null);
  values.groupId = groupId;
  const type = info.Type as GroupType;
  const rules = GROUP_TYPES.includes(type) ? TYPE_RULES[type] : undefined;
  for (const name of EXPORTED_GROUP_FIELDS) {
    const row = fieldRow(name);
    if (row.wire === undefined) continue;
    const wire = (info as unknown as Record<string, unknown>)[row.wire];
    const value = row.fromWire ? row.fromWire(wire) : wire;
    if (value === undefined) continue;
    // A type that cannot take the field at all (e.g. an invite option on an AVChatRoom) never lists it.
    if (rules !== undefined && row.unsupported?.(value, rules) === true) continue;
    values[name] = value;
  }
  // The resource's own check decides what can be written; a refused value is dropped, not changed.
  for (const failure of imGroupFailures({}, values as unknown as ImGroupInputs, now)) {
    const dot = failure.property.indexOf(".");
    const field = dot < 0 ? failure.property : failure.property.slice(0, dot);
    if (field === "groupId" || field === "type" || !(field in values)) continue;
    const row = fieldRow(field as never);
    if (dot >= 0 && row.keyValueMap) {
      // One custom-data key the check refuses (e.g. `__proto__`): that key stays unmanaged, the others are written.
      const map = values[field] as Record<string, unknown>;
      const key = failure.property.slice(dot + 1);
      if (Object.hasOwn(map, key)) {
        skipped.push({ groupId, field: failure.property, value: map[key], reason: failure.reason });
        delete map[key];
      }
      continue;
    }
    const value = values[field];
    delete values[field];
    // What the row reads for "not set" (no owner), or what a group of this type reports when
    // the field was never set (an AVChatRoom's member limit 0, "unlimited"): leaving it out says the same.
    const unset = [row.fromWire?.(undefined), rules && row.unsetAfterCreate?.({ type, imported: false })];
    if (unset.some((u) => u !== undefined && JSON.stringify(u) === JSON.stringify(value))) continue;
    skipped.push({ groupId, field, value, reason: failure.reason });
  }
  const entry: Entry = new Map();
  entry.set("groupId", groupId);
  for (const name of EXPORTED_GROUP_FIELDS) {
    if (!(name in values)) continue;
    // Field values are the wire's scalars (strings, numbers, booleans) or a row's key-value map.
    const value = values[name] as EmitValue;
    entry.set(name, fieldRow(name).keyValueMap ? sortedMap(Object.entries(value as object)) : value);
  }
  entry.set("adopt", true);
  if (members !== undefined) entry.set("members", memberEntries(members));
  return entry;
}

/**
 * The members but the owner (ImGroup.ownerAccount), sorted by account, each with every exported
 * field; custom data lists every key in use in the group, `null` where the member has none.
 */
function memberEntries(members: readonly GroupMember[]): Array<Map<string, EmitValue>> {
  const keys = new Set<string>();
  for (const member of members) for (const { Key } of member.AppMemberDefinedData ?? []) keys.add(Key);
  const allKeys = [...keys].sort(compareCodeUnits);
  return members
    .filter((member) => member.Role !== "Owner")
    .sort((a, b) => compareCodeUnits(a.Member_Account, b.Member_Account))
    .map((member) => {
      const out = new Map<string, EmitValue>([["account", member.Member_Account]]);
      for (const name of EXPORTED_MEMBER_FIELDS) {
        const row = MEMBER_FIELDS[name];
        const wire = (member as unknown as Record<string, unknown>)[row.wire];
        if (row.check.kind === "keyValues") {
          if (allKeys.length === 0) continue;
          const own = new Map(((wire as KeyValue[] | undefined) ?? []).map(({ Key, Value }) => [Key, Value]));
          out.set(name, new Map(allKeys.map((key) => [key, own.get(key) ?? null])));
          continue;
        }
        const value = (wire ?? ("unset" in row ? row.unset : undefined)) as EmitValue | undefined;
        if (value !== undefined) out.set(name, value);
      }
      return out;
    });
}

function sortedMap(pairs: Array<[string, EmitValue]>): Map<string, EmitValue> {
  return new Map(pairs.sort(([a], [b]) => compareCodeUnits(a, b)));
}

/** The editor line every file starts with: the schema, relative to the file. */
function schemaComment(file: string): string {
  const relative = path.posix.relative(path.posix.dirname(file), SCHEMA_FILE);
  return ` yaml-language-server: $schema=${relative}`;
}

/** The list whose items are written one flow map a line. */
const FLOW_ITEMS: ReadonlySet<string> = new Set(["members"]);

/** Writes a group file: the schema line, then `groups:` with members one a line (flow maps). */
async function writeGroupFile(dir: string, file: string, entries: Entry[]): Promise<void> {
  const text = documentText(schemaComment(file), new Map([["groups", entries]]), FLOW_ITEMS);
  await writeFile(path.join(dir, file), text);
}

/** topology.yaml: the schema line, the version and the filters. */
function topologyFileText(filters: TopologyFilters): string {
  const content: Record<string, unknown> = { version: TOPOLOGY_VERSION };
  if (hasFilters(filters)) content.filters = filters;
  const doc = new Document(content);
  doc.commentBefore = schemaComment(TOPOLOGY_FILE);
  return doc.toString({ lineWidth: 0 });
}

/** A skipped field as a line for the exporter's report. */
export function formatSkipped(skipped: SkippedField): string {
  return `group ${JSON.stringify(skipped.groupId)}: ${skipped.field} not written (live value ${showValue(skipped.value)} ${skipped.reason})`;
}
