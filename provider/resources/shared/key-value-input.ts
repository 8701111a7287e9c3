/**
 * Custom-data maps on their way from a program to `check`. Keys are arbitrary strings, and a plain
 * object is a poor carrier for them: `__proto__` is lost when Pulumi rebuilds an object, and keys
 * such as `toString` trip code that treats the map as an ordinary object. So the resource classes
 * send custom data as `[key, value]` pairs, and `check` turns them back into the map it stores.
 * Runs in the program (the classes) and in the provider (`check`).
 */
import * as pulumi from "@pulumi/pulumi";

/** A custom-data map as a program gives it: an object (values may be Outputs) or a `Map`. */
export type KeyValueInput = pulumi.Input<
  Readonly<Record<string, pulumi.Input<string>>> | ReadonlyMap<string, pulumi.Input<string>>
>;

/** The pairs of a map, in the order given. */
export type KeyValuePairs = Array<[string, string]>;

/**
 * The map's own entries as pairs, resolving Outputs entry by entry (never by unwrapping the whole
 * object, which would call methods such as `toString` on a map that has a key of that name).
 */
export function keyValueInput(value: KeyValueInput): pulumi.Output<KeyValuePairs> {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) {
    return pulumi.output(value as pulumi.Input<object>).apply((map) => pairsOf(map as KeyValueInputMap));
  }
  return pairsOf(value as KeyValueInputMap);
}

type KeyValueInputMap =
  | Readonly<Record<string, pulumi.Input<string>>>
  | ReadonlyMap<string, pulumi.Input<string>>;

function pairsOf(map: KeyValueInputMap): pulumi.Output<KeyValuePairs> {
  const entries: Array<[string, pulumi.Input<string>]> =
    map instanceof Map
      ? [...map]
      : Object.keys(map).map((key) => [key, (map as Record<string, pulumi.Input<string>>)[key]!]);
  return pulumi.all(
    entries.map(([key, entry]) => pulumi.output(entry).apply((v): [string, string] => [key, v])),
  );
}

/**
 * The pairs back as a map object with every key an own property (`Object.fromEntries` defines
 * them, so even `__proto__` is kept for `check` to refuse by name). Passes a map through.
 */
export function keyValueMap(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  if (!value.every((pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === "string")) {
    return value;
  }
  return Object.fromEntries(value as KeyValuePairs);
}
