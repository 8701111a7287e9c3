#!/usr/bin/env node
/**
 * `imgroups-drift`: does any IM group differ from the program? Runs
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
import { MEMBER_REPORT_ENV } from "../review/member-diagnostic";
import { EXIT, hasDrift, renderJson } from "../review/outcome";
import { MARKDOWN_DEFAULTS, renderMarkdown } from "../review/render-markdown";
import { renderText } from "../review/render-text";
import { type CommandSpec, runAsScript, runCommand, UsageError } from "./command";
import { shownPath, stackDir, userPath, writeOutput } from "./locations";
import { obtainPreviewReport, REFRESH_PARALLEL, refreshArgs } from "./obtain-report";
import { listUnmanagedGroups, readGroupFilter, unmanagedMode } from "./unmanaged-groups";

const USAGE = `Usage: imgroups-drift [options]

Checks whether the live IM groups of a Pulumi stack match the program: runs
pulumi preview --refresh --run-program --json in the stack directory (or reads a saved preview),
prints what differs per group and field, and writes drift-report.json and drift-report.md.
In a project that installed @imgroups/tencentcloud-im, run it as: npx imgroups-drift [options]

Options:
  --cwd <dir>            stack directory (holds Pulumi.yaml); default: the current directory
  --stack <name>         stack to check; default: the selected stack
  --from <file>          read a saved preview instead of running Pulumi ('-' = stdin); save it with
                         ${MEMBER_REPORT_ENV}=1 so member accounts are listed (see Examples)
  --out-dir <dir>        where the reports go; default: the current directory
  --json-out <file>      JSON report path; default: <out-dir>/drift-report.json
  --markdown-out <file>  Markdown report path; default: <out-dir>/drift-report.md
  --no-files             print only; write no report files
  --parallel <n>         resources the preview reads at once (default ${REFRESH_PARALLEL}: up to 50 groups per read call)
  --ignore-pending       exit 0 when the only differences are program changes not applied yet
  --unmanaged <mode>     live groups no resource of the stack manages: off (default), report (list
                         them in the output and both reports) or fail (list them, and exit 2 when
                         there are any); reads the app's group list (get_appid_group_list)
  --filters <source>     the groups the unmanaged listing considers: a topology directory (or its
                         topology.yaml), whose filters imgroups-export wrote, so what an export
                         skipped is never listed; or a JSON file of the same filters ({"types": [...],
                         "idPrefix", "idPattern", "namePattern", "exclude": [ids]}, bare or under
                         "filters")
  --max-accounts <n>     member accounts listed per list before "… and N more" (default ${MARKDOWN_DEFAULTS.maxAccounts})
  --budget <chars>       largest Markdown report (default ${MARKDOWN_DEFAULTS.budget})
  --quiet                print only the one-line result
  -h, --help             this text

Examples:
  imgroups-drift                     # the selected stack of the current directory
  imgroups-drift --cwd infra/im --stack prod --out-dir drift-report
  # A saved preview, with the member reports the provider gives when asked:
  ${MEMBER_REPORT_ENV}=1 pulumi preview --refresh --run-program --json > preview.json
  imgroups-drift --from preview.json --no-files

Exit codes: 0 no drift · 2 drift found · 1 error (broken config, Pulumi failure, bad input).
Secret values are never printed: Pulumi shows them as [secret], and the stack's secret config values
are cleared from every message. The pulumi CLI is taken from PATH, or from PULUMI_CLI.`;

const FLAGS = {
  cwd: { type: "string" },
  stack: { type: "string" },
  from: { type: "string" },
  "out-dir": { type: "string" },
  "json-out": { type: "string" },
  "markdown-out": { type: "string" },
  "no-files": { type: "boolean" },
  "ignore-pending": { type: "boolean" },
  unmanaged: { type: "string" },
  filters: { type: "string" },
  parallel: { type: "string" },
  "max-accounts": { type: "string" },
  budget: { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const COMMAND: CommandSpec<typeof FLAGS> = {
  name: "imgroups-drift",
  usage: USAGE,
  flags: FLAGS,
  check: (flags) => {
    if (typeof flags.from === "string" && flags.parallel !== undefined) {
      throw new UsageError("--from reads a saved preview: --parallel does not apply");
    }
    refreshArgs(flags.parallel);
    if (unmanagedMode(flags.unmanaged) === "off" && flags.filters !== undefined) {
      throw new UsageError("--filters narrows the --unmanaged listing: give --unmanaged report or fail too");
    }
  },
};

/** Runs the command; resolves to the exit code. Exported for in-process tests. */
export function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return runCommand(COMMAND, argv, async ({ flags, budget, maxAccounts }) => {
    const unmanaged = unmanagedMode(flags.unmanaged);
    const filter = typeof flags.filters === "string" ? readGroupFilter(flags.filters, env) : undefined;
    const { report, preview, config } = await obtainPreviewReport(
      "drift",
      {
        from: flags.from,
        cwd: flags.cwd,
        stack: flags.stack,
        args: ["preview", "--json", ...refreshArgs(flags.parallel)],
        label: "pulumi preview --refresh",
      },
      env,
    );

    if (unmanaged !== "off" && report.errors.length === 0) {
      report.unmanaged = await listUnmanagedGroups({
        preview,
        filter,
        cwd: stackDir(flags.cwd, env),
        stack: typeof flags.stack === "string" ? flags.stack : undefined,
        env,
        config,
      });
    }
    const failed = report.errors.length > 0;
    const unmanagedFails = unmanaged === "fail" && (report.unmanaged?.groups.length ?? 0) > 0;
    const drifted = hasDrift(report, { ignorePending: flags["ignore-pending"] === true }) || unmanagedFails;
    const code = failed ? EXIT.error : drifted ? EXIT.drift : EXIT.ok;

    const written: string[] = [];
    if (!flags["no-files"]) {
      const outDir = userPath(typeof flags["out-dir"] === "string" ? flags["out-dir"] : ".", env);
      const target = (flag: string | boolean | undefined, name: string) =>
        typeof flag === "string" ? userPath(flag, env) : path.join(outDir, name);
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
        ? unmanagedFails && !hasDrift(report, { ignorePending: flags["ignore-pending"] === true })
          ? "Result: drift (exit 2): live groups no resource of the stack manages (--unmanaged fail)."
          : "Result: drift (exit 2)."
        : report.groups.length > 0
          ? "Result: no drift outside Pulumi (exit 0); the program has changes not applied yet."
          : "Result: no drift (exit 0).";
    const notes: string[] = [];
    if (!report.refreshed && report.groups.length > 0) {
      notes.push(
        "Note: this preview was not refreshed, so it compares state, not live groups, with the program.",
      );
    }
    if (written.length > 0) notes.push(`Reports: ${written.map((f) => shownPath(f, env)).join(", ")}`);
    process.stdout.write(
      flags.quiet
        ? `${verdict}\n`
        : `${renderText(report, { maxAccounts })}\n${[verdict, ...notes].join("\n")}\n`,
    );
    // Errors also go to stderr, where CI logs and wrappers look for them.
    if (failed) process.stderr.write(`${COMMAND.name}: ${report.errors.join("\n")}\n`);
    return code;
  });
}

if (require.main === module) runAsScript(COMMAND.name, main);
