/** getGroup coalescing: 1,000 concurrent single-group reads become at most 20 get_group_info calls. */
import { ImClient } from "@imgroups/tencentcloud-im/client/index";
import { expect } from "chai";
import { FAST_RETRY, fail, fakeServer, fakeSettings, type ImFixture, ok, startIm } from "./helpers";

describe("client GroupInfoLoader (getGroup)", () => {
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
    const malformed = Array.from({ length: 50 }, (_, i) => `bad\u0001${i}`); // non-printable: 10015 (docs/api-reference.md §2.2)
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

  it("joins reads that arrive a few milliseconds apart, as a Pulumi refresh delivers them", async () => {
    client.resetStats();
    // 100 reads, one every millisecond or so: separate timer callbacks, never the same tick.
    const reads = existing
      .slice(0, 100)
      .map(
        (id, i) =>
          new Promise((resolve) => setTimeout(() => resolve(client.getGroup(id)), Math.floor(i / 10))),
      );
    const groups = (await Promise.all(reads)) as Array<{ GroupId: string } | null>;
    expect(groups.map((g) => g?.GroupId)).to.deep.equal(existing.slice(0, 100));
    // 100 reads fit in two full batches; a same-tick coalescer would have sent about ten calls.
    expect(client.stats().calls["group_open_http_svc/get_group_info"]).to.be.at.most(3);
  });
});

describe("client GroupInfoLoader (getGroup), batch failures", () => {
  it("halves a batch answered 10018 (over 1 MB) and rejects a whole-call failure for its own callers only", async () => {
    const server = await fakeServer((request) => {
      const ids = (request.body as { GroupIdList: string[] }).GroupIdList;
      if (ids.length > 10) return fail(10018, "response too large");
      if (ids.includes("poison")) return fail(10007, "no permission");
      return ok({
        GroupInfo: ids.map((GroupId) => ({ GroupId, ErrorCode: 0, ErrorInfo: "", Name: GroupId })),
      });
    });
    const client = new ImClient(fakeSettings(server.url), {
      retry: FAST_RETRY,
      batchSizes: { getGroupInfo: 40 },
    });
    const ids = Array.from({ length: 40 }, (_, i) => `g${i}`);
    const groups = await Promise.all(ids.map((id) => client.getGroup(id)));
    expect(groups.map((g) => g?.Name)).to.deep.equal(ids);
    // 40 → 2×20 → 4×10: one refused call of 40, two of 20, then four that succeed.
    expect(client.stats().calls["group_open_http_svc/get_group_info"]).to.equal(7);

    const outcomes = await Promise.allSettled(
      ["a", "b", "poison", ...ids.slice(0, 5)].map((id) => client.getGroup(id)),
    );
    expect(outcomes.every((o) => o.status === "rejected")).to.equal(true);
    expect((outcomes[0] as PromiseRejectedResult).reason).to.include({ imErrorCode: 10007 });
    await client.close();
    await server.close();
  });

  it("gives a group too large for any answer its own 10018, and the others of its call their groups", async () => {
    const server = await fakeServer((request) => {
      const ids = (request.body as { GroupIdList: string[] }).GroupIdList;
      if (ids.includes("huge")) return fail(10018, "response too large");
      return ok({
        GroupInfo: ids.map((GroupId) => ({ GroupId, ErrorCode: 0, ErrorInfo: "", Name: GroupId })),
      });
    });
    const client = new ImClient(fakeSettings(server.url), { retry: FAST_RETRY });
    try {
      const outcomes = await Promise.allSettled(["a", "b", "huge", "c"].map((id) => client.getGroup(id)));
      expect(
        outcomes.map((o) => (o.status === "fulfilled" ? o.value?.Name : o.reason.imErrorCode)),
      ).to.deep.equal(["a", "b", 10018, "c"]);
      // [a b huge c] → [a b] + [huge c] → [huge] + [c].
      expect(server.seen.map((r) => (r.body as { GroupIdList: string[] }).GroupIdList)).to.deep.equal([
        ["a", "b", "huge", "c"],
        ["a", "b"],
        ["huge", "c"],
        ["huge"],
        ["c"],
      ]);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it("asks again for a group answered with a transient per-group error, and only for it", async () => {
    const failuresLeft = new Map([
      ["flaky", 2],
      ["broken", Number.POSITIVE_INFINITY],
    ]);
    const server = await fakeServer((request) => {
      const ids = (request.body as { GroupIdList: string[] }).GroupIdList;
      return ok({
        GroupInfo: ids.map((GroupId) => {
          const left = failuresLeft.get(GroupId) ?? 0;
          if (left === 0) return { GroupId, ErrorCode: 0, ErrorInfo: "", Name: GroupId };
          failuresLeft.set(GroupId, left - 1);
          return { GroupId, ErrorCode: 10002, ErrorInfo: "system error" };
        }),
      });
    });
    const client = new ImClient(fakeSettings(server.url), { retry: { ...FAST_RETRY, retries: 3 } });
    const outcomes = await Promise.allSettled(["a", "flaky", "b", "broken"].map((id) => client.getGroup(id)));
    expect(
      outcomes.slice(0, 3).map((o) => (o as PromiseFulfilledResult<{ Name: string }>).value.Name),
    ).to.deep.equal(["a", "flaky", "b"]);
    expect((outcomes[3] as PromiseRejectedResult).reason).to.include({ imErrorCode: 10002, retryable: true });
    // One call for all four, then the retries (3) ask only for the groups still failing.
    const asked = server.seen.map((r) => (r.body as { GroupIdList: string[] }).GroupIdList);
    expect(asked).to.deep.equal([
      ["a", "flaky", "b", "broken"],
      ["flaky", "broken"],
      ["flaky", "broken"],
      ["broken"],
    ]);
    await client.close();
    await server.close();
  });
});
