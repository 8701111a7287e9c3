/**
 * The web console's HTTP side (emulator/console): the page and its files, the JSON it reads, who may
 * edit (token or secret key in a header; never a cookie, never another site), and each edit run
 * through the model as the REST API command it names — same rules, same ErrorCodes, journaled.
 * The page itself is driven in a real browser by console-browser.test.ts.
 */

import { rmSync } from "node:fs";
import { type ConsoleInfo, startEmulator } from "@imgroups/im-emulator";
import { COMMANDS } from "@imgroups/im-emulator/model/index";
import { expect } from "chai";
import { type CliChild, killChildren, startCli } from "./support/child";
import { request } from "./support/console-http";
import { type Json, startTarget, type Target, tempDir } from "./support/harness";

/** The accounts every test starts with; two of them look like markup and a prototype key. */
const XSS = "<img src=x onerror=alert(1)>";
const ACCOUNTS = ["owner", "alice", "bob", XSS, "__proto__", "stranger"];

describe("web console: HTTP endpoints", () => {
  let t: Target;
  let token: string;
  const get = (path: string, headers: Record<string, string> = {}) =>
    request(t.emulator.url, "GET", path, { headers });
  /** An edit as the page sends it: JSON, the page's own Origin, the credential in Authorization. */
  const edit = (
    name: string,
    body: unknown,
    credential: string | null = token,
    extra: Record<string, string> = {},
  ) =>
    request(t.emulator.url, "POST", `/console/api/edit/${name}`, {
      headers: {
        "Content-Type": "application/json",
        Origin: t.emulator.url,
        ...(credential === null ? {} : { Authorization: `Bearer ${credential}` }),
        ...extra,
      },
      body: JSON.stringify(body),
    });
  const groupInfo = async (groupId: string) =>
    (await t.call("get_group_info", { GroupIdList: [groupId] })).GroupInfo[0];

  before(async () => {
    t = await startTarget("memory", { rateLimitPerSecond: 0 });
    token = t.emulator.console!.token;
  });
  beforeEach(async () => {
    await t.control("POST", "reset");
    await t.call("im_open_login_svc/multiaccount_import", { Accounts: ACCOUNTS });
    await t.call("create_group", {
      Type: "Public",
      GroupId: "team",
      Name: "Team",
      Notification: "Stand-up at 10",
      Owner_Account: "owner",
      AppDefinedData: [{ Key: "topic", Value: "<b>release</b>" }],
      MemberList: [{ Member_Account: "alice", Role: "Admin" }, { Member_Account: "bob" }],
    });
    await t.call("create_group", {
      Type: "AVChatRoom",
      GroupId: "live",
      Name: "Live",
      Owner_Account: "owner",
    });
  });
  after(async () => {
    await t.close();
  });

  it("GET / serves the page with a CSP allowing only its own files; its CSS, JS and icon are served", async () => {
    const page = await get("/");
    expect(page.status).to.equal(200);
    expect(page.headers["content-type"]).to.equal("text/html; charset=utf-8");
    expect(page.text).to.include("<title>IM emulator console</title>");
    expect(page.headers["content-security-policy"]).to.include("script-src 'self'");
    expect(page.headers["content-security-policy"]).to.include("frame-ancestors 'none'");
    expect(page.headers["content-security-policy"]).not.to.include("unsafe-inline");
    expect(page.headers).to.include({ "x-content-type-options": "nosniff", "x-frame-options": "DENY" });
    expect((await get("/console/console.js")).headers["content-type"]).to.equal(
      "text/javascript; charset=utf-8",
    );
    expect((await get("/console/console.css")).headers["content-type"]).to.equal("text/css; charset=utf-8");
    expect((await get("/console/icon.svg")).headers["content-type"]).to.equal("image/svg+xml");
    const missing = await get("/console/nothing-here");
    expect(missing.status).to.equal(404);
    expect(missing.json.error).to.include('no console route "/console/nothing-here"');
    expect((await request(t.emulator.url, "POST", "/")).status).to.equal(405);
  });

  it("reads need no credential: groups with type, name, member count, owner and creation time, paged in creation order", async () => {
    const session = await get("/console/api/session");
    const apis = Object.entries(COMMANDS).flatMap(([service, commands]) =>
      Object.keys(commands).map((command) => `${service}/${command}`),
    );
    expect(session.json).to.deep.equal({
      role: "viewer",
      sdkAppId: t.emulator.sdkAppId,
      adminIdentifiers: ["administrator"],
      edits: ["rename", "notification", "add-member", "remove-member", "member", "destroy"],
      apis: [...apis, "other"],
    });
    const [team, live] = (
      await t.call("get_group_info", {
        GroupIdList: ["team", "live"],
        ResponseFilter: { GroupBaseInfoFilter: ["CreateTime"] },
      })
    ).GroupInfo;
    expect((await get("/console/api/groups")).json).to.deep.equal({
      total: 2,
      matched: 2,
      offset: 0,
      groups: [
        {
          GroupId: "team",
          Type: "Public",
          Name: "Team",
          MemberNum: 3,
          Owner_Account: "owner",
          CreateTime: team.CreateTime,
        },
        {
          GroupId: "live",
          Type: "AVChatRoom",
          Name: "Live",
          MemberNum: 1,
          Owner_Account: "owner",
          CreateTime: live.CreateTime,
        },
      ],
    });
    const second = await get("/console/api/groups?offset=1&limit=1");
    expect(second.json.groups.map((g: Json) => g.GroupId)).to.deep.equal(["live"]);
    expect(second.json).to.include({ total: 2, matched: 2, offset: 1 });
  });

  it("a group's profile and custom data are get_group_info's; its members are get_group_member_info's pages", async () => {
    const profile = (await get("/console/api/group?GroupId=team")).json;
    const { ErrorCode, ErrorInfo, MemberList, ...expected } = await groupInfo("team");
    expect(ErrorCode).to.equal(0);
    expect(MemberList).to.have.length(3);
    expect(profile).to.deep.equal(expected);
    expect(profile.AppDefinedData).to.deep.equal([{ Key: "topic", Value: "<b>release</b>" }]);

    const page = (await get("/console/api/members?GroupId=team&offset=1&limit=1")).json;
    const rest = await t.call("get_group_member_info", { GroupId: "team", Offset: 1, Limit: 1 });
    const { now, ...shown } = page;
    expect(shown).to.deep.equal({ offset: 1, MemberNum: 3, MemberList: rest.MemberList });
    // The emulator's clock, so the page tells a live mute from an expired one whatever the browser's.
    expect(now).to.be.within(Math.floor(Date.now() / 1000) - 5, Math.floor(Date.now() / 1000) + 5);
    expect(page.MemberList.map((m: Json) => [m.Member_Account, m.Role])).to.deep.equal([["alice", "Admin"]]);
  });

  it("reads keep the REST API's refusals (10010, 10015, 10007, 10004) and name bad query parameters", async () => {
    const unknown = await get("/console/api/group?GroupId=nope");
    expect(unknown.status).to.equal(400);
    expect(unknown.json).to.deep.equal({
      error: (await groupInfo("nope")).ErrorInfo,
      code: 10010,
    });
    expect((await get("/console/api/group?GroupId=")).json.code).to.equal(10015);
    expect((await get("/console/api/group?GroupId=a%00b")).json.code).to.equal(10015);
    const live = await get("/console/api/members?GroupId=live");
    expect(live.json.code).to.equal(10007);
    expect(live.json.error).to.equal(
      (await t.call("get_group_member_info", { GroupId: "live", Limit: 50 })).ErrorInfo,
    );
    const page = await get("/console/api/members?GroupId=team&limit=201");
    expect(page.json.code).to.equal(10004);
    expect(page.json.error).to.include("Limit");
    expect((await get("/console/api/group")).json.error).to.equal(
      "GroupId: required query parameter is missing",
    );
    const offset = await get("/console/api/groups?offset=-1");
    expect(offset.status).to.equal(400);
    expect(offset.json.error).to.equal(
      `offset: "-1" is not a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`,
    );
    expect((await get("/console/api/groups?limit=1001")).json.error).to.equal(
      'limit: "1001" is not a whole number from 1 to 1000',
    );
  });

  it("is read-only without a credential: an edit is 401 and changes nothing; a wrong credential is 401 even for reads", async () => {
    const refused = await edit("rename", { GroupId: "team", Name: "Hijacked" }, null);
    expect(refused.status).to.equal(401);
    expect(refused.json.error).to.equal(
      "the console is read-only: send Authorization: Bearer <console token or secret key> to edit",
    );
    expect(await groupInfo("team")).to.include({ Name: "Team", InfoSeq: 1 });

    const wrong = await edit("rename", { GroupId: "team", Name: "Hijacked" }, `${token}x`);
    expect(wrong.status).to.equal(401);
    expect(wrong.json.error).to.equal(
      "Authorization: the credential is neither the console token nor the secret key",
    );
    expect((await get("/console/api/session", { Authorization: "Bearer guess" })).status).to.equal(401);
    expect((await get("/console/api/groups", { Authorization: "Basic abc" })).json.error).to.equal(
      'Authorization: expected "Bearer <console token or secret key>"',
    );
    expect(await groupInfo("team")).to.include({ Name: "Team", InfoSeq: 1 });
  });

  it("the console token and the secret key both unlock edits; the same token in a cookie does not", async () => {
    expect((await get("/console/api/session", { Authorization: `Bearer ${token}` })).json.role).to.equal(
      "editor",
    );
    const secret = `Bearer ${t.emulator.secretKey}`;
    expect((await get("/console/api/session", { Authorization: secret })).json.role).to.equal("editor");
    expect((await edit("rename", { GroupId: "team", Name: "By token" })).status).to.equal(200);
    expect((await edit("rename", { GroupId: "team", Name: "By key" }, t.emulator.secretKey)).status).to.equal(
      200,
    );
    const cookie = await edit("rename", { GroupId: "team", Name: "By cookie" }, null, {
      Cookie: `token=${token}; credential=${token}`,
    });
    expect(cookie.status).to.equal(401);
    expect((await groupInfo("team")).Name).to.equal("By key");
  });

  it("refuses writes from another origin (403), a Host that is another DNS name (403) and a body that is not JSON (415)", async () => {
    const body = { GroupId: "team", Name: "Forged" };
    const crossSite = await edit("rename", body, token, { Origin: "http://evil.example" });
    expect(crossSite.status).to.equal(403);
    expect(crossSite.json.error).to.equal(
      `Origin: "http://evil.example" is not the console's own origin ${t.emulator.url}`,
    );
    expect((await edit("rename", body, token, { Origin: "null" })).status).to.equal(403);
    // DNS rebinding: evil.example resolving to 127.0.0.1 makes the page same-origin; its Host gives it away.
    const port = new URL(t.emulator.url).port;
    const rebound = await edit("rename", body, token, {
      Host: `evil.example:${port}`,
      Origin: `http://evil.example:${port}`,
    });
    expect(rebound.status).to.equal(403);
    expect(rebound.json.error).to.match(/^Host: "evil\.example:\d+" is not this emulator's address/);
    expect((await get("/", { Host: `evil.example:${port}` })).status).to.equal(403);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `app.localhost:${port}`]) {
      expect((await get("/console/api/session", { Host: host })).status, host).to.equal(200);
    }
    // A form post (text/plain) is what a page on another site can send without a preflight.
    const form = await edit("rename", body, token, { "Content-Type": "text/plain" });
    expect(form.status).to.equal(415);
    expect(form.json.error).to.equal('Content-Type: "text/plain" is not application/json');
    // No Origin at all: not a browser (curl, a test), so the token alone decides.
    const headless = await request(t.emulator.url, "POST", "/console/api/edit/rename", {
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify({ GroupId: "team", Name: "From curl" }),
    });
    expect(headless.status).to.equal(200);
    expect((await groupInfo("team")).Name).to.equal("From curl");
  });

  it("each edit runs its REST API command through the model: rename, notification, add and remove a member, destroy", async () => {
    const renamed = await edit("rename", { GroupId: "team", Name: "Team (renamed)" });
    expect(renamed.json).to.deep.equal({
      ok: true,
      command: "group_open_http_svc/modify_group_base_info",
      result: {},
    });
    expect(await groupInfo("team")).to.include({
      Name: "Team (renamed)",
      Notification: "Stand-up at 10",
      InfoSeq: 2,
    });

    expect((await edit("notification", { GroupId: "team", Notification: "" })).status).to.equal(200);
    expect(await groupInfo("team")).to.include({ Name: "Team (renamed)", Notification: "", InfoSeq: 3 });

    const added = await edit("add-member", { GroupId: "team", Member_Account: "stranger" });
    expect(added.json).to.deep.equal({
      ok: true,
      command: "group_open_http_svc/add_group_member",
      result: { MemberList: [{ Member_Account: "stranger", Result: 1 }] },
    });
    const again = await edit("add-member", { GroupId: "team", Member_Account: "stranger" });
    expect(again.json.result.MemberList).to.deep.equal([{ Member_Account: "stranger", Result: 2 }]);

    expect((await edit("remove-member", { GroupId: "team", Member_Account: "bob" })).status).to.equal(200);
    const members = (await t.call("get_group_member_info", { GroupId: "team" })).MemberList;
    expect(members.map((m: Json) => m.Member_Account)).to.deep.equal(["owner", "alice", "stranger"]);

    const destroyed = await edit("destroy", { GroupId: "team" });
    expect(destroyed.json).to.deep.equal({
      ok: true,
      command: "group_open_http_svc/destroy_group",
      result: {},
    });
    expect((await groupInfo("team")).ErrorCode).to.equal(10010);
    expect(
      (await t.call("create_group", { Type: "Public", GroupId: "team", Name: "again" })).ErrorCode,
    ).to.equal(10021);
    expect((await get("/console/api/groups")).json.total).to.equal(1);
  });

  it("an edit the model refuses answers the REST API's ErrorCode and ErrorInfo for the same request, and changes nothing", async () => {
    const cases: [
      edit: string,
      body: Record<string, unknown>,
      command: string,
      request: object,
      code: number,
    ][] = [
      [
        "rename",
        { GroupId: "team", Name: "x".repeat(31) },
        "modify_group_base_info",
        { Name: "x".repeat(31) },
        10004,
      ],
      ["rename", { GroupId: "team", Name: "" }, "modify_group_base_info", { Name: "" }, 10004],
      ["rename", { GroupId: "team", Name: 5 }, "modify_group_base_info", { Name: 5 }, 10004],
      [
        "notification",
        { GroupId: "team", Notification: "n".repeat(301) },
        "modify_group_base_info",
        { Notification: "n".repeat(301) },
        10004,
      ],
      [
        "add-member",
        { GroupId: "team", Member_Account: "never-imported" },
        "add_group_member",
        { MemberList: [{ Member_Account: "never-imported" }] },
        10019,
      ],
      [
        "add-member",
        { GroupId: "live", Member_Account: "alice" },
        "add_group_member",
        { MemberList: [{ Member_Account: "alice" }] },
        10007,
      ],
      [
        "remove-member",
        { GroupId: "team", Member_Account: "owner" },
        "delete_group_member",
        { MemberToDel_Account: ["owner"] },
        10007,
      ],
      ["destroy", { GroupId: "nul\u0000inside" }, "destroy_group", {}, 10015],
      ["destroy", { GroupId: "gone" }, "destroy_group", {}, 10010],
    ];
    const before = t.emulator.control.state();
    for (const [name, body, command, request, code] of cases) {
      const answer = await edit(name, body);
      const rest = await t.call(command, { GroupId: body.GroupId, ...request });
      expect(rest.ErrorCode, `${name} ${JSON.stringify(body)} over REST`).to.equal(code);
      expect(answer.status, name).to.equal(400);
      expect(answer.json, `${name} ${JSON.stringify(body)}`).to.deep.equal({ error: rest.ErrorInfo, code });
    }
    expect(t.emulator.control.state()).to.deep.equal(before);
  });

  it("checks edit bodies: a missing or unknown field, bad JSON, an unknown edit, an oversized body", async () => {
    expect((await edit("rename", { GroupId: "team" })).json).to.deep.equal({
      error: "Name: required field is missing",
    });
    expect((await edit("rename", { GroupId: "team", Name: "x", Notification: "y" })).json.error).to.equal(
      '"Notification": unknown field (rename takes GroupId, Name)',
    );
    expect((await edit("destroy", ["team"])).json.error).to.equal(
      "body: expected a JSON object with GroupId",
    );
    const notJson = await request(t.emulator.url, "POST", "/console/api/edit/destroy", {
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: "{not json",
    });
    expect(notJson.status).to.equal(400);
    expect(notJson.json.error).to.match(/^body: /);
    const unknown = await edit("__proto__", { GroupId: "team" });
    expect(unknown.status).to.equal(404);
    expect(unknown.json.error).to.equal(
      'no console edit "__proto__"; edits: rename, notification, add-member, remove-member, member, destroy',
    );
    const huge = await edit("notification", { GroupId: "team", Notification: "x".repeat(70_000) });
    expect(huge.status).to.equal(413);
    expect(huge.json.error).to.equal("body: over the limit of 65536 bytes");
    expect((await get("/console/api/edit/rename")).status).to.equal(405);
    expect(await groupInfo("team")).to.include({ Name: "Team", InfoSeq: 1 });
  });

  it("accounts and IDs such as __proto__ and <img …> are plain data: added, listed and removed verbatim", async () => {
    await t.call("create_group", {
      Type: "Public",
      GroupId: "__proto__",
      Name: XSS.slice(0, 30),
      Owner_Account: "owner",
    });
    for (const account of [XSS, "__proto__"]) {
      const added = await edit("add-member", { GroupId: "__proto__", Member_Account: account });
      expect(added.json.result.MemberList).to.deep.equal([{ Member_Account: account, Result: 1 }]);
    }
    const page = await get("/console/api/members?GroupId=__proto__");
    expect(page.headers["content-type"]).to.equal("application/json; charset=utf-8");
    expect(page.json.MemberList.map((m: Json) => m.Member_Account)).to.deep.equal([
      "owner",
      XSS,
      "__proto__",
    ]);
    expect((await get("/console/api/group?GroupId=__proto__")).json).to.include({
      GroupId: "__proto__",
      Name: XSS.slice(0, 30),
    });
    expect(
      (await edit("remove-member", { GroupId: "__proto__", Member_Account: "__proto__" })).status,
    ).to.equal(200);
    const rest = await t.call("get_group_member_info", { GroupId: "__proto__" });
    expect(rest.MemberList.map((m: Json) => m.Member_Account)).to.deep.equal(["owner", XSS]);
  });

  it("recent calls: every REST API call with command, ErrorCode, time and duration, and console edits, newest first", async () => {
    const started = Date.now();
    await t.call("get_group_info", { GroupIdList: ["team"] });
    await t.call("destroy_group", { GroupId: "no-such-group" });
    await t.call("no_such_command", {});
    await edit("rename", { GroupId: "team", Name: "Edited here" });
    await edit("remove-member", { GroupId: "team", Member_Account: "owner" });
    // The console's own reads are not API calls and are not listed.
    await get("/console/api/members?GroupId=team");
    await get("/console/api/group?GroupId=team");
    const { calls } = (await get("/console/api/calls")).json;
    const newest = calls.slice(0, 5).map((c: Json) => [c.source, c.command, c.errorCode]);
    expect(newest).to.deep.equal([
      ["console", "group_open_http_svc/delete_group_member", 10007],
      ["console", "group_open_http_svc/modify_group_base_info", 0],
      ["api", "other", 10003],
      ["api", "group_open_http_svc/destroy_group", 10010],
      ["api", "group_open_http_svc/get_group_info", 0],
    ]);
    for (const call of calls.slice(0, 5)) {
      expect(call.time).to.be.within(started - 1000, Date.now() + 1000);
      expect(call.durationMs).to.be.a("number").and.at.least(0);
    }
  });
  it("a call that got no IM answer (an injected HTTP 502) is listed with ErrorCode null", async () => {
    t.emulator.control.setFaults({ badGatewayRate: 1, commands: ["get_group_info"] });
    try {
      expect((await t.fetch("get_group_info", { GroupIdList: ["team"] })).status).to.equal(502);
    } finally {
      t.emulator.control.setFaults({});
    }
    const { calls } = (await get("/console/api/calls")).json;
    expect(calls[0]).to.include({
      source: "api",
      command: "group_open_http_svc/get_group_info",
      errorCode: null,
    });
  });
});

describe("web console: options, persistence and the CLI", () => {
  const dirs: string[] = [];
  afterEach(killChildren);
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("edits are journaled like API calls: they survive a restart of a file-store emulator", async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const options = { dataDir, secretKey: "journal-key", console: { token: "fixed-token" } };
    const first = await startTarget("file", options);
    await first.call("im_open_login_svc/multiaccount_import", { Accounts: ["owner", "alice"] });
    await first.call("create_group", {
      Type: "Public",
      GroupId: "kept",
      Name: "Kept",
      Owner_Account: "owner",
    });
    const answer = await request(first.emulator.url, "POST", "/console/api/edit/add-member", {
      headers: { "Content-Type": "application/json", Authorization: "Bearer fixed-token" },
      body: JSON.stringify({ GroupId: "kept", Member_Account: "alice" }),
    });
    expect(answer.status).to.equal(200);
    expect(first.emulator.console).to.deep.equal({ url: `${first.emulator.url}/`, token: "fixed-token" });
    await first.stop();

    const second = await startTarget("file", options);
    const members = await second.call("get_group_member_info", { GroupId: "kept" });
    expect(members.MemberList.map((m: Json) => m.Member_Account)).to.deep.equal(["owner", "alice"]);
    await second.stop();
  });

  it("console: false leaves / to the REST API; bad console options are refused naming the field, leaving the data dir free", async () => {
    const off = await startEmulator({ console: false });
    expect(off.console).to.equal(undefined);
    const root = await request(off.url, "GET", "/");
    expect(root.json).to.include({ ActionStatus: "FAIL", ErrorCode: 60002 });
    await off.close();

    const dataDir = tempDir();
    dirs.push(dataDir);
    let refused: unknown;
    try {
      await startEmulator({ dataDir, console: { token: "" } });
    } catch (error) {
      refused = error;
    }
    expect(String(refused)).to.include("console.token: must not be empty");
    try {
      await startEmulator({ dataDir, console: { recentCalls: 0 } });
      expect.fail("recentCalls 0 was accepted");
    } catch (error) {
      expect(String(error)).to.include("console.recentCalls: 0 is not a whole number from 1 to 100000");
    }
    // Nothing was left holding the data dir's lock.
    const after = await startEmulator({ dataDir });
    await after.close();
  });

  it("keeps only the last recentCalls calls", async () => {
    const t = await startTarget("memory", { rateLimitPerSecond: 0, console: { recentCalls: 3 } });
    for (let i = 0; i < 5; i++) await t.call("get_appid_group_list", { Limit: i + 1 });
    await t.call("destroy_group", { GroupId: "last" });
    const { calls } = (await request(t.emulator.url, "GET", "/console/api/calls")).json;
    expect(calls.map((c: Json) => [c.command, c.errorCode])).to.deep.equal([
      ["group_open_http_svc/destroy_group", 10010],
      ["group_open_http_svc/get_appid_group_list", 0],
      ["group_open_http_svc/get_appid_group_list", 0],
    ]);
    await t.close();
  });

  it("the CLI's ready line has console {url, token}; --console-token sets the token", async () => {
    const consoleOf = (cli: CliChild) => (cli.info as typeof cli.info & { console: ConsoleInfo }).console;
    const random = await startCli([]);
    expect(consoleOf(random).url).to.equal(`${random.info.url}/`);
    expect(consoleOf(random).token).to.match(/^[0-9a-f]{64}$/);
    random.child.kill("SIGTERM");
    await random.exited;

    const fixed = await startCli(["--console-token", "my-token"]);
    expect(consoleOf(fixed)).to.deep.equal({ url: `${fixed.info.url}/`, token: "my-token" });
    const session = await request(fixed.info.url, "GET", "/console/api/session", {
      headers: { Authorization: "Bearer my-token" },
    });
    expect(session.json.role).to.equal("editor");
    fixed.child.kill("SIGTERM");
    expect(await fixed.exited).to.equal(0);
  });
});
