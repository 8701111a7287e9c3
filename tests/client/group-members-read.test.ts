/**
 * getGroupWithMembers (issue 12): whole member lists of many large groups in close to the fewest
 * calls the 1 MB answer limit allows (⌈Σ answer bytes / 1 MiB⌉), against the emulator; groups too
 * large for one answer fall back to pages; unknown sizes still work.
 */
import {
  ImClient as Client,
  estimateMemberEntryBytes,
  type GroupWithMembers,
  type ImClient,
} from "@imgroups/tencentcloud-im/client/index";
import { expect } from "chai";
import { FAST_RETRY, fakeServer, fakeSettings, type ImFixture, ok, startIm, userIds } from "./helpers";

const BASE_FIELDS = ["Type", "Name", "Owner_Account", "MemberNum", "MaxMemberNum"];
const MEMBER_FIELDS = ["Role"];
const MIB = 1_048_576;
const GET_GROUP_INFO = "group_open_http_svc/get_group_info";
const PAGES = "group_open_http_svc/get_group_member_info";

/** The byte-based minimum: every answer carries at most 1 MiB. */
function minimumCalls(groups: readonly GroupWithMembers[], cap = MIB): number {
  return Math.ceil(groups.reduce((sum, group) => sum + group.bytes, 0) / cap);
}

/** Checks every group came back whole: its id, no MemberList in info, every member once. */
function expectWhole(
  groups: ReadonlyArray<GroupWithMembers | null>,
  ids: readonly string[],
  members: number,
) {
  expect(groups.map((group) => group?.info.GroupId)).to.deep.equal(ids);
  for (const group of groups) {
    expect(group!.info).not.to.have.property("MemberList");
    expect(group!.info.MemberNum).to.equal(members);
    expect(group!.members).to.have.length(members);
    expect(new Set(group!.members.map((member) => member.Member_Account)).size).to.equal(members);
    expect(group!.members.every((member) => member.Role !== undefined)).to.equal(true);
  }
}

/** Creates `count` ChatRooms `${prefix}-i` owned by `owner` with `accounts` as their other members. */
async function createRooms(
  client: ImClient,
  prefix: string,
  count: number,
  owner: string,
  accounts: string[],
) {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  for (const GroupId of ids) {
    await client.createGroup({
      Type: "ChatRoom",
      GroupId,
      Name: GroupId,
      Owner_Account: owner,
      MaxMemberCount: 10_000,
    });
    const imported = await client.importGroupMembers(GroupId, accounts);
    expect(imported.every((result) => result.ok)).to.equal(true);
  }
  return ids;
}

describe("client getGroupWithMembers", () => {
  describe("large groups at the real 1 MB limit", () => {
    let im: ImFixture;
    let client: ImClient;
    before(async () => {
      // A generous rate for the set-up only; the reads below are counted, not timed.
      im = await startIm({ rateLimitPerSecond: 5_000 });
      client = im.client({ rateLimit: { perSecond: 5_000 } });
      const accounts = ["owner", ...userIds("m", 9_999)];
      expect((await client.multiaccountImport(accounts)).every((result) => result.ok)).to.equal(true);
    });
    after(async () => {
      await im.close();
    });

    for (const [count, size] of [
      [100, 1_000],
      [10, 10_000],
    ] as const) {
      it(`reads ${count} groups × ${size.toLocaleString("en")} members in the byte-based minimum of get_group_info calls`, async () => {
        const ids = await createRooms(client, `r${size}`, count, "owner", userIds("m", size - 1));
        const read = (expected: (i: number) => { expectedBytes?: number; expectedMembers?: number }) =>
          Promise.all(
            ids.map((id, i) =>
              client.getGroupWithMembers(id, {
                baseFields: BASE_FIELDS,
                memberFields: MEMBER_FIELDS,
                ...expected(i),
              }),
            ),
          );

        // First read: only the member count is known. The estimate assumes 16-byte accounts (these
        // have 6), so it packs fewer groups per call than fit: never more calls than twice the minimum.
        client.resetStats();
        const first = await read(() => ({ expectedMembers: size }));
        expectWhole(first, ids, size);
        expect(first.every((group) => group!.via === "group-info")).to.equal(true);
        const minimum = minimumCalls(first as GroupWithMembers[]);
        const firstCalls = client.stats().calls;
        expect(firstCalls).to.have.keys(GET_GROUP_INFO);
        expect(firstCalls[GET_GROUP_INFO])
          .to.be.at.least(minimum)
          .and.at.most(2 * minimum);

        // The sizes that read measured pack the next one into the minimum.
        client.resetStats();
        const again = await read((i) => ({ expectedBytes: first[i]!.bytes }));
        expectWhole(again, ids, size);
        expect(again.map((group) => group!.bytes)).to.deep.equal(first.map((group) => group!.bytes));
        expect(client.stats().calls).to.deep.equal({ [GET_GROUP_INFO]: minimum });
      });
    }
  });

  describe("groups over the answer limit", () => {
    // 30 kB answers: a 1,000-member group (≈44 kB) cannot come back in one, 10 members can.
    const CAP = 30_000;
    let im: ImFixture;
    let client: ImClient;
    const big = ["big-0", "big-1"];
    const small = ["small-0", "small-1", "small-2"];
    before(async () => {
      im = await startIm({ limits: { responseBytes: CAP }, rateLimitPerSecond: 5_000 });
      client = im.client({ maxResponseBytes: CAP, rateLimit: { perSecond: 5_000 } });
      expect((await client.multiaccountImport(["owner", ...userIds("m", 999)])).every((r) => r.ok)).to.equal(
        true,
      );
      await createRooms(client, "big", 2, "owner", userIds("m", 999));
      await createRooms(client, "small", 3, "owner", userIds("m", 9));
      await createRooms(client, "mid", 1, "owner", userIds("m", 599));
    });
    after(async () => {
      await im.close();
    });

    const read = (
      ids: readonly string[],
      expected: (id: string) => { expectedBytes?: number } = () => ({}),
    ) =>
      Promise.all(
        ids.map((id) =>
          client.getGroupWithMembers(id, {
            baseFields: BASE_FIELDS,
            memberFields: MEMBER_FIELDS,
            ...expected(id),
          }),
        ),
      );

    it("reads a group too large for one answer by pages; unknown sizes cost only extra splits", async () => {
      client.resetStats();
      const ids = [small[0]!, big[0]!, small[1]!, big[1]!, small[2]!];
      const groups = await read(ids);
      expect(groups.map((group) => [group!.info.GroupId, group!.via, group!.members.length])).to.deep.equal([
        ["small-0", "group-info", 10],
        ["big-0", "pages", 1_000],
        ["small-1", "group-info", 10],
        ["big-1", "pages", 1_000],
        ["small-2", "group-info", 10],
      ]);
      expectWhole(
        groups.filter((group) => group!.via === "pages"),
        big,
        1_000,
      );
      for (const group of groups) {
        if (group!.via === "pages") expect(group!.bytes).to.be.above(CAP);
        else expect(group!.bytes).to.be.below(CAP);
      }
      // 5 pages of 200 for each big group (§7.5); get_group_info: the splits, then the base reads.
      const calls = client.stats().calls;
      expect(calls[PAGES]).to.equal(10);
      expect(calls[GET_GROUP_INFO]).to.be.above(2);

      // Known sizes: the big groups go straight to a base read and pages, the small ones share a call.
      client.resetStats();
      const bytes = new Map(groups.map((group) => [group!.info.GroupId, group!.bytes]));
      const again = await read(ids, (id) => ({ expectedBytes: bytes.get(id)! }));
      expect(again.map((group) => group!.via)).to.deep.equal(groups.map((group) => group!.via));
      expect(again.map((group) => group!.members.length)).to.deep.equal([10, 1_000, 10, 1_000, 10]);
      // One call with the small groups' members, one base-only call for both big ones.
      expect(client.stats().calls).to.deep.equal({ [GET_GROUP_INFO]: 2, [PAGES]: 10 });
    });

    it("reads a group that fits an answer only on its own in one call of its own", async () => {
      const [first] = await read(["mid-0"]);
      // Over what calls are packed to (the limit less a 4 KiB margin), under the limit itself.
      expect(first!.bytes).to.be.within(CAP - 4_096, CAP - 100);
      client.resetStats();
      const [again] = await read(["mid-0"], () => ({ expectedBytes: first!.bytes }));
      expect(again).to.include({ via: "group-info", bytes: first!.bytes });
      expect(again!.members).to.have.length(600);
      expect(client.stats().calls).to.deep.equal({ [GET_GROUP_INFO]: 1 });
    });

    it("resolves null for a group that does not exist, by either path, and the others still come back", async () => {
      const groups = await read(["absent", small[0]!, "dismissed"], (id) =>
        id === "dismissed" ? { expectedBytes: 10 * CAP } : {},
      );
      expect(groups[0]).to.equal(null);
      expect(groups[1]!.members).to.have.length(10);
      expect(groups[2]).to.equal(null);
    });
  });

  it("asks again for a group answered with a transient per-group error, members included", async () => {
    let flaky = 1;
    const server = await fakeServer((request) => {
      const { GroupIdList } = request.body as { GroupIdList: string[] };
      return ok({
        GroupInfo: GroupIdList.map((GroupId) =>
          GroupId === "flaky" && flaky-- > 0
            ? { GroupId, ErrorCode: 10002, ErrorInfo: "system error" }
            : {
                GroupId,
                ErrorCode: 0,
                ErrorInfo: "",
                Name: GroupId,
                MemberList: [{ Member_Account: "u1" }, { Member_Account: "u2" }, { Member_Account: "u1" }],
              },
        ),
      });
    });
    const client = new Client(fakeSettings(server.url), { retry: FAST_RETRY });
    try {
      const options = { baseFields: ["Name"], memberFields: [] };
      const groups = await Promise.all(
        ["steady", "flaky"].map((id) => client.getGroupWithMembers(id, options)),
      );
      expect(
        groups.map((group) => [group!.info.Name, group!.members.map((m) => m.Member_Account)]),
      ).to.deep.equal([
        ["steady", ["u1", "u2"]],
        ["flaky", ["u1", "u2"]],
      ]);
      expect(server.seen.map((r) => (r.body as { GroupIdList: string[] }).GroupIdList)).to.deep.equal([
        ["steady", "flaky"],
        ["flaky"],
      ]);
    } finally {
      await client.close();
      await server.close();
    }
  });

  it("estimates a member's entry exactly for fixed-size fields and any account name", () => {
    for (const account of ["m00001", "a\u0000b", "__proto__", "名前"]) {
      const entry = { Member_Account: account, Role: "Member" };
      expect(estimateMemberEntryBytes(account, ["Role"])).to.equal(
        Buffer.byteLength(JSON.stringify(entry)) + 1,
      );
    }
    const all = {
      Member_Account: "u",
      Role: "Member",
      JoinTime: 9_999_999_999,
      MsgFlag: "AcceptNotNotifyExceptAt",
      NameCard: "",
    };
    // Legacy names select the same fields (§6.6); unknown names add nothing; repeats count once.
    expect(
      estimateMemberEntryBytes("u", ["Account", "Role", "JoinTime", "MsgFlag", "NameCard", "Role", "Nope"]),
    ).to.equal(Buffer.byteLength(JSON.stringify(all)) + 1);
  });
});
