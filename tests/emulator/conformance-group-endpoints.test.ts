/**
 * Conformance of the other group endpoints (docs/api-reference.md §7 and the rows of §2.2 that concern them):
 * modify_group_base_info, destroy_group, add/delete_group_member, get_group_member_info,
 * modify_group_member_info, change_group_owner, get_appid_group_list, get_role_in_group.
 */
import { expect } from "chai";
import {
  bytes,
  type Case,
  conformance,
  createGroup,
  groupInfo,
  ids,
  importAccounts,
  members,
  NOW,
} from "./support/conformance";
import type { Target } from "./support/harness";

/** A Public group "team": owner leckie, admin bob, members peter and tommy (join order). */
async function team(t: Target, extra: Record<string, unknown> = {}): Promise<string> {
  return createGroup(t, {
    Owner_Account: "leckie",
    GroupId: "team",
    MemberList: [
      { Member_Account: "bob", Role: "Admin" },
      { Member_Account: "peter" },
      { Member_Account: "tommy" },
    ],
    ...extra,
  });
}

const cases: Case[] = [
  // modify_group_base_info (docs/api-reference.md §7.1)
  {
    rule: "§7.1 modify_group_base_info changes the named fields and bumps InfoSeq / LastInfoTime",
    setup: team,
    command: "modify_group_base_info",
    body: {
      GroupId: "team",
      Name: "renamed",
      Introduction: "intro",
      Notification: "notice",
      FaceUrl: "http://f",
      MaxMemberNum: 100,
    },
    async check(response, t) {
      expect(Object.keys(response)).to.have.members(["ActionStatus", "ErrorCode", "ErrorInfo"]);
      expect(await groupInfo(t, "team")).to.include({
        Name: "renamed",
        Introduction: "intro",
        Notification: "notice",
        FaceUrl: "http://f",
        MaxMemberNum: 100,
        InfoSeq: 2,
        LastInfoTime: NOW,
      });
    },
  },
  {
    rule: "§7.1 + §6.6 legacy ShutUpAllMember is accepted; MuteAllMember is emitted",
    setup: team,
    command: "modify_group_base_info",
    body: { GroupId: "team", ShutUpAllMember: "On" },
    async check(_response, t) {
      expect((await groupInfo(t, "team")).MuteAllMember).to.equal("On");
    },
  },
  {
    rule: '§7.1 AppDefinedData: a changed key keeps its place, a new key is appended, Value "" deletes',
    setup: (t) =>
      team(t, {
        AppDefinedData: [
          { Key: "a", Value: "1" },
          { Key: "b", Value: "2" },
        ],
      }),
    command: "modify_group_base_info",
    body: {
      GroupId: "team",
      AppDefinedData: [
        { Key: "a", Value: "9" },
        { Key: "b", Value: "" },
        { Key: "c", Value: "3" },
      ],
    },
    async check(_response, t) {
      expect((await groupInfo(t, "team")).AppDefinedData).to.deep.equal([
        { Key: "a", Value: "9" },
        { Key: "c", Value: "3" },
      ]);
    },
  },
  {
    rule: "§7.1 + §6.5 Name empty is 10004",
    setup: team,
    command: "modify_group_base_info",
    body: { GroupId: "team", Name: "" },
    code: 10004,
    info: "Name: must not be empty",
  },
  {
    rule: "§7.1 + §6.5 Notification over 300 bytes is 10004",
    setup: team,
    command: "modify_group_base_info",
    body: { GroupId: "team", Notification: bytes(301) },
    code: 10004,
    info: "Notification: 301 bytes exceeds the 300-byte limit",
  },
  {
    rule: "§7.1 MaxMemberNum above the type maximum is 10004",
    setup: team,
    command: "modify_group_base_info",
    body: { GroupId: "team", MaxMemberNum: 2001 },
    code: 10004,
    info: "MaxMemberNum: 2001 exceeds the Public maximum of 2000",
  },
  {
    rule: "§2.2 MaxMemberNum below the current MemberNum is 10004",
    setup: team,
    command: "modify_group_base_info",
    body: { GroupId: "team", MaxMemberNum: 3 },
    code: 10004,
    info: "MaxMemberNum: 3 is below the current MemberNum 4",
  },
  {
    rule: "§7.1 MaxMemberNum is ignored for AVChatRoom",
    setup: (t) => createGroup(t, { Type: "AVChatRoom", GroupId: "live" }),
    command: "modify_group_base_info",
    body: { GroupId: "live", MaxMemberNum: 5 },
    async check(_response, t) {
      expect((await groupInfo(t, "live")).MaxMemberNum).to.equal(0);
    },
  },
  {
    rule: "§6.1 the join option of a Private (Work) group cannot be changed: 10007",
    setup: (t) => createGroup(t, { Type: "Private", GroupId: "work" }),
    command: "modify_group_base_info",
    body: { GroupId: "work", ApplyJoinOption: "FreeAccess" },
    code: 10007,
    info: "ApplyJoinOption: cannot be changed for a Private group",
  },
  {
    rule: "§6.4 ApplyJoinOption outside the enumeration is 10004",
    setup: team,
    command: "modify_group_base_info",
    body: { GroupId: "team", ApplyJoinOption: "Sometimes" },
    code: 10004,
    info: 'ApplyJoinOption: "Sometimes" is not one of',
  },
  {
    rule: "§6.4 MuteAllMember must be On or Off",
    setup: team,
    command: "modify_group_base_info",
    body: { GroupId: "team", MuteAllMember: "Yes" },
    code: 10004,
    info: 'MuteAllMember: "Yes" is not one of On, Off',
  },
  {
    rule: "§7.1 From_Account: an ordinary member may not edit a Public group's profile (10007)",
    setup: team,
    command: "modify_group_base_info",
    body: { GroupId: "team", Name: "x", From_Account: "peter" },
    code: 10007,
    info: 'From_Account: "peter" may not edit',
  },
  {
    rule: "§7 10010 modify_group_base_info on an unknown group",
    command: "modify_group_base_info",
    body: { GroupId: "nope", Name: "x" },
    code: 10010,
    info: 'group "nope" does not exist',
  },
  // destroy_group (docs/api-reference.md §7.2)
  {
    rule: "§7.2 destroy_group: the ID then answers 10010",
    setup: team,
    command: "destroy_group",
    body: { GroupId: "team" },
    async check(response, t) {
      expect(Object.keys(response)).to.have.members(["ActionStatus", "ErrorCode", "ErrorInfo"]);
      const again = await t.call("destroy_group", { GroupId: "team" });
      expect(again).to.include({ ErrorCode: 10010 });
      expect(again.ErrorInfo).to.include("was dismissed");
    },
  },
  // add_group_member (docs/api-reference.md §7.3)
  {
    rule: "§7.3 add_group_member: Result 1 added, 2 already a member or repeated",
    setup: team,
    command: "add_group_member",
    body: {
      GroupId: "team",
      Silence: 1,
      MemberList: [{ Member_Account: "jared" }, { Member_Account: "bob" }, { Member_Account: "jared" }],
    },
    async check(response, t) {
      expect(Object.keys(response)).to.have.members(["ActionStatus", "ErrorCode", "ErrorInfo", "MemberList"]);
      expect(response.MemberList).to.deep.equal([
        { Member_Account: "jared", Result: 1 },
        { Member_Account: "bob", Result: 2 },
        { Member_Account: "jared", Result: 2 },
      ]);
      expect((await members(t, "team")).get("jared")).to.include({ Role: "Member", JoinTime: NOW });
    },
  },
  {
    rule: "§2.2 add_group_member batch limit 300: 301 is 10005",
    setup: team,
    command: "add_group_member",
    body: { GroupId: "team", MemberList: ids("m", 301).map((Member_Account) => ({ Member_Account })) },
    code: 10005,
    info: "MemberList: 301 entries exceeds the limit of 300",
  },
  {
    rule: "§2.2 add_group_member: an unimported account fails the whole request (10019)",
    setup: team,
    command: "add_group_member",
    body: { GroupId: "team", MemberList: [{ Member_Account: "jared" }, { Member_Account: "ghost" }] },
    code: 10019,
    info: 'MemberList[1].Member_Account: account "ghost" is not imported',
    async check(_response, t) {
      expect((await members(t, "team")).has("jared")).to.equal(false);
    },
  },
  {
    rule: "§7.3 add_group_member to an AVChatRoom is 10007",
    setup: (t) => createGroup(t, { Type: "AVChatRoom", GroupId: "live" }),
    command: "add_group_member",
    body: { GroupId: "live", MemberList: [{ Member_Account: "jared" }] },
    code: 10007,
    info: "AVChatRoom",
  },
  {
    rule: "§7.3 10014 the group would exceed MaxMemberNum: nothing is added",
    setup: (t) => team(t, { MaxMemberCount: 5 }),
    command: "add_group_member",
    body: { GroupId: "team", MemberList: [{ Member_Account: "jared" }, { Member_Account: "amy" }] },
    code: 10014,
    info: "MemberList: 6 members would exceed MaxMemberNum 5",
    async check(_response, t) {
      expect((await groupInfo(t, "team")).MemberNum).to.equal(4);
    },
  },
  {
    rule: "§6.4 Silence must be 0 or 1",
    setup: team,
    command: "add_group_member",
    body: { GroupId: "team", Silence: 2, MemberList: [{ Member_Account: "jared" }] },
    code: 10004,
    info: "Silence: 2 is not 0 or 1",
  },
  // delete_group_member (docs/api-reference.md §7.4)
  {
    rule: "§7.4 delete_group_member: members removed, non-members in the list still succeed",
    setup: team,
    command: "delete_group_member",
    body: { GroupId: "team", Silence: 1, Reason: "bye", MemberToDel_Account: ["peter", "jared"] },
    async check(response, t) {
      expect(Object.keys(response)).to.have.members(["ActionStatus", "ErrorCode", "ErrorInfo"]);
      expect([...(await members(t, "team")).keys()]).to.deep.equal(["leckie", "bob", "tommy"]);
    },
  },
  {
    rule: "§7.4 at most 100 accounts per delete: 101 is 10005",
    setup: team,
    command: "delete_group_member",
    body: { GroupId: "team", MemberToDel_Account: ids("m", 101) },
    code: 10005,
    info: "MemberToDel_Account: 101 entries exceeds the limit of 100",
  },
  {
    rule: "§2.2 removing the owner is refused for the whole request (10007)",
    setup: team,
    command: "delete_group_member",
    body: { GroupId: "team", MemberToDel_Account: ["peter", "leckie"] },
    code: 10007,
    info: 'MemberToDel_Account[1]: the owner "leckie" cannot be removed',
    async check(_response, t) {
      expect((await members(t, "team")).has("peter")).to.equal(true);
    },
  },
  {
    rule: "§7.4 delete_group_member on an AVChatRoom is 10004",
    setup: (t) => createGroup(t, { Type: "AVChatRoom", GroupId: "live" }),
    command: "delete_group_member",
    body: { GroupId: "live", MemberToDel_Account: ["bob"] },
    code: 10004,
    info: "AVChatRoom",
  },
  {
    rule: "§7.4 removing everyone but the owner keeps the group",
    setup: team,
    command: "delete_group_member",
    body: { GroupId: "team", MemberToDel_Account: ["bob", "peter", "tommy"] },
    async check(_response, t) {
      expect((await groupInfo(t, "team")).MemberNum).to.equal(1);
    },
  },
  // get_group_member_info (docs/api-reference.md §7.5)
  {
    rule: "§7.5 get_group_member_info: MemberNum is the total, members in join order, every field",
    setup: team,
    command: "get_group_member_info",
    body: { GroupId: "team" },
    check(response) {
      expect(Object.keys(response)).to.have.members([
        "ActionStatus",
        "ErrorCode",
        "ErrorInfo",
        "MemberNum",
        "MemberList",
      ]);
      expect(response.MemberNum).to.equal(4);
      const list = response.MemberList as Record<string, unknown>[];
      expect(list.map((m) => m.Member_Account)).to.deep.equal(["leckie", "bob", "peter", "tommy"]);
      expect(Object.keys(list[0])).to.have.members([
        "Member_Account",
        "Role",
        "JoinTime",
        "MsgSeq",
        "MsgFlag",
        "LastSendMsgTime",
        "MuteUntil",
        "ShutUpUntil",
        "NameCard",
        "AppMemberDefinedData",
      ]);
    },
  },
  {
    rule: "§7.5 Limit/Offset paging in join order",
    setup: team,
    command: "get_group_member_info",
    body: { GroupId: "team", Limit: 2, Offset: 1, MemberInfoFilter: ["Role"] },
    check(response) {
      expect(response.MemberNum).to.equal(4);
      expect(response.MemberList).to.deep.equal([
        { Member_Account: "bob", Role: "Admin" },
        { Member_Account: "peter", Role: "Member" },
      ]);
    },
  },
  {
    rule: "§7.5 MemberRoleFilter selects roles; MemberNum stays the group total (UNCONFIRMED)",
    setup: team,
    command: "get_group_member_info",
    body: { GroupId: "team", MemberRoleFilter: ["Owner", "Admin"], MemberInfoFilter: ["Role"] },
    check(response) {
      expect(response.MemberNum).to.equal(4);
      expect(response.MemberList).to.deep.equal([
        { Member_Account: "leckie", Role: "Owner" },
        { Member_Account: "bob", Role: "Admin" },
      ]);
    },
  },
  {
    rule: "§2.2 get_group_member_info Limit above 200 is 10004",
    setup: team,
    command: "get_group_member_info",
    body: { GroupId: "team", Limit: 201 },
    code: 10004,
    info: "Limit: 201 exceeds the maximum 200",
  },
  {
    rule: "§6.4 MemberRoleFilter values are Owner, Admin, Member",
    setup: team,
    command: "get_group_member_info",
    body: { GroupId: "team", MemberRoleFilter: ["Boss"] },
    code: 10004,
    info: 'MemberRoleFilter[0]: "Boss" is not one of Owner, Admin, Member',
  },
  {
    rule: "§2.2 get_group_member_info on an AVChatRoom is 10007",
    setup: (t) => createGroup(t, { Type: "AVChatRoom", GroupId: "live" }),
    command: "get_group_member_info",
    body: { GroupId: "live" },
    code: 10007,
    info: "AVChatRoom",
  },
  {
    rule: "§7.5 paging past the end returns an empty page",
    setup: team,
    command: "get_group_member_info",
    body: { GroupId: "team", Limit: 100, Offset: 10 },
    check(response) {
      expect(response.MemberList).to.deep.equal([]);
    },
  },
  // modify_group_member_info (docs/api-reference.md §7.7)
  {
    rule: "§7.7 modify_group_member_info: promote to Admin, MsgFlag, NameCard, custom data, MuteTime",
    setup: team,
    command: "modify_group_member_info",
    body: {
      GroupId: "team",
      Member_Account: "peter",
      Role: "Admin",
      MsgFlag: "AcceptNotNotify",
      NameCard: "Pete",
      AppMemberDefinedData: [{ Key: "k", Value: "v" }],
      MuteTime: 600,
    },
    async check(response, t) {
      expect(Object.keys(response)).to.have.members(["ActionStatus", "ErrorCode", "ErrorInfo"]);
      expect((await members(t, "team")).get("peter")).to.deep.include({
        Role: "Admin",
        MsgFlag: "AcceptNotNotify",
        NameCard: "Pete",
        MuteUntil: NOW + 600,
        AppMemberDefinedData: [{ Key: "k", Value: "v" }],
      });
    },
  },
  {
    rule: "§6.6 legacy ShutUpTime is accepted; 0 unmutes",
    async setup(t) {
      await team(t);
      await t.call("modify_group_member_info", { GroupId: "team", Member_Account: "peter", ShutUpTime: 60 });
    },
    command: "modify_group_member_info",
    body: { GroupId: "team", Member_Account: "peter", ShutUpTime: 0 },
    async check(_response, t) {
      expect((await members(t, "team")).get("peter")!.MuteUntil).to.equal(0);
    },
  },
  {
    rule: '§7.7 Role "Owner" is 10004 (ownership moves with change_group_owner)',
    setup: team,
    command: "modify_group_member_info",
    body: { GroupId: "team", Member_Account: "peter", Role: "Owner" },
    code: 10004,
    info: 'Role: "Owner" is not one of Admin, Member',
  },
  {
    rule: "§7.7 the owner's role cannot be changed (10007)",
    setup: team,
    command: "modify_group_member_info",
    body: { GroupId: "team", Member_Account: "leckie", Role: "Member" },
    code: 10007,
    info: "Role: the owner's role cannot be changed",
  },
  {
    rule: "§7.7 Role in a Private group is 10007",
    setup: (t) =>
      createGroup(t, { Type: "Private", GroupId: "work", MemberList: [{ Member_Account: "bob" }] }),
    command: "modify_group_member_info",
    body: { GroupId: "work", Member_Account: "bob", Role: "Admin" },
    code: 10007,
    info: "Role: a Private group has no admins",
  },
  {
    rule: "§7.7 + §6.1 muting in a Private group is 10007",
    setup: (t) =>
      createGroup(t, { Type: "Private", GroupId: "work", MemberList: [{ Member_Account: "bob" }] }),
    command: "modify_group_member_info",
    body: { GroupId: "work", Member_Account: "bob", MuteTime: 60 },
    code: 10007,
    info: "MuteTime: members of a Private group cannot be muted",
  },
  {
    rule: "§6.5 NameCard over 50 bytes is 10004",
    setup: team,
    command: "modify_group_member_info",
    body: { GroupId: "team", Member_Account: "peter", NameCard: bytes(51) },
    code: 10004,
    info: "NameCard: 51 bytes exceeds the 50-byte limit",
  },
  {
    rule: "§7.7 a target that is not a member is 10004",
    setup: team,
    command: "modify_group_member_info",
    body: { GroupId: "team", Member_Account: "jared", NameCard: "x" },
    code: 10004,
    info: 'Member_Account: "jared" is not a member of the group',
  },
  {
    rule: "§6.4 MsgFlag outside the enumeration is 10004",
    setup: team,
    command: "modify_group_member_info",
    body: { GroupId: "team", Member_Account: "peter", MsgFlag: "Loud" },
    code: 10004,
    info: 'MsgFlag: "Loud" is not one of',
  },
  // change_group_owner (docs/api-reference.md §7.9)
  {
    rule: "§7.9 change_group_owner: the new owner is Owner, the old one becomes Member",
    setup: team,
    command: "change_group_owner",
    body: { GroupId: "team", NewOwner_Account: "peter" },
    async check(response, t) {
      expect(Object.keys(response)).to.have.members(["ActionStatus", "ErrorCode", "ErrorInfo"]);
      const list = await members(t, "team");
      expect(list.get("peter")!.Role).to.equal("Owner");
      expect(list.get("leckie")!.Role).to.equal("Member");
      expect((await groupInfo(t, "team")).Owner_Account).to.equal("peter");
    },
  },
  {
    rule: "§7.9 change_group_owner appoints an owner for an ownerless group",
    setup: (t) => createGroup(t, { GroupId: "orphan", MemberList: [{ Member_Account: "bob" }] }),
    command: "change_group_owner",
    body: { GroupId: "orphan", NewOwner_Account: "bob" },
    async check(_response, t) {
      expect(await groupInfo(t, "orphan")).to.include({ Owner_Account: "bob" });
    },
  },
  {
    rule: "§7.9 the new owner must already be a member (10004)",
    setup: team,
    command: "change_group_owner",
    body: { GroupId: "team", NewOwner_Account: "jared" },
    code: 10004,
    info: 'NewOwner_Account: "jared" is not a member of the group',
  },
  {
    rule: "§7.9 the new owner must be imported (10019)",
    setup: team,
    command: "change_group_owner",
    body: { GroupId: "team", NewOwner_Account: "ghost" },
    code: 10019,
    info: 'NewOwner_Account: account "ghost" is not imported',
  },
  {
    rule: "§7.9 change_group_owner on an AVChatRoom is 10007",
    setup: (t) => createGroup(t, { Type: "AVChatRoom", GroupId: "live", Owner_Account: "leckie" }),
    command: "change_group_owner",
    body: { GroupId: "live", NewOwner_Account: "leckie" },
    code: 10007,
    info: "AVChatRoom",
  },
  // get_appid_group_list (docs/api-reference.md §7.8)
  {
    rule: "§7.8 get_appid_group_list pages with an integer Next (0 = done); TotalCount ignores paging",
    async setup(t) {
      for (const id of ["g1", "g2", "g3"]) await createGroup(t, { GroupId: id });
      await createGroup(t, { GroupId: "r1", Type: "ChatRoom" });
    },
    command: "get_appid_group_list",
    body: { Limit: 3 },
    async check(response, t) {
      expect(Object.keys(response)).to.have.members([
        "ActionStatus",
        "ErrorCode",
        "ErrorInfo",
        "TotalCount",
        "GroupIdList",
        "Next",
      ]);
      expect(response.TotalCount).to.equal(4);
      expect(response.GroupIdList).to.deep.equal([{ GroupId: "g1" }, { GroupId: "g2" }, { GroupId: "g3" }]);
      expect(response.Next).to.be.a("number").and.not.equal(0);
      const rest = await t.call("get_appid_group_list", { Limit: 3, Next: response.Next });
      expect(rest).to.deep.include({ TotalCount: 4, GroupIdList: [{ GroupId: "r1" }], Next: 0 });
    },
  },
  {
    rule: "§7.8 GroupType filters, and TotalCount counts only that type",
    async setup(t) {
      await createGroup(t, { GroupId: "g1" });
      await createGroup(t, { GroupId: "r1", Type: "ChatRoom" });
    },
    command: "get_appid_group_list",
    body: { GroupType: "ChatRoom" },
    check(response) {
      expect(response).to.deep.include({ TotalCount: 1, GroupIdList: [{ GroupId: "r1" }], Next: 0 });
    },
  },
  {
    rule: '§7.8 GroupType "" (what the Python SDK always sends) means no filter (UNCONFIRMED)',
    async setup(t) {
      await createGroup(t, { GroupId: "g1" });
      await createGroup(t, { GroupId: "r1", Type: "ChatRoom" });
    },
    command: "get_appid_group_list",
    body: { GroupType: "" },
    check(response) {
      expect(response).to.deep.include({
        TotalCount: 2,
        GroupIdList: [{ GroupId: "g1" }, { GroupId: "r1" }],
        Next: 0,
      });
    },
  },
  {
    rule: "§7.8 destroyed groups are not listed (UNCONFIRMED)",
    async setup(t) {
      await createGroup(t, { GroupId: "g1" });
      await createGroup(t, { GroupId: "g2" });
      await t.call("destroy_group", { GroupId: "g1" });
    },
    command: "get_appid_group_list",
    body: {},
    check(response) {
      expect(response).to.deep.include({ TotalCount: 1, GroupIdList: [{ GroupId: "g2" }] });
    },
  },
  {
    rule: "§7.8 a bad GroupType is 10004",
    command: "get_appid_group_list",
    body: { GroupType: "Community" },
    code: 10004,
    info: 'GroupType: "Community" is not one of',
  },
  {
    rule: "§7.8 Limit above 10000 is 10004",
    command: "get_appid_group_list",
    body: { Limit: 10001 },
    code: 10004,
    info: "Limit: 10001 exceeds the maximum 10000",
  },
  // get_role_in_group (docs/api-reference.md §7.10)
  {
    rule: "§7.10 get_role_in_group: Owner, Admin, Member or NotMember per requested account",
    setup: team,
    command: "get_role_in_group",
    body: { GroupId: "team", User_Account: ["leckie", "bob", "peter", "jared"] },
    check(response) {
      expect(Object.keys(response)).to.have.members(["ActionStatus", "ErrorCode", "ErrorInfo", "UserIdList"]);
      expect(response.UserIdList).to.deep.equal([
        { Member_Account: "leckie", Role: "Owner" },
        { Member_Account: "bob", Role: "Admin" },
        { Member_Account: "peter", Role: "Member" },
        { Member_Account: "jared", Role: "NotMember" },
      ]);
    },
  },
  {
    rule: "§2.2 get_role_in_group with an unimported account is 10019",
    setup: team,
    command: "get_role_in_group",
    body: { GroupId: "team", User_Account: ["bob", "ghost"] },
    code: 10019,
    info: 'User_Account[1]: account "ghost" is not imported',
  },
  {
    rule: "§9 get_role_in_group takes at most 500 accounts: 501 is 10005",
    setup: team,
    command: "get_role_in_group",
    body: { GroupId: "team", User_Account: ids("m", 501) },
    code: 10005,
    info: "User_Account: 501 entries exceeds the limit of 500",
  },
  {
    rule: "§2.2 10019 applies to member APIs: delete_group_member with an unimported account",
    async setup(t) {
      await team(t);
      await importAccounts(t, ["extra"]);
    },
    command: "delete_group_member",
    body: { GroupId: "team", MemberToDel_Account: ["extra", "ghost"] },
    code: 10019,
    info: 'MemberToDel_Account[1]: account "ghost" is not imported',
  },
];

conformance("docs/api-reference.md §7 group endpoints", cases);
