/**
 * Values as the reports see them: a plain value, not set, a secret (never its plaintext), or not
 * known until apply. Plus the small formatting helpers every renderer shares, kept here so all
 * outputs agree on ordering and wording and none depends on the machine's locale.
 */
import { SECRET_MARKER, UNKNOWN_MARKER } from "./preview";

/** A value in a report. */
export type Value =
  | {
      /** A plain, non-secret value. */
      kind: "value";
      /** The value (JSON data). */
      value: unknown;
    }
  | {
      /** The input is not set. */
      kind: "absent";
    }
  | {
      /** Pulumi marks the value secret: it is never shown. */
      kind: "secret";
    }
  | {
      /** Only known after apply. */
      kind: "unknown";
    };

/** Classifies a raw value from the preview JSON. */
export function toValue(raw: unknown): Value {
  if (raw === undefined || raw === null) return { kind: "absent" };
  if (raw === SECRET_MARKER) return { kind: "secret" };
  if (raw === UNKNOWN_MARKER) return { kind: "unknown" };
  return { kind: "value", value: raw };
}

/**
 * A record's own property, or undefined. Preview data is keyed by names users and the API choose
 * (accounts, custom-data keys), so `record[key]` would find Object.prototype's `constructor` or
 * `toString` (and `__proto__` the prototype itself) for a key the record does not have.
 */
export function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** True when a raw value holds a secret or unknown marker anywhere inside it. */
export function containsMarker(raw: unknown): boolean {
  if (raw === SECRET_MARKER || raw === UNKNOWN_MARKER) return true;
  if (Array.isArray(raw)) return raw.some(containsMarker);
  if (raw !== null && typeof raw === "object") return Object.values(raw).some(containsMarker);
  return false;
}

/** True when the raw value contains a secret marker anywhere inside it. */
export function containsSecret(raw: unknown): boolean {
  if (raw === SECRET_MARKER) return true;
  if (Array.isArray(raw)) return raw.some(containsSecret);
  if (raw !== null && typeof raw === "object") return Object.values(raw).some(containsSecret);
  return false;
}

/**
 * Whether two values are known to be equal, known to differ, or cannot be compared (a secret or
 * unknown on either side: `[secret]` on both sides says nothing about the plaintexts).
 */
export function compare(a: unknown, b: unknown): "equal" | "different" | "unknown" {
  if (containsMarker(a) || containsMarker(b)) {
    // An input that appears or disappears is a change whatever its value.
    if ((a === undefined || a === null) !== (b === undefined || b === null)) return "different";
    return "unknown";
  }
  return canonical(a) === canonical(b) ? "equal" : "different";
}

/** JSON with object keys sorted and undefined members dropped: equal data, equal text. */
export function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? "undefined";
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .filter((key) => record[key] !== undefined)
      .map((key) => [key, sortKeys(record[key])]),
  );
}

/** Display options of {@link showValue}. */
export interface ShowOptions {
  /** Longest shown text in characters before it is cut with "…" (default 200). */
  maxLength?: number;
}

/** A value as one line of text: JSON for data, words for the special kinds. */
export function showValue(value: Value, options: ShowOptions = {}): string {
  switch (value.kind) {
    case "absent":
      return "(not set)";
    case "secret":
      return SECRET_MARKER;
    case "unknown":
      return "(known after apply)";
    case "value": {
      const text = JSON.stringify(sortKeys(value.value)) ?? String(value.value);
      return cut(printable(text), options.maxLength ?? 200);
    }
  }
}

/**
 * A name or text as one safe line: control characters (C0, DEL, C1) and the Unicode line and
 * paragraph separators shown as `\uXXXX`. Accounts, group ids and custom-data keys may hold any
 * character (only their byte length is limited), and must not end a Markdown line or list item, or
 * send escape sequences to a terminal or CI log.
 */
export function printable(text: string): string {
  // \p{Cc}: U+0000–U+001F and U+007F–U+009F.
  return text.replace(/[\p{Cc}\u2028\u2029]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Cuts a text to `max` characters (code points, so no surrogate pair is split), marking the cut. */
export function cut(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/** 12345 → "12,345", independent of the locale so reports are byte-for-byte reproducible. */
export function formatCount(n: number): string {
  const sign = n < 0 ? "-" : "";
  return sign + String(Math.abs(Math.trunc(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "1 member" / "2 members". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

/**
 * Natural order (`u2` before `u10`), with plain code-unit order as the tie-break so the result is a
 * total order and the same on every machine (no Intl collation).
 */
export function naturalCompare(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const xd = /^\d/.test(x);
    const yd = /^\d/.test(y);
    if (xd && yd) {
      const byValue = compareDigits(x, y);
      if (byValue !== 0) return byValue;
    }
    return x < y ? -1 : 1;
  }
  if (pa.length !== pb.length) return pa.length - pb.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two digit strings by numeric value without converting (they may exceed 2^53). */
function compareDigits(x: string, y: string): number {
  const a = x.replace(/^0+(?=\d)/, "");
  const b = y.replace(/^0+(?=\d)/, "");
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
