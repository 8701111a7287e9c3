/**
 * Any string is input (docs/pulumi-notes.md §5): accounts (≤ 32 bytes) and custom-data keys named like
 * Object.prototype members, with a NUL or an emoji, are created, read back, modified, deleted,
 * persisted and replayed like any other name. Runs against both stores; the file store is also
 * restarted, replaying its journal, and must hold the same state.
 */
import { expect } from "chai";
import { expectOk, type Json } from "./support/conformance";
import { STORES, startTarget, type Target } from "./support/harness";

/** Names that an object used as a map would get wrong, plus a NUL and an emoji. */
const NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "nul\u0000in", "emoji😀"];
/** The group's owner; every other name is an ordinary member. */
const OWNER = NAMES[0];

/** Custom data with every name as a key, valued by its index. */
function customData(prefix: string): { Key: string; Value: string }[] {
  return NAMES.map((Key, index) => ({ Key, Value: `${prefix}${index}` }));
}

/** Members by account, as get_group_info reports them. */
function byAccount(entry: Json): Map<string, Json> {
  return new Map((entry.MemberList as Json[]).map((member) => [member.Member_Account, member]));
}

for (const kind of STORES) {
  describe(`any string is input: accounts and custom-data keys [${kind} store]`, () => {
    let t: Target;
    before(async () => {
      t = await startTarget(kind, { rateLimitPerSecond: 0, secretKey: "any-string-key" });
      await expectOk(t.call("im_open_login_svc/multiaccount_import", { Accounts: NAMES }));
      await expectOk(
        t.call("create_group", {
          Type: "Public",
          Name: "names",
          GroupId: "names",
          Owner_Account: OWNER,
          AppDefinedData: customData("g"),
          MemberList: NAMES.slice(1).map((Member_Account) => ({
            Member_Account,
            AppMemberDefinedData: customData(`${Member_Account}:`),
          })),
        }),
      );
    });
    after(async () => {
      await t.close();
    });

    it("get_group_info returns every member once, with every custom-data key", async () => {
      const entry = (await expectOk(t.call("get_group_info", { GroupIdList: ["names"] }))).GroupInfo[0];
      expect(entry.MemberNum).to.equal(NAMES.length);
      expect(entry.AppDefinedData).to.deep.equal(customData("g"));
      const members = byAccount(entry);
      expect([...members.keys()]).to.deep.equal(NAMES);
      expect(members.get(OWNER)).to.include({ Role: "Owner" });
      for (const name of NAMES.slice(1)) {
        expect(members.get(name), name).to.include({ Role: "Member" });
        expect(members.get(name).AppMemberDefinedData, name).to.deep.equal(customData(`${name}:`));
      }
    });

    it("filters name keys and fields that are Object.prototype members exactly, ignoring unknown field names", async () => {
      const entry = (
        await expectOk(
          t.call("get_group_info", {
            GroupIdList: ["names"],
            ResponseFilter: {
              GroupBaseInfoFilter: ["__proto__", "constructor", "Name"],
              MemberInfoFilter: ["__proto__", "toString", "Role"],
              AppDefinedDataFilter_Group: ["__proto__", "valueOf"],
              AppDefinedDataFilter_GroupMember: ["constructor", "emoji😀"],
            },
          }),
        )
      ).GroupInfo[0];
      expect(Object.keys(entry)).to.have.members([
        "GroupId",
        "ErrorCode",
        "ErrorInfo",
        "Name",
        "AppDefinedData",
        "MemberList",
      ]);
      expect(entry.AppDefinedData).to.deep.equal([
        { Key: "__proto__", Value: "g0" },
        { Key: "valueOf", Value: "g4" },
      ]);
      const member = byAccount(entry).get("toString");
      expect(Object.keys(member)).to.have.members(["Member_Account", "Role", "AppMemberDefinedData"]);
      expect(member.AppMemberDefinedData).to.deep.equal([
        { Key: "constructor", Value: "toString:1" },
        { Key: "emoji😀", Value: "toString:6" },
      ]);
    });

    it("get_group_member_info and get_role_in_group find every name", async () => {
      const answer = await expectOk(
        t.call("get_group_member_info", {
          GroupId: "names",
          AppDefinedDataFilter_GroupMember: ["hasOwnProperty"],
        }),
      );
      expect(answer.MemberList.map((m: Json) => m.Member_Account)).to.deep.equal(NAMES);
      expect(answer.MemberList[1].AppMemberDefinedData).to.deep.equal([
        { Key: "hasOwnProperty", Value: "constructor:3" },
      ]);
      const roles = await expectOk(t.call("get_role_in_group", { GroupId: "names", User_Account: NAMES }));
      expect(roles.UserIdList.map((r: Json) => r.Role)).to.deep.equal([
        "Owner",
        ...NAMES.slice(1).map(() => "Member"),
      ]);
      expect(
        (await t.call("get_role_in_group", { GroupId: "names", User_Account: ["prototype"] })).ErrorCode,
      ).to.equal(10019);
    });

    it("account_check tells imported names from one that is not", async () => {
      const answer = await expectOk(
        t.call("im_open_login_svc/account_check", {
          CheckItem: [...NAMES, "isPrototypeOf"].map((UserID) => ({ UserID })),
        }),
      );
      expect(answer.ResultItem.map((r: Json) => r.AccountStatus)).to.deep.equal([
        ...NAMES.map(() => "Imported"),
        "NotImported",
      ]);
    });

    it("modify, delete and re-add: custom data and members keyed by these names change exactly", async () => {
      await expectOk(
        t.call("modify_group_member_info", {
          GroupId: "names",
          Member_Account: "constructor",
          NameCard: "__proto__",
          AppMemberDefinedData: [
            { Key: "__proto__", Value: "changed" },
            { Key: "valueOf", Value: "" },
          ],
        }),
      );
      await expectOk(
        t.call("modify_group_base_info", {
          GroupId: "names",
          AppDefinedData: [
            { Key: "toString", Value: "" },
            { Key: "constructor", Value: "changed" },
          ],
        }),
      );
      await expectOk(
        t.call("delete_group_member", {
          GroupId: "names",
          MemberToDel_Account: ["hasOwnProperty", "nul\u0000in"],
        }),
      );
      await expectOk(
        t.call("add_group_member", { GroupId: "names", MemberList: [{ Member_Account: "nul\u0000in" }] }),
      );
      await expectOk(
        t.call("modify_group_member_info", { GroupId: "names", Member_Account: "valueOf", Role: "Admin" }),
      );
      const entry = (await expectOk(t.call("get_group_info", { GroupIdList: ["names"] }))).GroupInfo[0];
      expect(entry.AppDefinedData.map((kv: Json) => kv.Key)).to.deep.equal(
        NAMES.filter((name) => name !== "toString"),
      );
      expect(entry.AppDefinedData[1]).to.deep.equal({ Key: "constructor", Value: "changed" });
      const members = byAccount(entry);
      expect([...members.keys()]).to.deep.equal([
        "__proto__",
        "constructor",
        "toString",
        "valueOf",
        "emoji😀",
        "nul\u0000in",
      ]);
      expect(members.get("constructor").NameCard).to.equal("__proto__");
      expect(members.get("constructor").AppMemberDefinedData).to.deep.equal(
        customData("constructor:")
          .filter((kv) => kv.Key !== "valueOf")
          .map((kv) => (kv.Key === "__proto__" ? { Key: "__proto__", Value: "changed" } : kv)),
      );
      expect(members.get("valueOf").Role).to.equal("Admin");
      expect(members.get("nul\u0000in").AppMemberDefinedData).to.deep.equal([]);
      const owner = await expectOk(
        t.call("change_group_owner", { GroupId: "names", NewOwner_Account: "emoji😀" }),
      );
      expect(owner.ErrorCode).to.equal(0);
      expect(
        (await t.call("get_role_in_group", { GroupId: "names", User_Account: ["emoji😀", OWNER] }))
          .UserIdList,
      ).to.deep.equal([
        { Member_Account: "emoji😀", Role: "Owner" },
        { Member_Account: OWNER, Role: "Member" },
      ]);
    });

    it("an own __proto__ member of a request object is an unknown field: it is neither applied nor stored", async () => {
      const body =
        '{"Type":"Public","Name":"own","GroupId":"own-proto","__proto__":{"Name":"hijacked"},' +
        '"MemberList":[{"Member_Account":"toString","__proto__":{"Role":"Admin"},' +
        '"AppMemberDefinedData":[{"Key":"k","Value":"v","__proto__":{"Key":"x"}}]}]}';
      await expectOk(t.call("create_group", {}, { rawBody: body }));
      const entry = (await expectOk(t.call("get_group_info", { GroupIdList: ["own-proto"] }))).GroupInfo[0];
      expect(entry.Name).to.equal("own");
      expect(byAccount(entry).get("toString")).to.include({ Role: "Member" });
      expect(byAccount(entry).get("toString").AppMemberDefinedData).to.deep.equal([{ Key: "k", Value: "v" }]);
      const stored = t.emulator.control.state().groups.find((g) => g.GroupId === "own-proto")!;
      expect(JSON.stringify(stored)).not.to.include("hijacked");
      expect(JSON.stringify(stored)).not.to.include('"x"');
    });

    if (kind === "file") {
      it("the file store replays all of it after a restart", async () => {
        const before = t.emulator.control.state();
        const answerBefore = await expectOk(
          t.call("get_group_info", { GroupIdList: ["names", "own-proto"] }),
        );
        await t.stop();
        t = await startTarget("file", {
          rateLimitPerSecond: 0,
          secretKey: "any-string-key",
          dataDir: t.dataDir,
        });
        expect(t.emulator.control.state()).to.deep.equal(before);
        expect(await t.call("get_group_info", { GroupIdList: ["names", "own-proto"] })).to.deep.equal(
          answerBefore,
        );
      });
    }

    it("destroy_group removes the group; the names stay imported accounts", async () => {
      await expectOk(t.call("destroy_group", { GroupId: "names" }));
      expect((await t.call("get_group_info", { GroupIdList: ["names"] })).GroupInfo[0].ErrorCode).to.equal(
        10010,
      );
      const answer = await expectOk(
        t.call("im_open_login_svc/account_check", { CheckItem: NAMES.map((UserID) => ({ UserID })) }),
      );
      expect(answer.ResultItem.every((r: Json) => r.AccountStatus === "Imported")).to.equal(true);
    });
  });
}
