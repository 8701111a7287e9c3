/**
 * @e2e ImGroupMembers through the real pulumi CLI against the emulator: a 10,000-member group read
 * back whole, drift in both modes, previews that name accounts, partial failure and resume, the
 * removal guard, and migrated members keeping their history.
 */
import { expect } from "chai";
import { type ImTestBed, type SpecWorkspace, startImTestBed } from "../support/im";

const MEMBERS_TYPE = "pulumi-nodejs:dynamic/tencentcloud-im:ImGroupMembers";
const accounts = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe("@e2e ImGroupMembers", () => {
  let bed: ImTestBed;
  before(async () => {
    bed = await startImTestBed();
    await bed.client.multiaccountImport([
      ...accounts("u", 10_000),
      ...accounts("n", 40),
      "owner",
      "extra",
      "ghost-free",
    ]);
  });
  after(async () => bed?.close());

  it("creates a 10,000-member ChatRoom and reads it back with no member missing or duplicated", async () => {
    const members = accounts("u", 10_000);
    const ws = await bed.workspace(
      {
        groups: { lobby: { type: "ChatRoom", groupId: "lobby", name: "Lobby" } },
        members: { "lobby-members": { group: "lobby", members } },
      },
      { stack: "big" },
    );
    bed.emulator.control.resetStats();
    await ws.up();
    const calls = bed.emulator.control.stats().calls;
    const adds = calls["group_open_http_svc/add_group_member"] ?? 0;
    const minimumAdds = Math.ceil(members.length / 300);
    console.log(
      `      add_group_member calls: ${adds} (minimum at 300 per call: ${minimumAdds}); all calls: ${JSON.stringify(calls)}`,
    );
    expect(adds).to.equal(minimumAdds);
    // Nothing read: the create is not read back, and the members of a group created in the same up
    // start from "the owner only" (fresh-groups.ts).
    expect(calls).to.deep.equal({
      "group_open_http_svc/create_group": 1,
      "group_open_http_svc/add_group_member": minimumAdds,
    });

    const live = await bed.client.listAllMembers("lobby");
    const liveAccounts = live.map((m) => m.Member_Account);
    expect(new Set(liveAccounts).size).to.equal(liveAccounts.length);
    expect([...liveAccounts].sort()).to.deep.equal([...members].sort());

    bed.emulator.control.resetStats();
    const result = await ws.preview("--refresh", "--expect-no-changes");
    expect(result.code, result.stdout).to.equal(0);
    const pages = bed.emulator.control.stats().calls["group_open_http_svc/get_group_member_info"] ?? 0;
    console.log(
      `      refresh read ${members.length} members in ${pages} get_group_member_info calls (minimum at 200 per page: 50)`,
    );
    expect(pages).to.equal(50);
  });

  describe("drift", () => {
    const declared = ["u1", "u2", "u3", "u4"];
    const specFor = (mode: string) => ({
      groups: { team: { type: "Public", groupId: `team-${mode}`, name: "Team", ownerAccount: "owner" } },
      members: { "team-members": { group: "team", members: declared, mode } },
    });

    for (const mode of ["authoritative", "additive"] as const) {
      it(`${mode}: preview --refresh names the removed and the added account; up --refresh ${mode === "authoritative" ? "restores the declared set" : "leaves the undeclared member alone"}`, async () => {
        const ws = await bed.workspace(specFor(mode), { stack: `drift-${mode}` });
        await ws.up();
        const groupId = `team-${mode}`;
        await bed.client.deleteGroupMember({ GroupId: groupId, MemberToDel_Account: ["u2"] });
        await bed.client.addGroupMember({ GroupId: groupId, MemberList: [{ Member_Account: "extra" }] });

        const preview = await ws.preview("--refresh", "--expect-no-changes", "--diff");
        expect(preview.code).to.not.equal(0);
        expect(preview.stdout).to.match(/\+\s+u2\s*:/);
        if (mode === "authoritative") expect(preview.stdout).to.match(/-\s+extra\s*:/);
        else expect(preview.stdout).to.not.match(/extra/);

        await ws.up("--refresh");
        const live = (await bed.client.listAllMembers(groupId)).map((m) => m.Member_Account).sort();
        const expected = mode === "authoritative" ? ["owner", ...declared] : ["extra", "owner", ...declared];
        expect(live).to.deep.equal(expected.sort());
        const clean = await ws.preview("--refresh", "--expect-no-changes");
        expect(clean.code, clean.stdout).to.equal(0);
      });
    }
  });

  it("previews a 1% change of a 10,000-member ChatRoom (plain and --diff) as exactly the changed accounts, in a few dozen lines", async () => {
    const members = accounts("u", 10_000);
    const chatRoom = (list: unknown[]) => ({
      groups: { big: { type: "ChatRoom", groupId: "ten-k", name: "Ten thousand" } },
      members: { "big-members": { group: "big", members: list } },
    });
    const ws = await bed.workspace(chatRoom(members), { stack: "ten-k" });
    await ws.up();
    // 1% of 10,000: 40 removed, 40 added, 20 promoted to Admin.
    const removed = members.slice(100, 140);
    const added = accounts("n", 40);
    const promoted = members.slice(200, 220);
    const next = [
      ...members.filter((a) => !removed.includes(a) && !promoted.includes(a)),
      ...promoted.map((account) => ({ account, role: "Admin" })),
      ...added,
    ];
    ws.writeSpec(chatRoom(next));
    for (const flags of [[], ["--diff"]]) {
      const preview = await ws.preview(...flags);
      expect(preview.code, preview.stderr).to.equal(0);
      // With --diff the engine writes diagnostics to stderr, as a terminal shows them in between.
      const output = `${preview.stdout}${preview.stderr}`;
      if (flags.length > 0)
        console.log(`      pulumi preview --diff:\n${output.replace(/^/gm, "        | ")}`);
      const named = (mark: string) =>
        output
          .split("\n")
          .filter((line) => line.trim().startsWith(`${mark} "`))
          // A changed member is `"account" (field before → after)`; others are `"account"`.
          .flatMap((line) =>
            [...line.matchAll(mark === "~" ? /"([^"]+)" \(/g : /"([^"]+)"/g)].map((m) => m[1]!),
          );
      const unique = (list: string[]) => [...new Set(list)].sort();
      expect(unique(named("+"))).to.deep.equal([...added].sort());
      expect(unique(named("-"))).to.deep.equal([...removed].sort());
      expect(unique(named("~"))).to.deep.equal([...promoted].sort());
      expect(output).to.include("40 added, 40 removed, 20 changed (10,000 → 10,000)");
      expect(output.split("\n").length, output).to.be.below(80);
    }

    // Applying it reads the group once (its member list in one get_group_info), then the member calls.
    bed.emulator.control.resetStats();
    await ws.up();
    const calls = bed.emulator.control.stats().calls;
    expect(calls["group_open_http_svc/add_group_member"]).to.equal(1);
    expect(calls["group_open_http_svc/delete_group_member"]).to.equal(1);
    expect(calls["group_open_http_svc/modify_group_member_info"]).to.equal(20);
    const live = new Set((await bed.client.listAllMembers("ten-k")).map((m) => m.Member_Account));
    expect(live.size).to.equal(10_000);
    expect(added.every((a) => live.has(a))).to.equal(true);
    expect(removed.some((a) => live.has(a))).to.equal(false);
  });

  it("on partial failure names the rejected accounts, records the rest, and adds only the missing ones next time", async () => {
    const good = accounts("u", 6);
    const spec = (list: string[]) => ({
      groups: { part: { type: "Public", groupId: "partial", name: "Partial" } },
      members: { "part-members": { group: "part", members: list } },
    });
    const ws = await bed.workspace(spec([...good, "nobody-1", "nobody-2"]), { stack: "partial" });
    const failed = await ws.run(["up", "--yes", "--skip-preview"]);
    expect(failed.code).to.not.equal(0);
    expect(failed.stdout + failed.stderr).to.match(
      /nobody-1: account is not imported into the IM app \(10019\)/,
    );
    expect(failed.stdout + failed.stderr).to.match(
      /nobody-2: account is not imported into the IM app \(10019\)/,
    );
    const { resources } = await ws.exportState();
    const recorded = resources.find((r) => r.type === MEMBERS_TYPE)?.outputs?.members as Record<
      string,
      unknown
    >;
    expect(Object.keys(recorded).sort()).to.deep.equal([...good].sort());

    await bed.client.multiaccountImport(["nobody-1", "nobody-2"]);
    bed.emulator.control.resetStats();
    await ws.up();
    const calls = bed.emulator.control.stats().calls;
    expect(calls["group_open_http_svc/add_group_member"]).to.equal(1);
    const live = (await bed.client.listAllMembers("partial")).map((m) => m.Member_Account).sort();
    expect(live).to.deep.equal([...good, "nobody-1", "nobody-2"].sort());
  });

  it("stops a change that would remove most of a group, and says how to allow it", async () => {
    const members = accounts("u", 40);
    const spec = (list: string[], allow?: boolean) => ({
      groups: { guard: { type: "Public", groupId: "guarded", name: "Guarded" } },
      members: {
        "guard-members": { group: "guard", members: list, ...(allow && { allowMassRemoval: true }) },
      },
    });
    const ws: SpecWorkspace = await bed.workspace(spec(members), { stack: "guard" });
    await ws.up();
    ws.writeSpec(spec(members.slice(0, 5)));
    const preview = await ws.preview();
    expect(preview.code).to.not.equal(0);
    expect(preview.stdout + preview.stderr).to.match(
      /would remove 35 of 40 members of group guarded \(87\.5%\)/,
    );
    expect(preview.stdout + preview.stderr).to.match(/allowMassRemoval: true/);
    const up = await ws.run(["up", "--yes", "--skip-preview"]);
    expect(up.code).to.not.equal(0);
    expect((await bed.client.listAllMembers("guarded")).length).to.equal(40);

    ws.writeSpec(spec(members.slice(0, 5), true));
    await ws.up();
    expect((await bed.client.listAllMembers("guarded")).length).to.equal(5);
  });

  describe("never removing people by surprise", () => {
    before(async () => {
      await bed.client.createGroup({
        Type: "Public",
        GroupId: "existing-crowd",
        Name: "Existing crowd",
        MemberList: ["u1", "u2", "u3", "u4", "u5"].map((Member_Account) => ({ Member_Account })),
      });
    });

    it("refuses to take over a group whose undeclared members authoritative mode would remove, naming them", async () => {
      const spec = (allow: boolean) => ({
        members: {
          crowd: {
            groupId: "existing-crowd",
            members: ["u1", "u2", "u3"],
            ...(allow && { allowMassRemoval: true }),
          },
        },
      });
      const ws = await bed.workspace(spec(false), { stack: "take-over" });
      const refused = await ws.run(["up", "--yes", "--skip-preview"]);
      expect(refused.code).to.not.equal(0);
      expect(refused.stdout + refused.stderr).to.match(
        /already has 2 member\(s\) this resource does not declare: u4, u5/,
      );
      expect((await bed.client.listAllMembers("existing-crowd")).length).to.equal(5);

      ws.writeSpec(spec(true));
      await ws.up();
      const live = (await bed.client.listAllMembers("existing-crowd")).map((m) => m.Member_Account).sort();
      expect(live).to.deep.equal(["u1", "u2", "u3"]);
    });

    it("leaves the members in place when the resource is renamed (create new, delete old)", async () => {
      const room = { room: { type: "Public", groupId: "rename-members", name: "Room" } };
      const ws = await bed.workspace(
        { groups: room, members: { first: { group: "room", members: ["u1", "u2"] } } },
        { stack: "rename-members" },
      );
      await ws.up();
      ws.writeSpec({ groups: room, members: { second: { group: "room", members: ["u1", "u2"] } } });
      await ws.up();
      const live = (await bed.client.listAllMembers("rename-members")).map((m) => m.Member_Account).sort();
      expect(live).to.deep.equal(["u1", "u2"]);
    });

    it("removes them on delete only with removeMembersOnDelete", async () => {
      const group = { room: { type: "Public", groupId: "remove-on-delete", name: "Room" } };
      const ws = await bed.workspace(
        {
          groups: group,
          members: { m: { group: "room", members: ["u1", "u2"], removeMembersOnDelete: true } },
        },
        { stack: "remove-on-delete" },
      );
      await ws.up();
      ws.writeSpec({ groups: group });
      await ws.up();
      expect(await bed.client.listAllMembers("remove-on-delete")).to.deep.equal([]);
    });
  });

  it("imports migrated members with their join times, roles and unread counts", async () => {
    const createTime = 1_600_000_000;
    const group = {
      old: { type: "Public", groupId: "migrated", name: "Migrated", createTime, ownerAccount: "owner" },
    };
    const ws = await bed.workspace({ groups: group }, { stack: "migrate-members" });
    // First the group, then a message history (messaging is out of scope: the control plane sets
    // the count), then the members, as a real migration imports groups, messages, members.
    await ws.up();
    await bed.emulator.control.setMessageCount("migrated", 10);
    ws.writeSpec({
      groups: group,
      members: {
        "old-members": {
          group: "old",
          members: [
            { account: "u1", role: "Admin", joinTime: createTime + 100, unreadMsgNum: 3 },
            { account: "u2", joinTime: createTime + 200, unreadMsgNum: 7 },
            "u3",
          ],
        },
      },
    });
    await ws.up();
    const [info, live] = await Promise.all([
      bed.client.getGroup("migrated"),
      bed.client.listAllMembers("migrated"),
    ]);
    const byAccount = new Map(live.map((m) => [m.Member_Account, m]));
    const unread = (account: string) => info!.NextMsgSeq! - 1 - byAccount.get(account)!.MsgSeq!;
    expect(byAccount.get("u1")).to.include({ Role: "Admin", JoinTime: createTime + 100 });
    expect(byAccount.get("u2")).to.include({ Role: "Member", JoinTime: createTime + 200 });
    expect(unread("u1")).to.equal(3);
    expect(unread("u2")).to.equal(7);
    const clean = await ws.preview("--refresh", "--expect-no-changes");
    expect(clean.code, clean.stdout).to.equal(0);
  });
});
