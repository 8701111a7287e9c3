/**
 * The control plane under /__emulator/: reset, seed, state, stats, stats/reset, faults (see
 * faults.test.ts) and groups/message-count, over HTTP and in process.
 */
import { expect } from "chai";
import { type Json, startTarget, type Target } from "./support/harness";

describe("control plane", () => {
  let t: Target;
  before(async () => {
    t = await startTarget("memory", { rateLimitPerSecond: 0 });
  });
  beforeEach(async () => {
    expect((await t.control("POST", "reset")).status).to.equal(200);
    await t.call("im_open_login_svc/multiaccount_import", { Accounts: ["leckie", "bob"] });
    await t.call("create_group", {
      Type: "Public",
      Name: "g",
      GroupId: "g",
      Owner_Account: "leckie",
      MemberList: [{ Member_Account: "bob" }],
    });
  });
  after(async () => {
    await t.close();
  });

  it("GET state dumps accounts, groups with members, destroyed IDs and counters — never the secret key", async () => {
    const { status, body } = await t.control("GET", "state");
    expect(status).to.equal(200);
    expect(Object.keys(body)).to.have.members(["accounts", "groups", "destroyedGroupIds", "counters"]);
    expect(body.accounts.map((a: { UserID: string }) => a.UserID)).to.deep.equal(["leckie", "bob"]);
    expect(body.groups[0]).to.include({ GroupId: "g", Owner_Account: "leckie" });
    expect(body.groups[0].MemberList).to.have.length(2);
    expect(JSON.stringify(body)).not.to.include(t.emulator.secretKey);
  });

  it("POST reset forgets everything; App admins still work", async () => {
    expect(await t.control("POST", "reset")).to.deep.equal({ status: 200, body: { ok: true } });
    const state = t.emulator.control.state();
    expect(state.groups).to.deep.equal([]);
    expect(state.accounts).to.deep.equal([]);
    expect((await t.call("get_group_info", { GroupIdList: ["g"] })).GroupInfo).to.have.nested.property(
      "[0].ErrorCode",
      10010,
    );
  });

  it("POST seed loads a snapshot: state → reset → seed gives the same state back", async () => {
    await t.call("destroy_group", { GroupId: "g" });
    await t.call("create_group", { Type: "ChatRoom", Name: "other" });
    const before = (await t.control("GET", "state")).body;
    await t.control("POST", "reset");
    expect(await t.control("POST", "seed", before)).to.deep.equal({ status: 200, body: { ok: true } });
    expect((await t.control("GET", "state")).body).to.deep.equal(before);
    expect(
      (await t.call("create_group", { Type: "Public", Name: "g", GroupId: "g" })).ErrorCode,
      "destroyed IDs kept",
    ).to.equal(10021);
    const next = await t.call("create_group", { Type: "Public", Name: "n" });
    expect(before.groups.map((g: { GroupId: string }) => g.GroupId)).not.to.include(next.GroupId);
  });

  it("a seeded state whose counters lag behind its groups never hands out an ID twice", async () => {
    await t.control("POST", "reset");
    const first = await t.call("create_group", { Type: "Public", Name: "first" });
    const state = (await t.control("GET", "state")).body;
    state.counters.nextGroupSeq = 1;
    await t.control("POST", "seed", state);
    const second = await t.call("create_group", { Type: "Public", Name: "second" });
    expect(second.ErrorCode).to.equal(0);
    expect(second.GroupId).not.to.equal(first.GroupId);
    const names = t.emulator.control.state().groups.map((g) => g.Name);
    expect(names).to.deep.equal(["first", "second"]);
  });

  it("POST seed refuses a malformed snapshot with 400 naming the field", async () => {
    const answer = await t.control("POST", "seed", {
      accounts: [],
      groups: [{ GroupId: 5 }],
      destroyedGroupIds: [],
      counters: { nextGroupSeq: 1, quotaDay: 0, quotaCount: 0 },
    });
    expect(answer.status).to.equal(400);
    expect(answer.body.error).to.include("groups[0]");
    expect(t.emulator.control.state().groups, "state untouched").to.have.length(1);
  });

  it("GET stats counts calls per service/command and errors per code; POST stats/reset zeroes them", async () => {
    await t.control("POST", "stats/reset");
    await t.call("get_group_info", { GroupIdList: ["g"] });
    await t.call("get_group_info", { GroupIdList: ["g"] });
    await t.call("create_group", { Type: "Nope", Name: "x" });
    await t.call("group_open_http_svc/unknown", {});
    const { body } = await t.control("GET", "stats");
    expect(body.calls).to.deep.equal({
      "group_open_http_svc/get_group_info": 2,
      "group_open_http_svc/create_group": 1,
      other: 1,
    });
    expect(body.errors).to.deep.equal({ 10004: 1, 10003: 1 });
    expect(body.rateLimited).to.deep.equal({});
    expect(body.faults).to.deep.equal({
      latency: 0,
      latencyAfterCommit: 0,
      systemError: 0,
      badGateway: 0,
      dropConnection: 0,
      dropAfterCommit: 0,
    });
    expect(Date.parse(body.since)).to.be.a("number");
    await t.control("POST", "stats/reset");
    expect((await t.control("GET", "stats")).body.calls).to.deep.equal({});
  });

  it("POST groups/message-count sets NextMsgSeq and LastMsgTime; members keep their read position", async () => {
    const answer = await t.control("POST", "groups/message-count", {
      GroupId: "g",
      MsgCount: 40,
      LastMsgTime: 1_700_000_000,
    });
    expect(answer).to.deep.equal({ status: 200, body: { ok: true, NextMsgSeq: 41 } });
    const info = (await t.call("get_group_info", { GroupIdList: ["g"] })).GroupInfo[0];
    expect(info).to.include({ NextMsgSeq: 41, LastMsgTime: 1_700_000_000 });
    // Both members had read everything (MsgSeq 0) before the 40 messages: 40 unread each.
    expect(info.MemberList.map((m: { MsgSeq: number }) => m.MsgSeq)).to.deep.equal([0, 0]);
  });

  it("a lower message count lowers read positions beyond the new last message", async () => {
    await t.emulator.control.setMessageCount("g", 40);
    await t.call("add_group_member", { GroupId: "g", MemberList: [{ Member_Account: "leckie" }] });
    await t.call("im_open_login_svc/account_import", { UserID: "late" });
    await t.call("add_group_member", { GroupId: "g", MemberList: [{ Member_Account: "late" }] });
    expect(await t.emulator.control.setMessageCount("g", 10)).to.equal(11);
    const list = (await t.call("get_group_member_info", { GroupId: "g", MemberInfoFilter: ["MsgSeq"] }))
      .MemberList;
    expect(list).to.deep.equal([
      { Member_Account: "leckie", MsgSeq: 0 },
      { Member_Account: "bob", MsgSeq: 0 },
      { Member_Account: "late", MsgSeq: 10 },
    ]);
  });

  it("groups/message-count answers 400 with the IM code for an unknown group or a bad count", async () => {
    const unknown = await t.control("POST", "groups/message-count", { GroupId: "nope", MsgCount: 1 });
    expect(unknown.status).to.equal(400);
    expect(unknown.body).to.include({ code: 10010 });
    const negative = await t.control("POST", "groups/message-count", { GroupId: "g", MsgCount: -1 });
    expect(negative.body.error).to.include("MsgCount: -1 is below the minimum 0");
    const missing = await t.control("POST", "groups/message-count", { GroupId: "g" });
    expect(missing.body.error).to.include("MsgCount: required field is missing");
  });

  it("answers 404 for an unknown route, 405 for a wrong method, 400 for malformed JSON", async () => {
    expect((await t.control("GET", "nothing-here")).status).to.equal(404);
    expect((await t.control("GET", "reset")).status).to.equal(405);
    const response = await fetch(`${t.emulator.url}/__emulator/seed`, { method: "POST", body: "{" });
    expect(response.status).to.equal(400);
    expect(((await response.json()) as Json).error).to.include("body:");
  });

  it("answers 400 with 60003 for a seed nested 100,000 levels deep, and keeps the state", async () => {
    const before = t.emulator.control.state();
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const response = await fetch(`${t.emulator.url}/__emulator/seed`, {
      method: "POST",
      body: `{"accounts":${deep},"groups":[],"destroyedGroupIds":[],"counters":{}}`,
    });
    expect(response.status).to.equal(400);
    expect(await response.json()).to.deep.equal({
      error: "request JSON parse error: body: nesting depth 100001 exceeds the limit of 64",
      code: 60003,
    });
    expect(t.emulator.control.state()).to.deep.equal(before);
  });

  it("an unknown route named like an Object.prototype member is 404, not a crash or 405", async () => {
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      expect((await t.control("GET", name)).status, name).to.equal(404);
    }
  });

  it("never collides with the REST API: /v4 paths are unaffected, /__emulator is not an IM service", async () => {
    expect((await t.call("get_group_info", { GroupIdList: ["g"] })).ErrorCode).to.equal(0);
    const response = await fetch(`${t.emulator.url}/v4/__emulator/reset?sdkappid=1`, {
      method: "POST",
      body: "{}",
    });
    expect(((await response.json()) as Json).ErrorCode).to.equal(60009);
    expect(t.emulator.control.state().groups).to.have.length(1);
  });
});
