/**
 * The web console for a whole app (issue 22), over HTTP: the group list searched, filtered, sorted
 * and paged in the server; member edits (role, name card, message flag, custom data, mute) run as
 * modify_group_member_info through the model, refused with the REST API's ErrorCode and text and
 * refused without the token; the recent calls naming the groups they touched, filtered by group,
 * by API and with reads hidden. The page itself is driven in Chromium by console-browser.test.ts.
 */

import { ManualClock } from "@imgroups/im-emulator";
import { COMMANDS, READ_COMMANDS } from "@imgroups/im-emulator/model/index";
import { expect } from "chai";
import { request } from "./support/console-http";
import { type Json, startTarget, type Target } from "./support/harness";

const ACCOUNTS = ["owner", "alice", "bob", "carol", "dave", "__proto__", "<b>x</b>"];
/** Ten days before the emulator's now: an imported group's original creation time. */
const TEN_DAYS = 10 * 86_400;

describe("web console: a whole app (search, member edits, call filters)", () => {
  let t: Target;
  let token: string;
  /** Moved a second between creations, so creation times differ where the test says. */
  const clock = new ManualClock();
  const get = (path: string) => request(t.emulator.url, "GET", path);
  const groups = async (params: Record<string, string>) => {
    const answer = await get(`/console/api/groups?${new URLSearchParams(params)}`);
    expect(answer.status, answer.text).to.equal(200);
    return answer.json;
  };
  const ids = async (params: Record<string, string>) =>
    (await groups(params)).groups.map((g: Json) => g.GroupId);
  const edit = (name: string, body: unknown, credential: string | null = token) =>
    request(t.emulator.url, "POST", `/console/api/edit/${name}`, {
      headers: {
        "Content-Type": "application/json",
        Origin: t.emulator.url,
        ...(credential === null ? {} : { Authorization: `Bearer ${credential}` }),
      },
      body: JSON.stringify(body),
    });
  const member = async (groupId: string, account: string) =>
    (await t.call("get_group_member_info", { GroupId: groupId })).MemberList.find(
      (m: Json) => m.Member_Account === account,
    );
  const calls = async (params: Record<string, string> = {}) => {
    const answer = await get(`/console/api/calls?${new URLSearchParams(params)}`);
    expect(answer.status, answer.text).to.equal(200);
    return answer.json;
  };

  before(async () => {
    t = await startTarget("memory", { rateLimitPerSecond: 0, clock });
    token = t.emulator.console!.token;
  });
  beforeEach(async () => {
    clock.set(Date.now());
    await t.control("POST", "reset");
    await t.call("im_open_login_svc/multiaccount_import", { Accounts: ACCOUNTS });
    const now = Math.floor(clock.nowMs() / 1000);
    const created: [string, object][] = [
      [
        "create_group",
        {
          Type: "Public",
          GroupId: "alpha-team",
          Name: "Alpha Team",
          Owner_Account: "owner",
          MemberList: [{ Member_Account: "alice", Role: "Admin" }, { Member_Account: "bob" }],
        },
      ],
      [
        "create_group",
        {
          Type: "Private",
          GroupId: "beta",
          Name: "beta room",
          Owner_Account: "alice",
          MemberList: [{ Member_Account: "bob" }],
        },
      ],
      [
        "create_group",
        {
          Type: "ChatRoom",
          GroupId: "gamma",
          Name: "Gamma",
          Owner_Account: "bob",
          MemberList: ["alice", "carol", "dave"].map((Member_Account) => ({ Member_Account })),
        },
      ],
      [
        "import_group",
        {
          Type: "Public",
          GroupId: "old-archive",
          Name: "Archive",
          Owner_Account: "owner",
          CreateTime: now - TEN_DAYS,
        },
      ],
      ["create_group", { Type: "AVChatRoom", GroupId: "live", Name: "Live ALPHA", Owner_Account: "carol" }],
    ];
    for (const [command, body] of created) {
      // beta and gamma are created in the same second: a tie, which keeps creation order.
      if ((body as { GroupId: string }).GroupId !== "gamma") clock.advance(1000);
      expect((await t.call(command, body)).ErrorCode).to.equal(0);
    }
  });
  after(async () => {
    await t.close();
  });

  describe("group list", () => {
    it("searches group IDs and names, case-insensitively, in the server", async () => {
      expect(await ids({ q: "alpha" })).to.deep.equal(["alpha-team", "live"]);
      expect(await ids({ q: "GAM" })).to.deep.equal(["gamma"]);
      expect(await ids({ q: "-team" })).to.deep.equal(["alpha-team"]);
      const none = await groups({ q: "no such group" });
      expect(none).to.deep.equal({ total: 5, matched: 0, offset: 0, groups: [] });
      // An empty search box, type or owner is no filter.
      expect((await groups({ q: "", type: "", owner: "" })).matched).to.equal(5);
    });

    it("filters by type and owner, together with the search", async () => {
      expect(await ids({ type: "Private" })).to.deep.equal(["beta"]);
      expect(await ids({ type: "Public" })).to.deep.equal(["old-archive", "alpha-team"]);
      expect(await ids({ owner: "owner" })).to.deep.equal(["old-archive", "alpha-team"]);
      expect(await ids({ owner: "carol", type: "AVChatRoom" })).to.deep.equal(["live"]);
      expect(await ids({ owner: "owner", q: "arch" })).to.deep.equal(["old-archive"]);
      const page = await groups({ type: "Public", owner: "owner", q: "team" });
      expect(page).to.include({ total: 5, matched: 1 });
      expect(page.groups[0]).to.deep.equal({
        GroupId: "alpha-team",
        Type: "Public",
        Name: "Alpha Team",
        MemberNum: 3,
        Owner_Account: "owner",
        CreateTime: page.groups[0].CreateTime,
      });
    });

    it("sorts by creation time (an imported group's original one), name and member count, either way; ties keep creation order", async () => {
      expect(await ids({})).to.deep.equal(["old-archive", "alpha-team", "beta", "gamma", "live"]);
      expect(await ids({ sort: "created", order: "desc" })).to.deep.equal([
        "live",
        "beta",
        "gamma",
        "alpha-team",
        "old-archive",
      ]);
      // Code-unit order (the same on every machine): capitals before lower case.
      expect(await ids({ sort: "name" })).to.deep.equal([
        "alpha-team",
        "old-archive",
        "gamma",
        "live",
        "beta",
      ]);
      expect(await ids({ sort: "name", order: "desc" })).to.deep.equal([
        "beta",
        "live",
        "gamma",
        "old-archive",
        "alpha-team",
      ]);
      expect(await ids({ sort: "members", order: "desc" })).to.deep.equal([
        "gamma",
        "alpha-team",
        "beta",
        "old-archive",
        "live",
      ]);
      expect(await ids({ sort: "members" })).to.deep.equal([
        "old-archive",
        "live",
        "beta",
        "alpha-team",
        "gamma",
      ]);
    });

    it("pages the sorted matches in the server: only the page is sent", async () => {
      const page = await groups({ sort: "name", offset: "1", limit: "2" });
      expect(page).to.include({ total: 5, matched: 5, offset: 1 });
      expect(page.groups.map((g: Json) => g.Name)).to.deep.equal(["Archive", "Gamma"]);
      expect((await groups({ q: "a", offset: "4", limit: "50" })).groups).to.have.length(1);
      expect((await groups({ offset: "9", limit: "50" })).groups).to.deep.equal([]);
    });

    it("names a bad sort, order, type or page in the error", async () => {
      const cases: [Record<string, string>, string][] = [
        [{ sort: "size" }, 'sort: "size" is not one of created, name, members'],
        [{ order: "up" }, 'order: "up" is not one of asc, desc'],
        [
          { type: "Community" },
          'type: "Community" is not one of Private, Public, ChatRoom, AVChatRoom, BChatRoom',
        ],
        [{ sort: "__proto__" }, 'sort: "__proto__" is not one of created, name, members'],
        [{ limit: "0" }, 'limit: "0" is not a whole number from 1 to 1000'],
      ];
      for (const [params, error] of cases) {
        const answer = await get(`/console/api/groups?${new URLSearchParams(params)}`);
        expect(answer.status, JSON.stringify(params)).to.equal(400);
        expect(answer.json).to.deep.equal({ error });
      }
    });

    it("each answer says how long the server took (Server-Timing)", async () => {
      const answer = await get("/console/api/groups?sort=name");
      expect(answer.headers["server-timing"]).to.match(/^console;dur=\d+\.\d{3}$/);
    });
  });

  describe("member edits", () => {
    it("change role, name card, message flag, custom data and mute in one modify_group_member_info", async () => {
      const before = await get("/console/api/members?GroupId=alpha-team");
      const answer = await edit("member", {
        GroupId: "alpha-team",
        Member_Account: "bob",
        Role: "Admin",
        NameCard: "Bob 🚀",
        MsgFlag: "AcceptNotNotify",
        AppMemberDefinedData: [
          { Key: "level", Value: "3" },
          { Key: "__proto__", Value: "<b>kept as text</b>" },
        ],
        MuteTime: 3600,
      });
      expect(answer.json).to.deep.equal({
        ok: true,
        command: "group_open_http_svc/modify_group_member_info",
        result: {},
      });
      const bob = await member("alpha-team", "bob");
      expect(bob).to.include({ Role: "Admin", NameCard: "Bob 🚀", MsgFlag: "AcceptNotNotify" });
      expect(bob.AppMemberDefinedData).to.deep.equal([
        { Key: "level", Value: "3" },
        { Key: "__proto__", Value: "<b>kept as text</b>" },
      ]);
      expect(bob.MuteUntil).to.be.within(before.json.now + 3600, before.json.now + 3602);
      // The console's member page shows the same, with the clock to tell the mute is live.
      const page = (await get("/console/api/members?GroupId=alpha-team")).json;
      const shown = page.MemberList.find((m: Json) => m.Member_Account === "bob");
      expect(shown).to.deep.equal(bob);
      expect(shown.MuteUntil).to.be.above(page.now);

      // Only what is sent changes; an empty value deletes a key; 0 unmutes; 4294967295 is for ever.
      await edit("member", {
        GroupId: "alpha-team",
        Member_Account: "bob",
        AppMemberDefinedData: [{ Key: "level", Value: "" }],
        MuteTime: 0,
      });
      const after = await member("alpha-team", "bob");
      expect(after).to.include({ Role: "Admin", NameCard: "Bob 🚀", MuteUntil: 0 });
      expect(after.AppMemberDefinedData).to.deep.equal([{ Key: "__proto__", Value: "<b>kept as text</b>" }]);
      await edit("member", { GroupId: "gamma", Member_Account: "carol", MuteTime: 4294967295 });
      expect((await member("gamma", "carol")).MuteUntil).to.equal(4294967295);
    });

    it("a refused member edit answers the REST API's ErrorCode and ErrorInfo for the same request and changes nothing", async () => {
      const cases: [body: Record<string, unknown>, code: number][] = [
        [{ GroupId: "alpha-team", Member_Account: "bob", NameCard: "n".repeat(51) }, 10004],
        [{ GroupId: "alpha-team", Member_Account: "bob", Role: "Owner" }, 10004],
        [{ GroupId: "alpha-team", Member_Account: "owner", Role: "Member" }, 10007],
        [{ GroupId: "beta", Member_Account: "bob", Role: "Admin" }, 10007],
        [{ GroupId: "beta", Member_Account: "bob", MuteTime: 60 }, 10007],
        [{ GroupId: "alpha-team", Member_Account: "bob", MsgFlag: "Loud" }, 10004],
        [{ GroupId: "alpha-team", Member_Account: "bob", MuteTime: -1 }, 10004],
        [{ GroupId: "alpha-team", Member_Account: "bob", MuteTime: "1h" }, 10004],
        [
          {
            GroupId: "alpha-team",
            Member_Account: "bob",
            AppMemberDefinedData: [{ Key: "k".repeat(17), Value: "v" }],
          },
          10004,
        ],
        [{ GroupId: "alpha-team", Member_Account: "carol", NameCard: "not a member" }, 10004],
        [{ GroupId: "alpha-team", Member_Account: "never-imported", NameCard: "x" }, 10019],
        [{ GroupId: "gone", Member_Account: "bob", NameCard: "x" }, 10010],
      ];
      const before = t.emulator.control.state();
      for (const [body, code] of cases) {
        const answer = await edit("member", body);
        const rest = await t.call("modify_group_member_info", body);
        expect(rest.ErrorCode, `${JSON.stringify(body)} over REST`).to.equal(code);
        expect(answer.status, JSON.stringify(body)).to.equal(400);
        expect(answer.json, JSON.stringify(body)).to.deep.equal({ error: rest.ErrorInfo, code });
      }
      expect(t.emulator.control.state()).to.deep.equal(before);
    });

    it("is refused without the token (401) and with a wrong one, changing nothing; a body that changes nothing or names other fields is 400", async () => {
      const body = { GroupId: "alpha-team", Member_Account: "bob", Role: "Admin", NameCard: "Hijacked" };
      const before = t.emulator.control.state();
      const refused = await edit("member", body, null);
      expect(refused.status).to.equal(401);
      expect(refused.json.error).to.equal(
        "the console is read-only: send Authorization: Bearer <console token or secret key> to edit",
      );
      expect((await edit("member", body, `${token}-wrong`)).status).to.equal(401);
      expect(t.emulator.control.state()).to.deep.equal(before);

      expect((await edit("member", { GroupId: "alpha-team", Member_Account: "bob" })).json).to.deep.equal({
        error:
          "body: member changes nothing; give at least one of Role, MsgFlag, NameCard, AppMemberDefinedData, MuteTime",
      });
      expect((await edit("member", { GroupId: "alpha-team", NameCard: "x" })).json.error).to.equal(
        "Member_Account: required field is missing",
      );
      expect(
        (await edit("member", { GroupId: "alpha-team", Member_Account: "bob", ShutUpTime: 5 })).json.error,
      ).to.equal(
        '"ShutUpTime": unknown field (member takes GroupId, Member_Account, Role?, MsgFlag?, NameCard?, AppMemberDefinedData?, MuteTime?)',
      );
      expect(t.emulator.control.state()).to.deep.equal(before);
    });
  });

  describe("recent calls", () => {
    before(async () => {
      // Fill the ring of 200 so that `kept` is known, whatever ran before.
      for (let i = 0; i < 200; i++) await t.call("get_appid_group_list", {});
    });

    it("name the groups each call touched: GroupId, get_group_info's list, and the ID create_group assigned", async () => {
      await t.call("get_group_info", { GroupIdList: ["alpha-team", "gamma"] });
      const created = await t.call("create_group", { Type: "Public", Name: "Assigned" });
      await t.call("add_group_member", { GroupId: "gamma", MemberList: [{ Member_Account: "owner" }] });
      await t.call("get_appid_group_list", {});
      await t.call("get_group_info", { GroupIdList: [5, "beta"] });
      await edit("member", { GroupId: "gamma", Member_Account: "dave", NameCard: "D" });
      const listed = (await calls()).calls
        .slice(0, 6)
        .map((c: Json) => [c.source, c.command.split("/")[1], c.groupIds, c.read]);
      expect(listed).to.deep.equal([
        ["console", "modify_group_member_info", ["gamma"], false],
        // A body that failed its type check still names the string IDs it holds.
        ["api", "get_group_info", ["beta"], true],
        ["api", "get_appid_group_list", [], true],
        ["api", "add_group_member", ["gamma"], false],
        ["api", "create_group", [created.GroupId], false],
        ["api", "get_group_info", ["alpha-team", "gamma"], true],
      ]);
    });

    it("filter by group, by API and with reads hidden, newest first, in the server", async () => {
      // A group no earlier test named: the log outlives the resets between tests.
      await t.call("create_group", {
        Type: "Public",
        GroupId: "delta",
        Name: "Delta",
        Owner_Account: "owner",
        MemberList: [{ Member_Account: "alice" }],
      });
      for (let i = 0; i < 5; i++) await t.call("get_group_info", { GroupIdList: ["delta"] });
      await t.call("get_group_member_info", { GroupId: "delta" });
      await t.call("modify_group_base_info", { GroupId: "delta", Name: "Delta 2" });
      await t.call("modify_group_base_info", { GroupId: "beta", Name: "Beta 2" });
      await edit("member", { GroupId: "delta", Member_Account: "alice", Role: "Admin" });
      await t.call("destroy_group", { GroupId: "no-such-group" });

      const delta = await calls({ group: "delta" });
      expect(delta.calls.map((c: Json) => c.command.split("/")[1])).to.deep.equal([
        "modify_group_member_info",
        "modify_group_base_info",
        "get_group_member_info",
        ...Array(5).fill("get_group_info"),
        "create_group",
      ]);
      expect(delta.matched).to.equal(9);
      const writes = await calls({ group: "delta", reads: "hide" });
      expect(writes.calls.map((c: Json) => [c.source, c.command.split("/")[1], c.errorCode])).to.deep.equal([
        ["console", "modify_group_member_info", 0],
        ["api", "modify_group_base_info", 0],
        ["api", "create_group", 0],
      ]);
      const renames = await calls({ api: "group_open_http_svc/modify_group_base_info" });
      expect(renames.calls.slice(0, 2).map((c: Json) => c.groupIds)).to.deep.equal([["beta"], ["delta"]]);
      expect(renames.calls.every((c: Json) => c.command === "group_open_http_svc/modify_group_base_info")).to
        .be.true;
      const noWrites = await calls({ api: "group_open_http_svc/get_group_info", reads: "hide" });
      expect(noWrites).to.deep.include({ calls: [], matched: 0 });
      const newest = await calls({ group: "delta", limit: "2" });
      expect(newest.calls.map((c: Json) => c.command.split("/")[1])).to.deep.equal([
        "modify_group_member_info",
        "modify_group_base_info",
      ]);
      expect(newest).to.include({ matched: 9 });
      const everything = await calls({ limit: "1000" });
      expect(everything.kept).to.equal(200); // the default ring, full by now
      expect(everything.calls).to.have.length(200);
      // Every command the switch hides is one the emulator serves.
      const all = Object.entries(COMMANDS).flatMap(([service, commands]) =>
        Object.keys(commands).map((command) => `${service}/${command}`),
      );
      for (const read of READ_COMMANDS) expect(all, read).to.include(read);
    });

    it("name a bad filter in the error", async () => {
      const cases: [Record<string, string>, string][] = [
        [{ reads: "no" }, 'reads: "no" is not one of show, hide'],
        [{ limit: "1001" }, 'limit: "1001" is not a whole number from 1 to 1000'],
      ];
      for (const [params, error] of cases) {
        const answer = await get(`/console/api/calls?${new URLSearchParams(params)}`);
        expect(answer.status).to.equal(400);
        expect(answer.json).to.deep.equal({ error });
      }
      const api = await get("/console/api/calls?api=get_group_info");
      expect(api.status).to.equal(400);
      expect(api.json.error).to.match(
        /^api: "get_group_info" is not one of group_open_http_svc\/create_group, /,
      );
    });
  });
});
