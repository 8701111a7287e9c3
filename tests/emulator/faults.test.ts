/**
 * Fault injection (FaultOptions): IM 10002, HTTP 502 and a dropped connection never take effect; a
 * drop after commit does; `commands` scopes faults; settings change at runtime; stats count them.
 */
import { expect } from "chai";
import { type Json, startTarget, type Target } from "./support/harness";

describe("fault injection", () => {
  let t: Target;
  /** The next values of the injector's random source (cycled). */
  let draws: number[] = [0];
  let drawn = 0;

  before(async () => {
    t = await startTarget("memory", { rateLimitPerSecond: 0, random: () => draws[drawn++ % draws.length] });
  });
  beforeEach(async () => {
    draws = [0];
    drawn = 0;
    t.emulator.control.setFaults({});
    await t.emulator.control.reset();
    t.emulator.control.resetStats();
  });
  after(async () => {
    await t.close();
  });

  const groupIds = () => t.emulator.control.state().groups.map((g) => g.GroupId);
  const create = (GroupId: string) => t.fetch("create_group", { Type: "Public", Name: "g", GroupId });

  it("systemErrorRate: IM 10002 in an HTTP 200 envelope, and no effect", async () => {
    t.emulator.control.setFaults({ systemErrorRate: 1 });
    const answer = (await (await create("a")).json()) as Json;
    expect(answer).to.deep.equal({
      ActionStatus: "FAIL",
      ErrorCode: 10002,
      ErrorInfo: "internal error: injected fault",
    });
    expect(groupIds()).to.deep.equal([]);
    expect(t.emulator.control.stats().faults.systemError).to.equal(1);
  });

  it("badGatewayRate: HTTP 502, and no effect", async () => {
    t.emulator.control.setFaults({ badGatewayRate: 1 });
    const response = await create("a");
    expect(response.status).to.equal(502);
    await response.text();
    expect(groupIds()).to.deep.equal([]);
    expect(t.emulator.control.stats().faults.badGateway).to.equal(1);
  });

  it("dropConnectionRate: the connection is destroyed before any effect", async () => {
    t.emulator.control.setFaults({ dropConnectionRate: 1 });
    let failed = false;
    await create("a").catch(() => {
      failed = true;
    });
    expect(failed, "the request should fail at the transport").to.equal(true);
    expect(groupIds()).to.deep.equal([]);
    expect(t.emulator.control.stats().faults.dropConnection).to.equal(1);
  });

  it("dropAfterCommitRate: the connection is destroyed after the group was created", async () => {
    t.emulator.control.setFaults({ dropAfterCommitRate: 1 });
    let failed = false;
    await create("a").catch(() => {
      failed = true;
    });
    expect(failed).to.equal(true);
    expect(groupIds()).to.deep.equal(["a"]);
    t.emulator.control.setFaults({});
    expect(
      ((await (await create("a")).json()) as Json).ErrorCode,
      "a retry sees its own earlier effect",
    ).to.equal(10021);
    expect(t.emulator.control.stats().faults.dropAfterCommit).to.equal(1);
  });

  it("shares are probabilities: with draws alternating 0.25 / 0.75 a 0.5 share fails every other call", async () => {
    draws = [0.25, 0.75];
    t.emulator.control.setFaults({ systemErrorRate: 0.5 });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push(((await (await create(`g${i}`)).json()) as Json).ErrorCode);
    expect(codes).to.deep.equal([10002, 0, 10002, 0]);
    expect(groupIds()).to.deep.equal(["g1", "g3"]);
  });

  it("commands: faults only on the named commands", async () => {
    t.emulator.control.setFaults({ systemErrorRate: 1, commands: ["get_group_info"] });
    expect(((await (await create("a")).json()) as Json).ErrorCode).to.equal(0);
    expect((await t.call("get_group_info", { GroupIdList: ["a"] })).ErrorCode).to.equal(10002);
  });

  it("latencyMs delays every call (and is counted)", async () => {
    t.emulator.control.setFaults({ latencyMs: 120 });
    const started = performance.now();
    expect((await t.call("get_appid_group_list", {})).ErrorCode).to.equal(0);
    expect(performance.now() - started).to.be.at.least(100);
    expect(t.emulator.control.stats().faults.latency).to.equal(1);
  });

  it("latencyAfterCommitMs holds the answer of a call that changed state, after the change is durable", async () => {
    t.emulator.control.setFaults({ latencyAfterCommitMs: 1_500, commands: ["create_group"] });
    const started = performance.now();
    let answered = false;
    const held = create("held").then(async (response) => {
      answered = true;
      return (await response.json()) as Json;
    });
    while (!groupIds().includes("held")) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(answered, "the group exists while its answer is held").to.equal(false);
    // A call that changes nothing (here a refused create) is answered at once.
    expect(((await (await create("held")).json()) as Json).ErrorCode).to.equal(10021);
    expect(answered).to.equal(false);
    expect((await held).ErrorCode).to.equal(0);
    expect(performance.now() - started).to.be.at.least(1_400);
    expect(t.emulator.control.stats().faults.latencyAfterCommit).to.equal(1);
  });

  it("faults come after the JSON-type check (step 9) but before the rules", async () => {
    t.emulator.control.setFaults({ systemErrorRate: 1 });
    expect((await t.call("create_group", { Type: "Public", Name: "" })).ErrorCode).to.equal(10002);
    expect(
      (await t.call("create_group", { Type: "Public" })).ErrorCode,
      "a JSON-type failure precedes faults",
    ).to.equal(10004);
  });

  it("faults change at runtime over the control plane, and bad settings are refused", async () => {
    const set = await t.control("POST", "faults", { systemErrorRate: 1 });
    expect(set).to.deep.equal({ status: 200, body: { systemErrorRate: 1 } });
    expect((await t.call("get_appid_group_list", {})).ErrorCode).to.equal(10002);
    expect(await t.control("GET", "faults")).to.deep.equal({ status: 200, body: { systemErrorRate: 1 } });
    const tooLikely = await t.control("POST", "faults", { badGatewayRate: 1.5 });
    expect(tooLikely.status).to.equal(400);
    expect(tooLikely.body.error).to.include("badGatewayRate: 1.5 is outside [0, 1]");
    const typo = await t.control("POST", "faults", { systemErrorRatio: 1 });
    expect(typo.body.error).to.include("systemErrorRatio: unknown field");
    const sum = await t.control("POST", "faults", { systemErrorRate: 0.6, dropConnectionRate: 0.6 });
    expect(sum.body.error).to.include("exceeds 1");
    expect((await t.control("POST", "faults", {})).body).to.deep.equal({});
    expect((await t.call("get_appid_group_list", {})).ErrorCode).to.equal(0);
  });

  it("are configured at start-up through EmulatorOptions.faults", async () => {
    const other = await startTarget("memory", { faults: { systemErrorRate: 1 } });
    try {
      expect((await other.call("get_appid_group_list", {})).ErrorCode).to.equal(10002);
    } finally {
      await other.close();
    }
  });
});
