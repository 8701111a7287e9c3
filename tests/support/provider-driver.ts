/**
 * Calls the provider implementations directly, in the order the Pulumi engine calls them, against
 * a real emulator — the fast tier of tests for the providers' logic (reconcile, converge, guards,
 * partial failure, migration, diagnostics). What only the engine proves (serialization of the
 * stub, refresh steps, replacement, crash recovery, the CLI commands) stays in tests/e2e.
 *
 * A {@link DirectResource} keeps what the engine would keep — the recorded inputs and outputs — and
 * runs: `check` (olds = recorded inputs), then `create` when nothing is recorded, else `diff` with the
 * recorded outputs and `update` when it reports changes; a partial failure records its properties,
 * as the engine does. The provider process's singletons (client, stash, fresh groups) are shared,
 * as in one `pulumi up`.
 */
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "@imgroups/im-emulator";
import { ImClient } from "@imgroups/tencentcloud-im/client/client";
import { type ResourceDiagnostic, setDiagnosticSink } from "@imgroups/tencentcloud-im/resources/engine-log";
import { forgetPlannedGroups } from "@imgroups/tencentcloud-im/resources/planned-groups";
import { forgetAppGroupIds } from "@imgroups/tencentcloud-im/resources/taken-ids";
import type * as pulumi from "@pulumi/pulumi";

/** What the engine passes and receives; the providers are typed, the engine is not. */
type AnyProvider = Required<Pick<pulumi.dynamic.ResourceProvider, "check" | "create">> &
  Omit<pulumi.dynamic.ResourceProvider, "check" | "create">;

/** A `check` that failed: the failures the engine would print. */
export class CheckFailed extends Error {
  constructor(readonly failures: readonly pulumi.dynamic.CheckFailure[]) {
    super(
      `check failed:\n${failures.map((f) => `${f.property ? `${f.property}: ` : ""}${f.reason}`).join("\n")}`,
    );
    this.name = "CheckFailed";
  }
}

/** The outcome of one `up` or `preview` of a resource. */
export interface StepResult {
  /** What the engine would do. */
  op: "create" | "update" | "same" | "replace";
  /** The diff's replacement reasons. */
  replaces: string[];
  /** The outputs recorded afterwards (up only). */
  outputs?: Record<string, unknown>;
}

/** Everything a direct test needs: an emulator, a client for out-of-band edits, captured diagnostics. */
export interface DirectBed {
  /** The emulator (rate limit off). */
  emulator: RunningEmulator;
  /** A client for out-of-band edits and assertions. */
  client: ImClient;
  /** Diagnostics the providers reported since the last {@link DirectBed.takeDiagnostics}. */
  takeDiagnostics(): ResourceDiagnostic[];
  /** A resource driven through `provider`, named `name` (its URN is derived from it). */
  resource(provider: AnyProvider, type: string, name: string): DirectResource;
  /** Stops the client and the emulator; restores the diagnostic sink. */
  close(): Promise<void>;
}

/**
 * Starts an emulator and points the providers of this process at it (as `configure` does with the
 * stack config), capturing diagnostics instead of sending them to an engine.
 */
export async function startDirectBed(options: EmulatorOptions = {}): Promise<DirectBed> {
  const emulator = await startEmulator({ rateLimitPerSecond: 0, ...options });
  // A new app: what the process learnt about another app's group ids does not hold here.
  forgetAppGroupIds();
  forgetPlannedGroups();
  const config: Record<string, string> = {
    "tencentcloud-im:endpoint": emulator.url,
    "tencentcloud-im:sdkAppId": String(emulator.sdkAppId),
    "tencentcloud-im:secretKey": emulator.secretKey,
  };
  const configure = async (provider: AnyProvider) =>
    provider.configure?.({
      config: { get: (key: string) => config[key] },
    } as pulumi.dynamic.ConfigureRequest);
  const diagnostics: ResourceDiagnostic[] = [];
  setDiagnosticSink(async (diagnostic) => {
    diagnostics.push(diagnostic);
  });
  const client = new ImClient(
    {
      sdkAppId: emulator.sdkAppId,
      identifier: emulator.identifier,
      secretKey: emulator.secretKey,
      endpoint: emulator.url,
    },
    { rateLimit: { perSecond: 10_000 } },
  );
  return {
    emulator,
    client,
    takeDiagnostics: () => diagnostics.splice(0, diagnostics.length),
    resource: (provider, type, name) => new DirectResource(provider, type, name, configure),
    async close() {
      setDiagnosticSink(undefined);
      await client.close();
      await emulator.close();
    },
  };
}

/** One resource as the engine keeps it between commands. */
export class DirectResource {
  /** The recorded state, as `pulumi stack export` would show it. */
  state: { id: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> } | undefined;
  /** The URN the class would compute (project `direct`, stack `test`). */
  readonly urn: string;

  constructor(
    private readonly provider: AnyProvider,
    type: string,
    name: string,
    private readonly configure: (provider: AnyProvider) => Promise<void>,
  ) {
    this.urn = `urn:pulumi:test::direct::${type}::${name}`;
  }

  /** `check` then the diff the engine would do, without applying anything (a preview). */
  async preview(
    programInputs: Record<string, unknown>,
  ): Promise<StepResult & { inputs: Record<string, unknown> }> {
    await this.configure(this.provider);
    const inputs = await this.check(programInputs);
    if (this.state === undefined) return { op: "create", replaces: [], inputs };
    const diff = await this.provider.diff!(this.state.id, this.state.outputs, inputs);
    const replaces = diff.replaces ?? [];
    return { op: replaces.length > 0 ? "replace" : diff.changes ? "update" : "same", replaces, inputs };
  }

  /** A `pulumi up` of this resource with `programInputs` (what the class registers). */
  async up(programInputs: Record<string, unknown>): Promise<StepResult> {
    const planned = await this.preview(programInputs);
    const { inputs } = planned;
    try {
      if (planned.op === "create" || planned.op === "replace") {
        const created = await this.provider.create(inputs);
        if (planned.op === "replace" && this.state)
          await this.provider.delete?.(this.state.id, this.state.outputs);
        this.state = { id: created.id, inputs, outputs: created.outs };
      } else if (planned.op === "update") {
        const updated = await this.provider.update!(this.state!.id, this.state!.outputs, inputs);
        this.state = { id: this.state!.id, inputs, outputs: updated.outs ?? {} };
      } else {
        this.state = { ...this.state!, inputs };
      }
    } catch (error) {
      // A partial failure: the engine records the resource with these properties and fails the step.
      const partial = error as { id?: string; properties?: Record<string, unknown> };
      if (partial.id !== undefined && partial.properties !== undefined) {
        this.state = { id: partial.id, inputs, outputs: partial.properties };
      }
      throw error;
    }
    return { op: planned.op, replaces: planned.replaces, outputs: this.state.outputs };
  }

  /** A `pulumi refresh` of this resource; false when the resource is gone (read returned no id). */
  async refresh(): Promise<boolean> {
    if (this.state === undefined) throw new Error("nothing recorded to refresh");
    await this.configure(this.provider);
    const read = await this.provider.read!(this.state.id, this.state.outputs);
    if (!read.id) {
      this.state = undefined;
      return false;
    }
    this.state = { id: read.id, inputs: read.inputs ?? this.state.inputs, outputs: read.props ?? {} };
    return true;
  }

  /** A `pulumi destroy` of this resource. */
  async destroy(): Promise<void> {
    if (this.state === undefined) return;
    await this.configure(this.provider);
    await this.provider.delete?.(this.state.id, this.state.outputs);
    this.state = undefined;
  }

  private async check(programInputs: Record<string, unknown>): Promise<Record<string, unknown>> {
    const result = await this.provider.check(this.state?.inputs ?? {}, { ...programInputs, __urn: this.urn });
    if (result.failures && result.failures.length > 0) throw new CheckFailed(result.failures);
    return result.inputs ?? programInputs;
  }
}
