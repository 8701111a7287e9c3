/**
 * The ImGroup provider called directly against the emulator (no CLI): creates without read-back,
 * converge after drift, custom data with any key, owner changes, adoption, taken ids, lost answers
 * and partial failure.
 */
import { imGroupMembersProvider } from "@imgroups/tencentcloud-im/resources/im-group-members-provider";
import { imGroupProvider } from "@imgroups/tencentcloud-im/resources/im-group-provider";
import { expect } from "chai";
import { CheckFailed, type DirectBed, type DirectResource, startDirectBed } from "../support/provider-driver";
import { callsByCommand, groupInputs, membersInputs } from "./support";

const GROUP = "pulumi-nodejs:dynamic/tencentcloud-im:ImGroup";
const MEMBERS = "pulumi-nodejs:dynamic/tencentcloud-im:ImGroupMembers";

describe("ImGroup provider (direct)", () => {
  let bed: DirectBed;
  before(async () => {
    bed = await startDirectBed();
    await bed.client.multiaccountImport(["owner", "owner2", "member", "filler"]);
  });
  after(async () => bed?.close());

  const group = (name: string): DirectResource => bed.resource(imGroupProvider, GROUP, name);
  const live = (groupId: string) => bed.client.getGroup(groupId);

  it("creates with one create_group (no read-back) and a second up calls nothing", async () => {
    const g = group("plain");
    const args = {
      type: "Public",
      groupId: "plain",
      name: "Plain",
      notification: "Hi",
      ownerAccount: "owner",
    };
    bed.emulator.control.resetStats();
    const created = await g.up(groupInputs(args));
    // check asks whether the new owner is an imported account (002 10004 #1) and whether the new
    // custom id is free (the app's id list, read once a command).
    expect(callsByCommand(bed.emulator.control.stats())).to.deep.equal({
      account_check: 1,
      get_appid_group_list: 1,
      create_group: 1,
    });
    expect(created.outputs).to.include({
      groupId: "plain",
      name: "Plain",
      memberNum: 1,
      maxMemberNum: 2000,
      owner: "owner",
    });
    bed.emulator.control.resetStats();
    expect((await g.up(groupInputs(args))).op).to.equal("same");
    // The owner is new to neither check nor apply: nothing is asked of the server.
    expect(bed.emulator.control.stats().calls).to.deep.equal({});
  });

  it("converges after drift with one modify_group_base_info carrying only what differs", async () => {
    const g = group("drifting");
    const args = {
      type: "Public",
      groupId: "drifting",
      name: "Drifting",
      notification: "Hi",
      introduction: "Intro",
    };
    await g.up(groupInputs(args));
    await bed.client.modifyGroupBaseInfo({
      GroupId: "drifting",
      Name: "Renamed",
      Notification: "Changed",
      FaceUrl: "x",
    });
    expect((await g.preview(groupInputs(args))).op).to.equal("same");
    await g.refresh();
    expect(g.state!.inputs).to.include({ name: "Renamed", notification: "Changed" });
    expect(g.state!.inputs).to.not.have.property("faceUrl");
    const planned = await g.preview(groupInputs(args));
    expect(planned.op).to.equal("update");
    bed.emulator.control.resetStats();
    await g.up(groupInputs(args));
    expect(callsByCommand(bed.emulator.control.stats())).to.include({ modify_group_base_info: 1 });
    expect(await live("drifting")).to.include({ Name: "Drifting", Notification: "Hi", FaceUrl: "x" });
  });

  it("creates with inviteJoinOption, finds it changed outside Pulumi, and puts it back", async () => {
    const g = group("invite");
    const args = { type: "Public", groupId: "invite", name: "Invite", inviteJoinOption: "DisableInvite" };
    bed.emulator.control.resetStats();
    await g.up(groupInputs(args));
    expect(callsByCommand(bed.emulator.control.stats())).to.deep.equal({ create_group: 1 });
    expect((await live("invite"))!.InviteJoinOption).to.equal("DisableInvite");
    await bed.client.modifyGroupBaseInfo({ GroupId: "invite", InviteJoinOption: "FreeAccess" });
    await g.refresh();
    expect(g.state!.inputs.inviteJoinOption).to.equal("FreeAccess");
    expect((await g.preview(groupInputs(args))).op).to.equal("update");
    await g.up(groupInputs(args));
    expect((await live("invite"))!.InviteJoinOption).to.equal("DisableInvite");
  });

  it("refuses maxMemberCount 1e20 even where the type has no maximum", async () => {
    const error = await group("huge")
      .up(groupInputs({ type: "AVChatRoom", groupId: "huge", name: "Huge", maxMemberCount: 1e20 }))
      .catch((e) => e);
    expect(error).to.be.instanceOf(CheckFailed);
    expect(error.message).to.include("maxMemberCount: must be <= 4294967295 (value 100000000000000000000)");
  });

  describe("custom data with any key", () => {
    it("creates, reads back and restores keys named constructor, toString, hasOwnProperty", async () => {
      const g = group("proto-keys");
      const args = {
        type: "Public",
        groupId: "proto-keys",
        name: "Keys",
        appDefinedData: { constructor: "c", toString: "t", hasOwnProperty: "h", k: "v" },
      };
      await g.up(groupInputs(args));
      const data = async () =>
        Object.fromEntries(
          (
            (await bed.client.getGroup("proto-keys", {
              AppDefinedDataFilter_Group: ["constructor", "toString", "hasOwnProperty", "k"],
            }))!.AppDefinedData ?? []
          ).map(({ Key, Value }) => [Key, Value]),
        );
      expect(await data()).to.deep.equal({ constructor: "c", toString: "t", hasOwnProperty: "h", k: "v" });
      // Deleted outside Pulumi: the refresh must record "missing", never Object.prototype's members.
      await bed.client.modifyGroupBaseInfo({
        GroupId: "proto-keys",
        AppDefinedData: [
          { Key: "constructor", Value: "" },
          { Key: "toString", Value: "" },
        ],
      });
      await g.refresh();
      const refreshed = g.state!.inputs.appDefinedData as Record<string, unknown>;
      expect(Object.entries(refreshed)).to.deep.equal([
        ["hasOwnProperty", "h"],
        ["k", "v"],
      ]);
      expect(JSON.stringify(g.state)).to.not.include("function");
      expect((await g.preview(groupInputs(args))).op).to.equal("update");
      await g.up(groupInputs(args));
      expect(await data()).to.deep.equal({ constructor: "c", toString: "t", hasOwnProperty: "h", k: "v" });
    });

    it("refuses __proto__ as a key at preview, by name", async () => {
      const error = await group("proto-key")
        .up(
          groupInputs({
            type: "Public",
            groupId: "proto-key",
            name: "P",
            appDefinedData: new Map([["__proto__", "x"]]),
          }),
        )
        .catch((e) => e);
      expect(error).to.be.instanceOf(CheckFailed);
      expect(error.message).to.include("appDefinedData.__proto__: cannot be used as a key");
    });

    it("deletes keys the program dropped", async () => {
      const g = group("dropped");
      await g.up(
        groupInputs({ type: "Public", groupId: "dropped", name: "D", appDefinedData: { a: "1", b: "2" } }),
      );
      await g.up(groupInputs({ type: "Public", groupId: "dropped", name: "D", appDefinedData: { a: "1" } }));
      const info = await bed.client.getGroup("dropped", { AppDefinedDataFilter_Group: ["a", "b"] });
      expect(info!.AppDefinedData).to.deep.equal([{ Key: "a", Value: "1" }]);
    });
  });

  it("reads a changed group once, in diff, and records the modify without reading it back", async () => {
    const g = group("planned");
    const args = { type: "Public", groupId: "planned", name: "Planned", ownerAccount: "owner" };
    const created = await g.up(groupInputs(args));
    bed.newProviderProcess();
    bed.emulator.control.resetStats();
    const updated = await g.up(groupInputs({ ...args, name: "Planned again", maxMemberCount: 300 }));
    expect(updated.op).to.equal("update");
    // The diff's read is the update's plan: one get_group_info, one modify, nothing read back.
    expect(callsByCommand(bed.emulator.control.stats())).to.deep.equal({
      get_group_info: 1,
      modify_group_base_info: 1,
    });
    // What is recorded is what the group now is.
    const after = (await live("planned"))!;
    expect(updated.outputs).to.include({
      name: "Planned again",
      maxMemberNum: 300,
      memberNum: after.MemberNum,
      owner: after.Owner_Account,
      createdAt: created.outputs!.createdAt,
    });
    expect(Math.abs((updated.outputs!.lastInfoTime as number) - after.LastInfoTime!)).to.be.at.most(1);
  });

  it("records an owner who had to join first as one more member, without reading the group back", async () => {
    const g = group("joined");
    const args = { type: "Public", groupId: "joined", name: "J", ownerAccount: "owner" };
    await g.up(groupInputs(args));
    bed.newProviderProcess();
    bed.emulator.control.resetStats();
    const updated = await g.up(groupInputs({ ...args, ownerAccount: "owner2" }));
    expect(callsByCommand(bed.emulator.control.stats()).get_group_info).to.equal(1);
    const after = (await live("joined"))!;
    expect(updated.outputs).to.include({ owner: "owner2", memberNum: 2 });
    expect(after).to.include({ Owner_Account: "owner2", MemberNum: 2 });
  });

  it("reads again at update when the group changed after the diff's read", async () => {
    const g = group("moved-on");
    const args = { type: "Public", groupId: "moved-on", name: "M" };
    await g.up(groupInputs(args));
    const planned = await g.preview(groupInputs({ ...args, name: "M2" }));
    // Another resource of the same command writes to the group between this diff and its update.
    await bed
      .resource(imGroupMembersProvider, MEMBERS, "moved-on-members")
      .up(membersInputs({ groupId: "moved-on", members: ["member"], mode: "additive" }));
    bed.emulator.control.resetStats();
    await g.apply(planned);
    expect(callsByCommand(bed.emulator.control.stats())).to.include({ get_group_info: 1 });
    // The member the other resource added is in the recorded count: the update read after it.
    expect(g.state!.outputs).to.include({ name: "M2", memberNum: 1 });
  });

  it("moves the group to an account that is not a member yet: adds it, then changes the owner (one up)", async () => {
    const g = group("handover");
    await g.up(groupInputs({ type: "Public", groupId: "handover", name: "H", ownerAccount: "owner" }));
    bed.emulator.control.resetStats();
    await g.up(groupInputs({ type: "Public", groupId: "handover", name: "H", ownerAccount: "owner2" }));
    expect(callsByCommand(bed.emulator.control.stats())).to.include({
      change_group_owner: 2,
      add_group_member: 1,
    });
    expect((await live("handover"))!.Owner_Account).to.equal("owner2");
  });

  it("changes the owner with change_group_owner", async () => {
    const g = group("owned");
    await g.up(groupInputs({ type: "Public", groupId: "owned", name: "Owned", ownerAccount: "owner" }));
    await bed.client.addGroupMember({ GroupId: "owned", MemberList: [{ Member_Account: "owner2" }] });
    bed.emulator.control.resetStats();
    await g.up(groupInputs({ type: "Public", groupId: "owned", name: "Owned", ownerAccount: "owner2" }));
    expect(callsByCommand(bed.emulator.control.stats())).to.include({ change_group_owner: 1 });
    expect((await live("owned"))!.Owner_Account).to.equal("owner2");
  });

  it("records what a failed change left and converges on the next up (partial failure)", async () => {
    const g = group("half");
    const full = { type: "Public", groupId: "half", maxMemberCount: 2, ownerAccount: "owner" } as const;
    await g.up(groupInputs({ ...full, name: "Half" }));
    await bed.client.addGroupMember({ GroupId: "half", MemberList: [{ Member_Account: "filler" }] });
    // "member" is imported but not in the group, and the group is full: change_group_owner refuses
    // it (10004) and it cannot be added first, after the rename applied.
    const wanted = { ...full, name: "Half renamed", ownerAccount: "member" };
    const error = await g.up(groupInputs(wanted)).catch((e) => e);
    expect(error.id, String(error)).to.equal("half");
    expect(g.state!.outputs).to.include({ name: "Half renamed", ownerAccount: "owner", owner: "owner" });
    await bed.client.deleteGroupMember({ GroupId: "half", MemberToDel_Account: ["filler"] });
    await bed.client.addGroupMember({ GroupId: "half", MemberList: [{ Member_Account: "member" }] });
    bed.emulator.control.resetStats();
    await g.up(groupInputs(wanted));
    expect(callsByCommand(bed.emulator.control.stats())).to.include({ change_group_owner: 1 });
    expect(callsByCommand(bed.emulator.control.stats())).to.not.have.property("modify_group_base_info");
  });

  describe("taking over and taken ids", () => {
    before(async () => {
      await bed.client.createGroup({
        Type: "Public",
        GroupId: "existing",
        Name: "Made elsewhere",
        Owner_Account: "owner",
      });
    });

    it("stops a taken custom id at preview, naming the group there and the ways forward", async () => {
      bed.newProviderProcess();
      const error = await group("taken")
        .preview(groupInputs({ type: "Public", groupId: "existing", name: "Mine" }))
        .catch((e) => e);
      expect(error).to.be.instanceOf(CheckFailed);
      expect(error.message).to.include(
        'groupId: is already used by an existing group (Public "Made elsewhere", owner "owner")',
      );
      expect(error.message).to.include("adopt: true");
      expect(error.message).to.include("npx imgroups-recover");
      // Later ids are answered from the app's id list, read once by the first: a free id costs no call.
      bed.emulator.control.resetStats();
      await group("free-1").preview(groupInputs({ type: "Public", groupId: "free-1", name: "F1" }));
      await group("free-2").preview(groupInputs({ type: "Public", groupId: "free-2", name: "F2" }));
      expect(callsByCommand(bed.emulator.control.stats())).to.deep.equal({});
    });

    it("in an app of more than one id page, reads new ids one by one, then the rest of the list once", async () => {
      const before = bed.emulator.control.state();
      const template = before.groups[0]!;
      const lastSeq = Math.max(...before.groups.map((g) => g.Seq));
      const bulk = Array.from({ length: 10_050 }, (_, i) => ({
        ...template,
        GroupId: `bulk-${i}`,
        Seq: lastSeq + 1 + i,
        MemberList: [],
      }));
      await bed.emulator.control.seed({ ...before, groups: [...before.groups, ...bulk] });
      try {
        bed.newProviderProcess();
        const calls = async (id: string) => {
          bed.emulator.control.resetStats();
          const outcome = await group(id)
            .preview(groupInputs({ type: "Public", groupId: id, name: id }))
            .then(
              () => "free",
              (e) => (e instanceof CheckFailed ? "taken" : Promise.reject(e)),
            );
          return { outcome, calls: callsByCommand(bed.emulator.control.stats()) };
        };
        // The first page (10,000 ids) leaves one page unread: the first id off it is read alone.
        expect(await calls("big-free-1")).to.deep.equal({
          outcome: "free",
          calls: { get_appid_group_list: 1, get_group_info: 1 },
        });
        // As many ids read alone as pages left: the rest of the list is read once, and answers all.
        expect(await calls("big-free-2")).to.deep.equal({
          outcome: "free",
          calls: { get_appid_group_list: 1 },
        });
        expect(await calls("bulk-10049")).to.deep.equal({ outcome: "taken", calls: { get_group_info: 1 } });
        expect(await calls("big-free-3")).to.deep.equal({ outcome: "free", calls: {} });
      } finally {
        await bed.emulator.control.seed(before);
        bed.newProviderProcess();
      }
    });

    it("refuses at create a custom id taken after the preview, naming the group", async () => {
      const inputs = { type: "Public", groupId: "existing", name: "Mine", groupIdAutoNamed: false } as const;
      const error = await imGroupProvider.create(inputs as never).catch((e) => e);
      expect(error.code).to.equal("ID_TAKEN");
      expect(error.message).to.include('(Public "Made elsewhere", owner "owner")');
      expect((await live("existing"))!.Name).to.equal("Made elsewhere");
    });

    it("refuses the id of a destroyed group at create, saying so, not suggesting adopt", async () => {
      await bed.client.createGroup({
        Type: "Public",
        GroupId: "was-here",
        Name: "Old",
        Owner_Account: "owner",
      });
      await bed.client.destroyGroup({ GroupId: "was-here" });
      const inputs = { type: "Public", groupId: "was-here", name: "New", groupIdAutoNamed: false } as const;
      const error = await imGroupProvider.create(inputs as never).catch((e) => e);
      expect(error.code).to.equal("ID_TAKEN");
      expect(error.message).to.include("belonged to a group that was destroyed");
      expect(error.message).to.include("Choose another groupId");
      expect(error.message).to.not.include("set adopt: true");
      expect(await live("was-here")).to.equal(null);
    });

    it("adopts with adopt: true and makes the group match; refuses a missing group or another type at preview", async () => {
      bed.emulator.control.resetStats();
      const missing = await group("a1")
        .preview(groupInputs({ type: "Public", groupId: "no-such", name: "X", adopt: true }))
        .catch((e) => e);
      expect(missing).to.be.instanceOf(CheckFailed);
      expect(missing.message).to.include(
        "groupId: names no existing group, so adopt: true has nothing to take over",
      );
      const wrongType = await group("a2")
        .preview(groupInputs({ type: "ChatRoom", groupId: "existing", name: "X", adopt: true }))
        .catch((e) => e);
      expect(wrongType).to.be.instanceOf(CheckFailed);
      expect(wrongType.message).to.include(
        "type: must be the adopted group's type: group existing is a Public group",
      );
      // Refused by reads alone: nothing was written.
      expect(Object.keys(callsByCommand(bed.emulator.control.stats()))).to.deep.equal(["get_group_info"]);
      // The apply refuses too, should a program reach it without a preview.
      const atApply = await imGroupProvider
        .create({ type: "Public", groupId: "no-such", name: "X", adopt: true } as never)
        .catch((e) => e);
      expect(atApply.code).to.equal("ADOPT_MISSING");
      const g = group("a3");
      await g.up(groupInputs({ type: "Public", groupId: "existing", name: "Adopted", adopt: true }));
      expect((await live("existing"))!.Name).to.equal("Adopted");
    });

    it("takes over an auto-named id an interrupted run made (the id proves it is ours)", async () => {
      await bed.client.createGroup({ Type: "Public", GroupId: "auto-1a2b3c4d", Name: "Stale name" });
      const g = group("auto");
      await g.up(
        groupInputs({ type: "Public", groupId: "auto-1a2b3c4d", groupIdAutoNamed: true, name: "Auto" }),
      );
      expect((await live("auto-1a2b3c4d"))!.Name).to.equal("Auto");
    });
  });

  it("reads and converges a group whose create answer was lost, leaving exactly one group", async () => {
    bed.emulator.control.setFaults({ dropAfterCommitRate: 1, commands: ["create_group"] });
    const g = group("lost");
    const before = (await bed.client.getAppidGroupList({})).TotalCount;
    try {
      await g.up(
        groupInputs({
          type: "Public",
          groupId: "lost-answer",
          name: "Lost",
          ownerAccount: "owner",
          muteAllMember: true,
        }),
      );
    } finally {
      bed.emulator.control.setFaults({});
    }
    expect((await bed.client.getAppidGroupList({})).TotalCount).to.equal(before + 1);
    expect(await live("lost-answer")).to.include({ Name: "Lost", MuteAllMember: "On" });
    // A group settled by a read may predate this run: its members resource reads it (not "fresh").
    await bed.client.addGroupMember({ GroupId: "lost-answer", MemberList: [{ Member_Account: "member" }] });
    const set = bed.resource(imGroupMembersProvider, MEMBERS, "lost-members");
    await set.up(
      membersInputs({ groupId: "lost-answer", members: ["member", "owner2"], ownerAccount: "owner" }),
    );
    const accounts = (await bed.client.listAllMembers("lost-answer")).map((m) => m.Member_Account).sort();
    expect(accounts).to.deep.equal(["member", "owner", "owner2"]);
  });

  describe("a create whose outcome is unknown", () => {
    it("is recorded as pending, and the next up creates the group if it never came into being", async () => {
      const g = group("pending");
      const args = { type: "Public", groupId: "pending-1", name: "Pending", notification: "later" };
      const { inputs } = await g.preview(groupInputs(args));
      // Every attempt's connection is cut: the client cannot know whether the group was made.
      bed.emulator.control.setFaults({ dropConnectionRate: 1, commands: ["create_group"] });
      const error = await imGroupProvider.create(inputs as never).catch((e) => e);
      bed.emulator.control.setFaults({});
      expect(error.message).to.include("the create's answer was lost");
      // What the engine does with a partial failure: record the resource with its properties.
      g.state = { id: error.id, inputs, outputs: error.properties };
      expect(g.state.outputs.createPending).to.be.a("number");
      expect(await live("pending-1")).to.equal(null);
      const next = await g.up(groupInputs(args));
      expect(next.op).to.equal("update");
      expect(g.state!.outputs).to.not.have.property("createPending");
      expect(await live("pending-1")).to.include({ Name: "Pending", Notification: "later" });
      expect((await g.preview(groupInputs(args))).op).to.equal("same");
    });

    const pendingState = (args: Record<string, unknown>, sentAt: number) => ({
      id: String(args.groupId),
      inputs: groupInputs(args),
      outputs: { ...groupInputs(args), createPending: sentAt },
    });

    it("is settled as this resource's group when the group has what the create asked for and is newer", async () => {
      const args = {
        type: "Public",
        groupId: "pending-2",
        name: "Made",
        ownerAccount: "owner",
        notification: "n",
      };
      const g = group("pending-made");
      g.state = pendingState(args, Math.floor(Date.now() / 1000) - 5);
      // The lost create did make it (without the notification: converge sets that).
      await bed.client.createGroup({
        Type: "Public",
        GroupId: "pending-2",
        Name: "Made",
        Owner_Account: "owner",
      });
      bed.emulator.control.resetStats();
      await g.up(groupInputs(args));
      expect(callsByCommand(bed.emulator.control.stats())).to.not.have.property("create_group");
      expect(await live("pending-2")).to.include({ Notification: "n" });
      expect(g.state!.outputs).to.not.have.property("createPending");
    });

    it("never takes a group that is not what the create asked for: id taken", async () => {
      const args = { type: "Public", groupId: "pending-3", name: "Mine", ownerAccount: "owner" };
      const g = group("pending-other");
      g.state = pendingState(args, Math.floor(Date.now() / 1000) - 5);
      await bed.client.createGroup({ Type: "Public", GroupId: "pending-3", Name: "Someone else's" });
      const error = await g.up(groupInputs(args)).catch((e) => e);
      expect(error.code).to.equal("ID_TAKEN");
      expect((await live("pending-3"))!.Name).to.equal("Someone else's");
    });
  });

  it("reads a recovered pending create (imgroups-recover) only if the group is the one it asked for", async () => {
    await bed.client.createGroup({
      Type: "Public",
      GroupId: "recovered-1",
      Name: "Asked",
      Owner_Account: "owner",
    });
    await bed.client.createGroup({ Type: "Public", GroupId: "recovered-2", Name: "Someone else's" });
    // What imgroups-recover records: the pending create's inputs as outputs, no computed outputs.
    const asked = (groupId: string) =>
      groupInputs({ type: "Public", groupId, name: "Asked", ownerAccount: "owner" });
    const mine = await imGroupProvider.read("recovered-1", asked("recovered-1") as never);
    expect(mine.id).to.equal("recovered-1");
    expect(mine.props).to.include({ createdAt: (await live("recovered-1"))!.CreateTime });
    const theirs = await imGroupProvider.read("recovered-2", asked("recovered-2") as never);
    expect(theirs.id).to.equal("");
  });

  it("imports a migrated group with its create time (import_group)", async () => {
    bed.emulator.control.resetStats();
    await group("old").up(
      groupInputs({ type: "Public", groupId: "old", name: "Old", createTime: 1_600_000_000 }),
    );
    expect(callsByCommand(bed.emulator.control.stats())).to.deep.equal({ import_group: 1 });
    expect((await live("old"))!.CreateTime).to.equal(1_600_000_000);
  });

  it("deletes a group, and counts an already destroyed one as deleted", async () => {
    const g = group("doomed");
    await g.up(groupInputs({ type: "Public", groupId: "doomed", name: "Doomed" }));
    await bed.client.destroyGroup({ GroupId: "doomed" });
    await g.destroy();
    expect(await live("doomed")).to.equal(null);
  });
});
