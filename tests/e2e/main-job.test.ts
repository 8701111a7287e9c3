/**
 * @e2e The README's main job: `npm run up`'s program (scripts/up.ts) provisions the example
 * topology into the embedded emulator, and a second run changes nothing. Runs with its own
 * IMGROUPS_HOME (state + emulator data), PULUMI_HOME and stack, so a developer's own stack is untouched.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { repoRoot } from "../support/paths";
import { runProcess } from "../support/pulumi";

describe("@e2e main job: npm run up", () => {
  const home = mkdtempSync(path.join(tmpdir(), "imgroups-main-"));
  const stack = `e2e-${process.pid}`;
  const env = {
    ...process.env,
    IMGROUPS_HOME: home,
    IMGROUPS_STACK: stack,
    PULUMI_HOME: path.join(home, "pulumi-home"),
    PULUMI_COLOR: "never",
  };
  const up = () =>
    runProcess("node", [path.join(repoRoot, "scripts/dist/scripts/up.js")], { cwd: repoRoot, env });
  after(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(path.join(repoRoot, `Pulumi.${stack}.yaml`), { force: true });
  });

  it("brings the example topology up against the embedded emulator", async () => {
    const result = await up();
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout).to.match(/\+ 14 created/);
    expect(result.stdout).to.match(/lobby\s+ChatRoom\s+lobby\s+3000 members/);
    expect(result.stdout).to.match(/legacySupport\s+Public\s+legacy-support-2019/);
  });

  it("changes nothing when run again", async () => {
    const result = await up();
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout).to.match(/14 unchanged/);
    expect(result.stdout).to.not.match(/\d+ (created|updated|deleted|replaced)/);
  });
});
