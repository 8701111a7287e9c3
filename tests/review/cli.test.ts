/**
 * The two commands as processes, on saved previews (`--from`): exit codes, where reports go,
 * flags, and that nothing secret reaches stdout, stderr or a file. The live runs against Pulumi
 * and the emulator are in tests/e2e/drift.test.ts and review.test.ts.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
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
