/**
 * Field checks shared by the commands. Each throws an {@link ApiRefusal} whose detail names the field,
 * the limit and the offending value, as the quality bar asks ("Name: 45 bytes exceeds the 30-byte
 * limit"). All lengths are UTF-8 bytes (docs/api-reference.md conventions).
 */

import { ApiRefusal, type ErrorCode, invalidParameter } from "../errors";
import type { ResolvedKeys } from "./settings";
import type { KeyValue } from "./state";

/** UTF-8 byte length of a string. */
export function utf8Bytes(value: string): number {
  return Buffer.byteLength(value, "utf8");
}

/** Renders a value for an error detail, shortened so a huge input cannot bloat the response. */
export function show(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Array.isArray(value) ? "[...]" : typeof value === "object" ? "{...}" : String(value); // too deep to print
  }
  return text.length > 64 ? `${text.slice(0, 61)}...` : text;
}

/** Throws `code` (10004 by default) when `value` is longer than `limit` bytes. */
export function checkMaxBytes(field: string, value: string, limit: number, code: ErrorCode = 10004): void {
  const bytes = utf8Bytes(value);
  if (bytes > limit) throw new ApiRefusal(code, `${field}: ${bytes} bytes exceeds the ${limit}-byte limit`);
}

/** Throws 10004 when `value` is empty. */
export function checkNotEmpty(field: string, value: string): void {
  if (value.length === 0) throw invalidParameter(`${field}: must not be empty`);
}

/** Throws 10004 when `value` is not one of `allowed`. */
export function checkEnum(field: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) {
    throw invalidParameter(`${field}: ${show(value)} is not one of ${allowed.join(", ")}`);
  }
}

/** Throws 10004 when `value` is negative or above `max`. */
export function checkRange(field: string, value: number, min: number, max: number): void {
  if (value < min) throw invalidParameter(`${field}: ${value} is below the minimum ${min}`);
  if (value > max) throw invalidParameter(`${field}: ${value} exceeds the maximum ${max}`);
}

/** Throws `code` when a list holds more than `limit` entries. */
export function checkCount(field: string, count: number, limit: number, code: ErrorCode): void {
  if (count > limit) throw new ApiRefusal(code, `${field}: ${count} entries exceeds the limit of ${limit}`);
}

/** Byte limits of one kind of custom data. */
export interface CustomDataLimits {
  /** Largest key, in bytes. */
  keyBytes: number;
  /** Largest value, in bytes. */
  valueBytes: number;
  /** Which keys are enabled and which are read-only. */
  keys: ResolvedKeys;
}

/**
 * Checks a custom-data list (002 10004 items 10 and 13): key non-empty and within the byte limit,
 * no duplicate key, value within the byte limit, key enabled for the app (10004, docs/api-reference.md §6.5), key
 * writable (10007, 002 10007 item 3). `field` is the list's path, e.g. `MemberList[2].AppMemberDefinedData`.
 */
export function checkCustomData(field: string, entries: readonly KeyValue[], limits: CustomDataLimits): void {
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const at = `${field}[${index}]`;
    if (entry.Key.length === 0) throw invalidParameter(`${at}.Key: must not be empty`);
    checkMaxBytes(`${at}.Key`, entry.Key, limits.keyBytes);
    if (seen.has(entry.Key)) throw invalidParameter(`${at}.Key: duplicate key ${show(entry.Key)}`);
    seen.add(entry.Key);
    checkMaxBytes(`${at}.Value`, entry.Value, limits.valueBytes);
    if (limits.keys.allowed && !limits.keys.allowed.has(entry.Key)) {
      throw invalidParameter(`${at}.Key: ${show(entry.Key)} is not an enabled custom field`);
    }
    if (limits.keys.readOnly.has(entry.Key)) {
      throw new ApiRefusal(10007, `${at}.Key: custom field ${show(entry.Key)} is not writable`);
    }
  });
}

/**
 * Merges custom-data changes into existing entries: a changed key keeps its place, a new key is
 * appended, and an empty Value deletes the key (docs/api-reference.md §7.1).
 */
export function mergeCustomData(current: readonly KeyValue[], changes: readonly KeyValue[]): KeyValue[] {
  const merged = new Map(current.map((entry) => [entry.Key, entry.Value]));
  for (const { Key, Value } of changes) {
    if (Value === "") merged.delete(Key);
    else merged.set(Key, Value);
  }
  return [...merged].map(([Key, Value]) => ({ Key, Value }));
}
