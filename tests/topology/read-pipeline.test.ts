/**
 * The exporter's read pipeline (topology/read-pipeline.ts), driven by reads whose answers the test
 * releases by hand: at most `window` groups open at once, refilled as groups finish; the last
 * profile read and the last member read are told so (their partial calls go at once); members held
 * never exceed the budget, a group larger than the budget is read alone; a failed read stops new
 * groups and rejects the run.
 */
import { ReadPipeline, type ReadTurn } from "@imgroups/tencentcloud-im/topology/read-pipeline";
import { expect } from "chai";

/** Lets every pending promise job and timer-free continuation run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A gate a test opens by hand. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `g${i}`);

describe("topology read pipeline (the exporter's reads)", () => {
  it("keeps at most `window` groups open and refills as they finish, reading each id once", async () => {
    const gates = new Map<string, ReturnType<typeof gate>>();
    const started: string[] = [];
    let open = 0;
    let peak = 0;
    const run = new ReadPipeline({ window: 3, memberBudget: 10 }).run(ids(7), async (id) => {
      started.push(id);
      open++;
      peak = Math.max(peak, open);
      const g = gate();
      gates.set(id, g);
      await g.promise;
      open--;
    });
    await settle();
    expect(started).to.deep.equal(["g0", "g1", "g2"]);
    gates.get("g1")!.open();
    await settle();
    expect(started).to.deep.equal(["g0", "g1", "g2", "g3"]);
    for (let round = 0; round < 7; round++) {
      for (const g of gates.values()) g.open();
      await settle();
    }
    await run;
    expect(started.sort()).to.deep.equal(ids(7).sort());
    expect(peak).to.equal(3);
  });

  it("tells the last profile read and, once every profile is answered, the last member read", async () => {
    const profiles = new Map<string, ReturnType<typeof gate>>();
    const turns = new Map<string, ReadTurn>();
    const lastMember: string[] = [];
    const run = new ReadPipeline({ window: 2, memberBudget: 10 }).run(ids(4), async (id, turn) => {
      turns.set(id, turn);
      const g = gate();
      profiles.set(id, g);
      await g.promise;
      if (turn.profileAnswered()) lastMember.push(id);
    });
    await settle();
    expect([...turns].map(([id, t]) => [id, t.lastProfile])).to.deep.equal([
      ["g0", false],
      ["g1", false],
    ]);
    profiles.get("g0")!.open();
    await settle();
    // g2 started; g3 is still to come, so no read is the last yet.
    expect(turns.get("g2")!.lastProfile).to.equal(false);
    expect(lastMember).to.deep.equal([]);
    profiles.get("g1")!.open();
    await settle();
    expect(turns.get("g3")!.lastProfile).to.equal(true);
    profiles.get("g3")!.open();
    await settle();
    // g2's profile is still open: g3's member read is not the last.
    expect(lastMember).to.deep.equal([]);
    profiles.get("g2")!.open();
    await run;
    expect(lastMember).to.deep.equal(["g2"]);
  });

  it("never holds more members than the budget, and reads a group larger than the budget alone", async () => {
    const sizes: Record<string, number> = { g0: 4, g1: 4, g2: 25, g3: 3, g4: 3 };
    const releases = new Map<string, () => void>();
    let held = 0;
    let peak = 0;
    const holding: string[] = [];
    const run = new ReadPipeline({ window: 5, memberBudget: 10 }).run(
      Object.keys(sizes),
      async (id, turn) => {
        turn.profileAnswered();
        const release = await turn.holdMembers(sizes[id]!);
        const units = Math.min(sizes[id]!, 10);
        held += units;
        peak = Math.max(peak, held);
        holding.push(id);
        releases.set(id, () => {
          held -= units;
          release();
          release(); // a second call gives nothing back twice
        });
      },
    );
    await settle();
    // g0 and g1 fit (8 of 10); g2 (capped at 10) waits, and g3, g4 wait behind it in arrival order.
    expect(holding).to.deep.equal(["g0", "g1"]);
    releases.get("g0")!();
    await settle();
    expect(holding).to.deep.equal(["g0", "g1"]);
    releases.get("g1")!();
    await settle();
    expect(holding).to.deep.equal(["g0", "g1", "g2"]);
    releases.get("g2")!();
    await settle();
    expect(holding).to.deep.equal(["g0", "g1", "g2", "g3", "g4"]);
    await run;
    expect(peak).to.equal(10);
  });

  it("stops starting groups after a read fails, and rejects with that read's error", async () => {
    const started: string[] = [];
    const run = new ReadPipeline({ window: 2, memberBudget: 10 }).run(ids(10), async (id) => {
      started.push(id);
      await settle();
      if (id === "g1") throw new Error("g1 failed");
    });
    let caught: unknown;
    try {
      await run;
    } catch (error) {
      caught = error;
    }
    expect((caught as Error).message).to.equal("g1 failed");
    await settle();
    expect(started).to.deep.equal(["g0", "g1", "g2"]);
  });

  it("refuses a window or budget below 1, naming both values", () => {
    expect(() => new ReadPipeline({ window: 0, memberBudget: 10 })).to.throw(
      RangeError,
      "window (0) and memberBudget (10) must be at least 1",
    );
  });
});
