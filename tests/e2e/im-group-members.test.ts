/**
 * @e2e ImGroupMembers through the real pulumi CLI against the emulator — what only the engine
 * proves: a 10,000-member ChatRoom created and refreshed with the fewest calls and a state that
 * stays small, previews (plain and --diff) naming the accounts of a 1% change (member drift, and
 * `up --refresh` putting it back: drift.test.ts), a partial failure recorded by the engine and resumed,
 * a rename (create-then-delete) leaving the members in place, and any string as an account through
 * the real SDK. The provider's logic is tested directly in tests/providers/im-group-members.test.ts.
 */
import { expect } from "chai";
import { runTool } from "../review/support";
import { type ImTestBed, startImTestBed } from "../support/im";

const MEMBERS_TYPE = "pulumi-nodejs:dynamic/tencentcloud-im:ImGroupMembers";
const accounts = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe("@e2e ImGroupMembers", () => {
  let bed: ImTestBed;
  before(async () => {
    bed = await startImTestBed();
    await bed.client.multiaccountImport([
      ...accounts("u", 10_000),
      ...accounts("n", 40),
      "nobody-1",
      "nobody-2",
      "owner",
      "extra",
      "__proto__",
      "toString",
      "constructor",
      "hasOwnProperty",
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
    // Nothing read but the app's id list (is the custom id free?): the create is not read back, and
    // the members of a group created in the same up start from "the owner only" (process/fresh-groups.ts).
    // account_check at preview: 100 accounts a call, so a never-imported account stops the plan.
    expect(calls).to.deep.equal({
      "im_open_login_svc/account_check": Math.ceil(members.length / 100),
      "group_open_http_svc/get_appid_group_list": 1,
      "group_open_http_svc/create_group": 1,
      "group_open_http_svc/add_group_member": minimumAdds,
    });

    // State holds a summary per member set, not 10,000 accounts.
    const state = await ws.exportState();
    const set = state.resources.find((r) => r.type === MEMBERS_TYPE)!;
    expect(set.outputs?.members).to.match(/^10,000 members · [0-9a-f]{12}$/);
    expect(state.text).to.not.include('"u9999"');
    expect(Buffer.byteLength(state.text), "checkpoint bytes").to.be.below(60_000);

    const live = await bed.client.listAllMembers("lobby");
    const liveAccounts = live.map((m) => m.Member_Account);
    expect(new Set(liveAccounts).size).to.equal(liveAccounts.length);
    expect([...liveAccounts].sort()).to.deep.equal([...members].sort());

    bed.emulator.control.resetStats();
    const result = await ws.preview("--refresh", "--expect-no-changes");
    expect(result.code, result.stdout).to.equal(0);
    // The whole member list comes in get_group_info answers (under 1 MB each), not 50 pages of 200:
    // one call for the group's profile, one for its member list.
    const refreshCalls = bed.emulator.control.stats().calls;
    console.log(`      refresh of a 10,000-member ChatRoom: ${JSON.stringify(refreshCalls)}`);
    expect(refreshCalls).to.deep.equal({ "group_open_http_svc/get_group_info": 2 });
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
    // A migrated group, its members given by groupId (no `group`), so preview cannot know the
    // group's create time: two join times before it are refused by import_group_member at `up`
    // (Result 0), a failure only the apply meets.
    const createTime = Math.floor(Date.now() / 1000) - 86_400;
    const early = createTime - 3_600;
    const group = { part: { type: "Public", groupId: "partial", name: "Partial", createTime } };
    const spec = (joinTime: number) => ({
      groups: group,
      members: {
        "part-members": {
          groupId: "partial",
          members: [...good, { account: "nobody-1", joinTime }, { account: "nobody-2", joinTime }],
        },
      },
    });
    const ws = await bed.workspace({ groups: group }, { stack: "partial" });
    await ws.up();
    ws.writeSpec(spec(early));
    const failed = await ws.run(["up", "--yes", "--skip-preview"]);
    expect(failed.code).to.not.equal(0);
    // The engine lists the partial failure's reasons, one per account.
    expect(failed.stdout + failed.stderr).to.include("nobody-1: IM Result 0");
    expect(failed.stdout + failed.stderr).to.include("nobody-2: IM Result 0");
    // The engine recorded what the provider said is true: 6 of the 8 declared, the 2 named.
    const { resources } = await ws.exportState();
    const recorded = resources.find((r) => r.type === MEMBERS_TYPE)?.outputs ?? {};
    expect(recorded.members).to.match(/^6 members · /);
    expect(recorded.declared).to.match(/^8 members · /);
    expect(recorded.unapplied).to.deep.equal(["nobody-1", "nobody-2"]);

    ws.writeSpec(spec(createTime + 60));
    bed.emulator.control.resetStats();
    await ws.up();
    const calls = bed.emulator.control.stats().calls;
    expect(calls["group_open_http_svc/import_group_member"]).to.equal(1);
    expect(calls).to.not.have.property("group_open_http_svc/add_group_member");
    const live = (await bed.client.listAllMembers("partial")).map((m) => m.Member_Account).sort();
    expect(live).to.deep.equal([...good, "nobody-1", "nobody-2"].sort());
  });

  describe("never removing people by surprise", () => {
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
  });

  it("member custom data is created, changed, deleted and its drift found (preview and the drift command)", async () => {
    const spec = (data: Record<string, string | null>) => ({
      groups: { data: { type: "Public", groupId: "member-data", name: "Data", ownerAccount: "owner" } },
      members: {
        "data-members": { group: "data", members: [{ account: "u1", appMemberDefinedData: data }, "u2"] },
      },
    });
    const ws = await bed.workspace(spec({ level: "gold", team: "red" }), { stack: "member-data" });
    const data = async () => {
      const live = await bed.client.listAllMembers("member-data", {
        AppDefinedDataFilter_GroupMember: ["level", "team"],
      });
      const member = live.find((m) => m.Member_Account === "u1");
      return Object.fromEntries((member?.AppMemberDefinedData ?? []).map(({ Key, Value }) => [Key, Value]));
    };
    await ws.up();
    expect(await data()).to.deep.equal({ level: "gold", team: "red" });
    ws.writeSpec(spec({ level: "silver", team: null }));
    const preview = await ws.preview();
    const shown = preview.stdout + preview.stderr;
    expect(shown, shown).to.include('"u1" (appMemberDefinedData.level "gold" → "silver"');
    await ws.up();
    expect(await data()).to.deep.equal({ level: "silver" });

    await bed.client.modifyGroupMemberInfo({
      GroupId: "member-data",
      Member_Account: "u1",
      AppMemberDefinedData: [{ Key: "level", Value: "changed" }],
    });
    const drift = await runTool("drift", ["--cwd", ws.programDir, "--stack", ws.stack, "--no-files"], {
      env: { ...ws.env },
    });
    expect(drift.code, drift.stdout + drift.stderr).to.equal(2);
    expect(drift.stdout).to.include("u1");
    expect(drift.stdout).to.include("appMemberDefinedData.level");
    await ws.up("--refresh");
    expect(await data()).to.deep.equal({ level: "silver" });
  });

  it("any string is an account through the real SDK: __proto__, toString, constructor are added, read back and never drift", async () => {
    const hostile = ["__proto__", "toString", "constructor", "hasOwnProperty"];
    const spec = {
      groups: {
        odd: {
          type: "Public",
          groupId: "odd-names",
          name: "Odd",
          ownerAccount: "owner",
          appDefinedData: { constructor: "c", toString: "t", hasOwnProperty: "h" },
        },
      },
      members: {
        "odd-members": {
          group: "odd",
          members: [...hostile, { account: "u1", appMemberDefinedData: { toString: "x" } }],
        },
      },
    };
    const ws = await bed.workspace(spec, { stack: "odd-names" });
    await ws.up();
    const live = (await bed.client.listAllMembers("odd-names")).map((m) => m.Member_Account).sort();
    expect(live).to.deep.equal([...hostile, "owner", "u1"].sort());
    const clean = await ws.preview("--refresh", "--expect-no-changes");
    expect(clean.code, clean.stdout + clean.stderr).to.equal(0);
  });
});
