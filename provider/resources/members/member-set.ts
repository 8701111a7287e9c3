/**
 * Member sets without member-sized state.
 *
 * The Pulumi CLI rewrites (JSON-encodes and MD5-sums) the whole checkpoint twice per step, so a
 * member map in state costs every step of every update in proportion to the members of every
 * group (DECISIONS.md, 2026-12-01). An `ImGroupMembers` therefore keeps only a **summary** in state —
 * `"10,000 members · 1f2e3d4c5b6a"`, the count and a digest of what is compared — while the member
 * set itself travels where it is needed: from the program to `check` (an encoded string input the
 * engine never stores), from `check` to `diff`/`create`/`update` in the same provider process
 * (process/declared-sets.ts), and from the server on every read.
 *
 * Every structure keyed by account or custom-data key is a `Map`: accounts and keys are arbitrary
 * strings (`__proto__`, `constructor`, NUL and emoji included).
 */
import { createHash } from "node:crypto";
import type { GroupMember, KeyValue, MemberRole } from "../../client/types";
import {
  DECLARED_SCALAR_FIELDS,
  type DeclaredScalarFieldName,
  type DeclaredScalars,
  type IMPORT_ONLY_FIELDS,
  MEMBER_FIELD_NAMES,
  MEMBER_FIELDS,
  type MemberFieldName,
} from "./im-group-members-fields";

/**
 * One member's declared fields (the account is the key of its {@link MemberSet}); the scalar
 * fields compared where declared come from the member field table ({@link DeclaredScalars}).
 */
export interface MemberSpec extends DeclaredScalars {
  /** `Admin`, or absent for an ordinary member (`Member` is the default and is never stored). */
  role?: "Admin";
  /** Member custom data: only these keys are managed; a `null` value means "must not be set". */
  appMemberDefinedData?: ReadonlyMap<string, string | null>;
  /** Migration: original join time (write-once). */
  joinTime?: number;
  /** Migration: unread count (write-once). */
  unreadMsgNum?: number;
}

/** A member set: account → declared fields, in canonical (sorted) order once canonicalised. */
export type MemberSet = Map<string, MemberSpec>;

/**
 * A member as the server reports it, in the same terms; a declared scalar is present when it was
 * read (the read asks for the fields the declaration manages).
 */
export interface LiveMember extends DeclaredScalars {
  /** `Owner`, `Admin` or `Member`. */
  role: MemberRole;
  /** Member custom data (the keys read). */
  appMemberDefinedData?: ReadonlyMap<string, string>;
}

/** Live members by account. */
export type LiveMembers = Map<string, LiveMember>;

/** The fields of a member that can differ from the server's (everything but write-once migration data). */
export type ComparableFieldName = Exclude<MemberFieldName, (typeof IMPORT_ONLY_FIELDS)[number]>;

const COMPARABLE = MEMBER_FIELD_NAMES.filter(
  (name): name is ComparableFieldName => MEMBER_FIELDS[name].apply === "modify",
);
const COMPARABLE_FIELDS: ReadonlySet<string> = new Set(COMPARABLE);

// ---- encoding ----------------------------------------------------------------------------------

/**
 * One member as a JSON line: `["alice"]` or `["bob",{"role":"Admin"}]`. Fields in table order,
 * custom data as sorted `[key, value]` pairs (an object could not hold `__proto__`).
 */
function encodeLine(account: string, spec: MemberSpec, fields: readonly MemberFieldName[]): string {
  // Most members declare nothing but their account: the same text, without building an object.
  if (isEmptySpec(spec)) return `[${JSON.stringify(account)}]`;
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = spec[field];
    if (value === undefined) continue;
    // Object.defineProperty-free: the output keys are our fixed field names, never user strings.
    out[field] = value instanceof Map ? sortedPairs(value) : value;
  }
  return JSON.stringify(Object.keys(out).length === 0 ? [account] : [account, out]);
}

function isEmptySpec(spec: MemberSpec): boolean {
  for (const _ in spec) return false;
  return true;
}

function sortedPairs<V>(map: ReadonlyMap<string, V>): Array<[string, V]> {
  return [...map].sort(([a], [b]) => compareCodeUnits(a, b));
}

/** Sorts by UTF-16 code units: total and locale-free, so the canonical text is the same everywhere. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when two specs hold the same fields and values (custom data compared as sorted pairs). */
export function sameSpec(a: MemberSpec, b: MemberSpec): boolean {
  return encodeLine("", a, MEMBER_FIELD_NAMES) === encodeLine("", b, MEMBER_FIELD_NAMES);
}

/**
 * The canonical text of a member set: one JSON line per member, sorted by account (UTF-16 code
 * units: `sort()`'s own order, the same as {@link compareCodeUnits}). Summaries digest it, so its
 * bytes never change across versions.
 */
export function canonicalText(members: ReadonlyMap<string, MemberSpec>): string {
  return [...members.keys()]
    .sort()
    .map((account) => encodeLine(account, members.get(account)!, MEMBER_FIELD_NAMES))
    .join("\n");
}

/**
 * The lines of a text this module wrote, parsed at once: each line is a JSON text, which never holds
 * a raw newline, so they join into one array (a parse per line is several times slower).
 */
function parseLines<T>(text: string): T[] {
  return text === "" ? [] : (JSON.parse(`[${text.replaceAll("\n", ",")}]`) as T[]);
}

/** Decodes {@link canonicalText}. Throws on text this module did not write. */
export function decodeCanonical(text: string): MemberSet {
  const members: MemberSet = new Map();
  for (const [account, fields] of parseLines<[string, Record<string, unknown>?]>(text)) {
    members.set(account, fields === undefined ? {} : specFromJson(fields));
  }
  return members;
}

function specFromJson(fields: Record<string, unknown>): MemberSpec {
  const spec: MemberSpec = {};
  for (const field of MEMBER_FIELD_NAMES) {
    if (!Object.hasOwn(fields, field)) continue;
    const value = fields[field];
    if (field === "appMemberDefinedData") {
      spec.appMemberDefinedData = new Map(value as Array<[string, string | null]>);
    } else Object.assign(spec, { [field]: value });
  }
  return spec;
}

// ---- projections, digests, summaries -----------------------------------------------------------

/**
 * The comparable part of a declared spec: role and the modifiable fields it declares; a custom-data
 * key declared `null` (must not be set) is in sync when absent, so it is left out.
 */
export function comparable(spec: MemberSpec): MemberSpec {
  const out: MemberSpec = {};
  for (const field of COMPARABLE) {
    const value = spec[field];
    if (value === undefined) continue;
    if (field === "appMemberDefinedData") {
      out.appMemberDefinedData = new Map(
        [...spec.appMemberDefinedData!].filter(([, entry]) => entry !== null),
      );
    } else Object.assign(out, { [field]: value });
  }
  return out;
}

/**
 * A live member seen through a declaration: its role, and exactly the fields (and custom-data keys)
 * `declared` manages, with the server's values. Equal to `comparable(declared)` when in sync.
 */
export function liveThrough(live: LiveMember, declared: MemberSpec | undefined): MemberSpec {
  const out: MemberSpec = {};
  if (live.role === "Admin") out.role = "Admin";
  if (declared !== undefined) {
    // Indexed loops over the precomputed rows: this runs per member of every set on every diff.
    for (let i = 0; i < SCALARS.length; i++) {
      const field = SCALARS[i]!;
      if (declared[field] === undefined) continue;
      const value = live[field] ?? SCALAR_UNSET[i];
      if (value !== undefined) out[field] = value;
    }
  }
  if (declared?.appMemberDefinedData !== undefined) {
    const data = new Map<string, string | null>();
    for (const key of declared.appMemberDefinedData.keys()) {
      const value = live.appMemberDefinedData?.get(key);
      if (value !== undefined) data.set(key, value);
    }
    out.appMemberDefinedData = data;
  }
  return out;
}

/**
 * A declared scalar's live value as compared: what was read, else the row's unset value (what a
 * member that never set it has), else undefined — unknown, so it differs from any declaration.
 */
export function liveValue(live: LiveMember, field: DeclaredScalarFieldName): string | undefined {
  return live[field] ?? (MEMBER_FIELDS[field] as { readonly unset?: string }).unset;
}

/** The declared scalars, their unset values and wire names, as parallel arrays for the hot loops. */
const SCALARS: readonly DeclaredScalarFieldName[] = DECLARED_SCALAR_FIELDS;
const SCALAR_UNSET: ReadonlyArray<string | undefined> = SCALARS.map(
  (field) => (MEMBER_FIELDS[field] as { readonly unset?: string }).unset,
);
const SCALAR_WIRES: ReadonlyArray<keyof GroupMember> = SCALARS.map(
  (field) => MEMBER_FIELDS[field].wire as keyof GroupMember,
);

/** sha256 of a text, first 12 hex digits: enough to tell member sets apart, short enough to read. */
function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}

/** `"10,000 members · 1f2e3d4c5b6a"`: how a member set appears in state and previews. */
export function summaryOf(count: number, digestHex: string): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? "member" : "members"} · ${digestHex}`;
}

/**
 * The summary of a declared set: its count and the digest of its comparable part. `canonical`, the
 * set's own {@link canonicalText} when the caller has it, is that part whenever no member declares
 * anything but comparable fields (no migration data, no custom-data key declared `null`): then the
 * text is not built twice.
 */
export function declaredSummary(members: ReadonlyMap<string, MemberSpec>, canonical?: string): string {
  let text = canonical;
  if (text === undefined || [...members.values()].some((spec) => !isComparable(spec))) {
    const projected = new Map([...members].map(([account, spec]) => [account, comparable(spec)]));
    text = canonicalText(projected);
  }
  return summaryOf(members.size, digest(text));
}

/** True when {@link comparable} would return the spec unchanged. */
function isComparable(spec: MemberSpec): boolean {
  for (const field in spec) if (!COMPARABLE_FIELDS.has(field)) return false;
  if (spec.appMemberDefinedData === undefined) return true;
  for (const value of spec.appMemberDefinedData.values()) if (value === null) return false;
  return true;
}

/**
 * The summary of the live set as `declared` manages it (authoritative: every member but an
 * undeclared owner; additive: the declared accounts present). Equal to {@link declaredSummary} of
 * `declared` exactly when the group matches the declaration.
 */
export function managedSummary(
  live: ReadonlyMap<string, LiveMember>,
  declared: ReadonlyMap<string, MemberSpec>,
  mode: "authoritative" | "additive",
): string {
  const view: MemberSet = new Map();
  for (const [account, member] of live) {
    const spec = declared.get(account);
    if (member.role === "Owner") {
      // The owner is never managed here: listed anyway (e.g. after a transfer), it is as declared.
      if (spec !== undefined) view.set(account, comparable(spec));
      continue;
    }
    if (spec === undefined && mode === "additive") continue;
    view.set(account, liveThrough(member, spec));
  }
  return summaryOf(view.size, digest(canonicalText(view)));
}

/**
 * A fingerprint of the whole live set (every member but the owner, its role and the fields in
 * `fieldMask`), for telling whether anything changed since it was last taken when the declaration
 * itself is not at hand (a `pulumi refresh` runs no program).
 */
export function liveFingerprint(live: ReadonlyMap<string, LiveMember>, fieldMask: readonly string[]): string {
  const mask = parseFieldMask(fieldMask);
  const view: MemberSet = new Map();
  for (const [account, member] of live) {
    if (member.role === "Owner") continue;
    view.set(account, liveThrough(member, mask));
  }
  return digest(canonicalText(view));
}

/**
 * The fields a declaration manages for any member (sorted): the declared scalars of the member
 * field table by input name, and `appMemberDefinedData.<key>`. Small, kept in state, so a refresh
 * knows what to read and compare.
 */
export function fieldMaskOf(members: ReadonlyMap<string, MemberSpec>): string[] {
  const mask = new Set<string>();
  for (const spec of members.values()) {
    for (const field of SCALARS) if (spec[field] !== undefined) mask.add(field);
    for (const key of spec.appMemberDefinedData?.keys() ?? []) mask.add(`appMemberDefinedData.${key}`);
  }
  return [...mask].sort(compareCodeUnits);
}

/** A field mask as a spec that declares every masked field (for {@link liveThrough}). */
function parseFieldMask(fieldMask: readonly string[]): MemberSpec {
  const spec: MemberSpec = {};
  const data = new Map<string, string | null>();
  for (const entry of fieldMask) {
    // Any declared value will do: liveThrough only asks whether the field is declared.
    if (DECLARED_SCALAR_NAMES.has(entry)) spec[entry as DeclaredScalarFieldName] = "";
    else if (entry.startsWith("appMemberDefinedData."))
      data.set(entry.slice("appMemberDefinedData.".length), "");
  }
  if (data.size > 0) spec.appMemberDefinedData = data;
  return spec;
}

const DECLARED_SCALAR_NAMES: ReadonlySet<string> = new Set(DECLARED_SCALAR_FIELDS);

/** The custom-data keys a field mask names (for the read filter). */
export function memberDataKeysOf(fieldMask: readonly string[]): string[] {
  return fieldMask
    .filter((entry) => entry.startsWith("appMemberDefinedData."))
    .map((entry) => entry.slice("appMemberDefinedData.".length));
}

// ---- live members --------------------------------------------------------------------------------

/** Members as the server listed them, in the provider's terms. Keeps the first entry of a repeat. */
export function liveMembersOf(list: readonly GroupMember[]): LiveMembers {
  const live: LiveMembers = new Map();
  for (const member of list) {
    if (live.has(member.Member_Account)) continue;
    // Fields set one by one: spreading optional parts costs a temporary object per field per member.
    const entry: LiveMember = { role: member.Role ?? "Member" };
    for (let i = 0; i < SCALARS.length; i++) {
      const value = member[SCALAR_WIRES[i]!];
      if (value !== undefined) entry[SCALARS[i]!] = value as string;
    }
    if (member.AppMemberDefinedData !== undefined) {
      entry.appMemberDefinedData = fromKeyValues(member.AppMemberDefinedData);
    }
    live.set(member.Member_Account, entry);
  }
  return live;
}

/** Key-value pairs as a Map (a later repeat of a key wins, as on the server). */
export function fromKeyValues(list: readonly KeyValue[]): Map<string, string> {
  return new Map(list.map(({ Key, Value }) => [Key, Value]));
}

/** A Map as key-value pairs, in key order. */
export function toKeyValues(map: ReadonlyMap<string, string>): KeyValue[] {
  return sortedPairs(map).map(([Key, Value]) => ({ Key, Value }));
}

/**
 * The canonical text of live members (for keeping them between a read and a diff, in process):
 * `[account, role, <each declared scalar in table order, or null>, custom-data pairs or null]`.
 */
export function encodeLive(live: ReadonlyMap<string, LiveMember>): string {
  const lines: string[] = [];
  for (const [account, member] of live) {
    const line: unknown[] = [account, member.role];
    for (let i = 0; i < SCALARS.length; i++) line.push(member[SCALARS[i]!] ?? null);
    line.push(member.appMemberDefinedData ? sortedPairs(member.appMemberDefinedData) : null);
    lines.push(JSON.stringify(line));
  }
  return lines.join("\n");
}

/** Decodes {@link encodeLive}. */
export function decodeLive(text: string): LiveMembers {
  const live: LiveMembers = new Map();
  type Line = [string, MemberRole, ...Array<string | null | Array<[string, string]>>];
  const dataAt = 2 + SCALARS.length;
  for (const line of parseLines<Line>(text)) {
    const entry: LiveMember = { role: line[1] };
    for (let i = 0; i < SCALARS.length; i++) {
      const value = line[2 + i] as string | null;
      if (value !== null) entry[SCALARS[i]!] = value;
    }
    const data = line[dataAt] as Array<[string, string]> | null;
    if (data !== null) entry.appMemberDefinedData = new Map(data);
    live.set(line[0], entry);
  }
  return live;
}
