#!/usr/bin/env node
/**
 * `imgroups-export`: reads a live IM app and writes it as a topology directory (YAML files, one
 * group a file by default) that a program loads with `loadTopology` to adopt every group. The
 * export itself is library code (topology/export.ts); this is its command line: flags, connection
 * settings from the environment, a progress line on stderr, a summary on stdout.
 */
import { readFileSync } from "node:fs";
import { ImClient } from "../client/client";
import { ImError } from "../client/errors";
import { ENV_VARS, resolveSettings } from "../client/settings";
import { GROUP_TYPES, type GroupType } from "../schemas/limits";
import {
  ExportError,
  type ExportLayout,
  type ExportProgress,
  exportTopology,
  formatSkipped,
} from "../topology/export";
import type { TopologyFilters } from "../topology/filters";
import { filterPatternProblems } from "../topology/filters";
import { CommandError, type CommandSpec, runAsScript, runCommand, UsageError } from "./command";

const USAGE = `Usage: imgroups-export --dir <dir> [options]

Reads every group of a live IM app (profile, custom data, members with their roles, name cards,
message flags and custom data) and writes a topology: <dir>/topology.yaml (version and filters),
<dir>/groups/*.yaml (the groups, each with adopt: true) and <dir>/topology.schema.json (for editors).
Load it in a Pulumi program with loadTopology(dir) to adopt the groups.
In a project that installed @imgroups/tencentcloud-im, run it as: npx imgroups-export --dir <dir>

Connection settings come from the environment: ${ENV_VARS.sdkAppId}, ${ENV_VARS.secretKey} (or
${ENV_VARS.secretKeyFile}), ${ENV_VARS.identifier} (default administrator), ${ENV_VARS.region} or
${ENV_VARS.endpoint}.

Options:
  --dir <dir>               the topology directory to write (created if missing)
  --types <T,T>             only groups of these types (${GROUP_TYPES.join(", ")})
  --id-prefix <prefix>      only group ids starting with this
  --id-pattern <regex>      only group ids matching this (JavaScript regular expression)
  --name-pattern <regex>    only groups whose name matches this
  --exclude-file <file>     never the group ids listed in this file (one a line)
  --layout <layout>         group (one file a group, the default), type (one file a type), single
  --replace                 write over the group files of an earlier export in <dir>
  --group-data-keys <k,k>   read only these group custom-data keys (default: all)
  --member-data-keys <k,k>  read only these member custom-data keys (default: all)
  --quiet                   no progress line
  -h, --help                this text

The filters are written into topology.yaml, so the drift command's unmanaged report covers exactly
what was exported. Exit codes: 0 written · 1 error.`;

const FLAGS = {
  dir: { type: "string" },
  types: { type: "string" },
  "id-prefix": { type: "string" },
  "id-pattern": { type: "string" },
  "name-pattern": { type: "string" },
  "exclude-file": { type: "string" },
  layout: { type: "string" },
  replace: { type: "boolean" },
  "group-data-keys": { type: "string" },
  "member-data-keys": { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const LAYOUTS: readonly ExportLayout[] = ["group", "type", "single"];

const COMMAND: CommandSpec<typeof FLAGS> = {
  name: "imgroups-export",
  usage: USAGE,
  flags: FLAGS,
  check: (flags) => {
    if (flags.help) return;
    if (typeof flags.dir !== "string" || flags.dir === "") throw new UsageError("--dir is required");
    if (flags.layout !== undefined && !LAYOUTS.includes(flags.layout as ExportLayout)) {
      throw new UsageError(
        `--layout must be one of ${LAYOUTS.join(", ")}, not ${JSON.stringify(flags.layout)}`,
      );
    }
    for (const type of list(flags.types) ?? []) {
      if (!(GROUP_TYPES as readonly string[]).includes(type)) {
        throw new UsageError(
          `--types: ${JSON.stringify(type)} is not a group type (${GROUP_TYPES.join(", ")})`,
        );
      }
    }
    const patterns: TopologyFilters = {};
    if (typeof flags["id-pattern"] === "string") patterns.idPattern = flags["id-pattern"];
    if (typeof flags["name-pattern"] === "string") patterns.namePattern = flags["name-pattern"];
    for (const [name, reason] of filterPatternProblems(patterns)) {
      throw new UsageError(`--${name === "idPattern" ? "id-pattern" : "name-pattern"} ${reason}`);
    }
  },
};

/** A comma-separated flag as a list (undefined when absent). */
function list(value: string | boolean | undefined): string[] | undefined {
  if (typeof value !== "string") return undefined;
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/** The filters the flags ask for. */
function filtersOf(flags: Record<keyof typeof FLAGS, string | boolean | undefined>): TopologyFilters {
  const filters: TopologyFilters = {};
  const types = list(flags.types);
  if (types !== undefined && types.length > 0) filters.types = [...new Set(types)] as GroupType[];
  if (typeof flags["id-prefix"] === "string" && flags["id-prefix"] !== "")
    filters.idPrefix = flags["id-prefix"];
  if (typeof flags["id-pattern"] === "string") filters.idPattern = flags["id-pattern"];
  if (typeof flags["name-pattern"] === "string") filters.namePattern = flags["name-pattern"];
  if (typeof flags["exclude-file"] === "string") {
    let text: string;
    try {
      text = readFileSync(flags["exclude-file"], "utf8");
    } catch (error) {
      throw new CommandError(
        `--exclude-file: cannot read ${flags["exclude-file"]}: ${(error as Error).message}`,
      );
    }
    const ids = text.split(/\r?\n/).filter((line) => line.trim() !== "" && !line.startsWith("#"));
    if (ids.length > 0) filters.exclude = [...new Set(ids)].sort();
  }
  return filters;
}

/** The progress line: rewritten in place on a terminal, else a line at most every 5 s. */
function progressReporter(quiet: boolean): { update(p: ExportProgress): void; end(): void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let shown = false;
  const text = (p: ExportProgress) =>
    p.phase === "list"
      ? `imgroups-export: listing groups… ${p.listed} listed`
      : `imgroups-export: ${p.listed} listed, ${p.selected} read, ${p.written} written, ${p.members} members`;
  return {
    update(p) {
      if (quiet) return;
      const now = Date.now();
      if (tty) {
        process.stderr.write(`\r${text(p)}\u001b[K`);
        shown = true;
      } else if (now - last >= 5000 || p.phase === "done") {
        process.stderr.write(`${text(p)}\n`);
        last = now;
      }
    },
    end() {
      if (shown) process.stderr.write("\n");
    },
  };
}

/** Runs the command; resolves to the exit code. Exported for in-process tests. */
export function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return runCommand(COMMAND, argv, async ({ flags }) => {
    let settings: ReturnType<typeof resolveSettings>;
    try {
      settings = resolveSettings({ env });
    } catch (error) {
      if (error instanceof ImError) throw new CommandError(error.message);
      throw error;
    }
    const client = new ImClient(settings);
    const progress = progressReporter(flags.quiet === true);
    try {
      const result = await exportTopology({
        client,
        dir: flags.dir as string,
        filters: filtersOf(flags),
        layout: (flags.layout as ExportLayout | undefined) ?? "group",
        replace: flags.replace === true,
        ...(list(flags["group-data-keys"]) && { groupDataKeys: list(flags["group-data-keys"]) }),
        ...(list(flags["member-data-keys"]) && { memberDataKeys: list(flags["member-data-keys"]) }),
        onProgress: (p) => progress.update(p),
      });
      progress.end();
      for (const skipped of result.skipped)
        process.stderr.write(`imgroups-export: ${formatSkipped(skipped)}\n`);
      for (const { groupId, type } of result.unmanageable) {
        process.stderr.write(
          `imgroups-export: group ${JSON.stringify(groupId)} is a ${type} group, which ImGroup does not manage; not written\n`,
        );
      }
      for (const id of result.vanished) {
        process.stderr.write(
          `imgroups-export: group ${JSON.stringify(id)} was listed but gone when read; not written\n`,
        );
      }
      const calls = Object.entries(client.stats().calls)
        .map(([command, count]) => `${command.split("/")[1]} ${count}`)
        .join(", ");
      process.stdout.write(
        `Exported ${result.groups} of ${result.listed} groups (${result.members} members) to ${flags.dir}: ` +
          `${result.files.length - 2} group file(s), topology.yaml, topology.schema.json. Calls: ${calls}.\n`,
      );
      return 0;
    } catch (error) {
      progress.end();
      if (error instanceof ExportError || error instanceof ImError) throw new CommandError(error.message);
      throw error;
    } finally {
      await client.close();
    }
  });
}

if (require.main === module) runAsScript("imgroups-export", main);
