/**
 * Runs Pulumi programs end to end with the real `pulumi` CLI, non-interactively and in isolation:
 * every {@link PulumiWorkspace} has its own PULUMI_HOME, its own file backend in a temp dir, its
 * own stack and an empty config passphrase (docs/pulumi-notes.md §3.2). The CLI is expected on PATH (the test
 * command runs under scripts/with-pulumi.sh, which puts the pinned build there).
 */
import type { ChildProcess } from "node:child_process";
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type RunResult, runPulumi, startPulumi } from "@imgroups/tencentcloud-im/cli/pulumi-process";
import { repoRoot } from "./paths";

/** Processes are run by the provider package's runner, as the tools and scripts run them. */
export { runProcess } from "@imgroups/tencentcloud-im/cli/pulumi-process";

/** Outcome of one CLI invocation. */
export type PulumiResult = RunResult;

/** Options for {@link PulumiWorkspace.create}. */
export interface WorkspaceOptions {
  /** Directory holding Pulumi.yaml of the program to run (copied; node_modules are linked). */
  programDir: string;
  /** Stack name; default `test`. */
  stack?: string;
  /** Plain stack config (`namespace:key` or bare keys for the project namespace). */
  config?: Record<string, string>;
  /** Secret stack config: stored encrypted, delivered to providers as plaintext. */
  secretConfig?: Record<string, string>;
  /** Extra environment for every CLI call (e.g. the emulator endpoint). */
  env?: Record<string, string>;
}

/** A private Pulumi home + file backend + stack around one program directory. */
export class PulumiWorkspace {
  /** Root of this workspace's scratch space (home, backend). */
  readonly dir: string;
  /** The program directory (holds Pulumi.yaml). */
  readonly programDir: string;
  /** The stack name. */
  readonly stack: string;
  /**
   * The environment every CLI call of this workspace runs with (its home, backend, passphrase):
   * another process, e.g. the drift or review command, reaches the same stack with it.
   */
  readonly env: NodeJS.ProcessEnv;

  private constructor(options: WorkspaceOptions) {
    this.dir = mkdtempSync(path.join(tmpdir(), "imgroups-pulumi-"));
    // Each workspace runs its own copy of the program, so the Pulumi.<stack>.yaml files the CLI
    // writes never land in (or race in) the shared fixture directory.
    this.programDir = copyProgram(options.programDir, path.join(this.dir, "program"));
    this.stack = options.stack ?? "test";
    this.env = {
      ...process.env,
      PULUMI_HOME: path.join(this.dir, "home"),
      PULUMI_BACKEND_URL: `file://${path.join(this.dir, "backend")}`,
      PULUMI_CONFIG_PASSPHRASE: "",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      // Keep output free of colour codes so assertions read plain text.
      PULUMI_COLOR: "never",
      // The test programs are type-checked once by `npm run lint` (check:programs), so each CLI run
      // only transpiles them: ~3 s and ~4.5 CPU s less per run on these machines.
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      NO_COLOR: "1",
      ...options.env,
    };
  }

  /** Makes the scratch dirs, initialises the stack and writes its config. */
  static async create(options: WorkspaceOptions): Promise<PulumiWorkspace> {
    const ws = new PulumiWorkspace(options);
    mkdirSync(path.join(ws.dir, "backend"), { recursive: true });
    await ws.ok(["stack", "init", ws.stack]);
    for (const [key, value] of Object.entries(options.config ?? {})) await ws.setConfig(key, value);
    for (const [key, value] of Object.entries(options.secretConfig ?? {})) {
      await ws.setConfig(key, value, { secret: true });
    }
    return ws;
  }

  /** Sets one stack config value (plain or secret). */
  async setConfig(key: string, value: string, options: { secret?: boolean } = {}): Promise<void> {
    await this.ok(["config", "set", key, ...(options.secret ? ["--secret"] : ["--plaintext"]), "--", value]);
  }

  /** Removes one stack config value. */
  async removeConfig(key: string): Promise<void> {
    await this.ok(["config", "rm", key]);
  }

  /** `pulumi up --yes`; extra args e.g. `--refresh`. Throws unless it succeeds. */
  up(...args: string[]): Promise<PulumiResult> {
    return this.ok(["up", "--yes", "--skip-preview", ...args]);
  }

  /** `pulumi preview`; returns the result whatever the exit code. */
  preview(...args: string[]): Promise<PulumiResult> {
    return this.run(["preview", ...args]);
  }

  /** `pulumi refresh --yes`. Throws unless it succeeds. */
  refresh(...args: string[]): Promise<PulumiResult> {
    return this.ok(["refresh", "--yes", "--skip-preview", ...args]);
  }

  /**
   * What a stack written by an earlier version must pass with no change (the state-migration
   * tests): preview and preview --refresh with --expect-no-changes, then up, refresh and up again.
   * Throws at the first command that fails, with its output.
   */
  async passesUnchanged(): Promise<void> {
    await this.ok(["preview", "--expect-no-changes"]);
    await this.ok(["preview", "--refresh", "--expect-no-changes"]);
    await this.up("--expect-no-changes");
    await this.refresh();
    await this.up("--expect-no-changes");
  }

  /** `pulumi destroy --yes`. Throws unless it succeeds. */
  destroy(...args: string[]): Promise<PulumiResult> {
    return this.ok(["destroy", "--yes", "--skip-preview", ...args]);
  }

  /** `pulumi stack output --json` parsed. */
  async outputs(): Promise<Record<string, unknown>> {
    return JSON.parse((await this.ok(["stack", "output", "--json"])).stdout) as Record<string, unknown>;
  }

  /** `pulumi stack export` as raw text (to search for secrets) and parsed deployment. */
  async exportState(): Promise<{ text: string; resources: StateResource[] }> {
    const { stdout } = await this.ok(["stack", "export"]);
    const parsed = JSON.parse(stdout) as { deployment: { resources?: StateResource[] } };
    return { text: stdout, resources: parsed.deployment.resources ?? [] };
  }

  /** Runs the CLI with this workspace's environment in the program directory. */
  run(args: string[], options: { env?: Record<string, string> } = {}): Promise<PulumiResult> {
    return runPulumi(["--stack", this.stack, ...args], {
      cwd: this.programDir,
      env: { ...this.env, ...options.env },
    });
  }

  /**
   * Starts the CLI and returns at once, for tests that must interrupt it: stop it with
   * {@link killProcessTree}, which also stops its language host and provider plugins.
   */
  start(args: string[]): ChildProcess {
    return startPulumi(["--stack", this.stack, ...args], { cwd: this.programDir, env: this.env });
  }

  /** Runs the CLI and throws with its full output unless it exits 0. */
  async ok(args: string[]): Promise<PulumiResult> {
    const result =
      args[0] === "stack" && args[1] === "init"
        ? await runPulumi(args, { cwd: this.programDir, env: this.env })
        : await this.run(args);
    if (result.code !== 0) {
      throw new Error(
        `pulumi ${args.join(" ")} exited ${result.code}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`,
      );
    }
    return result;
  }

  /** Destroys what is left (best effort) and deletes the scratch space. */
  async dispose(): Promise<void> {
    await this.run(["destroy", "--yes", "--skip-preview"]).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * SIGKILLs a process and every process it started, like a crash of the whole machine's side of a
 * run. The CLI starts each plugin (language host, providers) in a process group of its own, so
 * killing the CLI's group would leave them running, reparented to init, after the test. Every
 * descendant is stopped first (a stopped process cannot start more), then all are killed.
 * Linux (/proc) only; elsewhere only `pid` is killed.
 */
export function killProcessTree(pid: number): void {
  const tree = new Set([pid]);
  for (let grown = true; grown; ) {
    grown = false;
    for (const member of tree) signal(member, "SIGSTOP");
    for (const [child, parent] of parentsByPid()) {
      if (tree.has(parent) && !tree.has(child)) {
        tree.add(child);
        grown = true;
      }
    }
  }
  for (const member of tree) signal(member, "SIGKILL");
}

/** Every process's parent, from /proc/<pid>/stat (empty where there is no /proc). */
function parentsByPid(): Map<number, number> {
  const parents = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return parents;
  }
  for (const name of entries) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(name), ppid);
    } catch {
      // The process ended while we looked.
    }
  }
  return parents;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/** One resource of a `pulumi stack export`. */
export interface StateResource {
  /** The resource URN. */
  urn: string;
  /** The resource type token. */
  type: string;
  /** The provider-assigned id. */
  id?: string;
  /** Inputs as recorded. */
  inputs?: Record<string, unknown>;
  /** Outputs as recorded. */
  outputs?: Record<string, unknown>;
}

/** Copies a program's top-level files and links the repository's node_modules beside them. */
function copyProgram(source: string, target: string): string {
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(source, { withFileTypes: true })) {
    if (entry.isFile() && !/^Pulumi\..+\.yaml$/.test(entry.name)) {
      copyFileSync(path.join(source, entry.name), path.join(target, entry.name));
    } else if (entry.isDirectory() && entry.name !== "node_modules") {
      // Data the program reads beside it (e.g. examples/topology-data/topology/).
      cpSync(path.join(source, entry.name), path.join(target, entry.name), { recursive: true });
    }
  }
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(target, "node_modules"), "dir");
  return target;
}
