/** Every typed method against the emulator over real HTTP on loopback. */
import type { ImClient } from "@imgroups/tencentcloud-im/client/index";
import { expect } from "chai";
import { type ImFixture, rejection, startIm } from "./helpers";

describe("client methods against the emulator", () => {
  let im: ImFixture;
  let client: ImClient;
  before(async () => {
    im = await startIm();
    client = im.client();
    const imported = await client.multiaccountImport(["owner", "alice", "bob", "carol", "dave", "erin"]);
    expect(imported.every((r) => r.ok)).to.equal(true);
  });
  after(async () => {
    await im.close();
  });

  it("accountImport, multiaccountImport (plain and with profile) and accountCheck", async () => {
    await client.accountImport({ UserID: "frank", Nick: "Frank" });
    await client.accountImport({ UserID: "frank" }); // importing again succeeds (docs/api-reference.md §8.1)
    const withProfile = await client.multiaccountImport([{ UserID: "grace", Nick: "Grace" }, "heidi"]);
    expect(withProfile).to.deep.equal([
      { UserID: "grace", ok: true },
      { UserID: "heidi", ok: true },
    ]);
    const checked = await client.accountCheck(["frank", "nobody", "grace"]);
    expect(checked.map((r) => [r.UserID, r.ok, r.AccountStatus])).to.deep.equal([
      ["frank", true, "Imported"],
      ["nobody", true, "NotImported"],
      ["grace", true, "Imported"],
    ]);
  });

  it("createGroup with a custom ID and initial members, then getGroupInfo reads it back", async () => {
    const created = await client.createGroup({
      Type: "Public",
      GroupId: "methods-public",
      Name: "Public room",
      Owner_Account: "owner",
      Introduction: "intro",
      MemberList: [{ Member_Account: "alice", Role: "Admin" }, { Member_Account: "bob" }],
    });
    expect(created).to.include({ ActionStatus: "OK", ErrorCode: 0, GroupId: "methods-public" });
    const { GroupInfo } = await client.getGroupInfo({ GroupIdList: ["methods-public", "methods-missing"] });
    expect(GroupInfo).to.have.length(2);
    expect(GroupInfo[0]).to.include({
      GroupId: "methods-public",
      ErrorCode: 0,
      Type: "Public",
      Name: "Public room",
      Owner_Account: "owner",
      Introduction: "intro",
      MemberNum: 3,
    });
    const roles = Object.fromEntries(GroupInfo[0]!.MemberList!.map((m) => [m.Member_Account, m.Role]));
    expect(roles).to.deep.equal({ owner: "Owner", alice: "Admin", bob: "Member" });
    expect(GroupInfo[1]).to.include({ GroupId: "methods-missing", ErrorCode: 10010 });
  });

  it("createGroup without an ID gets an assigned @TGS# ID", async () => {
    const { GroupId } = await client.createGroup({
      Type: "Private",
      Name: "assigned",
      Owner_Account: "owner",
    });
    expect(GroupId).to.match(/^@TGS#/);
  });

  it("getGroupInfo with a ResponseFilter returns only the named fields", async () => {
    const { GroupInfo } = await client.getGroupInfo({
      GroupIdList: ["methods-public"],
      ResponseFilter: { GroupBaseInfoFilter: ["Name", "MemberNum"] },
    });
    expect(GroupInfo[0]).to.include({ Name: "Public room", MemberNum: 3 });
    expect(GroupInfo[0]).not.to.have.property("Introduction");
  });

  it("modifyGroupBaseInfo changes fields; MuteAllMember is read back under its current name", async () => {
    await client.modifyGroupBaseInfo({
      GroupId: "methods-public",
      Name: "Renamed",
      Notification: "hello",
      MaxMemberNum: 500,
      MuteAllMember: "On",
    });
    const group = await client.getGroup("methods-public");
    expect(group).to.include({
      Name: "Renamed",
      Notification: "hello",
      MaxMemberNum: 500,
      MuteAllMember: "On",
    });
  });

  it("addGroupMember, getRoleInGroup, modifyGroupMemberInfo and deleteGroupMember", async () => {
    const added = await client.addGroupMember({
      GroupId: "methods-public",
      Silence: 1,
      MemberList: [{ Member_Account: "carol" }, { Member_Account: "bob" }],
    });
    expect(added.MemberList).to.have.deep.members([
      { Member_Account: "carol", Result: 1 },
      { Member_Account: "bob", Result: 2 },
    ]);
    await client.modifyGroupMemberInfo({
      GroupId: "methods-public",
      Member_Account: "carol",
      Role: "Admin",
      NameCard: "Carol C.",
    });
    const roles = await client.getRoleInGroup({
      GroupId: "methods-public",
      User_Account: ["carol", "dave", "owner"],
    });
    expect(roles.UserIdList).to.deep.equal([
      { Member_Account: "carol", Role: "Admin" },
      { Member_Account: "dave", Role: "NotMember" },
      { Member_Account: "owner", Role: "Owner" },
    ]);
    await client.deleteGroupMember({ GroupId: "methods-public", MemberToDel_Account: ["carol", "dave"] });
    const after = await client.getRoleInGroup({ GroupId: "methods-public", User_Account: ["carol"] });
    expect(after.UserIdList[0]!.Role).to.equal("NotMember");
  });

  it("getGroupMemberInfo pages with Limit/Offset and reports the total MemberNum", async () => {
    const first = await client.getGroupMemberInfo({ GroupId: "methods-public", Limit: 2, Offset: 0 });
    const rest = await client.getGroupMemberInfo({ GroupId: "methods-public", Limit: 2, Offset: 2 });
    expect(first.MemberNum).to.equal(3);
    expect(first.MemberList).to.have.length(2);
    expect(rest.MemberList).to.have.length(1);
    const all = [...first.MemberList, ...rest.MemberList].map((m) => m.Member_Account);
    expect(all).to.have.members(["owner", "alice", "bob"]);
  });

  it("changeGroupOwner hands the group to a member", async () => {
    await client.changeGroupOwner({ GroupId: "methods-public", NewOwner_Account: "bob" });
    expect(await client.getGroup("methods-public", { GroupBaseInfoFilter: ["Owner_Account"] })).to.include({
      Owner_Account: "bob",
    });
  });

  it("importGroup with its original CreateTime, then importGroupMember with join times", async () => {
    const createTime = Math.floor(Date.now() / 1000) - 86_400;
    const { GroupId } = await client.importGroup({
      Type: "ChatRoom",
      GroupId: "methods-imported",
      Name: "Migrated",
      Owner_Account: "owner",
      CreateTime: createTime,
    });
    expect(GroupId).to.equal("methods-imported");
    const imported = await client.importGroupMember({
      GroupId,
      MemberList: [
        { Member_Account: "alice", JoinTime: createTime + 60, UnreadMsgNum: 0 },
        { Member_Account: "erin", Role: "Admin", JoinTime: createTime + 120 },
      ],
    });
    expect(imported.MemberList).to.have.deep.members([
      { Member_Account: "alice", Result: 1 },
      { Member_Account: "erin", Result: 1 },
    ]);
    const group = await client.getGroup(GroupId);
    expect(group).to.include({ CreateTime: createTime, MemberNum: 3 });
    const alice = group!.MemberList!.find((m) => m.Member_Account === "alice");
    expect(alice!.JoinTime).to.equal(createTime + 60);
  });

  it("getAppidGroupList lists the app's groups", async () => {
    const page = await client.getAppidGroupList({ Limit: 10 });
    const ids = page.GroupIdList.map((g) => g.GroupId);
    expect(ids).to.include.members(["methods-public", "methods-imported"]);
    expect(page.TotalCount).to.equal(ids.length);
    expect(page.Next).to.equal(0);
    const chatRooms = await client.getAppidGroupList({ GroupType: "ChatRoom" });
    expect(chatRooms.GroupIdList.map((g) => g.GroupId)).to.deep.equal(["methods-imported"]);
  });

  it("destroyGroup removes the group; getGroup then resolves null", async () => {
    await client.createGroup({
      Type: "Public",
      GroupId: "methods-doomed",
      Name: "Doomed",
      Owner_Account: "owner",
    });
    await client.destroyGroup({ GroupId: "methods-doomed" });
    expect(await client.getGroup("methods-doomed")).to.equal(null);
    const again = await rejection(client.destroyGroup({ GroupId: "methods-doomed" }));
    expect(again).to.include({ code: "IM_API_ERROR", imErrorCode: 10010, attempts: 1 });
  });

  it("does not retry a 10004 from the emulator", async () => {
    client.resetStats();
    const error = await rejection(
      client.createGroup({ Type: "Public", Name: "x".repeat(31), GroupId: "too-long" }),
    );
    expect(error).to.include({ code: "IM_API_ERROR", imErrorCode: 10004, retryable: false, attempts: 1 });
    expect(client.stats()).to.include({ retries: 0 });
    expect(client.stats().calls).to.deep.equal({ "group_open_http_svc/create_group": 1 });
  });
});
