/**
 * A command's change report, from a saved preview (`--from`) or a fresh `pulumi preview --json`
 * run in the stack directory: the preview's arguments (`--refresh` and its `--parallel`), the
 * member reports it asks the provider for, and the stack's secret config values cleared from every
 * message. Kept apart from the pure review library so that one never touches a process or a file.
 */
import { buildReport } from "../review/diff";
import { MEMBER_REPORT_ENV } from "../review/member-diagnostic";
import type { ChangeReport, ReportMode } from "../review/model";
import { type PreviewJson, PreviewParseError, parsePreview } from "../review/preview";
import { type Redactor, redactNothing, redactorFor, secretsOfConfig } from "../review/redact";
import { CommandError, intFlag, UsageError } from "./command";
import { readInput, stackDir } from "./locations";
import { runPulumi } from "./pulumi-process";

/**
 * `--parallel` of a preview that refreshes: 64 by default, not the CLI's (4 × the CPU count).
 * A refresh reads every group; the client batches the reads that are open at once into
 * get_group_info calls of up to 50 groups (docs/api-reference.md §1.4), so at 8 a call carries at
 * most 8 groups and 1,000 groups take ~125 calls, at 64 about 21 (bench/README.md).
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
 * stack directory with `IMGROUPS_MEMBER_REPORT=1` (so the provider reports each member set's
 * change) and the stack's secret config values cleared from every message. A preview that ran but
 * failed still yields a report (its errors say why; the CLI's stderr tail when the preview itself
 * names none). Throws {@link CommandError} when there is no preview to report on: the input cannot
 * be read, Pulumi cannot be started, or the output is not a preview.
 */
export async function obtainReport(
  mode: ReportMode,
  source: PreviewSource,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ChangeReport> {
  return (await obtainPreviewReport(mode, source, env)).report;
}

/**
 * {@link obtainReport}, with the parsed preview it was built from (the drift command reads from it
 * which groups the stack manages) and the stack config read for it (undefined for a saved preview,
 * or when the config could not be read).
 */
export async function obtainPreviewReport(
  mode: ReportMode,
  source: PreviewSource,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ report: ChangeReport; preview: PreviewJson; config: StackConfig | undefined }> {
  let redact: Redactor = redactNothing;
  let config: StackConfig | undefined;
  let text: string;
  let cliFailure: string | undefined;
  try {
    if (typeof source.from === "string") {
      text = readInput(source.from, env);
    } else {
      const cwd = stackDir(source.cwd, env);
      // The stack's secret config values are cleared from every message (read into memory only). If
      // the config cannot be read, the preview that follows fails on the same problem and reports it.
      config = await readStackConfig(cwd, source.stack, env);
      redact = config === undefined ? redactNothing : redactorFor(secretsOfConfig(config));
      const result = await runPulumi([...source.args, ...stackArgs(source.stack)], {
        cwd,
        // Diffs in parallel: the member-list reads of many changed sets share get_group_info calls
        // (the engine asks for one diff at a time otherwise; docs/pulumi-notes.md §3.4).
        env: { PULUMI_PARALLEL_DIFF: "true", ...env, [MEMBER_REPORT_ENV]: "1" },
      });
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
  return { report, preview, config };
}

/** A stack's config as `pulumi config --json --show-secrets` gives it: key → `{ value, secret }`. */
export type StackConfig = Record<string, { value?: unknown; secret?: boolean } | null>;

/**
 * The stack's config with secrets in plaintext (`pulumi config --json --show-secrets`), read into
 * memory only; undefined when it cannot be read.
 */
export async function readStackConfig(
  cwd: string,
  stack: string | boolean | undefined,
  env: NodeJS.ProcessEnv,
): Promise<StackConfig | undefined> {
  const result = await runPulumi(["config", "--json", "--show-secrets", ...stackArgs(stack)], {
    cwd,
    env,
  }).catch(() => undefined);
  if (result?.code !== 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(result.stdout);
    return parsed !== null && typeof parsed === "object" ? (parsed as StackConfig) : undefined;
  } catch {
    return undefined;
  }
}

/** `["--stack", name]` when a stack was named. */
function stackArgs(stack: string | boolean | undefined): string[] {
  return typeof stack === "string" && stack !== "" ? ["--stack", stack] : [];
}

/** The last lines of a CLI's stderr, cleared of secrets, for an error message. */
function tail(text: string, redact: Redactor, lines = 30): string {
  return redact(text.trim()).split("\n").slice(-lines).join("\n");
}
