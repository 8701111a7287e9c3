/**
 * What one resource costs in a checkpoint, part by part (issue 20): the file backend writes the
 * checkpoint as one compact JSON document and rewrites all of it after every step, so these bytes are what each
 * step makes the CLI serialize and write again. Parts: `__provider` in inputs and in
 * outputs (the serialized dynamic provider, stored twice by the SDK: the program sends it as an
 * input and the dynamic-provider process adds it to every result), the other inputs, the other
 * outputs, the registration's source position and stack trace, and the rest of the entry (URN,
 * type, parent, provider reference, dependencies, timestamps).
 *
 * `node bench/dist/bench/state-parts.js <checkpoint.json | stack export>` prints the table.
 */
import { readFileSync } from "node:fs";

/** The parts of one resource type's entries, averaged per resource, in bytes. */
export interface StateParts {
  /** The resource type token. */
  type: string;
  /** Resources of this type. */
  count: number;
  /** The whole entry as the file backend writes it (indented JSON, the line break after it). */
  entry: number;
  /** `inputs.__provider` as stored (a string, or a secret envelope with its ciphertext). */
  providerInInputs: number;
  /** `outputs.__provider` as stored. */
  providerInOutputs: number;
  /** The other inputs (the JSON of `inputs` without `__provider`). */
  inputs: number;
  /** The other outputs (the JSON of `outputs` without `__provider`). */
  outputs: number;
  /** The registration's `sourcePosition` and `stackTrace` (the SDK sends them; the engine stores them). */
  trace: number;
  /** Whether `__provider` is stored as a secret (ciphertext). */
  providerSecret: boolean;
}

/** The checkpoint's resource entries: a file backend checkpoint or a `pulumi stack export`. */
export function resourcesOf(document: unknown): Array<Record<string, unknown>> {
  const doc = document as {
    checkpoint?: { latest?: { resources?: unknown[] } };
    deployment?: { resources?: unknown[] };
  };
  const resources = doc.checkpoint?.latest?.resources ?? doc.deployment?.resources ?? [];
  return resources as Array<Record<string, unknown>>;
}

/** Bytes of `value` as the file backend writes it (compact JSON, as Go's json.Marshal does). */
function jsonBytes(value: unknown): number {
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value));
}

/** The per-type averages of every custom resource in `document` (the Stack and providers aside). */
export function stateParts(document: unknown): StateParts[] {
  const byType = new Map<string, Array<Record<string, unknown>>>();
  for (const resource of resourcesOf(document)) {
    const type = String(resource.type);
    if (type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:")) continue;
    const list = byType.get(type) ?? [];
    list.push(resource);
    byType.set(type, list);
  }
  const parts: StateParts[] = [];
  for (const [type, list] of byType) {
    const sum = { entry: 0, providerInInputs: 0, providerInOutputs: 0, inputs: 0, outputs: 0, trace: 0 };
    let providerSecret = false;
    for (const resource of list) {
      const inputs = { ...(resource.inputs as Record<string, unknown> | undefined) };
      const outputs = { ...(resource.outputs as Record<string, unknown> | undefined) };
      // An entry is one element of checkpoint.latest.resources, with the comma after it.
      sum.entry += jsonBytes(resource) + 1;
      sum.providerInInputs += jsonBytes(inputs.__provider);
      sum.providerInOutputs += jsonBytes(outputs.__provider);
      sum.trace += jsonBytes(resource.stackTrace) + jsonBytes(resource.sourcePosition);
      providerSecret ||= typeof outputs.__provider === "object" && outputs.__provider !== null;
      delete inputs.__provider;
      delete outputs.__provider;
      sum.inputs += jsonBytes(inputs);
      sum.outputs += jsonBytes(outputs);
    }
    const n = list.length;
    parts.push({
      type,
      count: n,
      entry: Math.round(sum.entry / n),
      providerInInputs: Math.round(sum.providerInInputs / n),
      providerInOutputs: Math.round(sum.providerInOutputs / n),
      inputs: Math.round(sum.inputs / n),
      outputs: Math.round(sum.outputs / n),
      trace: Math.round(sum.trace / n),
      providerSecret,
    });
  }
  return parts;
}

/** The parts as a Markdown table. */
export function statePartsTable(parts: readonly StateParts[]): string {
  const lines = [
    "| type | resources | bytes per resource | `__provider` in inputs | `__provider` in outputs | other inputs | other outputs | stack trace | rest of the entry |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const p of parts) {
    const rest = p.entry - p.providerInInputs - p.providerInOutputs - p.inputs - p.outputs - p.trace;
    const secret = p.providerSecret ? " (secret)" : "";
    lines.push(
      `| ${p.type.replace(/^pulumi-nodejs:dynamic\//, "")} | ${p.count} | ${p.entry} | ${p.providerInInputs}${secret} | ` +
        `${p.providerInOutputs}${secret} | ${p.inputs} | ${p.outputs} | ${p.trace} | ${rest} |`,
    );
  }
  return lines.join("\n");
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: node bench/dist/bench/state-parts.js <checkpoint.json | stack export file>");
    process.exit(2);
  }
  console.log(statePartsTable(stateParts(JSON.parse(readFileSync(file, "utf8")))));
}
