/**
 * The two commands as processes, on saved previews (`--from`): exit codes, where reports go,
 * flags, and that nothing secret reaches stdout, stderr or a file. The live runs against Pulumi
 * and the emulator are in tests/e2e/drift.test.ts and review.test.ts.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { fixturePath, readFixture, runTool, toolPath } from "./support";

const scratch = () => mkdtempSync(path.join(tmpdir(), "imgroups-cli-"));

describe("review: drift command (saved previews)", () => {
  it("exits 0 without drift and still writes both reports into the directory it was run in", async () => {
    const dir = scratch();
    const result = await runTool("drift", ["--from", fixturePath("drift-clean.json")], { cwd: dir });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/No drift in stack capture-drift\./);
    expect(readdirSync(dir).sort()).to.deep.equal(["drift-report.json", "drift-report.md"]);
    expect(JSON.parse(readFileSync(path.join(dir, "drift-report.json"), "utf8")).groups).to.deep.equal([]);
  });

  it("exits 2 on drift and names the fields and accounts", async () => {
    const dir = scratch();
    const result = await runTool("drift", ["--from", fixturePath("drift.json"), "--out-dir", dir]);
    expect(result.code, result.stderr).to.equal(2);
    expect(result.stdout).to.include('name: "Team (renamed)" → "Team"');
    expect(result.stdout).to.include("Result: drift (exit 2).");
    expect(readFileSync(path.join(dir, "drift-report.md"), "utf8")).to.include("`other-room`: GONE");
  });

  it("exits 1 when the preview failed, naming the error on stderr", async () => {
    const result = await runTool("drift", ["--from", fixturePath("drift-broken-config.json"), "--no-files"]);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/70009/);
  });

  it("exits 1 on input that is not a preview, and on bad flags, with the usage", async () => {
    const dir = scratch();
    const notJson = await runTool("drift", ["--from", fixturePath("review.md"), "--no-files"], { cwd: dir });
    expect(notJson.code).to.equal(1);
    expect(notJson.stderr).to.match(/cannot read the preview/);
    const missing = await runTool("drift", ["--from", path.join(dir, "nope.json")]);
    expect(missing.code).to.equal(1);
    const bad = await runTool("drift", ["--frmo", "x"]);
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.match(/Unknown option '--frmo'[\s\S]*Usage:/);
    const badNumber = await runTool("drift", ["--budget", "lots"]);
    expect(badNumber.code).to.equal(1);
    expect(badNumber.stderr).to.match(/--budget needs a whole number/);
  });

  it("--ignore-pending passes when only program changes are unapplied", async () => {
    // An unrefreshed preview holds program changes only.
    const args = ["--from", fixturePath("review.json"), "--no-files"];
    expect((await runTool("drift", args)).code).to.equal(2);
    const ignoring = await runTool("drift", [...args, "--ignore-pending"]);
    expect(ignoring.code).to.equal(0);
    expect(ignoring.stdout).to.match(/not refreshed/);
  });

  it("resolves relative paths against INIT_CWD, where npm run was started", async () => {
    const dir = scratch();
    const result = await runTool("drift", ["--from", fixturePath("drift.json"), "--json-out", "out/d.json"], {
      cwd: tmpdir(),
      env: { ...process.env, INIT_CWD: dir },
    });
    expect(result.code).to.equal(2);
    expect(readdirSync(dir).sort()).to.deep.equal(["drift-report.md", "out"]);
    expect(readdirSync(path.join(dir, "out"))).to.deep.equal(["d.json"]);
  });

  it("prints help and exits 0", async () => {
    const result = await runTool("drift", ["--help"]);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.match(/Exit codes: 0 no drift · 2 drift found · 1 error/);
  });

  it("--help speaks of the installed commands and says how to save a preview with member reports (issue 15)", async () => {
    for (const tool of ["drift", "review"] as const) {
      const { stdout } = await runTool(tool, ["--help"]);
      expect(stdout, tool).to.match(new RegExp(`^Usage: imgroups-${tool} \\[options\\]`));
      expect(stdout, tool).to.include(`run it as: npx imgroups-${tool} [options]`);
      expect(stdout, tool).to.match(new RegExp(`^  imgroups-${tool} --from preview.json`, "m"));
      expect(stdout, tool).to.match(/^ {2}IMGROUPS_MEMBER_REPORT=1 pulumi preview .*--json > preview.json$/m);
      expect(stdout, tool).to.not.match(/npm run|node provider/);
    }
  });

  it("names itself as the installed command in its messages", async () => {
    const bad = await runTool("drift", ["--budget", "lots"]);
    expect(bad.stderr).to.match(/^imgroups-drift: --budget needs a whole number/);
    const missing = await runTool("review", ["--from", "/nonexistent/preview.json"]);
    expect([missing.code, missing.stderr]).to.satisfy(
      ([code, stderr]: [number, string]) => code === 1 && stderr.startsWith("imgroups-review: ENOENT"),
    );
  });
});

describe("review: review command (saved previews)", () => {
  it("prints the Markdown summary on stdout", async () => {
    const result = await runTool("review", ["--from", fixturePath("review.json")]);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.equal(readFixture("review.md"));
  });

  it("reads stdin with --from -, writes --out and --json-out, honours --budget and --max-accounts", async () => {
    const dir = scratch();
    // stdin needs spawnSync's `input`; runTool gives the child none.
    const piped = spawnSync(
      process.execPath,
      [
        toolPath("review"),
        "--from",
        "-",
        "--out",
        "pr.md",
        "--json-out",
        "pr.json",
        "--budget",
        "1_500",
        "--max-accounts",
        "1",
      ],
      {
        cwd: dir,
        input: readFixture("review.json"),
        env: { ...process.env, INIT_CWD: dir },
        encoding: "utf8",
      },
    );
    expect(piped.status, piped.stderr).to.equal(0);
    expect(piped.stdout).to.equal("");
    const markdown = readFileSync(path.join(dir, "pr.md"), "utf8");
    expect(markdown.length).to.be.at.most(1_500);
    expect(markdown).to.include("legacy-room");
    expect(JSON.parse(readFileSync(path.join(dir, "pr.json"), "utf8")).mode).to.equal("review");
  });

  it("exits 1 after writing the summary when the preview failed", async () => {
    const result = await runTool("review", ["--from", fixturePath("review-check-failure.json")]);
    expect(result.code).to.equal(1);
    expect(result.stdout).to.include("**The preview failed**");
    expect(result.stderr).to.match(/over the limit of 30 bytes/);
  });

  it("prints no secret value", async () => {
    const review = await runTool("review", ["--from", fixturePath("review-secrets.json")]);
    expect(review.stdout + review.stderr).to.not.match(/TOPSECRET|LIVE-EDIT/);
    expect(review.stdout).to.include("| notification (secret, may differ) | _[secret]_ | _[secret]_ |");
    const dir = scratch();
    const drift = await runTool("drift", ["--from", fixturePath("drift-secrets.json"), "--out-dir", dir]);
    const files = readdirSync(dir).map((f) => readFileSync(path.join(dir, f), "utf8"));
    expect([drift.stdout, drift.stderr, ...files].join("\n")).to.not.match(/TOPSECRET|LIVE-EDIT/);
    expect(drift.stdout).to.include("secret fields not compared: introduction, notification");
  });
});

/**
 * A stand-in for the pulumi CLI that records how it was run (argv, directory, the variables that
 * matter) and answers like the real one: `config` with `{}`, `preview` with a saved preview.
 */
function recordingPulumi(preview: string): { env: NodeJS.ProcessEnv; runs: () => RecordedRun[] } {
  const dir = scratch();
  const log = path.join(dir, "runs.jsonl");
  const script = path.join(dir, "pulumi");
  writeFileSync(
    script,
    `#!${process.execPath}
const fs = require("node:fs");
const argv = process.argv.slice(2);
const keys = ["IMGROUPS_MEMBER_REPORT", "PULUMI_PARALLEL_DIFF"];
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({
  argv, cwd: process.cwd(), env: Object.fromEntries(keys.map((k) => [k, process.env[k]])),
}) + "\\n");
process.stdout.write(argv.includes("preview") ? fs.readFileSync(${JSON.stringify(preview)}, "utf8") : "{}");
`,
  );
  chmodSync(script, 0o755);
  const runs = () =>
    readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as RecordedRun);
  return { env: { ...process.env, PULUMI_CLI: script }, runs };
}

interface RecordedRun {
  argv: string[];
  cwd: string;
  env: Record<string, string | undefined>;
}

describe("review: drift command (live runs, recorded)", () => {
  it("previews with --refresh at --parallel 64, member reports and parallel diffs, in INIT_CWD's directory", async () => {
    const stackDir = scratch();
    const pulumi = recordingPulumi(fixturePath("drift-clean.json"));
    const result = await runTool("drift", ["--no-files", "--stack", "ci"], {
      cwd: tmpdir(),
      env: { ...pulumi.env, INIT_CWD: stackDir },
    });
    expect(result.code, result.stderr).to.equal(0);
    const preview = pulumi.runs().find((run) => run.argv.includes("preview"))!;
    expect(preview.argv).to.include.members(["preview", "--json", "--refresh", "--stack", "ci"]);
    expect(preview.argv.join(" ")).to.include("--parallel 64");
    expect(preview.cwd).to.equal(stackDir);
    expect(preview.env).to.deep.equal({ IMGROUPS_MEMBER_REPORT: "1", PULUMI_PARALLEL_DIFF: "true" });
  });

  it("passes --parallel on, refuses 0, and leaves PULUMI_PARALLEL_DIFF as the environment sets it", async () => {
    const pulumi = recordingPulumi(fixturePath("drift-clean.json"));
    const env = { ...pulumi.env, PULUMI_PARALLEL_DIFF: "false" };
    const result = await runTool("drift", ["--no-files", "--parallel", "8", "--cwd", scratch()], { env });
    expect(result.code, result.stderr).to.equal(0);
    const preview = pulumi.runs().find((run) => run.argv.includes("preview"))!;
    expect(preview.argv.join(" ")).to.include("--parallel 8");
    expect(preview.env.PULUMI_PARALLEL_DIFF).to.equal("false");
    const refused = await runTool("drift", ["--parallel", "0"], { env });
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.include("--parallel must be at least 1, not 0");
  });
});
