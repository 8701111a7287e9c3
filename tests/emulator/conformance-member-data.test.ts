/**
 * What the provider's per-member custom data and its `inviteJoinOption` rely on: member custom data
 * (`AppMemberDefinedData`) written by create_group (002 10004 #13) and modify_group_member_info
 * (docs/api-reference.md §7.7), read back through the `AppDefinedDataFilter_GroupMember` filters of
 * get_group_info (003) and get_group_member_info (§7.5); and `InviteJoinOption` on create_group,
 * modify_group_base_info and get_group_info (§6.1, §6.4, §7.1).
 */
import { expect } from "chai";
import {
  bytes,
  type Case,
  conformance,
  createGroup,
  groupInfo,
  type Json,
  members,
} from "./support/conformance";
import type { Target } from "./support/harness";

/** "team": owner leckie, bob with two member keys, peter with one. */
async function team(t: Target, extra: Record<string, unknown> = {}): Promise<string> {
  return createGroup(t, {
    GroupId: "team",
    Owner_Account: "leckie",
    MemberList: [
      {
        Member_Account: "bob",
        AppMemberDefinedData: [
          { Key: "Level", Value: "3" },
          { Key: "Team", Value: "red" },
        ],
      },
      { Member_Account: "peter", AppMemberDefinedData: [{ Key: "Team", Value: "blue" }] },
    ],
    ...extra,
  });
}

const memberData = async (t: Target, account: string) =>
  (await members(t, "team")).get(account)!.AppMemberDefinedData;

const cases: Case[] = [
  // Member custom data
  {
    rule: "002 #13 create_group MemberList[].AppMemberDefinedData is stored per member, in the order given",
    setup: team,
    command: "get_group_info",
    body: { GroupIdList: ["team"] },
    check(response) {
      const list = new Map((response.GroupInfo[0].MemberList as Json[]).map((m) => [m.Member_Account, m]));
      expect(list.get("leckie").AppMemberDefinedData).to.deep.equal([]);
      expect(list.get("bob").AppMemberDefinedData).to.deep.equal([
        { Key: "Level", Value: "3" },
        { Key: "Team", Value: "red" },
      ]);
      expect(list.get("peter").AppMemberDefinedData).to.deep.equal([{ Key: "Team", Value: "blue" }]);
    },
  },
  {
    rule: "002 #13 a 16-byte key and a 64-byte value (UTF-8) are within the limits",
    command: "create_group",
    body: {
      GroupId: "edge",
      Type: "Public",
      Name: "g",
      MemberList: [
        {
          Member_Account: "bob",
          AppMemberDefinedData: [{ Key: `${bytes(15, "群")}k`, Value: `${bytes(63, "群")}v` }],
        },
      ],
    },
    async check(_response, t) {
      const data = (await groupInfo(t, "edge")).MemberList[0].AppMemberDefinedData;
      expect(Buffer.byteLength(data[0].Key)).to.equal(16);
      expect(Buffer.byteLength(data[0].Value)).to.equal(64);
    },
  },
  {
    rule: "§7.7 modify_group_member_info AppMemberDefinedData: a changed key keeps its place, a new key is appended",
    setup: team,
    command: "modify_group_member_info",
    body: {
      GroupId: "team",
      Member_Account: "bob",
      AppMemberDefinedData: [
        { Key: "Team", Value: "green" },
        { Key: "Since", Value: "2024" },
      ],
    },
    async check(_response, t) {
      expect(await memberData(t, "bob")).to.deep.equal([
        { Key: "Level", Value: "3" },
        { Key: "Team", Value: "green" },
        { Key: "Since", Value: "2024" },
      ]);
      expect(await memberData(t, "peter"), "other members untouched").to.deep.equal([
        { Key: "Team", Value: "blue" },
      ]);
    },
  },
  {
    rule: '§7.7 Value "" deletes the member key (the documented rule for group data, §7.1; UNCONFIRMED for members)',
    setup: team,
    command: "modify_group_member_info",
    body: { GroupId: "team", Member_Account: "bob", AppMemberDefinedData: [{ Key: "Level", Value: "" }] },
    async check(_response, t) {
      expect(await memberData(t, "bob")).to.deep.equal([{ Key: "Team", Value: "red" }]);
      const page = await t.call("get_group_member_info", {
        GroupId: "team",
        AppDefinedDataFilter_GroupMember: ["Level"],
      });
      expect(page.MemberList[1]).to.deep.include({ Member_Account: "bob", AppMemberDefinedData: [] });
    },
  },
  {
    rule: "§7.7 deleting a key the member does not have changes nothing else",
    setup: team,
    command: "modify_group_member_info",
    body: { GroupId: "team", Member_Account: "peter", AppMemberDefinedData: [{ Key: "Level", Value: "" }] },
    async check(_response, t) {
      expect(await memberData(t, "peter")).to.deep.equal([{ Key: "Team", Value: "blue" }]);
    },
  },
  {
    rule: "§7.7 + §6.5 a member value over 64 bytes is 10004",
    setup: team,
    command: "modify_group_member_info",
    body: {
      GroupId: "team",
      Member_Account: "bob",
      AppMemberDefinedData: [{ Key: "Team", Value: bytes(65) }],
    },
    code: 10004,
    info: "AppMemberDefinedData[0].Value: 65 bytes exceeds the 64-byte limit",
  },
  {
    rule: "§7.7 + §6.5 a member key over 16 bytes is 10004",
    setup: team,
    command: "modify_group_member_info",
    body: {
      GroupId: "team",
      Member_Account: "bob",
      AppMemberDefinedData: [{ Key: bytes(18, "群"), Value: "v" }],
    },
    code: 10004,
    info: "AppMemberDefinedData[0].Key: 18 bytes exceeds the 16-byte limit",
  },
  {
    rule: "§7.7 + §6.5 an empty member key is 10004",
    setup: team,
    command: "modify_group_member_info",
    body: { GroupId: "team", Member_Account: "bob", AppMemberDefinedData: [{ Key: "", Value: "v" }] },
    code: 10004,
    info: "AppMemberDefinedData[0].Key: must not be empty",
  },
  {
    rule: "§7.7 + §6.5 a repeated member key is 10004, and nothing changes",
    setup: team,
    command: "modify_group_member_info",
    body: {
      GroupId: "team",
      Member_Account: "bob",
      AppMemberDefinedData: [
        { Key: "Team", Value: "a" },
        { Key: "Team", Value: "b" },
      ],
    },
    code: 10004,
    info: 'AppMemberDefinedData[1].Key: duplicate key "Team"',
  },
  {
    rule: "§3.5 step 9 a member Value that is not a string is 10004",
    setup: team,
    command: "modify_group_member_info",
    body: { GroupId: "team", Member_Account: "bob", AppMemberDefinedData: [{ Key: "Team", Value: 5 }] },
    code: 10004,
    info: "AppMemberDefinedData[0].Value: expected string, got 5",
  },
  {
    rule: "003 get_group_info AppDefinedDataFilter_GroupMember: MemberList with only those member keys",
    setup: team,
    command: "get_group_info",
    body: { GroupIdList: ["team"], ResponseFilter: { AppDefinedDataFilter_GroupMember: ["Team"] } },
    check(response) {
      expect(response.GroupInfo[0].MemberList).to.deep.equal([
        { Member_Account: "leckie", AppMemberDefinedData: [] },
        { Member_Account: "bob", AppMemberDefinedData: [{ Key: "Team", Value: "red" }] },
        { Member_Account: "peter", AppMemberDefinedData: [{ Key: "Team", Value: "blue" }] },
      ]);
    },
  },
  {
    rule: "003 get_group_info MemberInfoFilter + AppDefinedDataFilter_GroupMember combine",
    setup: team,
    command: "get_group_info",
    body: {
      GroupIdList: ["team"],
      ResponseFilter: { MemberInfoFilter: ["Role"], AppDefinedDataFilter_GroupMember: ["Level", "Missing"] },
    },
    check(response) {
      expect(response.GroupInfo[0].MemberList[1]).to.deep.equal({
        Member_Account: "bob",
        Role: "Member",
        AppMemberDefinedData: [{ Key: "Level", Value: "3" }],
      });
    },
  },
  {
    rule: "§7.5 get_group_member_info AppDefinedDataFilter_GroupMember: every field, member data only for those keys",
    setup: team,
    command: "get_group_member_info",
    body: { GroupId: "team", AppDefinedDataFilter_GroupMember: ["Level"] },
    check(response) {
      const bob = response.MemberList[1];
      expect(bob).to.include({ Member_Account: "bob", Role: "Member", NameCard: "" });
      expect(bob.AppMemberDefinedData).to.deep.equal([{ Key: "Level", Value: "3" }]);
      expect(response.MemberList[2].AppMemberDefinedData).to.deep.equal([]);
    },
  },
  {
    rule: "§7.5 get_group_member_info MemberInfoFilter naming AppMemberDefinedData gives every key",
    setup: team,
    command: "get_group_member_info",
    body: { GroupId: "team", MemberInfoFilter: ["AppMemberDefinedData"] },
    check(response) {
      expect(response.MemberList[1]).to.deep.equal({
        Member_Account: "bob",
        AppMemberDefinedData: [
          { Key: "Level", Value: "3" },
          { Key: "Team", Value: "red" },
        ],
      });
    },
  },

  // InviteJoinOption
  {
    rule: "§6.4 create_group InviteJoinOption is stored and reported by get_group_info",
    command: "create_group",
    body: { Type: "Public", Name: "g", GroupId: "inv", InviteJoinOption: "DisableInvite" },
    async check(_response, t) {
      expect(await groupInfo(t, "inv")).to.include({ InviteJoinOption: "DisableInvite" });
      expect(await groupInfo(t, "inv", { GroupBaseInfoFilter: ["InviteJoinOption"] })).to.deep.equal({
        GroupId: "inv",
        ErrorCode: 0,
        ErrorInfo: "",
        InviteJoinOption: "DisableInvite",
      });
    },
  },
  {
    rule: "§6.4 every InviteJoinOption value is accepted by create_group in Private, Public and ChatRoom",
    async setup(t) {
      await createGroup(t, { Type: "Private", GroupId: "p", InviteJoinOption: "FreeAccess" });
      await createGroup(t, { Type: "ChatRoom", GroupId: "c", InviteJoinOption: "NeedPermission" });
    },
    command: "get_group_info",
    body: { GroupIdList: ["p", "c"], ResponseFilter: { GroupBaseInfoFilter: ["InviteJoinOption"] } },
    check(response) {
      expect(response.GroupInfo.map((g: Json) => g.InviteJoinOption)).to.deep.equal([
        "FreeAccess",
        "NeedPermission",
      ]);
    },
  },
  {
    rule: "§6.4 without InviteJoinOption get_group_info does not report one (UNCONFIRMED)",
    setup: team,
    command: "get_group_info",
    body: { GroupIdList: ["team"] },
    check(response) {
      expect(response.GroupInfo[0]).not.to.have.property("InviteJoinOption");
    },
  },
  {
    rule: "§6.4 create_group with an unknown InviteJoinOption is 10004",
    command: "create_group",
    body: { Type: "Public", Name: "g", InviteJoinOption: "DisableApply" },
    code: 10004,
    info: 'InviteJoinOption: "DisableApply" is not one of FreeAccess, NeedPermission, DisableInvite',
  },
  {
    rule: "§6.1 create_group of an AVChatRoom with InviteJoinOption is 10007 (UNCONFIRMED)",
    command: "create_group",
    body: { Type: "AVChatRoom", Name: "g", InviteJoinOption: "FreeAccess" },
    code: 10007,
    info: "InviteJoinOption: cannot be set for a AVChatRoom group",
  },
  {
    rule: "§6.1 create_group of a BChatRoom with InviteJoinOption is 10007 (UNCONFIRMED)",
    command: "create_group",
    body: { Type: "BChatRoom", Name: "g", InviteJoinOption: "FreeAccess" },
    code: 10007,
  },
  {
    rule: "§3.5 step 9 a non-string InviteJoinOption is 10004",
    command: "create_group",
    body: { Type: "Public", Name: "g", InviteJoinOption: 1 },
    code: 10004,
    info: "InviteJoinOption: expected string, got 1",
  },
  {
    rule: "§7.1 modify_group_base_info changes InviteJoinOption and bumps InfoSeq",
    setup: (t) => team(t, { InviteJoinOption: "NeedPermission" }),
    command: "modify_group_base_info",
    body: { GroupId: "team", InviteJoinOption: "FreeAccess" },
    async check(_response, t) {
      expect(await groupInfo(t, "team")).to.include({ InviteJoinOption: "FreeAccess", InfoSeq: 2 });
    },
  },
  {
    rule: "§7.1 modify_group_base_info sets InviteJoinOption on a group created without one",
    setup: team,
    command: "modify_group_base_info",
    body: { GroupId: "team", InviteJoinOption: "DisableInvite" },
    async check(_response, t) {
      expect(await groupInfo(t, "team")).to.include({ InviteJoinOption: "DisableInvite" });
    },
  },
  {
    rule: "§7.1 + §6.4 modify_group_base_info with an unknown InviteJoinOption is 10004",
    setup: team,
    command: "modify_group_base_info",
    body: { GroupId: "team", InviteJoinOption: "Anyone" },
    code: 10004,
    info: 'InviteJoinOption: "Anyone" is not one of',
  },
  {
    rule: "§6.1 InviteJoinOption of an AVChatRoom cannot be changed: 10007",
    async setup(t) {
      await createGroup(t, { Type: "AVChatRoom", GroupId: "live" });
    },
    command: "modify_group_base_info",
    body: { GroupId: "live", InviteJoinOption: "FreeAccess" },
    code: 10007,
    info: "InviteJoinOption: cannot be changed for a AVChatRoom group",
  },
  {
    rule: "000 import_group takes no InviteJoinOption: the field is ignored like any unknown field",
    command: "import_group",
    body: { Type: "Public", Name: "g", GroupId: "imp", InviteJoinOption: "FreeAccess" },
    async check(_response, t) {
      expect(await groupInfo(t, "imp")).not.to.have.property("InviteJoinOption");
    },
  },
];

conformance("member custom data and InviteJoinOption (002 #13, 003, §6.4, §7.1, §7.5, §7.7)", cases);
