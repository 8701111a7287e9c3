#!/usr/bin/env node
/**
 * `npm run drift`: does any IM group differ from the program? Runs
 * `pulumi preview --refresh --run-program --json` in the stack directory (or reads a saved one),
 * prints the differences per group and field, writes them as JSON and Markdown, and exits
 * 0 (no drift), 2 (drift) or 1 (error): Pulumi's own `--expect-no-changes` uses one code for both
 * "changes" and "broken", which a CI job cannot tell apart.
 *
 * `--run-program` matters: without it a refresh uses the provider configuration recorded in state,
 * so a wrong or rotated secret key in the stack config goes unnoticed (verified on 3.248: the refresh
 * succeeds with the old key). With it, the refresh reads the groups with the current configuration.
 */
import path from "node:path";
import { buildReport } from "../review/diff";
import { EXIT, hasDrift, renderJson } from "../review/outcome";
import { PreviewParseError, parsePreview } from "../review/preview";
import { type Redactor, redactNothing } from "../review/redact";
import { MARKDOWN_DEFAULTS, renderMarkdown } from "../review/render-markdown";
import { renderText } from "../review/render-text";
import {
  intFlag,
  invocationDir,
  parseFlags,
  readInput,
  runPulumi,
  stackArgs,
  stackDir,
  stackRedactor,
  tail,
  UsageError,
  writeOutput,
} from "./common";

const USAGE = `Usage: npm run drift -- [options]
       node provider/dist/cli/drift.js [options]

Checks whether the live IM groups of a Pulumi stack match the program (pulumi preview --refresh).

Options:
  --cwd <dir>            stack directory (holds Pulumi.yaml); default: $INIT_CWD, else the current directory
  --stack <name>         stack to check; default: the selected stack
  --from <file>          read a saved \`pulumi preview --refresh --json\` instead of running Pulumi ('-' = stdin)
  --out-dir <dir>        where the reports go; default: the directory the command was run in
  --json-out <file>      JSON report path; default: <out-dir>/drift-report.json
  --markdown-out <file>  Markdown report path; default: <out-dir>/drift-report.md
  --no-files             print only; write no report files
  --ignore-pending       exit 0 when the only differences are program changes not applied yet
  --max-accounts <n>     member accounts listed per list before "… and N more" (default ${MARKDOWN_DEFAULTS.maxAccounts})
  --budget <chars>       largest Markdown report (default ${MARKDOWN_DEFAULTS.budget})
  --quiet                print only the one-line result
  -h, --help             this text

Exit codes: 0 no drift · 2 drift found · 1 error (broken config, Pulumi failure, bad input).
Secret values are never printed: Pulumi shows them as [secret], and the stack's secret config values
are cleared from every message.`;

const FLAGS = {
  cwd: { type: "string" },
  stack: { type: "string" },
  from: { type: "string" },
  "out-dir": { type: "string" },
  "json-out": { type: "string" },
  "markdown-out": { type: "string" },
  "no-files": { type: "boolean" },
  "ignore-pending": { type: "boolean" },
  "max-accounts": { type: "string" },
  budget: { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Runs the command; resolves to the exit code. Exported for in-process tests. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let flags: ReturnType<typeof parseFlags<typeof FLAGS>>;
  let maxAccounts: number;
  let budget: number;
  try {
    flags = parseFlags(argv, FLAGS);
    maxAccounts = intFlag(flags["max-accounts"], "max-accounts", MARKDOWN_DEFAULTS.maxAccounts);
    budget = intFlag(flags.budget, "budget", MARKDOWN_DEFAULTS.budget);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`drift: ${error.message}\n\n${USAGE}\n`);
    return EXIT.error;
  }
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }

  const dir = stackDir(flags.cwd, env);
  let redact: Redactor = redactNothing;
  let text: string;
  let cliFailure: string | undefined;
  try {
    if (typeof flags.from === "string") {
      text = readInput(flags.from, env);
    } else {
      redact = await stackRedactor(dir, flags.stack as string | undefined, env);
      const result = await runPulumi(
        ["preview", "--refresh", "--run-program", "--json", ...stackArgs(flags.stack)],
        dir,
        env,
      );
      text = result.stdout;
      if (result.code !== 0) {
        cliFailure = `pulumi preview --refresh exited ${result.code}${result.stderr.trim() ? `:\n${tail(result.stderr, redact)}` : ""}`;
      }
    }
  } catch (error) {
    process.stderr.write(`drift: ${redact((error as Error).message)}\n`);
    return EXIT.error;
  }

  let preview: ReturnType<typeof parsePreview>;
  try {
    preview = parsePreview(text);
  } catch (error) {
    if (!(error instanceof PreviewParseError)) throw error;
    process.stderr.write(`drift: ${cliFailure ?? `cannot read the preview: ${error.message}`}\n`);
    return EXIT.error;
  }
  const report = buildReport(preview, "drift", { redact });
  if (cliFailure !== undefined && report.errors.length === 0) report.errors.push(cliFailure);

  const failed = report.errors.length > 0;
  const drifted = hasDrift(report, { ignorePending: flags["ignore-pending"] === true });
  const code = failed ? EXIT.error : drifted ? EXIT.drift : EXIT.ok;

  const written: string[] = [];
  if (!flags["no-files"]) {
    const outDir = path.resolve(
      invocationDir(env),
      typeof flags["out-dir"] === "string" ? flags["out-dir"] : ".",
    );
    const target = (flag: string | boolean | undefined, name: string) =>
      typeof flag === "string" ? path.resolve(invocationDir(env), flag) : path.join(outDir, name);
    written.push(
      writeOutput(target(flags["json-out"], "drift-report.json"), renderJson(report)),
      writeOutput(
        target(flags["markdown-out"], "drift-report.md"),
        renderMarkdown(report, { budget, maxAccounts }),
      ),
    );
  }

  const verdict = failed
    ? "Result: error (exit 1): the drift check could not complete."
    : drifted
      ? "Result: drift (exit 2)."
      : report.groups.length > 0
        ? "Result: no drift outside Pulumi (exit 0); the program has changes not applied yet."
        : "Result: no drift (exit 0).";
  const notes: string[] = [];
  if (!report.refreshed && report.groups.length > 0) {
    notes.push(
      "Note: this preview was not refreshed, so it compares state, not live groups, with the program.",
    );
  }
  if (written.length > 0)
    notes.push(`Reports: ${written.map((f) => path.relative(invocationDir(env), f) || f).join(", ")}`);
  process.stdout.write(
    flags.quiet
      ? `${verdict}\n`
      : `${renderText(report, { maxAccounts })}\n${[verdict, ...notes].join("\n")}\n`,
  );
  // Errors also go to stderr, where CI logs and wrappers look for them.
  if (failed) process.stderr.write(`drift: ${report.errors.join("\n")}\n`);
  return code;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`drift: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = EXIT.error;
    },
  );
}
