/**
 * The benchmark's test bed: one emulator with the documented rate limit ON, account imports through
 * its control plane (setup: a million accounts would take 100 s of multiaccount_import calls at the
 * rate limit), and Pulumi workspaces (tests/support/pulumi.ts: private
 * home, file backend and stack) running either the real `groups` test program or the no-op
 * baseline program on the same spec file. Unlike the tests' bed, closing it does not `pulumi
 * destroy` the stacks (that would cost minutes at the rate limit): the emulator is in memory and
 * the scratch directories are deleted.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "@imgroups/im-emulator";
import { programDir, repoRoot } from "../tests/support/paths";
import { PulumiWorkspace } from "../tests/support/pulumi";
import { type StateParts, stateParts } from "./state-parts";

/**
 * Which program a workspace runs: the `groups` test program, the no-op baseline of the same shape,
 * or the floor (the smallest dynamic resources, bench/programs/floor).
 */
export type ProgramKind = "real" | "noop" | "floor";

/** A workspace whose program reads its resources from a spec file. */
export interface BenchWorkspace {
  /** The workspace (CLI runs). */
  ws: PulumiWorkspace;
  /** Which program it runs. */
  kind: ProgramKind;
  /** Rewrites the spec the program reads. */
  writeSpec(spec: unknown): void;
  /** Size in bytes of the stack's checkpoint (state file) in the file backend, 0 if none. */
  stateBytes(): number;
  /** Bytes per resource of each type in the checkpoint, part by part (state-parts.ts). */
  stateParts(): StateParts[];
}

/** The emulator, account setup and a workspace factory. */
export interface BenchBed {
  emulator: RunningEmulator;
  /** Adds imported accounts (those not imported yet) to the emulator's state, without API calls. */
  importAccounts(accounts: readonly string[]): Promise<void>;
  /**
   * A workspace running `kind` on `spec`, with the stack name `stack`. `real` runs the `groups` test
   * program unless `real` names another program directory and its extra environment.
   */
  workspace(kind: ProgramKind, stack: string, spec: unknown, real?: RealProgram): Promise<BenchWorkspace>;
  /** Deletes a workspace's scratch space (no destroy). */
  discard(workspace: BenchWorkspace): void;
  /** Stops everything and deletes all scratch space. */
  close(): Promise<void>;
}

/** A real program other than the `groups` test program, e.g. (7)'s adoption of a topology. */
export interface RealProgram {
  /** Directory holding its Pulumi.yaml. */
  dir: string;
  /** Extra environment for its CLI runs (e.g. the topology directory it loads). */
  env: Record<string, string>;
}

/** The directory of the no-op baseline program. */
export const NOOP_PROGRAM = path.join(repoRoot, "bench", "programs", "noop");
/** The directory of the floor baseline program. */
export const FLOOR_PROGRAM = path.join(repoRoot, "bench", "programs", "floor");

/** Starts an emulator limited to `rateLimit` calls per second per API. */
export async function startBenchBed(rateLimit: number): Promise<BenchBed> {
  const emulator = await startEmulator({ rateLimitPerSecond: rateLimit });
  const scratch = mkdtempSync(path.join(tmpdir(), "imgroups-bench-"));
  const live = new Set<BenchWorkspace>();
  const discard = (workspace: BenchWorkspace) => {
    rmSync(workspace.ws.dir, { recursive: true, force: true });
    live.delete(workspace);
  };
  return {
    emulator,
    async importAccounts(accounts) {
      const state = emulator.control.state();
      const known = new Set(state.accounts.map((account) => account.UserID));
      const ImportTime = Math.floor(Date.now() / 1000);
      const added = [...new Set(accounts)]
        .filter((UserID) => !known.has(UserID))
        .map((UserID) => ({ UserID, Nick: "", FaceUrl: "", ImportTime }));
      await emulator.control.seed({ ...state, accounts: [...state.accounts, ...added] });
    },
    async workspace(kind, stack, spec, real) {
      const specDir = path.join(scratch, `${kind}-${stack}`);
      mkdirSync(specDir, { recursive: true });
      const specFile = path.join(specDir, "spec.json");
      const writeSpec = (next: unknown) => writeFileSync(specFile, JSON.stringify(next));
      writeSpec(spec);
      const ws = await PulumiWorkspace.create({
        programDir:
          kind === "real"
            ? (real?.dir ?? programDir("groups"))
            : kind === "noop"
              ? NOOP_PROGRAM
              : FLOOR_PROGRAM,
        stack,
        ...(kind === "real" && {
          config: {
            "tencentcloud-im:endpoint": emulator.url,
            "tencentcloud-im:sdkAppId": String(emulator.sdkAppId),
            "tencentcloud-im:rateLimit": String(rateLimit),
          },
          secretConfig: { "tencentcloud-im:secretKey": emulator.secretKey },
        }),
        env: { IMGROUPS_SPEC_FILE: specFile, ...(kind === "real" && real?.env) },
      });
      const workspace: BenchWorkspace = {
        ws,
        kind,
        writeSpec,
        stateBytes: () => checkpointBytes(path.join(ws.dir, "backend")),
        stateParts: () => checkpointParts(path.join(ws.dir, "backend")),
      };
      live.add(workspace);
      return workspace;
    },
    discard,
    async close() {
      for (const workspace of [...live]) discard(workspace);
      rmSync(scratch, { recursive: true, force: true });
      await emulator.close();
    },
  };
}

/** The size of the stack checkpoint(s) under a file backend: `.pulumi/stacks/<project>/<stack>.json`. */
function checkpointBytes(backend: string): number {
  const stacks = path.join(backend, ".pulumi", "stacks");
  let bytes = 0;
  try {
    for (const project of readdirSync(stacks)) {
      for (const file of readdirSync(path.join(stacks, project))) {
        if (file.endsWith(".json")) bytes += statSync(path.join(stacks, project, file)).size;
      }
    }
  } catch {
    return 0;
  }
  return bytes;
}

/** The parts of every checkpoint under a file backend (one stack per workspace). */
function checkpointParts(backend: string): StateParts[] {
  const stacks = path.join(backend, ".pulumi", "stacks");
  const parts: StateParts[] = [];
  try {
    for (const project of readdirSync(stacks)) {
      for (const file of readdirSync(path.join(stacks, project))) {
        if (!file.endsWith(".json")) continue;
        parts.push(...stateParts(JSON.parse(readFileSync(path.join(stacks, project, file), "utf8"))));
      }
    }
  } catch {
    return parts;
  }
  return parts;
}

/** Runs a benchmark entry point: its result is the exit code; a throw prints its stack and exits 1. */
export function runBenchMain(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exitCode = 1;
    },
  );
}
