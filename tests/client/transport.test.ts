/**
 * Transport-level behaviour against tiny loopback servers: wire format, envelope errors, retries on
 * the API's own signals, no resend of non-idempotent calls after a lost answer, timeouts, failover.
 */
import { ImClient } from "@imgroups/tencentcloud-im/client/index";
import { Transport } from "@imgroups/tencentcloud-im/client/transport";
import { expect } from "chai";
import { FAST_RETRY, type FakeServer, fail, fakeServer, fakeSettings, ok, rejection } from "./helpers";

describe("client transport", () => {
  let server: FakeServer | undefined;
  let client: ImClient | undefined;
  afterEach(async () => {
    await client?.close();
    await server?.close();
    client = undefined;
    server = undefined;
  });

  function clientFor(url: string, options: ConstructorParameters<typeof ImClient>[1] = {}): ImClient {
    client = new ImClient(fakeSettings(url), { validateResponses: true, retry: FAST_RETRY, ...options });
    return client;
  }

  it("POSTs JSON to /v4/{service}/{command} with the signed query of docs/api-reference.md §3.1", async () => {
    server = await fakeServer(() => ok({ GroupId: "g1" }));
    const c = clientFor(server.url);
    await c.createGroup({ Type: "Public", Name: "n" });
    await c.destroyGroup({ GroupId: "g1" });
    const [first, second] = server.seen;
    expect(first!.path).to.equal("/v4/group_open_http_svc/create_group");
    expect([...first!.query.keys()]).to.have.members([
      "sdkappid",
      "identifier",
      "usersig",
      "random",
      "contenttype",
    ]);
    expect(first!.query.get("sdkappid")).to.equal("1400000001");
    expect(first!.query.get("identifier")).to.equal("administrator");
    expect(first!.query.get("contenttype")).to.equal("json");
    expect(first!.headers["content-type"]).to.equal("application/json; charset=utf-8");
    expect(first!.body).to.deep.equal({ Type: "Public", Name: "n" });
    const random = Number(first!.query.get("random"));
    expect(Number.isInteger(random) && random >= 0 && random <= 0xffffffff).to.equal(true);
    expect(second!.query.get("random")).not.to.equal(first!.query.get("random"));
    expect(second!.query.get("usersig")).to.equal(first!.query.get("usersig"));
  });

  it("fails on ActionStatus FAIL or a non-zero ErrorCode inside a 200 body, with the IM code and text", async () => {
    server = await fakeServer((_, n) =>
      n === 1 ? fail(10007, "no permission") : { ...ok(), ErrorCode: 10010 },
    );
    const c = clientFor(server.url);
    const first = await rejection(c.modifyGroupBaseInfo({ GroupId: "g", Name: "x" }));
    expect(first).to.include({
      code: "IM_API_ERROR",
      imErrorCode: 10007,
      imErrorInfo: "no permission",
      service: "group_open_http_svc",
      command: "modify_group_base_info",
      attempts: 1,
      retryable: false,
    });
    expect(first.requestId).to.be.a("string");
    const second = await rejection(c.modifyGroupBaseInfo({ GroupId: "g", Name: "x" }));
    expect(second.imErrorCode).to.equal(10010);
  });

  it("never retries validation or permission codes", async () => {
    for (const code of [10004, 10005, 10007, 10019, 10021]) {
      server = await fakeServer(() => fail(code));
      const c = clientFor(server.url);
      expect((await rejection(c.addGroupMember({ GroupId: "g", MemberList: [] }))).imErrorCode).to.equal(
        code,
      );
      expect(server.seen).to.have.length(1);
      expect(c.stats().retries).to.equal(0);
      await c.close();
      await server.close();
    }
    server = undefined;
  });

  it("retries 10002, 60007, HTTP 502/503/429 and dropped connections, then succeeds", async () => {
    const faults: Array<(res: import("node:http").ServerResponse) => unknown> = [
      () => fail(10002),
      () => fail(60007),
      (res) => res.writeHead(502).end(),
      (res) => res.writeHead(503).end(),
      (res) => res.writeHead(429).end(),
      (res) => res.socket?.destroy(),
    ];
    server = await fakeServer((_, n, res) => {
      const fault = faults[n - 1];
      if (fault === undefined) return ok({ MemberList: [{ Member_Account: "u1", Result: 1 }] });
      const answer = fault(res);
      return typeof answer === "object" && answer !== null && "ActionStatus" in answer ? answer : undefined;
    });
    const c = clientFor(server.url);
    const answer = await c.addGroupMember({ GroupId: "g", MemberList: [{ Member_Account: "u1" }] });
    expect(answer.MemberList).to.deep.equal([{ Member_Account: "u1", Result: 1 }]);
    expect(server.seen).to.have.length(faults.length + 1);
    expect(c.stats().retries).to.equal(faults.length);
    expect(c.stats().calls["group_open_http_svc/add_group_member"]).to.equal(faults.length + 1);
  });

  it("retries 10006 only where it is documented as a rate limit (import_group_member)", async () => {
    server = await fakeServer((request, n) => {
      if (request.path.endsWith("/create_group")) return fail(10006, "daily quota");
      return n === 2 ? fail(10006, "operation rate") : ok({ MemberList: [] });
    });
    const c = clientFor(server.url);
    expect(
      (await rejection(c.createGroup({ Type: "Public", Name: "n", GroupId: "g" }))).imErrorCode,
    ).to.equal(10006);
    await c.importGroupMember({ GroupId: "g", MemberList: [] });
    expect(server.seen).to.have.length(3);
  });

  it("sends a create without GroupId once when its answer is lost, and says so", async () => {
    server = await fakeServer((_, __, res) => {
      res.socket?.destroy();
      return undefined;
    });
    const c = clientFor(server.url);
    const error = await rejection(c.createGroup({ Type: "Public", Name: "n" }));
    expect(server.seen).to.have.length(1);
    expect(error).to.include({ code: "IM_TRANSPORT", outcomeUnknown: true, command: "create_group" });
    expect(error.message).to.contain("may or may not have been created").and.contain("GroupId");
  });

  it("does resend a create without GroupId when IM refused it (60007) or the connection never opened", async () => {
    server = await fakeServer((_, n) => (n === 1 ? fail(60007) : ok({ GroupId: "@TGS#2AAAAAAAA" })));
    const c = clientFor(server.url);
    expect((await c.createGroup({ Type: "Public", Name: "n" })).GroupId).to.equal("@TGS#2AAAAAAAA");
    expect(server.seen).to.have.length(2);

    const closed = await fakeServer(() => ok());
    await closed.close();
    const unreachable = clientFor(closed.url, { retry: { retries: 2, minDelayMs: 1, maxDelayMs: 1 } });
    const error = await rejection(unreachable.createGroup({ Type: "Public", Name: "n" }));
    expect(error).to.include({ code: "IM_TRANSPORT", retryable: true, outcomeUnknown: false, attempts: 3 });
  });

  it("rejects a body that is not JSON or not an envelope as IM_INVALID_RESPONSE", async () => {
    server = await fakeServer((_, n) => (n === 1 ? "<html>gateway</html>" : { hello: "world" }));
    const c = clientFor(server.url);
    expect((await rejection(c.destroyGroup({ GroupId: "g" }))).code).to.equal("IM_INVALID_RESPONSE");
    expect((await rejection(c.destroyGroup({ GroupId: "g" }))).code).to.equal("IM_INVALID_RESPONSE");
    expect(server.seen).to.have.length(2);
  });

  it("notices a drifting server with the wire schemas when validation is on", async () => {
    const drifted = ok({ MemberNum: "3", MemberList: [{ Member_Account: "u1", Role: "Boss" }] });
    server = await fakeServer(() => drifted);
    const strict = clientFor(server.url, { validateResponses: true });
    const error = await rejection(strict.getGroupMemberInfo({ GroupId: "g" }));
    expect(error.code).to.equal("IM_INVALID_RESPONSE");
    expect(error.message).to.contain("/MemberNum").and.contain("/MemberList/0/Role");
    const lenient = new ImClient(fakeSettings(server.url), { validateResponses: false });
    expect((await lenient.getGroupMemberInfo({ GroupId: "g" })).MemberNum).to.equal("3");
    await lenient.close();
  });

  it("reads both old and new spellings of mute fields (docs/api-reference.md §6.6)", async () => {
    server = await fakeServer((request) =>
      request.path.endsWith("get_group_info")
        ? ok({
            GroupInfo: [
              {
                GroupId: "g",
                ErrorCode: 0,
                ShutUpAllMember: "On",
                MemberList: [{ Member_Account: "u", ShutUpUntil: 42 }],
              },
            ],
          })
        : ok({ MemberNum: 1, MemberList: [{ Member_Account: "u", MuteUntil: 7, ShutUpUntil: 1 }] }),
    );
    const c = clientFor(server.url);
    const [info] = (await c.getGroupInfo({ GroupIdList: ["g"] })).GroupInfo;
    expect(info!.MuteAllMember).to.equal("On");
    expect(info!.MemberList![0]!.MuteUntil).to.equal(42);
    const page = await c.getGroupMemberInfo({ GroupId: "g" });
    expect(page.MemberList[0]!.MuteUntil).to.equal(7);
  });

  it("reads an old spelling written with JSON escapes", async () => {
    server = await fakeServer((_request, _n, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        '{"ActionStatus":"OK","ErrorCode":0,"GroupInfo":[{"GroupId":"g","ErrorCode":0,' +
          '"Shut\\u0055pAllMember":"On"}]}',
      );
    });
    const c = clientFor(server.url);
    const [info] = (await c.getGroupInfo({ GroupIdList: ["g"] })).GroupInfo;
    expect(info!.MuteAllMember).to.equal("On");
  });

  it("gives up after the configured retries with the last error", async () => {
    server = await fakeServer(() => fail(10002));
    const c = clientFor(server.url, { retry: { retries: 2, minDelayMs: 1, maxDelayMs: 1 } });
    const error = await rejection(c.destroyGroup({ GroupId: "g" }));
    expect(error).to.include({ imErrorCode: 10002, retryable: true, attempts: 3 });
    expect(server.seen).to.have.length(3);
  });

  it("times out a server that never answers (IM_TIMEOUT, outcome unknown)", async () => {
    server = await fakeServer(() => undefined);
    const c = clientFor(server.url, { timeouts: { headersMs: 100 }, retry: { retries: 0 } });
    const error = await rejection(c.destroyGroup({ GroupId: "g" }));
    expect(error).to.include({ code: "IM_TIMEOUT", retryable: true, outcomeUnknown: true });
  });

  it("fails over to the backup host when the primary cannot be reached", async () => {
    server = await fakeServer(() => ok());
    const dead = await fakeServer(() => ok());
    await dead.close();
    const transport = new Transport({
      baseUrls: [dead.url, server.url],
      timeouts: { connectMs: 1000, headersMs: 1000, bodyMs: 1000, callMs: 2000 },
      pool: { connections: 1, keepAliveTimeoutMs: 1000 },
    });
    const context = { service: "s", command: "c", requestId: "r", attempt: 1, secrets: [] };
    const error = await rejection(transport.post("a=1", {}, context));
    expect(error).to.include({ code: "IM_TRANSPORT", outcomeUnknown: false });
    expect(await transport.post("a=1", {}, context)).to.deep.equal(ok());
    expect(server.seen).to.have.length(1);
    await transport.close();
  });
});
