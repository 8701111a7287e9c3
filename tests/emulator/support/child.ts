/** Runs the `im-emulator` CLI as a child process and reads the JSON line it prints once listening. */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import path from "node:path";
import type { Endpoint } from "./harness";

/** The compiled CLI of the emulator package (its npm bin). */
export const CLI = path.join(
  path.dirname(require.resolve("@imgroups/im-emulator/package.json")),
  "dist",
  "cli.js",
);

/** The committed bin file npm links as `im-emulator` (it loads the compiled CLI). */
export const BIN = path.join(
  path.dirname(require.resolve("@imgroups/im-emulator/package.json")),
  "bin",
  "im-emulator.js",
);

/** What the CLI prints once listening. */
export interface CliInfo extends Endpoint {
  adminIdentifiers: string[];
  dataDir?: string;
}

/** A running CLI child. */
export interface CliChild {
  child: ChildProcessWithoutNullStreams;
  info: CliInfo;
  /** Everything the child wrote to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code (or signal name) once the child is gone. */
  exited: Promise<number | string>;
}

/** Children still running, so a failed test cannot leave one behind. */
const live = new Set<ChildProcessWithoutNullStreams>();

/** Kills (SIGKILL) every CLI child a test started and left running. */
export function killChildren(): void {
  for (const child of live) child.kill("SIGKILL");
}

/** Starts the CLI (or, with `file`, the bin file) with `args`; resolves once it printed its JSON line. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}, file: string = CLI): Promise<CliChild> {
  const child = spawn(process.execPath, [file, ...args], { env: { ...process.env, ...env }, stdio: "pipe" });
  live.add(child);
  child.on("exit", () => live.delete(child));
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return new Promise((resolve, reject) => {
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const end = stdout.indexOf("\n");
      if (end >= 0) resolve({ child, info: JSON.parse(stdout.slice(0, end)), stderr: () => stderr, exited });
    });
    void exited.then((code) => reject(new Error(`im-emulator exited (${code}) before listening: ${stderr}`)));
  });
}

/** Runs the CLI (or, with `file`, the bin file) to completion (for --help and bad flags). */
export async function runCli(
  args: string[],
  file: string = CLI,
): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [file, ...args], { stdio: "pipe" });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | string>((resolve) =>
    child.on("exit", (c, s) => resolve(c ?? s ?? -1)),
  );
  return { code, stdout, stderr };
}
