/**
 * @e2e Bring an existing app under code with the real CLI: `imgroups-export` writes the live app
 * as a topology, a program adopts it with `loadTopology` (beside a hand-written group), and
 * `pulumi preview` accepts it, `pulumi up` writes nothing to the adopted groups and the preview
 * after it shows no change — every entry passes the resources' own check, names derive from the
 * ids. Custom-id groups only: ImGroup's check still refuses `@TGS#` ids with adopt (the adoption
 * half of issue 21 lifts that).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runProcess } from "@imgroups/tencentcloud-im/cli/pulumi-process";
import { resourceNameFor } from "@imgroups/tencentcloud-im/topology/names";
import { expect } from "chai";
import { type ImTestBed, startImTestBed } from "../support/im";
import { programDir, repoRoot } from "../support/paths";
import { PulumiWorkspace } from "../support/pulumi";
import { type SeededApp, seedApp } from "../topology/seed";

describe("@e2e export → loadTopology with adopt → pulumi preview", () => {
  let bed: ImTestBed;
  let app: SeededApp;
  let ws: PulumiWorkspace;
  let dir: string;

  before(async () => {
    bed = await startImTestBed();
    app = await seedApp(bed.client, { customIdsOnly: true, prefix: "e2e" });
    dir = path.join(mkdtempSync(path.join(tmpdir(), "imgroups-e2e-topology-")), "topology");
    const exported = await runProcess(
      process.execPath,
      [path.join(repoRoot, "provider", "bin", "imgroups-export.js"), "--dir", dir, "--quiet"],
      {
        env: {
          ...process.env,
          TENCENTCLOUD_IM_SDKAPPID: String(bed.emulator.sdkAppId),
          TENCENTCLOUD_IM_SECRET_KEY: bed.emulator.secretKey,
          TENCENTCLOUD_IM_ENDPOINT: bed.emulator.url,
        },
      },
    );
    expect(exported.code, exported.stderr).to.equal(0);
    ws = await PulumiWorkspace.create({
      programDir: programDir("topology"),
      config: {
        "tencentcloud-im:endpoint": bed.emulator.url,
        "tencentcloud-im:sdkAppId": String(bed.emulator.sdkAppId),
      },
      secretConfig: { "tencentcloud-im:secretKey": bed.emulator.secretKey },
      env: { IMGROUPS_TOPOLOGY_DIR: dir },
    });
  });
  after(async () => {
    await ws?.dispose();
    await bed?.close();
  });

  it("previews the adoption of every exported group and its members without a write", async () => {
    bed.emulator.control.resetStats();
    const preview = await ws.preview("--non-interactive", "--diff");
    expect(preview.code, preview.stderr + preview.stdout).to.equal(0);
    for (const id of app.all) expect(preview.stdout).to.contain(resourceNameFor(id));
    expect(preview.stdout).to.contain("hand-written");
    const writes = Object.keys(bed.emulator.control.stats().calls).filter(
      (call) => !/\/(get_|account_check)/.test(call),
    );
    expect(writes).to.deep.equal([]);
  });

  it("adopts with no write to the adopted groups, and the preview after it shows no changes", async () => {
    bed.emulator.control.resetStats();
    const up = await ws.run(["up", "--yes", "--non-interactive", "--skip-preview"]);
    expect(up.code, up.stderr + up.stdout).to.equal(0);
    const writes = Object.entries(bed.emulator.control.stats().calls).filter(
      ([call]) => !/\/(get_|account_check)/.test(call),
    );
    // The one write is the hand-written group's create.
    expect(writes).to.deep.equal([["group_open_http_svc/create_group", 1]]);
    const again = await ws.run(["preview", "--non-interactive", "--expect-no-changes"]);
    expect(again.code, again.stderr + again.stdout).to.equal(0);
    expect(again.stdout).to.match(/\b21 unchanged\b/);
  });
});

describe("@e2e examples/topology-data: groups as YAML data beside a hand-written group", () => {
  let bed: ImTestBed;
  let ws: PulumiWorkspace;

  before(async () => {
    bed = await startImTestBed();
    const accounts = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "ops-lead"];
    expect((await bed.client.multiaccountImport(accounts)).filter((r) => !r.ok)).to.deep.equal([]);
    ws = await PulumiWorkspace.create({
      programDir: path.join(repoRoot, "examples", "topology-data"),
      config: {
        "tencentcloud-im:endpoint": bed.emulator.url,
        "tencentcloud-im:sdkAppId": String(bed.emulator.sdkAppId),
      },
      secretConfig: { "tencentcloud-im:secretKey": bed.emulator.secretKey },
    });
  });
  after(async () => {
    await ws?.dispose();
    await bed?.close();
  });

  it("creates what the files declare, protects what the program says, and converges", async () => {
    const up = await ws.run(["up", "--yes", "--non-interactive", "--skip-preview"]);
    expect(up.code, up.stderr + up.stdout).to.equal(0);
    const eng = await bed.client.getGroup("eng-general");
    expect(eng).to.deep.include({
      Name: "工程部 Engineering",
      Notification: "Stand-up at 10:00 📅",
      MaxMemberNum: 500,
    });
    const members = await bed.client.listAllMembers("eng-general", {
      MemberInfoFilter: ["Role", "NameCard"],
    });
    expect(members.find((m) => m.Member_Account === "bob")).to.deep.include({
      Role: "Admin",
      NameCard: "Bob (infra)",
    });
    expect((await bed.client.getGroup("incident-room"))?.Owner_Account).to.equal("erin");
    const state = await ws.exportState();
    const support = state.resources.find((r) => r.urn.endsWith("ImGroup::support-general")) as
      | { urn: string; protect?: boolean }
      | undefined;
    expect(support?.protect).to.equal(true);
    expect(support?.urn).to.contain("imgroups:example:Topology$");
    const again = await ws.run(["preview", "--non-interactive", "--expect-no-changes"]);
    expect(again.code, again.stderr + again.stdout).to.equal(0);
  });
});
