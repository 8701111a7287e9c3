/**
 * The ImGroupMembers provider called directly against the emulator (no CLI): member sets that stay
 * out of state, plans against the live group, previews that name accounts, drift, the guards,
 * partial failure and resume, migrated members, member custom data, any string as an account, and
 * stacks written by the previous version.
 */

import { imGroupMembersProvider } from "@imgroups/tencentcloud-im/resources/im-group-members-provider";
import { imGroupProvider } from "@imgroups/tencentcloud-im/resources/im-group-provider";
import {
  DECLARED_SCALAR_FIELDS,
  MEMBER_FIELDS,
  type MemberFieldCheck,
} from "@imgroups/tencentcloud-im/resources/members/im-group-members-fields";
import { ResourceError } from "@imgroups/tencentcloud-im/resources/shared/errors";
import { expect } from "chai";
import { CheckFailed, type DirectBed, type DirectResource, startDirectBed } from "../support/provider-driver";
import { accounts, callsByCommand, groupInputs, membersInputs } from "./support";

const MEMBERS = "pulumi-nodejs:dynamic/tencentcloud-im:ImGroupMembers";
const GROUP = "pulumi-nodejs:dynamic/tencentcloud-im:ImGroup";

describe("ImGroupMembers provider (direct)", () => {
  let bed: DirectBed;
  before(async () => {
    bed = await startDirectBed();
    await bed.client.multiaccountImport([
      "owner",
      "owner2",
      ...accounts("u", 1_000),
      "extra",
      "__proto__",
      "constructor",
      "toString",
      "hasOwnProperty",
      "valueOf",
      "nul\u0000x",
      "😀",
    ]);
  });
  after(async () => bed?.close());

  /** A group made by the ImGroup provider (so it is "fresh" for the members resource that follows). */
  async function freshGroup(groupId: string, extra: Record<string, unknown> = {}): Promise<void> {
    await bed
      .resource(imGroupProvider, GROUP, `${groupId}-group`)
      .up(groupInputs({ type: "Public", groupId, name: groupId, ownerAccount: "owner", ...extra }));
  }

  const members = (name: string): DirectResource => bed.resource(imGroupMembersProvider, MEMBERS, name);
  const liveAccounts = async (groupId: string) =>
    (await bed.client.listAllMembers(groupId)).map((m) => m.Member_Account).sort();
  const lastMessage = () => bed.takeDiagnostics().at(-1)?.message ?? "";

  describe("state holds a summary, never the accounts", () => {
    it("creates 1,000 members with adds only, records a summary, and previews them by name", async () => {
      await freshGroup("big");
      const set = members("big-members");
      const declared = accounts("u", 1_000);
      bed.takeDiagnostics();
      bed.emulator.control.resetStats();
      await set.up(
        membersInputs({ groupId: "big", members: declared, groupType: "Public", ownerAccount: "owner" }),
      );
      // account_check: 100 accounts a call, at preview, so a never-imported account stops the plan.
      expect(callsByCommand(bed.emulator.control.stats())).to.deep.equal({
        account_check: 10,
        add_group_member: 4,
      });
      expect(await liveAccounts("big")).to.deep.equal([...declared, "owner"].sort());
      const state = JSON.stringify(set.state);
      expect(state).to.not.match(/"u17"|u999/);
      expect(set.state!.outputs.members).to.match(/^1,000 members · [0-9a-f]{12}$/);
      // The declaration applied is the set recorded, so it is not stored twice (members-state-v2.ts).
      expect(set.state!.outputs.declared).to.equal(undefined);
      expect(set.state!.outputs.liveFingerprint).to.equal(undefined);
      expect(Buffer.byteLength(state)).to.be.below(2_000);
      const message = bed.takeDiagnostics()[0]!;
      expect(message.urn).to.equal(set.urn);
      expect(message.message).to.match(/^members of group big declares: 1000 added, 0 removed, 0 changed/);
      // The first 100 accounts are named (wrapped), the rest counted.
      expect(message.message).to.match(/^\+ "u0", "u1", "u2",/m);
      expect(message.message).to.match(/"u99" … and 900 more$/m);
      expect(message.message.split("\n").length).to.be.below(20);
    });

    it("a no-op up is the same step and calls nothing; order never matters", async () => {
      const set = members("big-members");
      set.state = (await prepared("big-members", "big")).state;
      bed.emulator.control.resetStats();
      const again = await set.up(
        membersInputs({
          groupId: "big",
          members: accounts("u", 1_000).reverse(),
          groupType: "Public",
          ownerAccount: "owner",
        }),
      );
      expect(again.op).to.equal("same");
      expect(bed.emulator.control.stats().calls).to.deep.equal({});
    });

    it("previews a 1% change as exactly the changed accounts, and applies it in 1 read + 1 add + 1 delete", async () => {
      const set = await prepared("big-members", "big");
      const declared = [...accounts("u", 1_000).slice(10), "extra", ...accounts("u", 1_000).slice(0, 5)];
      bed.takeDiagnostics();
      const planned = await set.preview(
        membersInputs({ groupId: "big", members: declared, groupType: "Public", ownerAccount: "owner" }),
      );
      expect(planned.op).to.equal("update");
      const message = lastMessage();
      expect(message).to.match(
        /^members of group big would change: 1 added, 5 removed, 0 changed \(1,000 → 996\)/,
      );
      expect(message).to.include('+ "extra"');
      expect(message).to.include('- "u5", "u6", "u7", "u8", "u9"');
      bed.emulator.control.resetStats();
      await set.up(
        membersInputs({ groupId: "big", members: declared, groupType: "Public", ownerAccount: "owner" }),
      );
      const calls = callsByCommand(bed.emulator.control.stats());
      // The preview's read is the diff's; the apply reads once more (live truth), then 1 add and 1 delete.
      expect(calls.add_group_member).to.equal(1);
      expect(calls.delete_group_member).to.equal(1);
      expect(await liveAccounts("big")).to.deep.equal([...declared, "owner"].sort());
    });
  });

  /** A members resource already applied to `groupId` with its current live set declared. */
  async function prepared(name: string, groupId: string): Promise<DirectResource> {
    const set = members(name);
    const live = (await liveAccounts(groupId)).filter((a) => a !== "owner");
    await set.up(membersInputs({ groupId, members: live, groupType: "Public", ownerAccount: "owner" }));
    return set;
  }

  it("refuses a repeated account at preview, naming both positions", async () => {
    const set = members("dup");
    const error = await set
      .up(membersInputs({ groupId: "big", members: ["u1", "u2", "u1"] }))
      .catch((e) => e);
    expect(error).to.be.instanceOf(CheckFailed);
    expect(error.message).to.include('members[2]: account "u1" is listed twice (also at members[0])');
  });

  describe("drift", () => {
    for (const mode of ["authoritative", "additive"] as const) {
      it(`${mode}: a refresh finds members removed and added outside Pulumi; up puts the declared set back`, async () => {
        const groupId = `drift-${mode}`;
        await freshGroup(groupId);
        const set = members(`drift-${mode}-members`);
        const inputs = membersInputs({ groupId, members: ["u1", "u2", "u3"], mode, ownerAccount: "owner" });
        await set.up(inputs);
        await bed.client.deleteGroupMember({ GroupId: groupId, MemberToDel_Account: ["u2"] });
        await bed.client.addGroupMember({ GroupId: groupId, MemberList: [{ Member_Account: "extra" }] });
        expect((await set.preview(inputs)).op, "no refresh, no drift (Pulumi's model)").to.equal("same");

        await set.refresh();
        expect(set.state!.outputs.members).to.not.equal(set.state!.outputs.declared);
        bed.takeDiagnostics();
        bed.emulator.control.resetStats();
        const planned = await set.preview(inputs);
        expect(planned.op).to.equal("update");
        // The live set the refresh read is reused: the preview reads nothing more.
        expect(bed.emulator.control.stats().calls).to.deep.equal({});
        const message = lastMessage();
        expect(message).to.include('+ "u2"');
        if (mode === "authoritative") expect(message).to.include('- "extra"');
        else expect(message).to.not.include("extra");
        await set.up(inputs);
        const expected =
          mode === "authoritative" ? ["owner", "u1", "u2", "u3"] : ["extra", "owner", "u1", "u2", "u3"];
        expect(await liveAccounts(groupId)).to.deep.equal(expected);
        await set.refresh();
        expect((await set.preview(inputs)).op).to.equal("same");
      });
    }

    it("additive: a member joining outside Pulumi is no drift, even after a refresh", async () => {
      await freshGroup("club");
      const set = members("club-members");
      const inputs = membersInputs({
        groupId: "club",
        members: ["u1"],
        mode: "additive",
        ownerAccount: "owner",
      });
      await set.up(inputs);
      await bed.client.addGroupMember({ GroupId: "club", MemberList: [{ Member_Account: "extra" }] });
      await set.refresh();
      expect((await set.preview(inputs)).op).to.equal("same");
    });

    it("changes to roles and name cards are drift for the members that declare them", async () => {
      await freshGroup("roles");
      const set = members("roles-members");
      const inputs = membersInputs({
        groupId: "roles",
        members: [{ account: "u1", role: "Admin" }, { account: "u2", nameCard: "Two" }, "u3"],
        ownerAccount: "owner",
      });
      await set.up(inputs);
      await bed.client.modifyGroupMemberInfo({ GroupId: "roles", Member_Account: "u1", Role: "Member" });
      await bed.client.modifyGroupMemberInfo({ GroupId: "roles", Member_Account: "u2", NameCard: "changed" });
      await bed.client.modifyGroupMemberInfo({
        GroupId: "roles",
        Member_Account: "u3",
        NameCard: "unmanaged",
      });
      await set.refresh();
      bed.takeDiagnostics();
      expect((await set.preview(inputs)).op).to.equal("update");
      const message = lastMessage();
      expect(message).to.match(/0 added, 0 removed, 2 changed/);
      expect(message).to.include('"u1" (role "Member" → "Admin")');
      expect(message).to.include('"u2" (nameCard "changed" → "Two")');
      await set.up(inputs);
      const live = new Map((await bed.client.listAllMembers("roles")).map((m) => [m.Member_Account, m]));
      expect(live.get("u1")!.Role).to.equal("Admin");
      expect(live.get("u2")!.NameCard).to.equal("Two");
      expect(live.get("u3")!.NameCard).to.equal("unmanaged");
    });

    // Every scalar the member field table compares where declared (nameCard, msgFlag): one loop in
    // the read, the summaries, the modify request and its read-back, so each row must behave alike.
    for (const field of DECLARED_SCALAR_FIELDS) {
      it(`${field} (from the member field table): set on add, drift when changed outside, one modify converges`, async () => {
        const row = MEMBER_FIELDS[field];
        const check: MemberFieldCheck = row.check;
        const [declared, outside] =
          check.kind === "enum" ? [check.values[1]!, check.values[2]!] : ["declared", "outside"];
        const groupId = `scalar-${field}`;
        await freshGroup(groupId);
        const set = members(`${groupId}-members`);
        const inputs = membersInputs({
          groupId,
          members: [{ account: "u1", [field]: declared }, "u2"],
          ownerAccount: "owner",
        });
        await set.up(inputs);
        const wireOf = async (account: string) =>
          (await bed.client.listAllMembers(groupId)).find((m) => m.Member_Account === account)?.[row.wire];
        expect(await wireOf("u1")).to.equal(declared);
        await set.refresh();
        expect((await set.preview(inputs)).op).to.equal("same");

        await bed.client.modifyGroupMemberInfo({
          GroupId: groupId,
          Member_Account: "u1",
          [row.wire]: outside,
        });
        await bed.client.modifyGroupMemberInfo({
          GroupId: groupId,
          Member_Account: "u2",
          [row.wire]: outside,
        });
        await set.refresh();
        bed.takeDiagnostics();
        expect((await set.preview(inputs)).op).to.equal("update");
        const message = lastMessage();
        expect(message).to.match(/0 added, 0 removed, 1 changed/);
        expect(message).to.include(
          `"u1" (${field} ${JSON.stringify(outside)} → ${JSON.stringify(declared)})`,
        );
        bed.emulator.control.resetStats();
        await set.up(inputs);
        expect(callsByCommand(bed.emulator.control.stats()).modify_group_member_info).to.equal(1);
        expect(await wireOf("u1")).to.equal(declared);
        expect(await wireOf("u2"), "undeclared: left alone").to.equal(outside);
        expect((await set.preview(inputs)).op).to.equal("same");
      });
    }
  });

  describe("never removing people by surprise", () => {
    it("stops a change that would remove most of a group at preview, and at apply", async () => {
      await freshGroup("guarded");
      const set = members("guarded-members");
      await set.up(membersInputs({ groupId: "guarded", members: accounts("u", 40), ownerAccount: "owner" }));
      const fewer = membersInputs({ groupId: "guarded", members: accounts("u", 5), ownerAccount: "owner" });
      const stopped = await set.preview(fewer).catch((e) => e);
      expect(stopped).to.be.instanceOf(ResourceError);
      expect(stopped.code).to.equal("REMOVAL_GUARD");
      expect(stopped.message).to.match(/would remove 35 of 41 members of group guarded \(85\.4%\)/);
      expect(stopped.message).to.include("allowMassRemoval: true");
      expect((await liveAccounts("guarded")).length).to.equal(41);
      await set.up({ ...fewer, allowMassRemoval: true });
      expect((await liveAccounts("guarded")).length).to.equal(6);
    });

    it("refuses to take over a populated group in authoritative mode, naming the members it would remove", async () => {
      await bed.client.createGroup({
        Type: "Public",
        GroupId: "crowd",
        Name: "Crowd",
        MemberList: ["u1", "u2", "u3", "u4", "u5"].map((Member_Account) => ({ Member_Account })),
      });
      const set = members("crowd-members");
      const declared = membersInputs({ groupId: "crowd", members: ["u1", "u2", "u3"] });
      bed.emulator.control.resetStats();
      // Refused at preview (check), before anything is written.
      const refused = await set.preview(declared).catch((e) => e);
      expect(refused).to.be.instanceOf(CheckFailed);
      expect(refused.message).to.include(
        'members: group crowd already has 2 member(s) this resource does not declare: "u4", "u5"',
      );
      expect(Object.keys(callsByCommand(bed.emulator.control.stats()))).to.deep.equal(["get_group_info"]);
      expect(await liveAccounts("crowd")).to.have.length(5);
      // And at apply, should it be reached without a preview.
      const atApply = await imGroupMembersProvider
        .create({
          ...(await set.preview({ ...declared, allowMassRemoval: true })).inputs,
          allowMassRemoval: false,
        } as never)
        .catch((e) => e);
      expect(atApply.code).to.equal("TAKEOVER_GUARD");
      await set.up({ ...declared, allowMassRemoval: true });
      expect(await liveAccounts("crowd")).to.deep.equal(["u1", "u2", "u3"]);
    });

    it("leaves members in place on delete unless removeMembersOnDelete (authoritative and additive)", async () => {
      for (const mode of ["authoritative", "additive"] as const) {
        const groupId = `rm-${mode}`;
        await freshGroup(groupId);
        await bed.client.addGroupMember({ GroupId: groupId, MemberList: [{ Member_Account: "extra" }] });
        const kept = members(`${groupId}-kept`);
        await kept.up(membersInputs({ groupId, members: ["u1"], mode: "additive" }));
        // Each command is a provider process of its own (pulumi destroy, then pulumi up).
        bed.newProviderProcess();
        await kept.destroy();
        expect(await liveAccounts(groupId)).to.deep.equal(["extra", "owner", "u1"]);
        bed.newProviderProcess();
        const removed = members(`${groupId}-removed`);
        await removed.up(
          membersInputs({
            groupId,
            members: ["u1", "u2", ...(mode === "authoritative" ? ["extra"] : [])],
            mode,
            removeMembersOnDelete: true,
          }),
        );
        bed.newProviderProcess();
        await removed.destroy();
        expect(await liveAccounts(groupId)).to.deep.equal(
          mode === "authoritative" ? ["owner"] : ["extra", "owner"],
        );
      }
    });
  });

  it("on partial failure names the rejected accounts, records the truth, and retries only them", async () => {
    await freshGroup("partial");
    const set = members("partial-members");
    const inputs = membersInputs({
      groupId: "partial",
      members: [...accounts("u", 6), "nobody-1", "nobody-2"],
    });
    // Both accounts exist when the plan is made (check verifies them) and are gone at the apply.
    await bed.client.multiaccountImport(["nobody-1", "nobody-2"]);
    const planned = await set.preview(inputs);
    const snapshot = bed.emulator.control.state();
    const gone = new Set(["nobody-1", "nobody-2"]);
    await bed.emulator.control.seed({
      ...snapshot,
      accounts: snapshot.accounts.filter((account) => !gone.has(account.UserID)),
    });
    const failed = await set.apply(planned).catch((e) => e);
    expect(failed.message).to.include('"nobody-1" (account is not imported into the IM app (10019))');
    expect(failed.message).to.include('"nobody-2" (account is not imported into the IM app (10019))');
    expect(set.state!.outputs.unapplied).to.deep.equal(["nobody-1", "nobody-2"]);
    expect(set.state!.outputs.members).to.match(/^6 members/);
    expect(set.state!.outputs.declared).to.match(/^8 members/);

    await bed.client.multiaccountImport(["nobody-1", "nobody-2"]);
    expect((await set.preview(inputs)).op).to.equal("update");
    bed.emulator.control.resetStats();
    await set.up(inputs);
    expect(callsByCommand(bed.emulator.control.stats()).add_group_member).to.equal(1);
    expect(await liveAccounts("partial")).to.include.members(["nobody-1", "nobody-2"]);
    expect((await set.preview(inputs)).op).to.equal("same");
  });

  it("after an owner transfer, plans the previous owner as a plain member (authoritative removes it)", async () => {
    await freshGroup("transfer");
    const set = members("transfer-members");
    const inputs = membersInputs({ groupId: "transfer", members: ["u1", "owner2"], ownerAccount: "owner" });
    await set.up(inputs);
    await bed.client.changeGroupOwner({ GroupId: "transfer", NewOwner_Account: "owner2" });
    const after = membersInputs({ groupId: "transfer", members: ["u1"], ownerAccount: "owner2" });
    await set.up(after);
    expect(await liveAccounts("transfer")).to.deep.equal(["owner2", "u1"]);
  });

  it("imports migrated members with join times, roles and unread counts", async () => {
    const createTime = 1_600_000_000;
    await freshGroup("migrated", { createTime });
    await bed.emulator.control.setMessageCount("migrated", 10);
    const set = members("migrated-members");
    const inputs = membersInputs({
      groupId: "migrated",
      groupCreateTime: createTime,
      members: [
        { account: "u1", role: "Admin", joinTime: createTime + 100, unreadMsgNum: 3 },
        { account: "u2", joinTime: createTime + 200, unreadMsgNum: 7 },
        "u3",
      ],
    });
    bed.emulator.control.resetStats();
    await set.up(inputs);
    expect(callsByCommand(bed.emulator.control.stats())).to.include({
      import_group_member: 1,
      add_group_member: 1,
    });
    const [info, live] = await Promise.all([
      bed.client.getGroup("migrated"),
      bed.client.listAllMembers("migrated"),
    ]);
    const byAccount = new Map(live.map((m) => [m.Member_Account, m]));
    const unread = (account: string) => info!.NextMsgSeq! - 1 - byAccount.get(account)!.MsgSeq!;
    expect(byAccount.get("u1")).to.include({ Role: "Admin", JoinTime: createTime + 100 });
    expect(unread("u1")).to.equal(3);
    expect(unread("u2")).to.equal(7);
    await set.refresh();
    expect((await set.preview(inputs)).op, "join times are write-once, never drift").to.equal("same");
  });

  describe("member custom data (AppMemberDefinedData)", () => {
    it("is created, changed, deleted (null, or dropped by every member) and shown as drift", async () => {
      await freshGroup("data");
      const set = members("data-members");
      const declare = (entries: unknown[]) =>
        membersInputs({ groupId: "data", members: entries, ownerAccount: "owner" });
      await set.up(declare([{ account: "u1", appMemberDefinedData: { level: "gold", team: "red" } }, "u2"]));
      const data = async (account: string) => {
        const live = await bed.client.listAllMembers("data", {
          AppDefinedDataFilter_GroupMember: ["level", "team"],
        });
        const member = live.find((m) => m.Member_Account === account);
        return Object.fromEntries((member?.AppMemberDefinedData ?? []).map(({ Key, Value }) => [Key, Value]));
      };
      expect(await data("u1")).to.deep.equal({ level: "gold", team: "red" });

      await set.up(declare([{ account: "u1", appMemberDefinedData: { level: "silver", team: null } }, "u2"]));
      expect(await data("u1")).to.deep.equal({ level: "silver" });

      await bed.client.modifyGroupMemberInfo({
        GroupId: "data",
        Member_Account: "u1",
        AppMemberDefinedData: [{ Key: "level", Value: "hacked" }],
      });
      await set.refresh();
      bed.takeDiagnostics();
      const inputs = declare([
        { account: "u1", appMemberDefinedData: { level: "silver", team: null } },
        "u2",
      ]);
      expect((await set.preview(inputs)).op).to.equal("update");
      expect(lastMessage()).to.include('"u1" (appMemberDefinedData.level "hacked" → "silver")');
      await set.up(inputs);
      expect(await data("u1")).to.deep.equal({ level: "silver" });

      // No member declares `level` any more: it is deleted from the members that have it.
      await set.up(declare(["u1", "u2"]));
      expect(await data("u1")).to.deep.equal({});
    });
  });

  describe("any string is an account", () => {
    const hostile = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "nul\u0000x", "😀"];

    it("adds and reads back accounts named like Object.prototype members, NUL and emoji", async () => {
      await freshGroup("hostile");
      const set = members("hostile-members");
      const inputs = membersInputs({ groupId: "hostile", members: hostile, ownerAccount: "owner" });
      await set.up(inputs);
      expect(await liveAccounts("hostile")).to.deep.equal([...hostile, "owner"].sort());
      await set.refresh();
      expect((await set.preview(inputs)).op).to.equal("same");
    });

    it("removes out-of-band members named toString, valueOf, hasOwnProperty in authoritative mode, then is clean", async () => {
      await freshGroup("hostile-oob");
      const set = members("hostile-oob-members");
      const inputs = membersInputs({
        groupId: "hostile-oob",
        members: accounts("u", 5),
        ownerAccount: "owner",
      });
      await set.up(inputs);
      await bed.client.addGroupMembers("hostile-oob", ["toString", "valueOf", "hasOwnProperty"]);
      await set.refresh();
      bed.takeDiagnostics();
      expect((await set.preview(inputs)).op).to.equal("update");
      expect(lastMessage()).to.include('- "hasOwnProperty", "toString", "valueOf"');
      await set.up(inputs);
      expect(await liveAccounts("hostile-oob")).to.deep.equal(["owner", ...accounts("u", 5)]);
      await set.refresh();
      expect((await set.preview(inputs)).op).to.equal("same");
    });
  });

  it("never treats a member set it did not check as empty", async () => {
    const set = members("unchecked");
    const error = await imGroupMembersProvider
      .create({
        groupId: "big",
        members: "3 members · 000000000000",
        memberFields: [],
        mode: "authoritative",
      })
      .catch((e) => e);
    expect(error.code).to.equal("MEMBERS_MISSING");
    expect(set.state).to.equal(undefined);
  });

  it("answers the diff the engine makes after a refresh (recorded inputs, never checked) from summaries", async () => {
    await freshGroup("refresh-diff");
    const set = members("refresh-diff-members");
    await set.up(membersInputs({ groupId: "refresh-diff", members: ["u1", "u2"], ownerAccount: "owner" }));
    const { id, outputs, inputs } = set.state!;
    const unchecked = { ...inputs, members: "7 members · 000000000000" };
    expect(await imGroupMembersProvider.diff(id, outputs as never, unchecked as never)).to.include({
      changes: true,
    });
    expect(
      await imGroupMembersProvider.diff(
        id,
        outputs as never,
        { ...unchecked, members: outputs.members } as never,
      ),
    ).to.include({
      changes: false,
    });
  });

  it("lists no accounts in previews when the member set is secret", async () => {
    await freshGroup("secret");
    const set = members("secret-members");
    bed.takeDiagnostics();
    await set.up(membersInputs({ groupId: "secret", members: ["u1", "u2"], secretInputs: ["members"] }));
    const message = lastMessage();
    expect(message).to.not.match(/u1|u2/);
    expect(message).to.match(/2 added/);
  });
});
