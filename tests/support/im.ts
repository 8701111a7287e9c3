/**
 * An emulator per test suite, plus what a Pulumi workspace needs to reach it: the endpoint and app
 * in the environment, the secret key as a *secret* stack config value (the documented way), and a
 * client for out-of-band edits and assertions.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type EmulatorOptions,
  READ_COMMANDS,
  type RunningEmulator,
  startEmulator,
} from "@imgroups/im-emulator";
import { ImClient } from "@imgroups/tencentcloud-im/client/client";
import { programDir } from "./paths";
import { PulumiWorkspace } from "./pulumi";

/** A running emulator with a client and a helper to make Pulumi workspaces that use it. */
export interface ImTestBed {
  /** The emulator (in-memory unless options say otherwise). */
  emulator: RunningEmulator;
  /** A client for out-of-band edits and assertions (rate limit lifted). */
  client: ImClient;
  /** A workspace running the `groups` fixture program with the given spec. */
  workspace(spec: unknown, options?: { stack?: string }): Promise<SpecWorkspace>;
  /** Stops the client and the emulator. */
  close(): Promise<void>;
}

/** A workspace whose program reads its resources from a spec file. */
export interface SpecWorkspace extends PulumiWorkspace {
  /** Rewrites the spec the program reads (takes effect on the next CLI call). */
  writeSpec(spec: unknown): void;
}

/** Starts an emulator on a free loopback port and a client for it. */
export async function startImTestBed(options: EmulatorOptions = {}): Promise<ImTestBed> {
  const emulator = await startEmulator({ rateLimitPerSecond: 0, ...options });
  const client = new ImClient(
    {
      sdkAppId: emulator.sdkAppId,
      identifier: emulator.identifier,
      secretKey: emulator.secretKey,
      endpoint: emulator.url,
    },
    { rateLimit: { perSecond: 10_000 } },
  );
  const workspaces: PulumiWorkspace[] = [];
  return {
    emulator,
    client,
    async workspace(spec, wsOptions = {}) {
      const specFile = path.join(mkdtempSync(path.join(tmpdir(), "imgroups-spec-")), "spec.json");
      writeFileSync(specFile, JSON.stringify(spec));
      const ws = await PulumiWorkspace.create({
        programDir: programDir("groups"),
        stack: wsOptions.stack,
        config: {
          "tencentcloud-im:endpoint": emulator.url,
          "tencentcloud-im:sdkAppId": String(emulator.sdkAppId),
        },
        secretConfig: { "tencentcloud-im:secretKey": emulator.secretKey },
        env: { IMGROUPS_SPEC_FILE: specFile },
      });
      workspaces.push(ws);
      return Object.assign(ws, {
        writeSpec: (next: unknown) => writeFileSync(specFile, JSON.stringify(next)),
      });
    },
    async close() {
      for (const ws of workspaces) await ws.dispose();
      await client.close();
      await emulator.close();
    },
  };
}

/**
 * The calls of an emulator's stats (`service/command` → count) that change the app: every command
 * but the reads the emulator itself lists (READ_COMMANDS), so a test asserting "nothing written"
 * cannot miss a write command it forgot to name.
 */
export function writeCalls(calls: Record<string, number>): Array<[string, number]> {
  return Object.entries(calls).filter(([call]) => !READ_COMMANDS.has(call));
}
