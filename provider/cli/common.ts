/**
 * What the two commands share: flag parsing (node:util parseArgs, strict), the usage / help / error
 * handling around a command, where the stack and the output files are, running the Pulumi CLI, and
 * turning a saved or freshly run preview into a change report. Kept apart from the pure review
 * library so that one never touches a process or a file.
 */
import { type SpawnOptions, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildReport } from "../review/diff";
import type { ChangeReport, ReportMode } from "../review/model";
import { EXIT } from "../review/outcome";
import { PreviewParseError, parsePreview } from "../review/preview";
import { type Redactor, redactNothing, redactorFor, secretsOfConfig } from "../review/redact";
import { MARKDOWN_DEFAULTS } from "../review/render-markdown";

/** A command-line mistake: reported with the usage text, exit code 1. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * A failure that ends a command with exit 1 and its message (already cleared of secrets) on stderr,
 * without the usage text.
 */
export class CommandError extends Error {
  override readonly name = "CommandError";
}

/** Flags of both commands, as parseArgs declares them. */
export type FlagSpec = Record<string, { type: "string" | "boolean"; short?: string }>;

/**
 * Parses argv against `spec`; numbers are checked by {@link intFlag}. Unknown flags and stray
 * positional arguments are usage errors (a typo must not silently run a different check).
 */
export function parseFlags<T extends FlagSpec>(
  argv: string[],
  spec: T,
): Record<keyof T, string | boolean | undefined> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: spec,
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
    return values as unknown as Record<keyof T, string | boolean | undefined>;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message);
  }
}

/** A whole-number flag (`65000`, `65_000` or `65,000`), or the default when absent. */
export function intFlag(value: string | boolean | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const text = typeof value === "string" ? value.replace(/[_,]/g, "") : "";
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`--${name} needs a whole number, not ${JSON.stringify(value)}`);
  }
  return Number(text);
}

/**
 * `--parallel` of a preview that refreshes: 64 by default, not the CLI's (4 × the CPU count).
 * A refresh reads every group; the client batches the reads that are open at once into
 * get_group_info calls of up to 50 groups (API.md §1.4), so at 8 a call carries at most 8 groups and
 * 1,000 groups take ~125 calls, at 64 about 21 (bench/README.md).
 */
export const REFRESH_PARALLEL = 64;

/**
 * The `pulumi preview` arguments that compare with the live groups: refresh, run the program (so
 * the provider gets the stack's current configuration), and `--parallel` from the flag (a whole
 * number ≥ 1), else {@link REFRESH_PARALLEL}. Throws {@link UsageError} on a bad `--parallel`.
 */
export function refreshArgs(parallelFlag: string | boolean | undefined): string[] {
  const parallel = intFlag(parallelFlag, "parallel", REFRESH_PARALLEL);
  if (parallel < 1) throw new UsageError(`--parallel must be at least 1, not ${parallel}`);
  return ["--refresh", "--run-program", "--parallel", String(parallel)];
}

/**
 * The directory the user ran the command in: npm runs scripts in the package root but records the
 * caller's directory in INIT_CWD, so `npm run drift` from a stack directory means that directory.
 */
export function invocationDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.INIT_CWD && env.INIT_CWD !== "" ? env.INIT_CWD : process.cwd();
}

/** The stack directory: `--cwd` (relative to where the user ran the command), else that directory. */
export function stackDir(
  cwdFlag: string | boolean | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const base = invocationDir(env);
  return typeof cwdFlag === "string" ? path.resolve(base, cwdFlag) : base;
}

/** Output of one CLI run. */
export interface CliResult {
  /** Exit code; null when killed. */
  code: number | null;
  /** Standard output. */
  stdout: string;
  /** Standard error. */
  stderr: string;
}

/** Runs `pulumi` non-interactively in `cwd`; never throws for a non-zero exit (only when it cannot start). */
export function runPulumi(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CliResult> {
  const options: SpawnOptions = {
    cwd,
    env: { PULUMI_SKIP_UPDATE_CHECK: "true", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  };
  return new Promise((resolve, reject) => {
    const child = spawn(env.PULUMI_CLI ?? "pulumi", ["--non-interactive", ...args], options);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "ENOENT"
          ? new Error(
              "the pulumi CLI was not found on PATH (npm run drift / npm run review put the pinned one there)",
            )
          : error,
      );
    });
    child.on("close", (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
  });
}

/**
 * A redactor for the stack's secret config values (`pulumi config --show-secrets`, read into memory
 * only). If the config cannot be read, the preview that follows fails on the same problem and
 * reports it, so this falls back to no extra redaction rather than failing first with less detail.
 */
export async function stackRedactor(
  cwd: string,
  stack: string | undefined,
  env?: NodeJS.ProcessEnv,
): Promise<Redactor> {
  const result = await runPulumi(["config", "--json", "--show-secrets", ...stackArgs(stack)], cwd, env).catch(
    () => undefined,
  );
  if (result?.code !== 0) return redactNothing;
  try {
    return redactorFor(secretsOfConfig(JSON.parse(result.stdout)));
  } catch {
    return redactNothing;
  }
}

/** `["--stack", name]` when a stack was named. */
export function stackArgs(stack: string | boolean | undefined): string[] {
  return typeof stack === "string" && stack !== "" ? ["--stack", stack] : [];
}

/** Reads a saved preview: a file path (relative to the invocation directory) or `-` for stdin. */
export function readInput(from: string, env: NodeJS.ProcessEnv = process.env): string {
  if (from === "-") return readFileSync(0, "utf8");
  return readFileSync(path.resolve(invocationDir(env), from), "utf8");
}

/** Writes a report file (creating its directory) and returns the path written. */
export function writeOutput(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** The last lines of a CLI's stderr, cleared of secrets, for an error message. */
export function tail(text: string, redact: Redactor, lines = 30): string {
  return redact(text.trim()).split("\n").slice(-lines).join("\n");
}

/** Flag values as {@link parseFlags} returns them. */
export type Flags<T extends FlagSpec> = Record<keyof T, string | boolean | undefined>;

/** One command: its name (the prefix of its messages), usage text and flags. */
export interface CommandSpec<T extends FlagSpec> {
  name: string;
  usage: string;
  flags: T;
  /** Further checks of the flags; throws {@link UsageError}. */
  check?: (flags: Flags<T>) => void;
}

/** A parsed command line: the flags, and the two numbers both commands' Markdown takes. */
export interface CommandLine<T extends FlagSpec> {
  flags: Flags<T>;
  maxAccounts: number;
  budget: number;
}

/**
 * Runs a command's body after parsing its flags (which must include `max-accounts`, `budget` and
 * `help`). A usage error prints the message and the usage, exit 1; `--help` prints the usage, exit
 * 0; a {@link CommandError} from the body prints its message, exit 1. Other errors propagate.
 */
export async function runCommand<T extends FlagSpec>(
  command: CommandSpec<T>,
  argv: string[],
  body: (line: CommandLine<T>) => Promise<number>,
): Promise<number> {
  let line: CommandLine<T>;
  try {
    const flags = parseFlags(argv, command.flags);
    line = {
      flags,
      maxAccounts: intFlag(flags["max-accounts"], "max-accounts", MARKDOWN_DEFAULTS.maxAccounts),
      budget: intFlag(flags.budget, "budget", MARKDOWN_DEFAULTS.budget),
    };
    command.check?.(flags);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${command.name}: ${error.message}\n\n${command.usage}\n`);
    return EXIT.error;
  }
  if (line.flags.help) {
    process.stdout.write(`${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await body(line);
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    process.stderr.write(`${command.name}: ${error.message}\n`);
    return EXIT.error;
  }
}

/** Runs `main` as the process's command: its result is the exit code; a crash prints its stack, exit 1. */
export function runAsScript(name: string, main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${name}: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = EXIT.error;
    },
  );
}

/** Where a command's preview comes from, and how to run Pulumi for it. */
export interface PreviewSource {
  /** `--from`: a saved preview file, or `-` for stdin; when given, Pulumi is not run. */
  from: string | boolean | undefined;
  /** `--cwd`: the stack directory. */
  cwd: string | boolean | undefined;
  /** `--stack`: the stack; default the selected one. */
  stack: string | boolean | undefined;
  /** The `pulumi` arguments of the preview, without `--stack` (e.g. `preview --json`). */
  args: string[];
  /** How a failed run is named in the error: `<label> exited <code>`. */
  label: string;
}

/**
 * The change report of a preview: read from `--from`, else from running `pulumi preview` in the
 * stack directory with the stack's secret config values cleared from every message. A preview that
 * ran but failed still yields a report (its errors say why; the CLI's stderr tail when the preview
 * itself names none). Throws {@link CommandError} when there is no preview to report on: the input
 * cannot be read, Pulumi cannot be started, or the output is not a preview.
 */
export async function obtainReport(
  mode: ReportMode,
  source: PreviewSource,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ChangeReport> {
  let redact: Redactor = redactNothing;
  let text: string;
  let cliFailure: string | undefined;
  try {
    if (typeof source.from === "string") {
      text = readInput(source.from, env);
    } else {
      const dir = stackDir(source.cwd, env);
      redact = await stackRedactor(dir, source.stack as string | undefined, env);
      const result = await runPulumi([...source.args, ...stackArgs(source.stack)], dir, env);
      text = result.stdout;
      if (result.code !== 0) {
        cliFailure = `${source.label} exited ${result.code}${result.stderr.trim() ? `:\n${tail(result.stderr, redact)}` : ""}`;
      }
    }
  } catch (error) {
    throw new CommandError(redact((error as Error).message));
  }

  let preview: ReturnType<typeof parsePreview>;
  try {
    preview = parsePreview(text);
  } catch (error) {
    if (!(error instanceof PreviewParseError)) throw error;
    throw new CommandError(cliFailure ?? `cannot read the preview: ${error.message}`);
  }
  const report = buildReport(preview, mode, { redact });
  if (cliFailure !== undefined && report.errors.length === 0) report.errors.push(cliFailure);
  return report;
}
