/**
 * Running the Pulumi CLI (and other commands) as child processes, non-interactively: the one
 * module the drift and review commands, the repository's scripts (scripts/root-stack.ts) and the
 * tests (tests/support/pulumi.ts) start `pulumi` with. Imported by package name:
 * `@imgroups/tencentcloud-im/cli/pulumi-process`.
 *
 * Every run gets `--non-interactive` (no prompts, no progress animation) and
 * `PULUMI_SKIP_UPDATE_CHECK=true` unless the environment says otherwise; stdin is closed unless
 * the caller gives `input` (e.g. a secret for `pulumi config set --secret`, which then never
 * appears in any process's argv).
 */
import { type ChildProcess, spawn } from "node:child_process";

/** Outcome of one run. */
export interface RunResult {
  /** Exit code; null when the process was killed by a signal. */
  code: number | null;
  /** Everything written to stdout ("" unless captured). */
  stdout: string;
  /** Everything written to stderr ("" unless captured). */
  stderr: string;
}

/** How a run is started. */
export interface RunOptions {
  /** Working directory (for pulumi: the directory that holds Pulumi.yaml). */
  cwd?: string;
  /** The whole environment of the child; default this process's. */
  env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin, which is then closed. */
  input?: string;
  /**
   * `capture` (default): stdout and stderr are collected into the result; `ignore`: dropped. With
   * both, stdin is closed at once (or carries `input`). `inherit`: a command in the foreground,
   * sharing this process's stdin (unless `input` is given), stdout and stderr.
   */
  stdio?: "capture" | "inherit" | "ignore";
}

/**
 * The Pulumi CLI to run: `PULUMI_CLI` from the environment (a path, for a CLI that is not on PATH),
 * else `pulumi`.
 */
export function pulumiCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.PULUMI_CLI !== undefined && env.PULUMI_CLI !== "" ? env.PULUMI_CLI : "pulumi";
}

/**
 * Runs `pulumi --non-interactive <args>`; resolves when it exits, whatever the exit code. Rejects
 * only when it cannot start, with a message that says how to get the CLI when it is not found.
 */
export function runPulumi(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const env = pulumiEnv(options.env);
  return runProcess(pulumiCommand(env), ["--non-interactive", ...args], { ...options, env }).catch(
    (error: NodeJS.ErrnoException) => {
      throw error.code === "ENOENT" ? notFound(pulumiCommand(env)) : error;
    },
  );
}

/**
 * Starts `pulumi --non-interactive <args>` and returns at once (stdio ignored), for a caller that
 * must interrupt it. A missing CLI surfaces as the child's `error` event.
 */
export function startPulumi(
  args: readonly string[],
  options: Omit<RunOptions, "input" | "stdio"> = {},
): ChildProcess {
  const env = pulumiEnv(options.env);
  return spawn(pulumiCommand(env), ["--non-interactive", ...args], {
    cwd: options.cwd,
    env,
    stdio: "ignore",
  });
}

/**
 * Runs any command and resolves when it exits, never rejecting for a non-zero exit (only when it
 * cannot start). Output is decoded as UTF-8 once the process has ended, so a character split
 * across two chunks is never garbled.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const mode = options.stdio ?? "capture";
  const output = mode === "capture" ? "pipe" : mode;
  const input = options.input !== undefined ? "pipe" : mode === "inherit" ? "inherit" : "ignore";
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [input, output, output],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
    if (options.input !== undefined && child.stdin) {
      // A child that exits without reading its input closes the pipe: that is its business (its
      // exit code says how it went), not an error of this process.
      child.stdin.on("error", () => undefined);
      child.stdin.end(options.input);
    }
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
  });
}

/** The environment of a pulumi run: no update check unless the caller's environment sets one. */
function pulumiEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { PULUMI_SKIP_UPDATE_CHECK: "true", ...env };
}

function notFound(command: string): Error {
  return new Error(
    command === "pulumi"
      ? "the pulumi CLI was not found on PATH: install Pulumi (https://www.pulumi.com/docs/install/) or set PULUMI_CLI to its path"
      : `the pulumi CLI ${command} (PULUMI_CLI) was not found`,
  );
}
