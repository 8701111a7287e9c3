#!/usr/bin/env node
/**
 * `imgroups-review`: a pull request's `pulumi preview` as a compact Markdown summary of IM group
 * changes, for a PR comment. Per group: create / update / replace / delete, changed fields
 * old → new, member accounts added / removed / changed with counts; replacements and deletions
 * flagged loudly (they destroy the group's history). The summary always fits `--budget` characters
 * (GitHub refuses comments over 65,536), shortening long member lists to "… and N more".
 */
import { MEMBER_REPORT_ENV } from "../review/member-diagnostic";
import { EXIT, renderJson } from "../review/outcome";
import { MARKDOWN_DEFAULTS, renderMarkdown } from "../review/render-markdown";
import { type CommandSpec, runAsScript, runCommand, UsageError } from "./command";
import { shownPath, userPath, writeOutput } from "./locations";
import { obtainReport, REFRESH_PARALLEL, refreshArgs } from "./obtain-report";

const USAGE = `Usage: imgroups-review [options]

Summarises what pulumi up would change in the IM groups of a stack, as Markdown for a pull-request
comment: runs pulumi preview --json in the stack directory (or reads a saved preview).
In a project that installed @imgroups/tencentcloud-im, run it as: npx imgroups-review [options]

Options:
  --from <file>          read a saved preview instead of running Pulumi ('-' = stdin); save it with
                         ${MEMBER_REPORT_ENV}=1 so member accounts are listed (see Examples)
  --cwd <dir>            stack directory (holds Pulumi.yaml); default: the current directory
  --stack <name>         stack to preview; default: the selected stack
  --refresh              run the preview with --refresh --run-program (compare with live groups)
  --parallel <n>         with --refresh: resources the preview reads at once (default ${REFRESH_PARALLEL})
  --out <file>           write the Markdown here instead of stdout
  --json-out <file>      also write the change model as JSON
  --budget <chars>       largest Markdown output (default ${MARKDOWN_DEFAULTS.budget}; GitHub allows 65,536)
  --max-accounts <n>     member accounts listed per list before "… and N more" (default ${MARKDOWN_DEFAULTS.maxAccounts})
  --title <text>         heading of the summary
  -h, --help             this text

Examples:
  imgroups-review --out pr-review.md # the selected stack of the current directory
  imgroups-review --cwd infra/im --stack prod --budget 65000 --out pr-review.md
  # A saved preview, with the member reports the provider gives when asked:
  ${MEMBER_REPORT_ENV}=1 pulumi preview --json > preview.json
  imgroups-review --from preview.json

Exit codes: 0 summary written · 1 error (the preview failed — the summary then says why — or bad input).
Secret values are never printed. The pulumi CLI is taken from PATH, or from PULUMI_CLI.`;

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
  name: "imgroups-review",
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
    if (typeof flags["json-out"] === "string")
      writeOutput(userPath(flags["json-out"], env), renderJson(report));
    if (typeof flags.out === "string") {
      const file = writeOutput(userPath(flags.out, env), markdown);
      process.stderr.write(
        `${COMMAND.name}: wrote ${shownPath(file, env)} (${markdown.length} characters)\n`,
      );
    } else {
      process.stdout.write(markdown);
    }
    if (report.errors.length > 0) {
      process.stderr.write(`${COMMAND.name}: the preview failed:\n${report.errors.join("\n")}\n`);
      return EXIT.error;
    }
    return EXIT.ok;
  });
}

if (require.main === module) runAsScript(COMMAND.name, main);
