/**
 * The member-set diff: two `members` maps (account → { role, … }, the stored form of
 * ImGroupMembers) become the accounts added, removed and changed. Per account, never per list
 * position, so order never shows as a change, and 10,000 members cost one pass.
 */
import type { FieldChange, MemberChange, MemberChanges, MemberEntry, Origin } from "./model";
import { compare, containsMarker, naturalCompare, own, toValue } from "./values";

/** A members map as it appears in the preview JSON (or a marker string when secret or unknown). */
type RawMembers = unknown;

/**
 * Diffs `before` (live or in state) against `after` (declared). With `recorded` (drift: the state
 * of the last update), each difference is given its origin: changed outside Pulumi, or not applied.
 */
export function diffMembers(before: RawMembers, after: RawMembers, recorded?: RawMembers): MemberChanges {
  const notes: string[] = [];
  const b = asMap(before, "current", notes);
  const a = asMap(after, "declared", notes);
  const r = recorded === undefined ? undefined : asMap(recorded, "recorded", []);
  const result: MemberChanges = {
    added: [],
    removed: [],
    changed: [],
    before: b === null ? null : b.size,
    after: a === null ? null : a.size,
    notes,
  };
  if (b === null || a === null) return result;

  let uncompared = 0;
  for (const [account, spec] of a) {
    if (!b.has(account)) {
      result.added.push(entry(account, spec, originOfPresence(r, account, true)));
      continue;
    }
    const fields = specChanges(b.get(account), spec);
    if (fields === null) {
      uncompared++;
      continue;
    }
    if (fields.length === 0) continue;
    const change: MemberChange = { account, fields };
    if (r !== undefined) change.origin = originOfSpec(r, account, b.get(account));
    result.changed.push(change);
  }
  for (const [account, spec] of b) {
    if (!a.has(account)) result.removed.push(entry(account, spec, originOfPresence(r, account, false)));
  }
  if (uncompared > 0) {
    notes.push(`${uncompared} member(s) have secret or unknown fields that could not be compared`);
  }
  const byAccount = (x: { account: string }, y: { account: string }) => naturalCompare(x.account, y.account);
  result.added.sort(byAccount);
  result.removed.sort(byAccount);
  result.changed.sort(byAccount);
  return result;
}

/** The fields of one member spec that differ; null when they cannot be compared (secret inside). */
function specChanges(before: unknown, after: unknown): FieldChange[] | null {
  if (containsMarker(before) || containsMarker(after)) {
    if (!isRecord(before) || !isRecord(after)) return null;
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const fields: FieldChange[] = [];
  for (const field of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
    const verdict = compare(own(b, field), own(a, field));
    if (verdict === "equal") continue;
    if (verdict === "unknown") return null;
    fields.push({ field, before: toValue(own(b, field)), after: toValue(own(a, field)) });
  }
  return fields;
}

/**
 * Drift origin of an account present on one side only. `declaredSide`: the account is declared
 * but not live (added by `up`): it was removed outside Pulumi if the last update recorded it.
 * Otherwise it is live but not declared: added outside Pulumi if the last update did not record it.
 */
function originOfPresence(
  recorded: MemberMap | null | undefined,
  account: string,
  declaredSide: boolean,
): Origin | undefined {
  if (recorded === undefined) return undefined;
  if (recorded === null) return "unknown";
  return declaredSide === recorded.has(account) ? "outside" : "pending";
}

function originOfSpec(recorded: MemberMap | null, account: string, live: unknown): Origin | undefined {
  if (recorded === null) return "unknown";
  if (!recorded.has(account)) return "outside";
  const verdict = compare(recorded.get(account), live);
  return verdict === "equal" ? "pending" : verdict === "different" ? "outside" : "unknown";
}

function entry(account: string, spec: unknown, origin: Origin | undefined): MemberEntry {
  const role = isRecord(spec) ? own(spec, "role") : undefined;
  const shown = typeof role === "string" && !containsMarker(role) ? role : undefined;
  return { account, ...(shown !== undefined && { role: shown }), ...(origin !== undefined && { origin }) };
}

/** Account → member spec. A Map, so an account named `__proto__` or `toString` is just a key. */
type MemberMap = Map<string, unknown>;

/** The map, or null (with a note) when the whole member set is secret or unknown. */
function asMap(raw: RawMembers, side: string, notes: string[]): MemberMap | null {
  if (raw === undefined || raw === null) return new Map();
  const value = toValue(raw);
  if (value.kind === "secret") {
    notes.push(`the ${side} member set is secret: accounts are not listed`);
    return null;
  }
  if (value.kind === "unknown") {
    notes.push(`the ${side} member set is only known after apply`);
    return null;
  }
  if (Array.isArray(raw)) {
    // Only a program's raw registration has a list; checked inputs are always the map.
    return new Map(
      raw.map((item) =>
        typeof item === "string" ? [item, {}] : [String((item as { account?: unknown }).account), item],
      ),
    );
  }
  if (!isRecord(raw)) {
    notes.push(`the ${side} member set has an unexpected shape and is not listed`);
    return null;
  }
  return new Map(Object.entries(raw));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
