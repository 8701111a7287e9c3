/**
 * @e2e The review command (`npm run review`, provider/dist/cli/review.js) with the real pulumi CLI
 * against the emulator: a pull request touching several groups — one updated with member and role
 * changes, one replaced, one deleted, one created, and 10,000 members added to a ChatRoom — is
 * summarised exactly as tests/fixtures/review/review-several-groups.md, within the comment budget.
 * Regenerate the expected file with UPDATE_GOLDEN=1 after a deliberate wording change.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { MEMBER_REPORT_ENV } from "@imgroups/tencentcloud-im/review/member-diagnostic";
import { expect } from "chai";
import { reviewBase, reviewChange } from "../review/scenarios";
import {
  accounts,
  fixturePath,
  readFixture,
  runTool,
  type ToolWorkspace,
  toolWorkspace,
} from "../review/support";
import { type ImTestBed, startImTestBed } from "../support/im";

const EXPECTED = "review-several-groups.md";

describe("@e2e review command", () => {
  let bed: ImTestBed;
  let ws: ToolWorkspace;
  const review = (...args: string[]) =>
    runTool("review", ["--cwd", ws.programDir, "--stack", ws.stack, ...args], { env: ws.cliEnv });

  before(async () => {
    bed = await startImTestBed();
    await bed.client.multiaccountImport([
      "owner",
      ...["alice", "bob", "carol", "dave", "erin", "frank"],
      ...accounts("u", 10_000),
    ]);
    ws = await toolWorkspace(bed, reviewBase, { stack: "review-cli" });
    await ws.up();
    ws.writeSpec(reviewChange(accounts("u", 10_000)));
  });
  after(async () => {
    await ws?.dispose();
    await bed?.close();
  });

  it("summarises the pull request exactly as the expected Markdown, 10,000 members included", async () => {
    const result = await review();
    expect(result.code, result.stderr).to.equal(0);
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(fixturePath(EXPECTED), result.stdout);
    expect(result.stdout).to.equal(readFixture(EXPECTED));
    expect(result.stdout).to.include("- Added (10,000): `u0`, `u1`");
    expect(result.stdout).to.include("… and 9,950 more");
    expect(result.stdout.length).to.be.below(65_000);
  });

  it("gives the same summary from a saved `pulumi preview --json` (--from)", async () => {
    // Saved as the README says, with the provider's member reports (state holds member summaries).
    const saved = await ws.run(["preview", "--json"], { env: { [MEMBER_REPORT_ENV]: "1" } });
    expect(saved.code, saved.stderr).to.equal(0);
    const file = path.join(mkdtempSync(path.join(tmpdir(), "imgroups-review-")), "preview.json");
    writeFileSync(file, saved.stdout);
    const result = await runTool("review", ["--from", file]);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.equal(readFixture(EXPECTED));
  });

  it("fits a smaller budget by listing fewer accounts, keeping every group", async () => {
    const result = await review("--budget", "4000");
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout.length).to.be.at.most(4000);
    for (const id of ["eng-room", "legacy-room-2", "lobby", "sales-room", "support-room"]) {
      expect(result.stdout).to.include(`\`${id}\``);
    }
    expect(result.stdout).to.match(/Added \(10,000\): .*… and [\d,]+ more|10,000 accounts, not listed/);
  });

  it("only previews: the groups are unchanged afterwards", async () => {
    expect(await bed.client.getGroup("sales-room")).to.include({ Name: "Sales" });
    expect(await bed.client.getGroup("legacy-room-2")).to.equal(null);
    expect((await bed.client.listAllMembers("lobby")).length).to.equal(0);
  });
});
