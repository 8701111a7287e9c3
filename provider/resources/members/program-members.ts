/**
 * The member list on its way from a program to `check`: one string, a JSON array with an entry per
 * line in the order written (repeats kept, so `check` can name them), custom data as `[key, value]`
 * pairs; NaN and ±Infinity kept (member-encoding.ts), so `check` can name them too. One
 * string input is cheap for the engine to carry, and `check` turns it into the summary state keeps
 * (member-set.ts). Entries are carried as given — validating them is `check`'s job, so a wrong entry
 * becomes a preview failure naming it, never a program crash. Runs in the program.
 */
import * as pulumi from "@pulumi/pulumi";
import { type KeyValueInput, keyValueInput } from "../shared/key-value-input";
import { keepNonFinite, NOT_A_LIST } from "./member-encoding";

/** The custom-data field of a member entry (carried as pairs). */
const DATA_FIELD = "appMemberDefinedData";

/** The members input as a program gives it. */
export type ProgramMembers = pulumi.Input<ReadonlyArray<pulumi.Input<unknown>>>;

/**
 * Encodes the members input. Plain values (the common case: a literal or computed array) encode
 * at once; Outputs anywhere are resolved entry by entry (never by unwrapping whole objects, which
 * would call methods such as `toString` on a custom-data map with a key of that name).
 */
export function encodeProgramMembers(members: ProgramMembers): pulumi.Output<string> | string {
  if (pulumi.Output.isInstance(members) || members instanceof Promise) {
    return pulumi
      .output(members as pulumi.Input<object>)
      .apply((list) => pulumi.output(encodeProgramMembers(list as ProgramMembers)));
  }
  if (!Array.isArray(members)) return `${NOT_A_LIST}${JSON.stringify(members ?? null, keepNonFinite)}`;
  const list = members as ReadonlyArray<unknown>;
  if (list.every(isPlain)) return encodeList(list);
  return pulumi.all(list.map(resolveEntry)).apply(encodeList);
}

/** The list as a JSON array, an entry per line (a JSON text never holds a raw newline). */
function encodeList(entries: readonly unknown[]): string {
  return `[${entries.map(encodeEntry).join(",\n")}]`;
}

/** One entry as its JSON line (custom data as pairs). */
function encodeEntry(entry: unknown): string {
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
    return JSON.stringify(entry ?? null, keepNonFinite);
  }
  // Object.fromEntries defines every key as its own (an entry's stray `__proto__` key included).
  const out = Object.fromEntries(
    Object.keys(entry).map((key) => {
      const value = (entry as Record<string, unknown>)[key];
      return [key, key === DATA_FIELD ? plainPairs(value) : value];
    }),
  );
  return JSON.stringify(out, keepNonFinite);
}

/** A plain custom-data map (object or Map) as pairs; anything else as given, for check to refuse. */
function plainPairs(value: unknown): unknown {
  if (value instanceof Map) return [...value];
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    return Object.keys(value).map((key) => [key, (value as Record<string, unknown>)[key]]);
  }
  return value;
}

/** An entry with every Output or Promise inside it resolved. */
function resolveEntry(entry: unknown): pulumi.Output<unknown> {
  if (pulumi.Output.isInstance(entry) || entry instanceof Promise) {
    return pulumi.output(entry as pulumi.Input<object>).apply((value) => resolveEntry(value));
  }
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return pulumi.output(entry);
  const fields = Object.keys(entry).map((key) => {
    const value = (entry as Record<string, unknown>)[key];
    const resolved =
      key === DATA_FIELD && value !== null && typeof value === "object"
        ? keyValueInput(value as KeyValueInput)
        : pulumi.output(value as pulumi.Input<unknown>);
    return resolved.apply((v): [string, unknown] => [key, v]);
  });
  return pulumi.all(fields).apply((pairs) => Object.fromEntries(pairs));
}

/** True when an entry holds no Output or Promise at any depth that matters (entry, field, map value). */
function isPlain(entry: unknown): boolean {
  if (pulumi.Output.isInstance(entry) || entry instanceof Promise) return false;
  if (entry === null || typeof entry !== "object") return true;
  for (const key of Object.keys(entry)) {
    const value = (entry as Record<string, unknown>)[key];
    if (pulumi.Output.isInstance(value) || value instanceof Promise) return false;
    if (key === DATA_FIELD && value !== null && typeof value === "object") {
      const values =
        value instanceof Map
          ? [...value.values()]
          : Object.keys(value).map((k) => (value as Record<string, unknown>)[k]);
      if (values.some((v) => pulumi.Output.isInstance(v) || v instanceof Promise)) return false;
    }
  }
  return true;
}
