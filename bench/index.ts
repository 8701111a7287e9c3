/**
 * `npm run bench`: how close `pulumi up` and `refresh` get to what the IM API's rate limit allows
 * (issue 8). Runs the scenarios with the real pulumi CLI against the emulator (rate limit on),
 * prints the table, the targets and where the time and calls go, and writes the same as JSON to
 * bench-results/<timestamp>.json and bench-results/latest.json. Exit code 1 when a call-count target
 * is missed or a scenario fails; wall time never fails the run. See bench/README.md.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { repoRoot } from "../tests/support/paths";
import { runAdopt } from "./adopt-scenario";
import { runBenchMain, startBenchBed } from "./bed";
import { parseOptions } from "./options";
import {
  type Evaluated,
  evaluate,
  header,
  memoryTable,
  notesText,
  type RunMeta,
  table,
  targetsTable,
  toJson,
} from "./report";
import { numberOf, runScenarios } from "./scenarios";

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const started = performance.now();
  const meta: RunMeta = {
    mode: options.quick ? "quick" : "full",
    startedAt: new Date().toISOString(),
    commit: git(["rev-parse", "--short=12", "HEAD"]) ?? "unknown",
    dirty: (git(["status", "--porcelain", "--untracked-files=no"]) ?? "") !== "",
    pulumiVersion: command("pulumi", ["version"]) ?? "not found",
    node: process.version,
    cpus: availableParallelism(),
    rateLimit: options.rateLimit,
    skipCheckpoints: options.skipCheckpoints,
    transpileOnly: options.transpileOnly,
    parallelDiff: options.parallelDiff,
  };
  console.log(header(meta));
  console.log("");

  const bed = await startBenchBed(options.rateLimit);
  const rows: Evaluated[] = [];
  try {
    await runScenarios(
      bed,
      options,
      (result) => {
        const evaluated = evaluate(result, options.rateLimit);
        rows.push(evaluated);
        const made = evaluated.totalCalls;
        console.error(
          `[bench] (${numberOf(result)}) ${result.title}: ${made} calls (minimum ${evaluated.totalMinimum}), ` +
            `wall ${result.real?.wallS.toFixed(1) ?? "-"} s, engine ${evaluated.engineS?.toFixed(1) ?? "-"} s` +
            (result.errors.length > 0 ? `, ${result.errors.length} error(s)` : ""),
        );
      },
      [runAdopt],
    );
  } finally {
    await bed.close();
  }
  const totalS = (performance.now() - started) / 1000;

  console.log(table(rows));
  console.log("");
  console.log(targetsTable(rows));
  console.log("");
  console.log(notesText(rows));
  console.log("");
  console.log(memoryTable(rows));
  console.log("");

  const outDir = path.resolve(repoRoot, options.outDir);
  mkdirSync(outDir, { recursive: true });
  const json = `${JSON.stringify(toJson(meta, options, rows, totalS), null, 2)}\n`;
  const stamp = meta.startedAt.replace(/[:.]/g, "-");
  const file = path.join(outDir, `${stamp}.json`);
  writeFileSync(file, json);
  writeFileSync(path.join(outDir, "latest.json"), json);

  const missed = rows.flatMap((e) => e.targets.filter((t) => t.gating && !t.met));
  const failed = rows.filter((e) => e.result.errors.length > 0);
  console.log(
    `Results: ${path.relative(process.cwd(), file)} (and latest.json); ${totalS.toFixed(0)} s in all.`,
  );
  if (missed.length > 0 || failed.length > 0) {
    console.log(
      `FAIL: ${missed.length} call-count target(s) missed, ${failed.length} scenario(s) with errors ` +
        "(wall-time targets never fail the run).",
    );
    return 1;
  }
  console.log("OK: every call-count target met.");
  return 0;
}

function git(args: string[]): string | undefined {
  return command("git", args, repoRoot);
}

function command(file: string, args: string[], cwd?: string): string | undefined {
  try {
    return execFileSync(file, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

runBenchMain(main);
