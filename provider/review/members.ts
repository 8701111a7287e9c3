/**
 * The member-set diff: two `members` maps (account → { role, … }, the stored form of
 * ImGroupMembers) become the accounts added, removed and changed. Per account, never per list
 * position, so order never shows as a change, and 10,000 members cost one pass.
 */
import type { FieldChange, MemberChange, MemberChanges, MemberEntry, Origin } from "./model";
import { compare, containsMarker, naturalCompare, toValue } from "./values";

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
    before: b === null ? null : Object.keys(b).length,
    after: a === null ? null : Object.keys(a).length,
    notes,
  };
  if (b === null || a === null) return result;

  let uncompared = 0;
  for (const account of Object.keys(a)) {
    if (!(account in b)) {
      result.added.push(entry(account, a[account], originOfPresence(r, account, true)));
      continue;
    }
    const fields = specChanges(b[account], a[account]);
    if (fields === null) {
      uncompared++;
      continue;
    }
    if (fields.length === 0) continue;
    const change: MemberChange = { account, fields };
    if (r !== undefined) change.origin = originOfSpec(r, account, b[account]);
    result.changed.push(change);
  }
  for (const account of Object.keys(b)) {
    if (!(account in a)) result.removed.push(entry(account, b[account], originOfPresence(r, account, false)));
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
    const verdict = compare(b[field], a[field]);
    if (verdict === "equal") continue;
    if (verdict === "unknown") return null;
    fields.push({ field, before: toValue(b[field]), after: toValue(a[field]) });
  }
  return fields;
}

/**
 * Drift origin of an account present on one side only. `declaredSide`: the account is declared
 * but not live (added by `up`): it was removed outside Pulumi if the last update recorded it.
 * Otherwise it is live but not declared: added outside Pulumi if the last update did not record it.
 */
function originOfPresence(
  recorded: Record<string, unknown> | null | undefined,
  account: string,
  declaredSide: boolean,
): Origin | undefined {
  if (recorded === undefined) return undefined;
  if (recorded === null) return "unknown";
  const wasRecorded = account in recorded;
  return declaredSide === wasRecorded ? "outside" : "pending";
}

function originOfSpec(
  recorded: Record<string, unknown> | null,
  account: string,
  live: unknown,
): Origin | undefined {
  if (recorded === null) return "unknown";
  if (!(account in recorded)) return "outside";
  const verdict = compare(recorded[account], live);
  return verdict === "equal" ? "pending" : verdict === "different" ? "outside" : "unknown";
}

function entry(account: string, spec: unknown, origin: Origin | undefined): MemberEntry {
  const role =
    isRecord(spec) && typeof spec.role === "string" && !containsMarker(spec.role) ? spec.role : undefined;
  return { account, ...(role !== undefined && { role }), ...(origin !== undefined && { origin }) };
}

/** The map, or null (with a note) when the whole member set is secret or unknown. */
function asMap(raw: RawMembers, side: string, notes: string[]): Record<string, unknown> | null {
  if (raw === undefined || raw === null) return {};
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
    return Object.fromEntries(
      raw.map((item) =>
        typeof item === "string" ? [item, {}] : [String((item as { account?: unknown }).account), item],
      ),
    );
  }
  if (!isRecord(raw)) {
    notes.push(`the ${side} member set has an unexpected shape and is not listed`);
    return null;
  }
  return raw;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
