/**
 * The rate limiter: never more than N call starts in any window, first come first served, one budget
 * per API shared by every client of the process. The only timing assertions in the client tests are
 * these bounds ("at most N in any window"), never wall times.
 */
import { ImClient } from "@imgroups/tencentcloud-im/client/index";
import { SlidingWindowLimiter } from "@imgroups/tencentcloud-im/client/rate-limit";
import { expect } from "chai";
import { FAST_RETRY, type ImFixture, startIm, undici } from "./helpers";

/** The largest number of stamps inside any half-open window of `windowMs`. */
function maxInWindow(stamps: readonly number[], windowMs: number): number {
  const sorted = [...stamps].sort((a, b) => a - b);
  let max = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

describe("client rate limit", () => {
  it("lets at most `limit` calls start in any window and serves waiters in arrival order", async () => {
    const limiter = new SlidingWindowLimiter(5, 100);
    const stamps: number[] = [];
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        limiter.acquire().then(({ release }) => {
          stamps.push(performance.now());
          order.push(i);
          release();
        }),
      ),
    );
    expect(maxInWindow(stamps, 100)).to.be.at.most(5);
    expect(order).to.deep.equal(Array.from({ length: 30 }, (_, i) => i));
  });

  it("counts a slot until its call finished, then for one more window", async () => {
    const limiter = new SlidingWindowLimiter(2, 50);
    const first = await limiter.acquire();
    await limiter.acquire();
    let third = false;
    const pending = limiter.acquire().then((slot) => {
      third = true;
      return slot;
    });
    await new Promise((resolve) => setTimeout(resolve, 80)); // a window passes, both calls still running
    expect(third).to.equal(false);
    const releasedAt = performance.now();
    first.release();
    first.release(); // a second release is ignored
    await pending;
    expect(performance.now() - releasedAt).to.be.at.least(49);
  });

  describe("against the emulator", () => {
    let im: ImFixture;
    before(async () => {
      im = await startIm({ rateLimitPerSecond: 100 });
    });
    after(async () => {
      await im.close();
    });

    /** A dispatcher that records when each request is handed to the network. */
    function stampingAgent(stamps: number[]) {
      return new undici.Agent().compose((dispatch) => (options, handler) => {
        stamps.push(performance.now());
        return dispatch(options, handler);
      });
    }

    it("keeps 500 concurrent calls from five clients under 100 calls/s, so the server never refuses one", async () => {
      const seed = im.client();
      await seed.createGroup({ Type: "Public", Name: "rate", GroupId: "rate-limit-group" });
      const stamps: number[] = [];
      const dispatcher = stampingAgent(stamps);
      // Five clients of the same app share one budget per API, like the resources of one `pulumi up`.
      const clients = Array.from(
        { length: 5 },
        () => new ImClient(im.settings, { dispatcher, retry: FAST_RETRY, validateResponses: true }),
      );
      const answers = await Promise.all(
        Array.from({ length: 500 }, (_, i) =>
          clients[i % 5]!.getGroupInfo({ GroupIdList: ["rate-limit-group"] }),
        ),
      );
      expect(answers.every((a) => a.GroupInfo[0]!.ErrorCode === 0)).to.equal(true);
      expect(stamps).to.have.length(500);
      expect(maxInWindow(stamps, 1000)).to.be.at.most(100);
      const stats = clients.map((c) => c.stats());
      expect(
        stats.reduce((sum, s) => sum + s.retries, 0),
        "60007 answers retried",
      ).to.equal(0);
      expect(stats.reduce((sum, s) => sum + s.throttledWaits, 0)).to.be.greaterThan(300);
      await Promise.all(clients.map((c) => c.close()));
      await dispatcher.close();
    });

    it("holds get_appid_group_list to 1 call/s", async () => {
      const stamps: number[] = [];
      const dispatcher = stampingAgent(stamps);
      const client = im.client({ dispatcher });
      await Promise.all([client.getAppidGroupList(), client.getAppidGroupList(), client.getAppidGroupList()]);
      expect(stamps).to.have.length(3);
      expect(maxInWindow(stamps, 1000)).to.equal(1);
      await dispatcher.close();
    });
  });
});
