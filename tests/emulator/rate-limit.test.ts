/**
 * Calls per second per API per app (docs/api-reference.md §2.2, §9): 60007 once an API's sliding one-second window
 * is full, per API, with the documented per-command defaults; 0 turns it off. The clock is pinned, so
 * windows are exact.
 */
import { ManualClock } from "@imgroups/im-emulator";
import { expect } from "chai";
import { startTarget, type Target } from "./support/harness";

const NOW_MS = 1_750_000_000_000;

describe("rate limit (60007)", () => {
  let clock: ManualClock;
  let t: Target | undefined;
  const start = async (options: Parameters<typeof startTarget>[1]) => {
    clock = new ManualClock(NOW_MS);
    t = await startTarget("memory", { clock, ...options });
    return t;
  };
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  /** Codes of `count` sequential calls. */
  async function codes(target: Target, command: string, count: number, body: object = {}): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < count; i++) out.push((await target.call(command, body)).ErrorCode);
    return out;
  }

  it("§2.2 the call over the per-API limit within one second gets 60007 and has no effect", async () => {
    const target = await start({ rateLimitPerSecond: 3 });
    for (let i = 0; i < 3; i++)
      expect((await target.call("create_group", { Type: "Public", Name: `g${i}` })).ErrorCode).to.equal(0);
    const refused = await target.call("create_group", { Type: "Public", Name: "over", GroupId: "over" });
    expect(refused).to.include({ ActionStatus: "FAIL", ErrorCode: 60007 });
    expect(refused.ErrorInfo).to.include(
      "group_open_http_svc/create_group: over the limit of 3 calls per second",
    );
    expect(target.emulator.control.state().groups.map((g) => g.Name)).to.deep.equal(["g0", "g1", "g2"]);
  });

  it("is a sliding window: the budget comes back 1000 ms after each admitted call", async () => {
    const target = await start({ rateLimitPerSecond: 2 });
    const info = { GroupIdList: ["x"] };
    expect(await codes(target, "get_group_info", 2, info)).to.deep.equal([0, 0]);
    clock.advance(600);
    expect(await codes(target, "get_group_info", 1, info)).to.deep.equal([60007]);
    clock.advance(399); // 999 ms after the first call
    expect(await codes(target, "get_group_info", 1, info)).to.deep.equal([60007]);
    clock.advance(1); // 1000 ms after the first two calls
    expect(await codes(target, "get_group_info", 3, info)).to.deep.equal([0, 0, 60007]);
  });

  it("counts each API separately", async () => {
    const target = await start({ rateLimitPerSecond: 1 });
    expect(await codes(target, "get_appid_group_list", 2)).to.deep.equal([0, 60007]);
    expect(
      await codes(target, "im_open_login_svc/account_check", 1, { CheckItem: [{ UserID: "a" }] }),
    ).to.deep.equal([0]);
  });

  it("§9 defaults: 100/s per API, get_appid_group_list 1/s, account_import 200/s", async () => {
    const target = await start({});
    expect(await codes(target, "get_appid_group_list", 2)).to.deep.equal([0, 60007]);
    const checks = await codes(target, "im_open_login_svc/account_check", 101, {
      CheckItem: [{ UserID: "a" }],
    });
    expect(checks.filter((c) => c === 0)).to.have.length(100);
    expect(checks[100]).to.equal(60007);
    const imports = await codes(target, "im_open_login_svc/account_import", 201, { UserID: "a" });
    expect(imports.filter((c) => c === 0)).to.have.length(200);
    expect(imports[200]).to.equal(60007);
  });

  it("rateLimitPerSecond 0 turns every limit off, including the per-command defaults", async () => {
    const target = await start({ rateLimitPerSecond: 0 });
    expect(await codes(target, "get_appid_group_list", 5)).to.deep.equal([0, 0, 0, 0, 0]);
  });

  it("rateLimits overrides one command, even with the general limit off", async () => {
    const target = await start({ rateLimitPerSecond: 0, rateLimits: { get_group_info: 2 } });
    expect(await codes(target, "get_group_info", 3, { GroupIdList: ["x"] })).to.deep.equal([0, 0, 60007]);
    expect(await codes(target, "get_appid_group_list", 3)).to.deep.equal([0, 0, 0]);
  });

  it("rejected calls do not use up the budget, and are counted in stats", async () => {
    const target = await start({ rateLimitPerSecond: 1 });
    expect(await codes(target, "get_appid_group_list", 4)).to.deep.equal([0, 60007, 60007, 60007]);
    clock.advance(1000);
    expect(await codes(target, "get_appid_group_list", 1)).to.deep.equal([0]);
    const stats = target.emulator.control.stats();
    expect(stats.rateLimited).to.deep.equal({ "group_open_http_svc/get_appid_group_list": 3 });
    expect(stats.calls["group_open_http_svc/get_appid_group_list"]).to.equal(5);
    expect(stats.errors).to.deep.equal({ 60007: 3 });
  });

  it("comes after authentication (§3.5 step 7): unauthenticated calls are not counted", async () => {
    const target = await start({ rateLimitPerSecond: 1 });
    expect((await target.call("get_appid_group_list", {}, { usersig: "bad" })).ErrorCode).to.equal(70003);
    expect(await codes(target, "get_appid_group_list", 1)).to.deep.equal([0]);
  });
});
