/**
 * The CoalescingLoader's send rules (coalescing-loader.ts), driven without a server: a controllable `run` shows which
 * keys went together and when a batch was sent, relative to the loads and answers around it.
 */
import { CoalescingLoader } from "@imgroups/tencentcloud-im/client/coalescing-loader";
import { expect } from "chai";

/** A `run` whose answers the test releases by hand; `sent` lists each call's keys. */
function manualRun() {
  const sent: string[][] = [];
  const answers: Array<() => void> = [];
  const run = (_group: string, keys: string[]) => {
    sent.push(keys);
    return new Promise<Map<string, string>>((resolve) => {
      answers.push(() => resolve(new Map(keys.map((key) => [key, key.toUpperCase()]))));
    });
  };
  return { sent, answers, run };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("client CoalescingLoader", () => {
  const missing = (key: string) => new Error(`no ${key}`);

  it("sends at once a batch that holds every load the caller was seen to keep open", async () => {
    const { sent, answers, run } = manualRun();
    // Idle and max waits far beyond the test's timeout: only the size rules can send.
    const loader = new CoalescingLoader({ maxBatch: 3, idleMs: 600_000, maxWaitMs: 600_000 }, run, missing);
    const first = ["a", "b", "c"].map((key) => loader.load(key));
    expect(sent).to.deep.equal([["a", "b", "c"]]); // full
    answers[0]!();
    expect(await Promise.all(first)).to.deep.equal(["A", "B", "C"]);

    // The caller kept 3 loads open at once: 2 wait for a third, which completes the batch.
    const second = [loader.load("d"), loader.load("e")];
    expect(sent).to.have.length(1);
    second.push(loader.load("f"));
    expect(sent).to.deep.equal([
      ["a", "b", "c"],
      ["d", "e", "f"],
    ]);
    answers[1]!();
    expect(await Promise.all(second)).to.deep.equal(["D", "E", "F"]);
  });

  it("sends a load marked `now` at once, even after the caller kept several open (a read made in check)", async () => {
    const { sent, answers, run } = manualRun();
    const loader = new CoalescingLoader({ maxBatch: 50, idleMs: 600_000, maxWaitMs: 600_000 }, run, missing);
    const parallel = ["a", "b", "c"].map((key) => loader.load(key));
    // Three open at once make the peak 3: a lone load would now wait for two more that never come.
    expect(sent).to.deep.equal([]);
    parallel.push(loader.load("d"));
    await sleep(5);
    expect(sent).to.deep.equal([]);
    // `now`: nothing can join it (the engine checks one resource at a time), so it goes with what waits.
    const lone = loader.load("e", "", 0, true);
    expect(sent).to.deep.equal([["a", "b", "c", "d", "e"]]);
    answers[0]!();
    expect(await lone).to.equal("E");
    await Promise.all(parallel);
    const next = loader.load("f", "", 0, true);
    expect(sent).to.deep.equal([["a", "b", "c", "d", "e"], ["f"]]);
    answers[1]!();
    expect(await next).to.equal("F");
  });

  it("does not count quiet time while a call is in flight, and sends what gathered once it is answered", async () => {
    const { sent, answers, run } = manualRun();
    const loader = new CoalescingLoader({ maxBatch: 50, idleMs: 20, maxWaitMs: 60_000 }, run, missing);
    const first = [loader.load("a"), loader.load("b")];
    await sleep(60);
    expect(sent).to.deep.equal([["a", "b"]]); // 20 ms of quiet with nothing in flight

    // While [a, b] is unanswered, more loads are quiet for many idle periods and still wait.
    const second = [loader.load("c")];
    await sleep(120);
    second.push(loader.load("d"));
    await sleep(60);
    expect(sent).to.have.length(1);

    answers[0]!();
    expect(await Promise.all(first)).to.deep.equal(["A", "B"]);
    await sleep(60);
    expect(sent).to.deep.equal([
      ["a", "b"],
      ["c", "d"],
    ]);
    answers[1]!();
    expect(await Promise.all(second)).to.deep.equal(["C", "D"]);
  });

  it("gives the caller afterAnswerMs after an answer to send its next loads", async () => {
    const { sent, answers, run } = manualRun();
    const loader = new CoalescingLoader(
      { maxBatch: 50, idleMs: 20, afterAnswerMs: 300, maxWaitMs: 60_000 },
      run,
      missing,
    );
    const first = [loader.load("a"), loader.load("b")];
    await sleep(60);
    const second = [loader.load("c")]; // joins while [a, b] is in flight
    answers[0]!();
    await Promise.all(first);
    // The caller is slow to turn the answers into loads: 100 ms, five idle periods, still in time.
    await sleep(100);
    expect(sent).to.have.length(1);
    second.push(loader.load("d"));
    await sleep(400);
    expect(sent).to.deep.equal([
      ["a", "b"],
      ["c", "d"],
    ]);
    answers[1]!();
    expect(await Promise.all(second)).to.deep.equal(["C", "D"]);
  });

  it("packs by weight: a batch goes once full, a load that would overflow it starts the next", async () => {
    const { sent, answers, run } = manualRun();
    const loader = new CoalescingLoader(
      { maxBatch: 50, maxWeight: 100, idleMs: 600_000, maxWaitMs: 600_000 },
      run,
      missing,
    );
    const loads = [
      loader.load("a", "", 40),
      loader.load("b", "", 40),
      loader.load("a", "", 40), // the same key again adds nothing
      loader.load("c", "", 30), // 110 > 100: [a, b] goes, c starts the next batch
    ];
    expect(sent).to.deep.equal([["a", "b"]]);
    loads.push(loader.load("d", "", 70)); // exactly 100: full, goes at once
    expect(sent).to.deep.equal([
      ["a", "b"],
      ["c", "d"],
    ]);
    loads.push(loader.load("e", "", 250)); // heavier than a whole call: alone
    expect(sent).to.have.length(3);
    expect(sent[2]).to.deep.equal(["e"]);
    for (const answer of answers) answer();
    expect(await Promise.all(loads)).to.deep.equal(["A", "B", "A", "C", "D", "E"]);
  });

  it("sends a batch still gaining loads at the latest maxWaitMs after its first", async () => {
    const { sent, answers, run } = manualRun();
    const loader = new CoalescingLoader({ maxBatch: 50, idleMs: 30, maxWaitMs: 100 }, run, missing);
    const keys: string[] = [];
    const loads: Array<Promise<string>> = [];
    // A load every ~10 ms never leaves 30 ms of quiet; stop loading once the batch has gone.
    for (let i = 0; i < 30 && sent.length === 0; i++) {
      keys.push(`k${i}`);
      loads.push(loader.load(`k${i}`));
      await sleep(10);
    }
    expect(sent).to.deep.equal([keys]);
    expect(keys.length).to.be.below(30);
    answers[0]!();
    expect(await Promise.all(loads)).to.deep.equal(keys.map((key) => key.toUpperCase()));
  });
});
