/**
 * @e2e The migration example (examples/migration) run for real: its account script, a PR summary
 * of the migration, `pulumi up` in two stages (groups, then — after the message history — members)
 * against the emulator, and a clean drift check afterwards. Keeps the example honest.
 */
import path from "node:path";
import { expect } from "chai";
import { runTool, type ToolWorkspace, toolWorkspace } from "../review/support";
import { type ImTestBed, startImTestBed } from "../support/im";
import { repoRoot } from "../support/paths";
import { runProcess } from "../support/pulumi";

const exampleDir = path.join(repoRoot, "examples", "migration");
const sample = require(path.join(exampleDir, "sample-export.json")) as {
  channels: Array<{ id: string; createdAt: string; owner: string; members: Array<Record<string, unknown>> }>;
};
const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe("@e2e migration example", () => {
  let bed: ImTestBed;
  let ws: ToolWorkspace;
  before(async () => {
    bed = await startImTestBed();
  });
  after(async () => {
    await ws?.dispose();
    await bed?.close();
  });

  it("imports the export's users as accounts with its script", async () => {
    const result = await runProcess(
      path.join(repoRoot, "node_modules", ".bin", "ts-node"),
      [path.join(exampleDir, "import-accounts.ts")],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          TENCENTCLOUD_IM_SDKAPPID: String(bed.emulator.sdkAppId),
          TENCENTCLOUD_IM_SECRET_KEY: bed.emulator.secretKey,
          TENCENTCLOUD_IM_ENDPOINT: bed.emulator.url,
        },
      },
    );
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout).to.match(/imported 10 accounts from sample-export\.json/);
    const checks = await bed.client.accountCheck(["alice", "judy"]);
    expect(checks.map((c) => c.AccountStatus)).to.deep.equal(["Imported", "Imported"]);
  });

  it("stage groups: the PR summary lists three imported groups, and up creates them with their original times", async () => {
    ws = await toolWorkspace(
      bed,
      {},
      {
        stack: "migration",
        programDir: exampleDir,
        config: { "imgroups-migration:stage": "groups" },
      },
    );
    const review = await runTool("review", ["--cwd", ws.programDir, "--stack", ws.stack], { env: ws.cliEnv });
    expect(review.code, review.stderr).to.equal(0);
    expect(review.stdout).to.include("**Changes:** 3 groups (3 to create)");
    expect(review.stdout).to.include(`| createTime | \`${unix("2019-04-02T09:30:00Z")}\` |`);

    await ws.up();
    for (const channel of sample.channels) {
      const live = await bed.client.getGroup(`migrated-${channel.id.toLowerCase()}`);
      expect(live, channel.id).to.include({
        CreateTime: unix(channel.createdAt),
        Owner_Account: channel.owner,
      });
    }
    expect(await bed.client.getGroup("migrated-c02lead")).to.include({ Type: "Private" });
  });

  it("stage all: after the message history, members keep join times, roles and unread counts; no drift after", async () => {
    // Messages are out of scope: the control plane gives each group a history of 20 messages.
    for (const channel of sample.channels) {
      await bed.emulator.control.setMessageCount(`migrated-${channel.id.toLowerCase()}`, 20);
    }
    await ws.setConfig("imgroups-migration:stage", "all");
    const review = await runTool("review", ["--cwd", ws.programDir, "--stack", ws.stack], { env: ws.cliEnv });
    expect(review.code, review.stderr).to.equal(0);
    expect(review.stdout).to.include("- Added (4): `bob` (Admin), `carol`, `dave`, `erin`");

    await ws.up();
    const eng = await bed.client.listAllMembers("migrated-c01eng");
    const info = await bed.client.getGroup("migrated-c01eng");
    const bob = eng.find((m) => m.Member_Account === "bob")!;
    expect(bob).to.include({ Role: "Admin", JoinTime: unix("2019-04-02T10:00:00Z") });
    const erin = eng.find((m) => m.Member_Account === "erin")!;
    expect(info!.NextMsgSeq! - 1 - erin.MsgSeq!).to.equal(12);
    expect(eng.find((m) => m.Member_Account === "alice")).to.include({ Role: "Owner" });
    const lead = await bed.client.listAllMembers("migrated-c02lead");
    // Private groups have no admins: the moderator is a member there.
    expect(lead.find((m) => m.Member_Account === "grace")).to.include({ Role: "Member" });

    const drift = await runTool("drift", ["--cwd", ws.programDir, "--stack", ws.stack, "--no-files"], {
      env: ws.cliEnv,
    });
    expect(drift.code, drift.stdout + drift.stderr).to.equal(0);
  });
});
