/**
 * The ImGroupMembers provider on the paths the engine takes besides a plain `up`, called directly
 * in the engine's order (the real CLI proves the same rows in tests/e2e/engine-paths.test.ts):
 * `ignoreChanges: ["members"]` (check gets the recorded summary), a refresh's diff with the
 * recorded inputs next to another resource's identical set, a read reused only with the fields it
 * read and only until the group changes, drift over the removal guard, mixed modes on one group,
 * removeMembersOnDelete under a replacement, and accounts never imported — each in "provider
 * processes" started as the engine starts them (one per command).
 */
import { imGroupMembersProvider } from "@imgroups/tencentcloud-im/resources/im-group-members-provider";
import { imGroupProvider } from "@imgroups/tencentcloud-im/resources/im-group-provider";
import { expect } from "chai";
import { CheckFailed, type DirectBed, type DirectResource, startDirectBed } from "../support/provider-driver";
import { accounts, callsByCommand, groupInputs, membersInputs } from "./support";

const MEMBERS = "pulumi-nodejs:dynamic/tencentcloud-im:ImGroupMembers";
const GROUP = "pulumi-nodejs:dynamic/tencentcloud-im:ImGroup";

describe("ImGroupMembers on the engine's paths (direct)", () => {
  let bed: DirectBed;
  before(async () => {
    bed = await startDirectBed();
    await bed.client.multiaccountImport(["owner", "o2", ...accounts("u", 40)]);
  });
  after(async () => bed?.close());

  const group = (groupId: string) => bed.resource(imGroupProvider, GROUP, `${groupId}-group`);
  const members = (name: string): DirectResource => bed.resource(imGroupMembersProvider, MEMBERS, name);
  const liveAccounts = async (groupId: string) =>
    (await bed.client.listAllMembers(groupId)).map((m) => m.Member_Account).sort();
  const addOutside = (groupId: string, list: string[]) =>
    bed.client.addGroupMember({
      GroupId: groupId,
      MemberList: list.map((Member_Account) => ({ Member_Account })),
    });
  async function newGroup(groupId: string, extra: Record<string, unknown> = {}) {
    const g = group(groupId);
    await g.up(groupInputs({ type: "Private", groupId, name: groupId, ownerAccount: "owner", ...extra }));
    return g;
  }

  it("ignoreChanges: takes the recorded summary as unchanged, and updates other inputs without touching members", async () => {
    await newGroup("ignored");
    const set = members("ignored-members");
    await set.up(membersInputs({ groupId: "ignored", members: ["u1", "u2"] }));
    bed.newProviderProcess();
    // The engine puts the recorded input in place of the program's list (processIgnoreChanges).
    const recorded = set.state!.inputs.members;
    const withRecorded = (extra: Record<string, unknown>) => ({
      ...membersInputs({ groupId: "ignored", members: [], ...extra }),
      members: recorded,
    });
    expect((await set.preview(withRecorded({}))).op).to.equal("same");
    bed.emulator.control.resetStats();
    const result = await set.up(withRecorded({ maxRemovals: 1 }));
    expect(result.op).to.equal("update");
    expect(result.outputs).to.include({ maxRemovals: 1, members: recorded });
    expect(callsByCommand(bed.emulator.control.stats())).to.deep.equal({});
    expect(await liveAccounts("ignored")).to.deep.equal(["owner", "u1", "u2"]);
  });

  it("a refresh's diff (recorded inputs) never plans with another resource's identical set", async () => {
    const list = ["u1", "u2", "u3"];
    const sets = await Promise.all(
      ["same-a", "same-b"].map(async (groupId) => {
        await newGroup(groupId);
        const set = members(`${groupId}-members`);
        await set.up(membersInputs({ groupId, members: list }));
        return set;
      }),
    );
    const [a, b] = sets as [DirectResource, DirectResource];
    await addOutside("same-a", accounts("u", 20).slice(10));
    bed.newProviderProcess();
    // preview --refresh --run-program: b is checked, then a is refreshed and diffed with its
    // recorded inputs before a's own check.
    await b.preview(membersInputs({ groupId: "same-b", members: list }));
    const recordedInputs = a.state!.inputs;
    await a.refresh();
    const diff = await imGroupMembersProvider.diff(
      "same-a",
      a.state!.outputs as never,
      recordedInputs as never,
    );
    expect(diff.changes).to.equal(true);
  });

  it("drift over the removal guard is reported as drift at preview, and refused at apply before any change", async () => {
    await newGroup("crowded");
    const set = members("crowded-members");
    const inputs = membersInputs({ groupId: "crowded", members: ["u1", "u2", "u3"] });
    await set.up(inputs);
    await addOutside("crowded", accounts("u", 20).slice(10));
    bed.newProviderProcess();
    await set.refresh();
    bed.takeDiagnostics();
    const planned = await set.preview(inputs);
    expect(planned.op).to.equal("update");
    const report = bed.takeDiagnostics().map((d) => d.message);
    expect(report.join("\n")).to.include("0 added, 10 removed");
    const error = await set.apply(planned).catch((e) => e);
    expect(error.code).to.equal("REMOVAL_GUARD");
    expect(await liveAccounts("crowded")).to.have.length(14);
  });

  it("a program change over the removal guard still stops at preview", async () => {
    await newGroup("shrinking");
    const set = members("shrinking-members");
    await set.up(membersInputs({ groupId: "shrinking", members: accounts("u", 10) }));
    const error = await set.preview(membersInputs({ groupId: "shrinking", members: ["u1"] })).catch((e) => e);
    expect(error.code).to.equal("REMOVAL_GUARD");
  });

  it("reuses a refresh's read only with the member fields it read (no needless name-card change)", async () => {
    await newGroup("cards");
    const set = members("cards-members");
    await set.up(membersInputs({ groupId: "cards", members: ["u1", "u2"] }));
    await bed.client.modifyGroupMemberInfo({ GroupId: "cards", Member_Account: "u1", NameCard: "Al" });
    bed.newProviderProcess();
    await set.refresh();
    bed.takeDiagnostics();
    const declared = membersInputs({ groupId: "cards", members: [{ account: "u1", nameCard: "Al" }, "u2"] });
    const planned = await set.preview(declared);
    expect(
      bed
        .takeDiagnostics()
        .map((d) => d.message)
        .join("\n"),
    ).to.not.include('"u1" (nameCard');
    bed.emulator.control.resetStats();
    await set.apply(planned);
    expect(callsByCommand(bed.emulator.control.stats())).to.not.have.property("modify_group_member_info");
  });

  it("plans from a fresh read when the group changed in the same run (owner moved, limit raised)", async () => {
    const g = await newGroup("moved", { type: "Public", maxMemberCount: 10 });
    const set = members("moved-members");
    const list = [...accounts("u", 7), "o2"];
    await set.up(
      membersInputs({ groupId: "moved", members: list, maxMemberCount: 10, ownerAccount: "owner" }),
    );
    bed.newProviderProcess();
    // up --refresh: both refreshed first, then the group changes, then the set plans.
    await g.refresh();
    await set.refresh();
    await g.up(
      groupInputs({
        type: "Public",
        groupId: "moved",
        name: "moved",
        ownerAccount: "o2",
        maxMemberCount: 20,
      }),
    );
    const grown = [...accounts("u", 14), { account: "owner", role: "Admin" }];
    await set.up(membersInputs({ groupId: "moved", members: grown, maxMemberCount: 20, ownerAccount: "o2" }));
    const live = await bed.client.listAllMembers("moved");
    expect(live.find((m) => m.Member_Account === "owner")?.Role).to.equal("Admin");
    expect(live.find((m) => m.Member_Account === "o2")?.Role).to.equal("Owner");
    expect(live).to.have.length(16);
  });

  it("refuses an authoritative and another set on one group at check, naming both", async () => {
    await newGroup("shared");
    await members("shared-all").preview(membersInputs({ groupId: "shared", members: ["u1"] }));
    const error = await members("shared-some")
      .preview(membersInputs({ groupId: "shared", members: ["u2"], mode: "additive" }))
      .catch((e) => e);
    expect(error).to.be.instanceOf(CheckFailed);
    expect(error.message).to.include('"shared-all" (authoritative)').and.include('"shared-some"');
    // Two additive sets compose.
    bed.newProviderProcess();
    await members("add-1").preview(membersInputs({ groupId: "shared", members: ["u1"], mode: "additive" }));
    await members("add-2").preview(membersInputs({ groupId: "shared", members: ["u2"], mode: "additive" }));
  });

  it("removeMembersOnDelete leaves the members a replacement (or renamed resource) declares", async () => {
    await newGroup("replaced");
    const inputs = membersInputs({ groupId: "replaced", members: ["u1", "u2"], removeMembersOnDelete: true });
    const old = members("replaced-old");
    await old.up(inputs);
    bed.newProviderProcess();
    // A rename without alias: the new resource is created, the old one deleted at the end of the up.
    await members("replaced-new").up(inputs);
    await old.destroy();
    expect(await liveAccounts("replaced")).to.deep.equal(["owner", "u1", "u2"]);
    // A destroy (no program, nothing declared) removes them.
    bed.newProviderProcess();
    await members("replaced-new")
      .destroy()
      .catch(() => undefined);
    await old.up(inputs);
    bed.newProviderProcess();
    await old.destroy();
    expect(await liveAccounts("replaced")).to.deep.equal(["owner"]);
  });

  it("records the live set truthfully after adding members whose unread fields the server defaults (msgFlag)", async () => {
    await newGroup("flags");
    const set = members("flags-members");
    // One member declares msgFlag, so the set reads msgFlag for everyone; u2's comes from the server.
    await set.up(membersInputs({ groupId: "flags", members: [{ account: "u1", msgFlag: "Discard" }, "u2"] }));
    // `pulumi refresh` is a command of its own: no declaration at hand, only the recorded fingerprint.
    bed.newProviderProcess();
    await set.refresh();
    expect(set.state!.outputs.members).to.not.include("changed since the last update");
  });

  it("names accounts never imported at preview: a new set at check, an added account at diff", async () => {
    await newGroup("strangers");
    const fresh = await members("strangers-new")
      .preview(membersInputs({ groupId: "strangers", members: ["u1", "ghost-1", "ghost-2"] }))
      .catch((e) => e);
    expect(fresh).to.be.instanceOf(CheckFailed);
    expect(fresh.message).to.include("2 account(s) are not imported").and.include('"ghost-1", "ghost-2"');
    const set = members("strangers-set");
    await set.up(membersInputs({ groupId: "strangers", members: ["u1"] }));
    bed.emulator.control.resetStats();
    const error = await set
      .preview(membersInputs({ groupId: "strangers", members: ["u1", "ghost-3"] }))
      .catch((e) => e);
    expect(error.code).to.equal("ACCOUNT_NOT_IMPORTED");
    expect(error.message).to.include('"ghost-3"');
    expect(callsByCommand(bed.emulator.control.stats())).to.include({ account_check: 1 });
  });
});
