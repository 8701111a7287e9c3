/**
 * Adoption, called directly against the emulator (no CLI): service-assigned ids, the preview of an
 * adoption read from the live group (ImGroup and ImGroupMembers), refusals at preview with nothing
 * written, zero writes for an adoption equal to the live group, and release versus destroy on delete.
 */
import { imGroupMembersProvider } from "@imgroups/tencentcloud-im/resources/im-group-members-provider";
import { imGroupProvider } from "@imgroups/tencentcloud-im/resources/im-group-provider";
import { expect } from "chai";
import { writeCalls } from "../support/im";
import { CheckFailed, type DirectBed, type DirectResource, startDirectBed } from "../support/provider-driver";
import { groupInputs, membersInputs } from "./support";

const GROUP = "pulumi-nodejs:dynamic/tencentcloud-im:ImGroup";
const MEMBERS = "pulumi-nodejs:dynamic/tencentcloud-im:ImGroupMembers";

describe("Adoption (direct)", () => {
  let bed: DirectBed;
  before(async () => {
    bed = await startDirectBed();
    await bed.client.multiaccountImport(["boss", "boss2", "ann", "bo", "cy", "dee"]);
  });
  after(async () => bed?.close());

  const group = (name: string): DirectResource => bed.resource(imGroupProvider, GROUP, name);
  const members = (name: string): DirectResource => bed.resource(imGroupMembersProvider, MEMBERS, name);
  // The app-changing calls, by command name (tests/support/im.ts writeCalls).
  const writes = () =>
    writeCalls(bed.emulator.control.stats().calls).map(([call, n]) => [call.slice(call.indexOf("/") + 1), n]);
  const messages = () => bed.takeDiagnostics().map((d) => d.message);

  /** A group the service names (`@TGS#…`), with custom data and three members. */
  async function liveGroup(name: string): Promise<string> {
    const made = await bed.client.createGroup({
      Type: "Public",
      Name: name,
      Owner_Account: "boss",
      Notification: "公告 📢",
      AppDefinedData: [{ Key: "tier", Value: "gold" }],
      MemberList: [
        { Member_Account: "ann", Role: "Admin" },
        { Member_Account: "bo" },
        { Member_Account: "cy" },
      ],
    });
    const groupId = made.GroupId;
    await bed.client.modifyGroupMemberInfo({ GroupId: groupId, Member_Account: "bo", NameCard: "小波" });
    return groupId;
  }

  const exactly = (groupId: string, name: string) => ({
    type: "Public",
    groupId,
    name,
    notification: "公告 📢",
    introduction: "",
    faceUrl: "",
    ownerAccount: "boss",
    appDefinedData: { tier: "gold" },
    adopt: true,
  });

  it("adopts a service-assigned @TGS# group equal to its declaration: 'no change' at preview, zero writes at up", async () => {
    const groupId = await liveGroup("原样 Exact");
    expect(groupId.startsWith("@TGS#")).to.equal(true);
    const g = group("exact");
    const set = members("exact-members");
    const declared = membersInputs({
      groupId,
      members: [{ account: "ann", role: "Admin" }, { account: "bo", nameCard: "小波" }, "cy"],
    });
    messages();
    await g.preview(groupInputs(exactly(groupId, "原样 Exact")));
    await set.preview(declared);
    expect(messages()).to.deep.equal([
      `adopts group ${groupId} (Public "原样 Exact"): no change, the first up writes nothing to it`,
      `members of group ${groupId}: no member changes (3 managed)`,
    ]);

    bed.emulator.control.resetStats();
    expect((await g.up(groupInputs(exactly(groupId, "原样 Exact")))).op).to.equal("create");
    expect((await set.up(declared)).op).to.equal("create");
    expect(writes()).to.deep.equal([]);

    // The next preview is "same" and reads nothing.
    bed.emulator.control.resetStats();
    expect((await g.preview(groupInputs(exactly(groupId, "原样 Exact")))).op).to.equal("same");
    expect((await set.preview(declared)).op).to.equal("same");
    expect(bed.emulator.control.stats().calls).to.deep.equal({});
  });

  it("asks account_check nothing for an adopted group's own owner, and checks a new owner as for any group", async () => {
    const groupId = await liveGroup("Owner");
    // A new provider process: no account is known imported yet.
    bed.newProviderProcess();
    bed.emulator.control.resetStats();
    await group("owner-kept").preview(groupInputs(exactly(groupId, "Owner")));
    // The live group's owner owns it, so it is an imported account: one read, no account_check.
    expect(bed.emulator.control.stats().calls).to.deep.equal({ "group_open_http_svc/get_group_info": 1 });
    messages();

    bed.newProviderProcess();
    bed.emulator.control.resetStats();
    await group("owner-moved").preview(groupInputs({ ...exactly(groupId, "Owner"), ownerAccount: "boss2" }));
    expect(bed.emulator.control.stats().calls).to.deep.equal({
      "group_open_http_svc/get_group_info": 1,
      "im_open_login_svc/account_check": 1,
    });
    messages();
  });

  it("adopts with the one read its check made: the create plans from it", async () => {
    const groupId = await liveGroup("Once");
    bed.newProviderProcess();
    bed.emulator.control.resetStats();
    expect((await group("read-once").up(groupInputs(exactly(groupId, "Once")))).op).to.equal("create");
    expect(bed.emulator.control.stats().calls).to.deep.equal({ "group_open_http_svc/get_group_info": 1 });
    messages();
  });

  it("names exactly what the first up changes (fields old → new, members added/removed/changed), then does only that", async () => {
    const groupId = await liveGroup("Before");
    const g = group("changing");
    const set = members("changing-members");
    const wanted = {
      ...exactly(groupId, "After"),
      notification: "公告 📢",
      appDefinedData: { tier: "silver", region: "eu" },
      ownerAccount: "ann",
    };
    const declared = membersInputs({
      groupId,
      members: [{ account: "ann", role: "Admin" }, { account: "bo", nameCard: "Bo" }, "dee"],
      allowMassRemoval: true,
    });
    messages();
    await g.preview(groupInputs(wanted));
    await set.preview(declared);
    expect(messages()).to.deep.equal([
      [
        `adopts group ${groupId} (Public "Before"): the first up changes 4 fields`,
        '~ name "Before" → "After"',
        '~ appDefinedData.tier "gold" → "silver"',
        '~ appDefinedData.region (not set) → "eu"',
        '~ ownerAccount "boss" → "ann"',
      ].join("\n"),
      [
        `members of group ${groupId} would change on take-over: 1 added, 1 removed, 1 changed (3 → 3)`,
        '+ "dee"',
        '- "cy"',
        '~ "bo" (nameCard "小波" → "Bo")',
      ].join("\n"),
    ]);
    bed.emulator.control.resetStats();
    await g.up(groupInputs(wanted));
    await set.up(declared);
    expect(writes()).to.deep.equal([
      ["modify_group_base_info", 1],
      ["change_group_owner", 1],
      ["delete_group_member", 1],
      ["add_group_member", 1],
      ["modify_group_member_info", 1],
    ]);
    const live = (await bed.client.getGroup(groupId))!;
    expect(live).to.include({ Name: "After", Owner_Account: "ann" });
  });

  it("refuses at preview, with nothing written: a missing group, another type, a @TGS# member set of no group, the take-over guard", async () => {
    const groupId = await liveGroup("Guarded");
    bed.emulator.control.resetStats();
    const missing = await group("missing")
      .preview(groupInputs({ type: "Public", groupId: "@TGS#NOSUCHGRP", name: "X", adopt: true }))
      .catch((e) => e);
    expect(missing).to.be.instanceOf(CheckFailed);
    expect(missing.message).to.include(
      'groupId: names no existing group, so adopt: true has nothing to take over (check the id, or remove adopt to create a new group with a custom id) (value "@TGS#NOSUCHGRP")',
    );
    const noGroup = await members("no-group")
      .preview(membersInputs({ groupId: "@TGS#NOSUCHGRP2", members: ["ann"] }))
      .catch((e) => e);
    expect(noGroup).to.be.instanceOf(CheckFailed);
    expect(noGroup.message).to.include('groupId: names no existing group: an id starting with "@TGS#"');

    // The profile would change, and the member set would remove undeclared members: the member
    // set's preview stops it, so a real `up` (which previews first) writes neither.
    const g = group("guarded");
    await g.preview(groupInputs({ ...exactly(groupId, "Renamed"), adopt: true }));
    const guarded = await members("guarded-members")
      .preview(membersInputs({ groupId, members: [{ account: "ann", role: "Admin" }] }))
      .catch((e) => e);
    expect(guarded).to.be.instanceOf(CheckFailed);
    expect(guarded.message).to.include(
      `members: group ${groupId} already has 2 member(s) this resource does not declare: "bo", "cy"`,
    );
    expect(writes()).to.deep.equal([]);
    expect((await bed.client.getGroup(groupId))!.Name).to.equal("Guarded");

    // A service-assigned id of a group that exists is a valid member-set target.
    await members("assigned-additive").preview(
      membersInputs({ groupId, members: ["ann"], mode: "additive" }),
    );
  });

  it("a member set of a group this command creates reads nothing at preview", async () => {
    const g = group("brand-new");
    await g.preview(groupInputs({ type: "Public", groupId: "brand-new", name: "New" }));
    bed.emulator.control.resetStats();
    messages();
    await members("brand-new-members").preview(membersInputs({ groupId: "brand-new", members: ["ann"] }));
    expect(bed.emulator.control.stats().calls).to.deep.equal({});
    expect(messages()).to.deep.equal([
      'members of group brand-new declares: 1 added, 0 removed, 0 changed (0 → 1)\n+ "ann"',
    ]);
  });

  it("deleting an adopted group releases it; onDelete: destroy destroys it; a created group is destroyed unless it says release", async () => {
    const adopted = await liveGroup("Adopted");
    const a = group("released");
    await a.up(groupInputs(exactly(adopted, "Adopted")));
    bed.emulator.control.resetStats();
    await a.destroy();
    expect(writes()).to.deep.equal([]);
    expect((await bed.client.getGroup(adopted))!.Name).to.equal("Adopted");

    const doomed = await liveGroup("Doomed");
    const d = group("destroyed");
    await d.up(groupInputs({ ...exactly(doomed, "Doomed"), onDelete: "destroy" }));
    await d.destroy();
    expect(await bed.client.getGroup(doomed)).to.equal(null);

    const created = group("created");
    await created.up(groupInputs({ type: "Public", groupId: "made-here", name: "Made" }));
    await created.destroy();
    expect(await bed.client.getGroup("made-here")).to.equal(null);

    const kept = group("created-kept");
    await kept.up(groupInputs({ type: "Public", groupId: "made-kept", name: "Kept", onDelete: "release" }));
    await kept.destroy();
    expect((await bed.client.getGroup("made-kept"))!.Name).to.equal("Kept");

    // A resource recorded by an older stub (delete gets no properties) destroys, as it always did.
    const old = await liveGroup("Old stub");
    await imGroupProvider.delete(old);
    expect(await bed.client.getGroup(old)).to.equal(null);
  });
});
