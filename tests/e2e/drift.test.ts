/**
 * @e2e The drift command (`npm run drift`, provider/dist/cli/drift.js) with the real pulumi CLI
 * against the emulator: out-of-band edits exit 2 and are named exactly, `pulumi up --refresh`
 * brings it back to 0, a broken configuration exits 1, and no secret is ever printed.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ChangeReport } from "@imgroups/tencentcloud-im/review/index";
import { expect } from "chai";
import { runTool, type ToolWorkspace, toolWorkspace } from "../review/support";
import { type ImTestBed, startImTestBed } from "../support/im";

const spec = {
  groups: {
    team: {
      type: "Public",
      groupId: "team-room",
      name: "Team",
      notification: "Stand-up at 10",
      introduction: "The team",
      ownerAccount: "owner",
    },
    other: { type: "Public", groupId: "other-room", name: "Other" },
  },
  members: {
    "team-members": { group: "team", members: [{ account: "alice", role: "Admin" }, "bob", "carol"] },
    "other-members": { group: "other", members: ["dave"] },
  },
};

describe("@e2e drift command", () => {
  let bed: ImTestBed;
  let ws: ToolWorkspace;
  let out: string;
  const drift = (...args: string[]) =>
    runTool("drift", ["--cwd", ws.programDir, "--stack", ws.stack, "--out-dir", out, ...args], {
      env: ws.cliEnv,
    });
  const jsonReport = () =>
    JSON.parse(readFileSync(path.join(out, "drift-report.json"), "utf8")) as ChangeReport;

  before(async () => {
    bed = await startImTestBed();
    await bed.client.multiaccountImport(["owner", "alice", "bob", "carol", "dave", "extra"]);
    ws = await toolWorkspace(bed, spec, { stack: "drift-cli" });
    await ws.up();
  });
  beforeEach(() => {
    out = mkdtempSync(path.join(tmpdir(), "imgroups-drift-out-"));
  });
  after(async () => {
    await ws?.dispose();
    await bed?.close();
  });

  it("exits 0 right after up, and still writes both reports", async () => {
    const result = await drift();
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout).to.match(/No drift in stack drift-cli\./);
    expect(jsonReport()).to.include({ mode: "drift", refreshed: true });
    expect(jsonReport().groups).to.deep.equal([]);
    expect(readFileSync(path.join(out, "drift-report.md"), "utf8")).to.match(/No drift: every group matches/);
  });

  it("exits 2 after out-of-band edits and names exactly those: rename, notification, member removed, extra member, role", async () => {
    await bed.client.modifyGroupBaseInfo({
      GroupId: "team-room",
      Name: "Team (renamed)",
      Notification: "hijacked",
    });
    await bed.client.deleteGroupMember({ GroupId: "team-room", MemberToDel_Account: ["bob"] });
    await bed.client.addGroupMember({ GroupId: "team-room", MemberList: [{ Member_Account: "extra" }] });
    await bed.client.modifyGroupMemberInfo({ GroupId: "team-room", Member_Account: "alice", Role: "Member" });

    const result = await drift();
    expect(result.code, result.stdout + result.stderr).to.equal(2);
    const report = jsonReport();
    expect(report.groups.map((g) => g.groupId)).to.deep.equal(["team-room"]);
    const [group, members] = report.groups[0]!.resources;
    expect(group!.fields.map((f) => [f.field, f.before, f.after, f.origin])).to.deep.equal([
      ["name", { kind: "value", value: "Team (renamed)" }, { kind: "value", value: "Team" }, "outside"],
      [
        "notification",
        { kind: "value", value: "hijacked" },
        { kind: "value", value: "Stand-up at 10" },
        "outside",
      ],
    ]);
    expect(members!.fields).to.deep.equal([]);
    expect(members!.members!.added.map((m) => [m.account, m.origin])).to.deep.equal([["bob", "outside"]]);
    expect(members!.members!.removed.map((m) => [m.account, m.origin])).to.deep.equal([["extra", "outside"]]);
    expect(members!.members!.changed.map((m) => [m.account, m.fields])).to.deep.equal([
      [
        "alice",
        [
          {
            field: "role",
            before: { kind: "value", value: "Member" },
            after: { kind: "value", value: "Admin" },
          },
        ],
      ],
    ]);

    expect(result.stdout).to.include('name: "Team (renamed)" → "Team"  [changed outside Pulumi]');
    expect(result.stdout).to.include('notification: "hijacked" → "Stand-up at 10"  [changed outside Pulumi]');
    expect(result.stdout).to.include(
      "Declared, missing from the live group: removed outside Pulumi (up --refresh would add them back) (1): bob",
    );
    expect(result.stdout).to.include(
      "On the live group, not declared: added outside Pulumi (up --refresh would remove them) (1): extra",
    );
    expect(result.stdout).to.include(
      "On the live group, differing from the declaration: changed outside Pulumi (up --refresh would set them as declared) (1): alice (role Member → Admin)",
    );
    expect(result.stdout).to.not.match(/other-room|introduction|carol/);
    const markdown = readFileSync(path.join(out, "drift-report.md"), "utf8");
    expect(markdown).to.include('| name | `"Team (renamed)"` | `"Team"` | changed outside Pulumi |');
  });

  it("reports a group destroyed outside Pulumi as gone", async () => {
    await bed.client.destroyGroup({ GroupId: "other-room" });
    const result = await drift("--no-files");
    expect(result.code, result.stdout + result.stderr).to.equal(2);
    expect(result.stdout).to.match(/other-room: GONE\n {2}!! was deleted outside Pulumi with its history/);
  });

  it("exits 0 after pulumi up --refresh puts the edits back and the destroyed group leaves the program", async () => {
    // A destroyed group's id is never reused, so the program drops it rather than recreating it.
    ws.writeSpec({
      groups: { team: spec.groups.team },
      members: { "team-members": spec.members["team-members"] },
    });
    await ws.up("--refresh");
    const result = await drift();
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    expect(jsonReport().groups).to.deep.equal([]);
  });

  it("exits 1 on a wrong secret key in the stack config, and prints neither key", async () => {
    const wrongKey = "0000wrong-secret-key-that-must-never-be-printed0000";
    await ws.setConfig("tencentcloud-im:secretKey", wrongKey, { secret: true });
    try {
      const result = await drift();
      const everything = [
        result.stdout,
        result.stderr,
        readFileSync(path.join(out, "drift-report.json"), "utf8"),
        readFileSync(path.join(out, "drift-report.md"), "utf8"),
      ].join("\n");
      expect(result.code, everything).to.equal(1);
      expect(result.stderr).to.match(/70009|UserSig/);
      expect(everything).to.not.include(wrongKey);
      expect(everything).to.not.include(bed.emulator.secretKey);
    } finally {
      await ws.setConfig("tencentcloud-im:secretKey", bed.emulator.secretKey, { secret: true });
    }
  });

  it("exits 1 when Pulumi cannot run the preview at all (no such stack)", async () => {
    const result = await runTool(
      "drift",
      ["--cwd", ws.programDir, "--stack", "no-such-stack", "--no-files"],
      {
        env: ws.cliEnv,
      },
    );
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/no-such-stack/);
  });
});
