/**
 * Retries against the emulator's injected faults (FaultOptions): IM 10002, HTTP 502 and dropped
 * connections are ridden out, and a lost answer never duplicates a side effect.
 */
import type { ImClient } from "@imgroups/tencentcloud-im/client/index";
import { expect } from "chai";
import { type ImFixture, rejection, startIm, userIds } from "./helpers";

/** Enough retries that a 50 % fault rate fails a call with odds below 1e-6. */
const PATIENT = { retries: 20, minDelayMs: 1, maxDelayMs: 5 };

async function allGroupIds(client: ImClient): Promise<string[]> {
  const ids: string[] = [];
  for await (const id of client.appGroupIds()) ids.push(id);
  return ids;
}

describe("client retries against emulator faults", () => {
  let im: ImFixture | undefined;
  afterEach(async () => {
    await im?.close();
    im = undefined;
  });

  for (const [fault, faults] of [
    ["IM 10002", { systemErrorRate: 0.4 }],
    ["HTTP 502", { badGatewayRate: 0.4 }],
    ["dropped connections", { dropConnectionRate: 0.4 }],
  ] as const) {
    it(`rides out ${fault} on every API with exactly one effect per call`, async () => {
      im = await startIm({
        faults: { ...faults, commands: ["create_group", "add_group_member", "get_group_info"] },
      });
      const client = im.client({ retry: PATIENT });
      await client.multiaccountImport(userIds("m", 50));
      const ids = Array.from({ length: 20 }, (_, i) => `fault-${i}`);
      await Promise.all(ids.map((GroupId) => client.createGroup({ Type: "Public", GroupId, Name: GroupId })));
      const added = await client.addGroupMembers("fault-0", userIds("m", 50), {});
      expect(added.every((r) => r.Result === 1)).to.equal(true, "each member added exactly once");
      const groups = await Promise.all(ids.map((id) => client.getGroup(id)));
      expect(groups.map((g) => g?.GroupId)).to.deep.equal(ids);
      expect(groups[0]!.MemberNum).to.equal(50);
      expect((await allGroupIds(client)).sort()).to.deep.equal([...ids].sort());
      expect(client.stats().retries).to.be.greaterThan(0);
    });
  }

  it("creates exactly one group per GroupId when answers are lost after commit", async () => {
    im = await startIm({ faults: { dropAfterCommitRate: 0.5, commands: ["create_group", "import_group"] } });
    const client = im.client({ retry: PATIENT });
    const ids = Array.from({ length: 20 }, (_, i) => `lost-${i}`);
    const answers = await Promise.all(
      ids.map((GroupId, i) =>
        i % 2 === 0
          ? client.createGroup({ Type: "Public", GroupId, Name: GroupId })
          : client.importGroup({ Type: "Private", GroupId, Name: GroupId }),
      ),
    );
    expect(answers.map((a) => a.GroupId)).to.deep.equal(ids);
    expect(client.stats().retries).to.be.greaterThan(0, "some answers were lost and retried");
    expect((await allGroupIds(client)).sort()).to.deep.equal([...ids].sort());
  });

  it("sends a create without GroupId once when its answer is lost: one group, and an error saying so", async () => {
    im = await startIm({ faults: { dropAfterCommitRate: 1, commands: ["create_group"] } });
    const client = im.client({ retry: PATIENT });
    const error = await rejection(client.createGroup({ Type: "Public", Name: "no id" }));
    expect(error).to.include({ outcomeUnknown: true, attempts: 1, command: "create_group" });
    expect(error.message).to.contain("may or may not have been created");
    expect(client.stats().calls["group_open_http_svc/create_group"]).to.equal(1);
    expect(await allGroupIds(client)).to.have.length(1);
  });

  it("treats a destroy whose answer was lost as done", async () => {
    im = await startIm({ faults: { dropAfterCommitRate: 1, commands: ["destroy_group"] } });
    const client = im.client({ retry: PATIENT });
    await client.createGroup({ Type: "Public", GroupId: "to-destroy", Name: "bye" });
    expect(await client.destroyGroup({ GroupId: "to-destroy" })).to.include({ ErrorCode: 0 });
    expect(await client.getGroup("to-destroy")).to.equal(null);
  });

  it("keeps member adds, imports and deletes idempotent under lost answers", async () => {
    im = await startIm({
      faults: {
        dropAfterCommitRate: 0.5,
        commands: ["add_group_member", "import_group_member", "delete_group_member", "multiaccount_import"],
      },
    });
    const client = im.client({ retry: PATIENT, batchSizes: { addGroupMember: 50, importGroupMember: 50 } });
    const members = userIds("idem", 300);
    expect((await client.multiaccountImport(members)).every((r) => r.ok)).to.equal(true);
    await client.createGroup({ Type: "ChatRoom", GroupId: "idem-add", Name: "add" });
    await client.importGroup({ Type: "ChatRoom", GroupId: "idem-import", Name: "import" });

    const added = await client.addGroupMembers("idem-add", members);
    // A retried chunk whose first attempt committed answers Result 2 ("already a member"): still ok.
    expect(added.every((r) => r.ok)).to.equal(true);
    const imported = await client.importGroupMembers("idem-import", members);
    expect(imported.every((r) => r.ok)).to.equal(true);
    expect((await client.listAllMembers("idem-add")).map((m) => m.Member_Account).sort()).to.deep.equal(
      members,
    );
    expect((await client.listAllMembers("idem-import")).map((m) => m.Member_Account).sort()).to.deep.equal(
      members,
    );

    const deleted = await client.deleteGroupMembers("idem-add", members.slice(0, 150));
    expect(deleted.every((r) => r.ok)).to.equal(true);
    expect(await client.listAllMembers("idem-add")).to.have.length(150);
    expect(client.stats().retries).to.be.greaterThan(0);
  });
});
