/**
 * @e2e ImGroup through the real pulumi CLI against the emulator — what only the engine proves: the
 * preview of an in-place update, drift found by refresh steps and put back by `up --refresh`, a group
 * gone from state after a refresh, what state holds (no secrets, a small stable provider stub), a
 * rename (create-then-delete), protect/retainOnDelete, and a crash between create and the state
 * write. The provider's logic (converge, adoption, taken ids, lost answers, custom data, owner
 * changes, migration) is tested directly in tests/providers/im-group.test.ts.
 */
import { expect } from "chai";
import { runTool } from "../review/support";
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

  describe("a crash between create and the state write, with a custom groupId", () => {
    it("stops the next up at preview, naming imgroups-recover, which records the group; then up converges", async () => {
      const ws = await bed.workspace(
        {
          groups: {
            crash: { type: "Public", groupId: "crash-custom", name: "Crash", notification: "after" },
          },
        },
        { stack: "crash-custom" },
      );
      bed.emulator.control.setFaults({ latencyAfterCommitMs: 60_000, commands: ["create_group"] });
      const before = groupCount(bed);
      const child = ws.start(["up", "--yes", "--skip-preview"]);
      try {
        await waitFor(() => groupCount(bed) > before, 60_000);
      } finally {
        killProcessTree(child.pid!);
        bed.emulator.control.setFaults({});
      }
      await ws.ok(["cancel", "--yes"]);

      const stopped = await ws.run(["up", "--yes"]);
      expect(stopped.code).to.not.equal(0);
      expect(stopped.stdout + stopped.stderr).to.include("npx imgroups-recover");

      const recovered = await runTool("recover", ["--cwd", ws.programDir, "--stack", ws.stack], {
        env: { ...ws.env },
      });
      expect(recovered.code, recovered.stdout + recovered.stderr).to.equal(0);
      expect(recovered.stdout, recovered.stdout).to.include(`recorded group "crash-custom"`);

      const up = await ws.run(["up", "--yes", "--skip-preview"]);
      expect(up.code, up.stdout + up.stderr).to.equal(0);
      expect(groupCount(bed)).to.equal(before + 1);
      expect(await bed.client.getGroup("crash-custom")).to.include({ Notification: "after" });
      const clean = await ws.preview("--expect-no-changes");
      expect(clean.code, clean.stdout + clean.stderr).to.equal(0);
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
