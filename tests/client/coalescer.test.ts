/** getGroup coalescing: 1,000 concurrent single-group reads become at most 20 get_group_info calls. */
import type { ImClient } from "@imgroups/tencentcloud-im/client/index";
import { expect } from "chai";
import { type ImFixture, startIm } from "./helpers";

describe("client getGroup coalescer", () => {
  let im: ImFixture;
  let client: ImClient;
  const existing = Array.from({ length: 600 }, (_, i) => `co-${i}`);

  before(async () => {
    // A generous rate for the set-up only; the reads below are counted, not timed.
    im = await startIm({ rateLimitPerSecond: 2_000 });
    client = im.client({ rateLimit: { perSecond: 2_000 } });
    await Promise.all(
      existing.map((GroupId) => client.createGroup({ Type: "Public", GroupId, Name: `N${GroupId}` })),
    );
  });
  after(async () => {
    await im.close();
  });

  it("turns 1,000 concurrent reads into ≤ 20 calls; each caller gets its own group, null or error", async () => {
    const missing = Array.from({ length: 350 }, (_, i) => `absent-${i}`);
    const malformed = Array.from({ length: 50 }, (_, i) => `bad\u0001${i}`); // non-printable: 10015 (API.md §2.2)
    // Interleaved, so every batch mixes found, missing and malformed IDs.
    const requested = existing.flatMap((id, i) =>
      [id, missing[i], malformed[i]].filter((x) => x !== undefined),
    );
    client.resetStats();

    const outcomes = await Promise.allSettled(requested.map((id) => client.getGroup(id)));

    expect(client.stats().calls["group_open_http_svc/get_group_info"]).to.be.at.most(20);
    outcomes.forEach((outcome, i) => {
      const id = requested[i]!;
      if (id.startsWith("co-")) {
        expect(outcome.status).to.equal("fulfilled");
        const group = (outcome as PromiseFulfilledResult<{ GroupId: string; Name: string } | null>).value;
        expect(group).to.include({ GroupId: id, Name: `N${id}` });
      } else if (id.startsWith("absent-")) {
        expect(outcome).to.deep.equal({ status: "fulfilled", value: null });
      } else {
        expect(outcome.status).to.equal("rejected");
        const error = (outcome as PromiseRejectedResult).reason;
        expect(error).to.include({ code: "IM_API_ERROR", imErrorCode: 10015 });
        expect(error.message).to.contain("10015");
      }
    });
  });

  it("serves duplicate keys from one slot and keeps calls with different filters apart", async () => {
    client.resetStats();
    const filter = { GroupBaseInfoFilter: ["Name"] };
    const [a, b, c] = await Promise.all([
      client.getGroup("co-1"),
      client.getGroup("co-1"),
      client.getGroup("co-1", filter),
    ]);
    expect(a).to.deep.equal(b);
    expect(a).to.have.property("Type", "Public");
    expect(c).to.include({ GroupId: "co-1", Name: "Nco-1" }).and.not.have.property("Type");
    expect(client.stats().calls["group_open_http_svc/get_group_info"]).to.equal(2);
  });

  it("joins callers that arrive after an await in the same tick", async () => {
    client.resetStats();
    const late = async (id: string) => {
      await Promise.resolve();
      return client.getGroup(id);
    };
    const groups = await Promise.all([client.getGroup("co-2"), late("co-3"), late("co-4")]);
    expect(groups.map((g) => g?.GroupId)).to.deep.equal(["co-2", "co-3", "co-4"]);
    expect(client.stats().calls["group_open_http_svc/get_group_info"]).to.equal(1);
  });
});
