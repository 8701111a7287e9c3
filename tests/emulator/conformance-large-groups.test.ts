/**
 * Whole member lists through get_group_info (003): the provider reads member sets of up to 10,000
 * members (the ChatRoom maximum, docs/api-reference.md §6.1) with get_group_info + MemberInfoFilter, several groups
 * per call, up to the 1 MB response cap (10018). Built through the API on both stores.
 */
import { expect } from "chai";
import { expectOk, ids, importAccounts, type Json } from "./support/conformance";
import { STORES, startTarget, type Target } from "./support/harness";

/** 10,000 accounts, the ChatRoom maximum. */
const ACCOUNTS = ids("member-", 10_000).map((id) => id.replace(/(\d+)$/, (n) => n.padStart(5, "0")));
const GROUPS = ["big-1", "big-2", "big-3"];

/** A ChatRoom holding every account, built with create_group (500) and add_group_member (300 a call). */
async function bigGroup(t: Target, groupId: string): Promise<void> {
  const entries = ACCOUNTS.map((Member_Account) => ({ Member_Account }));
  await expectOk(
    t.call("create_group", {
      Type: "ChatRoom",
      Name: groupId,
      GroupId: groupId,
      MemberList: entries.slice(0, 500),
    }),
  );
  for (let i = 500; i < entries.length; i += 300) {
    const added = await expectOk(
      t.call("add_group_member", { GroupId: groupId, MemberList: entries.slice(i, i + 300) }),
    );
    expect(added.MemberList.every((m: Json) => m.Result === 1)).to.equal(true);
  }
}

for (const kind of STORES) {
  describe(`get_group_info with 10,000-member groups [${kind} store]`, function () {
    this.timeout(120_000);
    let t: Target;
    before(async () => {
      t = await startTarget(kind, { rateLimitPerSecond: 0 });
      await importAccounts(t, ACCOUNTS);
      for (const groupId of GROUPS) await bigGroup(t, groupId);
    });
    after(async () => {
      await t.close();
    });

    it("003 one 10,000-member group read with MemberInfoFilter returns every member exactly once", async () => {
      const answer = await expectOk(
        t.call("get_group_info", {
          GroupIdList: ["big-1"],
          ResponseFilter: { GroupBaseInfoFilter: ["MemberNum"], MemberInfoFilter: ["Role"] },
        }),
      );
      const group = answer.GroupInfo[0];
      expect(group).to.include({ ErrorCode: 0, MemberNum: 10_000 });
      const accounts = (group.MemberList as Json[]).map((m) => m.Member_Account);
      expect(accounts).to.have.length(10_000);
      expect(new Set(accounts).size).to.equal(10_000);
      expect(accounts).to.deep.equal(ACCOUNTS);
      expect(group.MemberList[9_999]).to.deep.equal({ Member_Account: "member-09999", Role: "Member" });
    });

    it("003 three such groups in one call exceed 1 MB: 10018 naming the size and the limit", async () => {
      const answer = await t.call("get_group_info", {
        GroupIdList: GROUPS,
        ResponseFilter: { GroupBaseInfoFilter: ["MemberNum"], MemberInfoFilter: ["Role"] },
      });
      expect(answer).to.include({ ActionStatus: "FAIL", ErrorCode: 10018 });
      const [, size] = /response: (\d+) bytes exceeds the 1048576-byte limit/.exec(answer.ErrorInfo) ?? [];
      expect(Number(size)).to.be.greaterThan(1_048_576);
      expect(Object.keys(answer)).to.have.members(["ActionStatus", "ErrorCode", "ErrorInfo"]);
    });

    it("003 the same three groups without members fit: only the member lists make the answer big", async () => {
      const answer = await expectOk(
        t.call("get_group_info", {
          GroupIdList: GROUPS,
          ResponseFilter: { GroupBaseInfoFilter: ["MemberNum"] },
        }),
      );
      expect(answer.GroupInfo.map((g: Json) => g.MemberNum)).to.deep.equal([10_000, 10_000, 10_000]);
    });
  });
}
