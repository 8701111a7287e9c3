/**
 * @e2e Drift made by a person in the web console: a Pulumi stack is brought up against the emulator,
 * someone renames the group, removes a member and edits two members (a role; a name card and custom
 * data, with the member edit form) in the console in a real browser, and the drift command
 * (provider/dist/cli/drift.js) exits 2 naming exactly those changes, by account and field, as made
 * outside Pulumi.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ChangeReport } from "@imgroups/tencentcloud-im/review/index";
import { expect } from "chai";
import { runTool, type ToolWorkspace, toolWorkspace } from "../review/support";
import { ConsolePage, launchBrowser, type TestBrowser } from "../support/browser";
import { type ImTestBed, startImTestBed } from "../support/im";

const spec = {
  groups: {
    team: { type: "Public", groupId: "console-team", name: "Team", ownerAccount: "owner" },
  },
  members: {
    "team-members": {
      group: "team",
      members: [
        { account: "alice", role: "Admin" },
        "bob",
        { account: "carol", nameCard: "Carol", appMemberDefinedData: { level: "1" } },
        "dave",
      ],
    },
  },
};

describe("@e2e drift made in the web console", () => {
  let bed: ImTestBed;
  let ws: ToolWorkspace;
  let browser: TestBrowser;

  before(async () => {
    bed = await startImTestBed();
    await bed.client.multiaccountImport(["owner", "alice", "bob", "carol", "dave"]);
    ws = await toolWorkspace(bed, spec, { stack: "console-drift" });
    await ws.up();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ws?.dispose();
    await bed?.close();
  });

  it("a rename, a member removed and member edits in the browser make the drift command exit 2 and name each, by account and field", async () => {
    const { url, token } = bed.emulator.console!;
    const page = await ConsolePage.open(browser.context, `${url}#token=${token}`);
    await page.openGroup("console-team");
    await page.rename("Team (edited in the console)");
    await page.removeMember("bob");
    expect(await page.editMember("alice", { role: "Member" })).to.equal("Saved alice (Role).");
    expect(await page.editMember("carol", { nameCard: "Carol (console)", custom: { level: "9" } })).to.equal(
      "Saved carol (NameCard, AppMemberDefinedData).",
    );
    // A mute is not a field ImGroupMembers manages: no drift from it.
    expect(await page.editMember("dave", { mute: "600" })).to.equal("Saved dave (MuteTime).");
    expect(page.pageErrors).to.deep.equal([]);
    await page.page.close();

    const out = mkdtempSync(path.join(tmpdir(), "imgroups-console-drift-"));
    const result = await runTool("drift", ["--cwd", ws.programDir, "--stack", ws.stack, "--out-dir", out], {
      env: ws.cliEnv,
    });
    expect(result.code, result.stdout + result.stderr).to.equal(2);
    expect(result.stdout).to.include(
      'name: "Team (edited in the console)" → "Team"  [changed outside Pulumi]',
    );
    expect(result.stdout).to.include(
      "Declared, missing from the live group: removed outside Pulumi (up --refresh would add them back) (1): bob",
    );
    const report = JSON.parse(readFileSync(path.join(out, "drift-report.json"), "utf8")) as ChangeReport;
    expect(report.groups.map((g) => g.groupId)).to.deep.equal(["console-team"]);
    const [group, members] = report.groups[0]!.resources;
    expect(group!.fields.map((f) => [f.field, f.origin])).to.deep.equal([["name", "outside"]]);
    // The report lists what `up` would do: bob, removed outside Pulumi, is added back.
    expect(members!.members!.added.map((m) => [m.account, m.origin])).to.deep.equal([["bob", "outside"]]);
    expect(members!.members!.removed).to.deep.equal([]);
    expect(
      members!.members!.changed.map((m) => [m.account, m.fields.map((f) => [f.field, f.before, f.after])]),
    ).to.deep.equal([
      ["alice", [["role", { kind: "value", value: "Member" }, { kind: "value", value: "Admin" }]]],
      [
        "carol",
        [
          ["nameCard", { kind: "value", value: "Carol (console)" }, { kind: "value", value: "Carol" }],
          ["appMemberDefinedData.level", { kind: "value", value: "9" }, { kind: "value", value: "1" }],
        ],
      ],
    ]);
    expect(result.stdout).to.include(
      "On the live group, differing from the declaration: changed outside Pulumi (up --refresh would set them as declared) (2): alice (role Member → Admin), " +
        "carol (nameCard Carol (console) → Carol, appMemberDefinedData.level 9 → 1)",
    );
    // dave's mute is no field of the stack: he is not named.
    expect(result.stdout).to.not.include("dave");
  });
});
