/**
 * Benchmark floor (issue 20): the smallest dynamic resource possible, for the resources of the
 * `groups` test program (same spec file, IMGROUPS_SPEC_FILE; each member set depends on its group).
 * Each resource is a `pulumi-nodejs:dynamic` resource whose serialized provider is a one-line module
 * (the program directory's floor-provider.js, required relative to the provider process's working
 * directory, the program's), whose only input `v` is a 12-hex digest of its declaration and whose
 * only output is the same `v`. It registers without the SDK's stack traces, as the real classes do
 * (promise-stacks.ts). What a run of it costs is the least any dynamic provider can cost the engine
 * for this many resources: CLI, language host, program registration, dynamic-provider process,
 * checkpoints of the smallest entries.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  pausePromiseStacks,
  resumePromiseStacks,
} from "@imgroups/tencentcloud-im/resources/shared/promise-stacks";
import * as pulumi from "@pulumi/pulumi";

interface Spec {
  groups?: Record<string, Record<string, unknown>>;
  members?: Record<string, Record<string, unknown> & { group?: string }>;
}

const specFile = process.env.IMGROUPS_SPEC_FILE;
if (!specFile) throw new Error("IMGROUPS_SPEC_FILE is not set");
const spec = JSON.parse(readFileSync(specFile, "utf8")) as Spec;

/** The whole serialized provider. */
const STUB = 'exports.handler=()=>require("./floor-provider").floorProvider;';

/** One-letter type names: the URNs (stored several times per resource) as short as they get. */
class FloorResource extends pulumi.CustomResource {
  declare readonly v: pulumi.Output<string>;

  constructor(type: "G" | "M", name: string, declaration: unknown, opts?: pulumi.CustomResourceOptions) {
    const v = createHash("sha256").update(JSON.stringify(declaration)).digest("hex").slice(0, 12);
    const paused = pausePromiseStacks();
    try {
      super(`pulumi-nodejs:dynamic:${type}`, name, { v, __provider: STUB }, opts);
    } catch (error) {
      resumePromiseStacks(paused, error);
      throw error;
    }
    resumePromiseStacks(paused);
  }
}

const groups: Record<string, FloorResource> = {};
for (const [name, args] of Object.entries(spec.groups ?? {}))
  groups[name] = new FloorResource("G", name, args);
for (const [name, { group, ...args }] of Object.entries(spec.members ?? {})) {
  if (!group || !groups[group]) throw new Error(`members ${name}: the floor baseline needs a declared group`);
  new FloorResource("M", name, args, { dependsOn: [groups[group]] });
}
