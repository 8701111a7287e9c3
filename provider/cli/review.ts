#!/usr/bin/env node
/**
 * `npm run review`: a pull request's `pulumi preview` as a compact Markdown summary of IM group
 * changes, for a PR comment. Per group: create / update / replace / delete, changed fields
 * old → new, member accounts added / removed / changed with counts; replacements and deletions
 * flagged loudly (they destroy the group's history). The summary always fits `--budget` characters
 * (GitHub refuses comments over 65,536), shortening long member lists to "… and N more".
 */
import path from "node:path";
import { EXIT, renderJson } from "../review/outcome";
import { MARKDOWN_DEFAULTS, renderMarkdown } from "../review/render-markdown";
import {
  type CommandSpec,
  invocationDir,
  obtainReport,
  REFRESH_PARALLEL,
  refreshArgs,
  runAsScript,
  runCommand,
  UsageError,
  writeOutput,
} from "./common";

const USAGE = `Usage: npm run review -- [options]
       node provider/dist/cli/review.js [options]

Summarises a pulumi preview of IM groups as Markdown (for a pull-request comment).

Options:
  --from <file>          read a saved \`pulumi preview --json\` ('-' = stdin) instead of running Pulumi
  --cwd <dir>            stack directory (holds Pulumi.yaml); default: $INIT_CWD, else the current directory
  --stack <name>         stack to preview; default: the selected stack
  --refresh              run the preview with --refresh --run-program (compare with live groups)
  --parallel <n>         with --refresh: resources the preview reads at once (default ${REFRESH_PARALLEL})
  --out <file>           write the Markdown here instead of stdout
  --json-out <file>      also write the change model as JSON
  --budget <chars>       largest Markdown output (default ${MARKDOWN_DEFAULTS.budget}; GitHub allows 65,536)
  --max-accounts <n>     member accounts listed per list before "… and N more" (default ${MARKDOWN_DEFAULTS.maxAccounts})
  --title <text>         heading of the summary
  -h, --help             this text

Exit codes: 0 summary written · 1 error (the preview failed — the summary then says why — or bad input).
Secret values are never printed.`;

const FLAGS = {
  from: { type: "string" },
  cwd: { type: "string" },
  stack: { type: "string" },
  refresh: { type: "boolean" },
  parallel: { type: "string" },
  out: { type: "string" },
  "json-out": { type: "string" },
  budget: { type: "string" },
  "max-accounts": { type: "string" },
  title: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const COMMAND: CommandSpec<typeof FLAGS> = {
  name: "review",
  usage: USAGE,
  flags: FLAGS,
  check: (flags) => {
    if (typeof flags.from === "string" && (flags.refresh || flags.stack !== undefined)) {
      throw new UsageError("--from reads a saved preview: --refresh and --stack do not apply");
    }
    if (flags.parallel !== undefined && !flags.refresh) {
      throw new UsageError("--parallel applies to --refresh (a plain preview reads no groups)");
    }
    refreshArgs(flags.parallel);
  },
};

/** Runs the command; resolves to the exit code. Exported for in-process tests. */
export function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return runCommand(COMMAND, argv, async ({ flags, budget, maxAccounts }) => {
    const report = await obtainReport(
      "review",
      {
        from: flags.from,
        cwd: flags.cwd,
        stack: flags.stack,
        args: ["preview", "--json", ...(flags.refresh ? refreshArgs(flags.parallel) : [])],
        label: "pulumi preview",
      },
      env,
    );

    const markdown = renderMarkdown(report, {
      budget,
      maxAccounts,
      ...(typeof flags.title === "string" && { title: flags.title }),
    });
    const resolve = (file: string) => path.resolve(invocationDir(env), file);
    if (typeof flags["json-out"] === "string") writeOutput(resolve(flags["json-out"]), renderJson(report));
    if (typeof flags.out === "string") {
      const file = writeOutput(resolve(flags.out), markdown);
      process.stderr.write(
        `review: wrote ${path.relative(invocationDir(env), file) || file} (${markdown.length} characters)\n`,
      );
    } else {
      process.stdout.write(markdown);
    }
    if (report.errors.length > 0) {
      process.stderr.write(`review: the preview failed:\n${report.errors.join("\n")}\n`);
      return EXIT.error;
    }
    return EXIT.ok;
  });
}

if (require.main === module) runAsScript("review", main);
