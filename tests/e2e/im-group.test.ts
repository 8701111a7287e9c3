/**
 * @e2e ImGroup through the real pulumi CLI against the emulator: in-place updates, drift found by
 * refresh and put back by up, migration keeping its create time, what state holds (no secrets, a
 * small stable provider stub), and a crash between create and the state write.
 */
import { expect } from "chai";
import { type ImTestBed, startImTestBed } from "../support/im";
import { killProcessTree, type StateResource } from "../support/pulumi";

const IMGROUP = "pulumi-nodejs:dynamic/tencentcloud-im:ImGroup";

describe("@e2e ImGroup", () => {
  let bed: ImTestBed;
  before(async () => {
    bed = await startImTestBed();
    await bed.client.multiaccountImport(["alice", "bob"]);
  });
  after(async () => bed?.close());

  describe("lifecycle: up, clean preview, in-place update, destroy", () => {
    const spec = (name: string, notification: string) => ({
      groups: { eng: { type: "Public", groupId: "eng-room", name, notification, ownerAccount: "alice" } },
    });
    let ws: Awaited<ReturnType<ImTestBed["workspace"]>>;
    let createdAt: number;

    before(async () => {
      ws = await bed.workspace(spec("Engineering", "Stand-up at 10"), { stack: "lifecycle" });
    });

    it("creates the group with its profile", async () => {
      await ws.up();
      const live = await bed.client.getGroup("eng-room");
      expect(live).to.include({
        Type: "Public",
        Name: "Engineering",
        Notification: "Stand-up at 10",
        Owner_Account: "alice",
      });
      createdAt = live!.CreateTime!;
      expect((await ws.outputs()).groupIds).to.deep.equal({ eng: "eng-room" });
    });

    it("previews no changes when nothing changed", async () => {
      const result = await ws.preview("--expect-no-changes");
      expect(result.code, result.stdout + result.stderr).to.equal(0);
    });

    it("previews a name and notification change as exactly those two properties, in place", async () => {
      ws.writeSpec(spec("Platform Engineering", "Stand-up at 9:30"));
      const result = await ws.preview("--diff");
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.match(/~ name\s*: "Engineering" => "Platform Engineering"/);
      expect(result.stdout).to.match(/~ notification\s*: "Stand-up at 10" => "Stand-up at 9:30"/);
      const resourceSection = result.stdout.split("--outputs:--")[0]!;
      const changedLines = resourceSection.split("\n").filter((line) => /^\s+[~+-] \w+\s*:/.test(line));
      expect(changedLines, result.stdout).to.have.length(2);
      expect(result.stdout).to.match(/1 to update/);
      expect(result.stdout).to.not.match(/replace/);
    });

    it("applies them in place: same group id, same create time", async () => {
      await ws.up();
      const live = await bed.client.getGroup("eng-room");
      expect(live).to.include({
        Name: "Platform Engineering",
        Notification: "Stand-up at 9:30",
        CreateTime: createdAt,
      });
    });

    it("destroys the group", async () => {
      await ws.destroy();
      expect(await bed.client.getGroup("eng-room")).to.equal(null);
    });
  });

  describe("drift", () => {
    const spec = {
      groups: { ops: { type: "Public", groupId: "ops-room", name: "Ops", notification: "On call: bob" } },
    };
    let ws: Awaited<ReturnType<ImTestBed["workspace"]>>;
    before(async () => {
      ws = await bed.workspace(spec, { stack: "drift" });
      await ws.up();
    });

    it("is found by preview --refresh, which names the changed fields", async () => {
      await bed.client.modifyGroupBaseInfo({
        GroupId: "ops-room",
        Name: "Ops (renamed)",
        Notification: "hijacked",
      });
      const result = await ws.preview("--refresh", "--expect-no-changes", "--diff");
      expect(result.code).to.not.equal(0);
      expect(result.stdout).to.match(/~ name\s*: "Ops \(renamed\)" => "Ops"/);
      expect(result.stdout).to.match(/~ notification\s*: "hijacked" => "On call: bob"/);
    });

    it("is put back by up --refresh", async () => {
      await ws.up("--refresh");
      expect(await bed.client.getGroup("ops-room")).to.include({ Name: "Ops", Notification: "On call: bob" });
      const result = await ws.preview("--refresh", "--expect-no-changes");
      expect(result.code, result.stdout).to.equal(0);
    });

    it("does not report fields the program never set", async () => {
      await bed.client.modifyGroupBaseInfo({ GroupId: "ops-room", Introduction: "edited in the console" });
      const result = await ws.preview("--refresh", "--expect-no-changes");
      expect(result.code, result.stdout).to.equal(0);
    });

    it("records a group destroyed out of band as gone", async () => {
      await bed.client.destroyGroup({ GroupId: "ops-room" });
      await ws.refresh();
      const { resources } = await ws.exportState();
      expect(resources.filter((r) => r.type === IMGROUP)).to.have.length(0);
    });
  });

  describe("migration", () => {
    it("imports a group with a past createTime and keeps it", async () => {
      const createTime = 1_600_000_000;
      const ws = await bed.workspace(
        { groups: { legacy: { type: "Public", groupId: "legacy-room", name: "Legacy", createTime } } },
        { stack: "migration" },
      );
      await ws.up();
      expect(await bed.client.getGroup("legacy-room")).to.include({ CreateTime: createTime, Name: "Legacy" });
      expect((await ws.outputs()).createdAt).to.deep.equal({ legacy: createTime });
      const result = await ws.preview("--refresh", "--expect-no-changes");
      expect(result.code, result.stdout).to.equal(0);
    });
  });

  describe("state", () => {
    it("holds no secret key or UserSig, and a small provider stub that is the same on every run", async () => {
      const ws = await bed.workspace(
        { groups: { a: { type: "ChatRoom", name: "Lobby" }, b: { type: "Private", name: "Leads" } } },
        { stack: "state" },
      );
      await ws.up();
      const first = await ws.exportState();
      expect(first.text).to.not.include(bed.emulator.secretKey);
      expect(first.text).to.not.match(/usersig|eJ[wy][A-Za-z0-9*_-]{40,}/i);
      const providers = first.resources.filter((r) => r.type === IMGROUP).map(providerText);
      expect(providers).to.have.length(2);
      for (const text of providers) expect(Buffer.byteLength(text)).to.be.below(4096);

      ws.writeSpec({
        groups: { a: { type: "ChatRoom", name: "Lobby 2" }, b: { type: "Private", name: "Leads" } },
      });
      await ws.up();
      const second = (await ws.exportState()).resources.filter((r) => r.type === IMGROUP).map(providerText);
      expect(second).to.deep.equal(providers);
      // Auto-named ids are deterministic: <name>-<8 hex>.
      expect(Object.values((await ws.outputs()).groupIds as object)).to.satisfy((ids: string[]) =>
        ids.every((id) => /^[ab]-[0-9a-f]{8}$/.test(id)),
      );
    });
  });

  describe("owner and custom data", () => {
    it("changes the owner with change_group_owner and deletes custom-data keys removed from the program", async () => {
      const spec = (owner: string, data: Record<string, string>) => ({
        groups: {
          team: {
            type: "Public",
            groupId: "owned",
            name: "Owned",
            ownerAccount: owner,
            appDefinedData: data,
          },
        },
        members: { "team-members": { group: "team", members: ["bob"] } },
      });
      const ws = await bed.workspace(spec("alice", { tier: "gold", region: "APAC" }), { stack: "owner" });
      await ws.up();
      ws.writeSpec(spec("bob", { tier: "platinum" }));
      const preview = await ws.preview("--diff");
      expect(preview.stdout).to.match(/~ ownerAccount\s*: "alice" => "bob"/);
      await ws.up();
      const live = await bed.client.getGroup("owned", {
        GroupBaseInfoFilter: ["Owner_Account"],
        AppDefinedDataFilter_Group: ["tier", "region"],
      });
      expect(live?.Owner_Account).to.equal("bob");
      expect(live?.AppDefinedData).to.deep.equal([{ Key: "tier", Value: "platinum" }]);
      const clean = await ws.preview("--refresh", "--expect-no-changes");
      expect(clean.code, clean.stdout).to.equal(0);
    });
  });

  describe("adoption", () => {
    before(async () => {
      await bed.client.createGroup({ Type: "Public", GroupId: "pre-existing", Name: "Made in the console" });
    });

    it("refuses to take over an existing group by accident", async () => {
      const ws = await bed.workspace(
        { groups: { g: { type: "Public", groupId: "pre-existing", name: "Declared" } } },
        { stack: "adopt-refused" },
      );
      const result = await ws.run(["up", "--yes", "--skip-preview"]);
      expect(result.code).to.not.equal(0);
      expect(result.stdout + result.stderr).to.match(
        /"pre-existing" is already used by an existing group.*adopt: true/s,
      );
      expect(await bed.client.getGroup("pre-existing")).to.include({ Name: "Made in the console" });
    });

    it("takes it over with adopt: true and makes it match the program", async () => {
      const ws = await bed.workspace(
        { groups: { g: { type: "Public", groupId: "pre-existing", name: "Declared", adopt: true } } },
        { stack: "adopt" },
      );
      await ws.up();
      expect(await bed.client.getGroup("pre-existing")).to.include({ Name: "Declared" });
      const clean = await ws.preview("--refresh", "--expect-no-changes");
      expect(clean.code, clean.stdout).to.equal(0);
    });
  });

  describe("renaming a resource", () => {
    it("never silently takes over the group of the old resource (which would then destroy it)", async () => {
      const ws = await bed.workspace(
        { groups: { before: { type: "Public", groupId: "renamed-room", name: "Renamed" } } },
        { stack: "rename" },
      );
      await ws.up();
      ws.writeSpec({ groups: { after: { type: "Public", groupId: "renamed-room", name: "Renamed" } } });
      const result = await ws.run(["up", "--yes", "--skip-preview"]);
      expect(result.code).to.not.equal(0);
      expect(result.stdout + result.stderr).to.match(/already used by an existing group.*aliases/s);
      expect(await bed.client.getGroup("renamed-room")).to.include({ Name: "Renamed" });
    });
  });

  describe("protect and retainOnDelete", () => {
    it("a protected group survives destroy, which fails; a retained one is left on the server", async () => {
      const ws = await bed.workspace(
        {
          groups: {
            kept: { type: "Public", groupId: "protected-room", name: "Protected", protect: true },
            left: { type: "Public", groupId: "retained-room", name: "Retained", retainOnDelete: true },
          },
        },
        { stack: "protect" },
      );
      await ws.up();
      const destroy = await ws.run(["destroy", "--yes", "--skip-preview"]);
      expect(destroy.code).to.not.equal(0);
      expect(destroy.stdout + destroy.stderr).to.match(/protected/);
      expect(await bed.client.getGroup("protected-room")).to.not.equal(null);

      ws.writeSpec({ groups: { kept: { type: "Public", groupId: "protected-room", name: "Protected" } } });
      await ws.up();
      expect(await bed.client.getGroup("retained-room")).to.include({ Name: "Retained" });
      const { resources } = await ws.exportState();
      expect(resources.filter((r) => r.type === IMGROUP).map((r) => r.id)).to.deep.equal(["protected-room"]);
    });
  });

  describe("a create whose answer was lost", () => {
    it("reads the group the retry found and converges it, instead of assuming it is as created", async () => {
      const ws = await bed.workspace(
        {
          groups: {
            lost: {
              type: "Public",
              groupId: "lost-answer",
              name: "Lost",
              ownerAccount: "alice",
              muteAllMember: true,
            },
          },
          members: { "lost-members": { group: "lost", members: ["bob"] } },
        },
        { stack: "lost-answer" },
      );
      // Every create_group takes effect and then loses its answer: the client's retry meets 10021
      // and settles it by reading the group (client/create.ts).
      bed.emulator.control.setFaults({ dropAfterCommitRate: 1, commands: ["create_group"] });
      bed.emulator.control.resetStats();
      try {
        await ws.up();
      } finally {
        bed.emulator.control.setFaults({});
      }
      const calls = bed.emulator.control.stats().calls;
      // The settling read, and the reads a recovered group gets instead of the fresh-group shortcut:
      // ImGroup converges against it and ImGroupMembers reads it before adding.
      expect(calls["group_open_http_svc/get_group_info"]).to.be.at.least(3);
      const group = bed.emulator.control.state().groups.find((g) => g.GroupId === "lost-answer");
      expect(group).to.include({ Name: "Lost", MuteAllMember: "On" });
      const members = await bed.client.listAllMembers("lost-answer");
      expect(members.map((m) => m.Member_Account).sort()).to.deep.equal(["alice", "bob"]);
      const result = await ws.preview("--refresh", "--expect-no-changes");
      expect(result.code, result.stdout + result.stderr).to.equal(0);
    });
  });

  describe("a crash between create and the state write", () => {
    it("ends with exactly one group after the next up", async () => {
      const ws = await bed.workspace(
        { groups: { crash: { type: "Public", name: "Crash test" } } },
        { stack: "crash" },
      );
      // Hold create_group's answer after the group exists, so the CLI can be killed after the group
      // exists but before Pulumi records it.
      bed.emulator.control.setFaults({ latencyAfterCommitMs: 60_000, commands: ["create_group"] });
      const before = groupCount(bed);
      const child = ws.start(["up", "--yes", "--skip-preview"]);
      try {
        await waitFor(() => groupCount(bed) > before, 60_000);
      } finally {
        killProcessTree(child.pid!);
        bed.emulator.control.setFaults({});
      }
      expect(groupCount(bed)).to.equal(before + 1);

      // What a user does after a crash: release the dead process's lock, then run up again.
      await ws.ok(["cancel", "--yes"]);
      const result = await ws.run(["up", "--yes", "--skip-preview"]);
      expect(result.code, result.stdout + result.stderr).to.equal(0);
      expect(groupCount(bed)).to.equal(before + 1);
      const { resources } = await ws.exportState();
      expect(resources.filter((r) => r.type === IMGROUP)).to.have.length(1);
    });
  });
});

function providerText(resource: StateResource): string {
  return String(resource.outputs?.__provider ?? resource.inputs?.__provider ?? "");
}

function groupCount(bed: ImTestBed): number {
  return bed.emulator.control.state().groups.length;
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the condition");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
