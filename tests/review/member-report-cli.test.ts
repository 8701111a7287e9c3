/**
 * @e2e The member-report protocol through the real pulumi CLI: the review command runs its preview
 * with IMGROUPS_MEMBER_REPORT=1 (the drift command too, through the same code: tests/review/cli.test.ts
 * records it), the engine delivers the report as a diagnostic on the member set's URN, and the
 * command lists the accounts from it; a preview saved without the
 * variable yields counts and says how to save one with it. The program is a stand-in for the
 * provider's next release (tests/fixtures/review/programs/member-report): member summaries in
 * state, the report logged when asked.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { MEMBER_REPORT_ENV } from "@imgroups/tencentcloud-im/review/member-diagnostic";
import { expect } from "chai";
import { PulumiWorkspace } from "../support/pulumi";
import { fixturePath, runTool } from "./support";

describe("@e2e review tools: member reports through the real pulumi CLI", () => {
  let ws: PulumiWorkspace;
  let env: NodeJS.ProcessEnv;
  const stackFlags = () => ["--cwd", ws.programDir, "--stack", ws.stack];
  const save = async (extraEnv: Record<string, string>) => {
    const result = await ws.run(["preview", "--json"], { env: extraEnv });
    expect(result.code, result.stderr).to.equal(0);
    const file = path.join(mkdtempSync(path.join(tmpdir(), "imgroups-saved-preview-")), "preview.json");
    writeFileSync(file, result.stdout);
    return file;
  };

  before(async () => {
    ws = await PulumiWorkspace.create({
      programDir: fixturePath("programs/member-report"),
      stack: "member-report",
    });
    env = { ...ws.env };
    // The commands must ask for the reports themselves.
    delete env[MEMBER_REPORT_ENV];
    delete env.INIT_CWD;
  });
  after(async () => {
    await ws?.dispose();
  });

  it("imgroups-review asks for the member reports and lists the accounts from them", async () => {
    const result = await runTool("review", stackFlags(), { env });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include("Members: 0 → 3 members: 3 added");
    expect(result.stdout).to.include("- Added (3): `__proto__`, `alice`, `bob`");
    expect(result.stdout).to.not.include("imgroups-member-diff");
  });

  it("from a preview saved without the variable: counts, and how to save one with it", async () => {
    const plain = await runTool("review", ["--from", await save({})], { env });
    expect(plain.code, plain.stderr).to.equal(0);
    expect(plain.stdout).to.include("Members: 0 → 3 members: accounts not listed");
    expect(plain.stdout).to.include("it was run without IMGROUPS\\_MEMBER\\_REPORT=1");

    const withReports = await runTool("review", ["--from", await save({ [MEMBER_REPORT_ENV]: "1" })], {
      env,
    });
    expect(withReports.stdout).to.include("- Added (3): `__proto__`, `alice`, `bob`");
  });
});
