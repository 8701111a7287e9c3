/**
 * get_group_info conformance (source document 003, docs/api-reference.md §1.4): per-group ErrorCode, the 50-group
 * cap, every ResponseFilter (including legacy names), and the 1 MB response cap (10018).
 */
import { expect } from "chai";
import {
  BASE_FIELDS,
  type Case,
  conformance,
  createGroup,
  ids,
  importAccounts,
  importGroup,
  type Json,
  MEMBER_FIELDS,
  NOW,
} from "./support/conformance";
import type { Target } from "./support/harness";

/** The 003 sample group: owner leckie, member peter, two group and two member custom fields. */
async function sample(t: Target): Promise<string> {
  const memberData = [
    { Key: "MemberDefined1", Value: "ModifyDefined1" },
    { Key: "MemberDefined2", Value: "ModifyDefined2" },
  ];
  const groupId = await createGroup(t, {
    Owner_Account: "leckie",
    Type: "Public",
    GroupId: "sample",
    Name: "MyFirstGroup",
    Introduction: "TestGroup",
    Notification: "TestGroup",
    FaceUrl: "http://this.is.face.url",
    MaxMemberCount: 50,
    ApplyJoinOption: "FreeAccess",
    AppDefinedData: [
      { Key: "GroupTestData1", Value: "xxxx" },
      { Key: "GroupTestData2", Value: "abc\u0000\u0001" },
    ],
    MemberList: [{ Member_Account: "peter", AppMemberDefinedData: memberData }],
  });
  await t.call("modify_group_member_info", {
    GroupId: groupId,
    Member_Account: "leckie",
    AppMemberDefinedData: memberData,
  });
  return groupId;
}

const info = (response: Record<string, unknown>) => (response.GroupInfo as Json[])[0];

const cases: Case[] = [
  {
    rule: "003 basic form: every base field, AppDefinedData and MemberList with every member field",
    setup: sample,
    command: "get_group_info",
    body: { GroupIdList: ["sample"] },
    check(response) {
      expect(Object.keys(response)).to.have.members(["ActionStatus", "ErrorCode", "ErrorInfo", "GroupInfo"]);
      const group = info(response);
      expect(Object.keys(group)).to.have.members([
        "GroupId",
        "ErrorCode",
        "ErrorInfo",
        ...BASE_FIELDS,
        "AppDefinedData",
        "MemberList",
      ]);
      expect(group).to.include({
        GroupId: "sample",
        ErrorCode: 0,
        ErrorInfo: "",
        Type: "Public",
        Name: "MyFirstGroup",
        Owner_Account: "leckie",
        CreateTime: NOW,
        MemberNum: 2,
        MaxMemberNum: 50,
        ApplyJoinOption: "FreeAccess",
        MuteAllMember: "Off",
      });
      expect(group.AppDefinedData[1]).to.deep.equal({ Key: "GroupTestData2", Value: "abc\u0000\u0001" });
      expect(group.MemberList).to.have.length(2);
      for (const member of group.MemberList) expect(Object.keys(member)).to.have.members(MEMBER_FIELDS);
      expect(group.MemberList[1]).to.deep.include({ Member_Account: "peter", Role: "Member", MuteUntil: 0 });
    },
  },
  {
    rule: "003 one entry per requested ID in order, each with its own ErrorCode; the envelope is OK",
    setup: sample,
    command: "get_group_info",
    body: { GroupIdList: ["nope", "sample", ""] },
    check(response) {
      const groups = response.GroupInfo as Json[];
      expect(groups.map((g) => [g.GroupId, g.ErrorCode])).to.deep.equal([
        ["nope", 10010],
        ["sample", 0],
        ["", 10015],
      ]);
      expect(Object.keys(groups[0])).to.have.members(["GroupId", "ErrorCode", "ErrorInfo"]);
      expect(groups[0].ErrorInfo).to.include('GroupId: group "nope" does not exist');
      expect(groups[2].ErrorInfo).to.include("GroupId: must not be empty");
    },
  },
  {
    rule: "003 10010 per group: a dismissed group",
    async setup(t) {
      await sample(t);
      await t.call("destroy_group", { GroupId: "sample" });
    },
    command: "get_group_info",
    body: { GroupIdList: ["sample"] },
    check(response) {
      expect(info(response)).to.include({ ErrorCode: 10010 });
      expect(info(response).ErrorInfo).to.include("was dismissed");
    },
  },
  {
    rule: "003 10015 per group: an ID with a non-printable character",
    command: "get_group_info",
    body: { GroupIdList: ["a\u0001b"] },
    check(response) {
      expect(info(response)).to.include({ ErrorCode: 10015 });
    },
  },
  {
    rule: "003 at most 50 groups per call: 51 is 10004",
    command: "get_group_info",
    body: { GroupIdList: ids("g", 51) },
    code: 10004,
    info: "GroupIdList: 51 entries exceeds the limit of 50",
  },
  {
    rule: "003 exactly 50 groups per call are answered",
    command: "get_group_info",
    body: { GroupIdList: ids("g", 50) },
    check(response) {
      expect(response.GroupInfo).to.have.length(50);
    },
  },
  {
    rule: "003 GroupIdList is required",
    command: "get_group_info",
    body: {},
    code: 10004,
    info: "GroupIdList: required field is missing",
  },
  {
    rule: "003 GroupIdList is an array of strings (the field table's 'String' is wrong)",
    command: "get_group_info",
    body: { GroupIdList: "sample" },
    code: 10004,
    info: "GroupIdList: expected array",
  },
  {
    rule: "003 GroupIdList empty is 10004",
    command: "get_group_info",
    body: { GroupIdList: [] },
    code: 10004,
    info: "GroupIdList: must not be empty",
  },
  {
    rule: "003 ResponseFilter GroupBaseInfoFilter: only the named base fields, no custom data, no members",
    setup: sample,
    command: "get_group_info",
    body: {
      GroupIdList: ["sample"],
      ResponseFilter: { GroupBaseInfoFilter: ["Type", "Name", "Introduction", "Notification"] },
    },
    check(response) {
      expect(info(response)).to.deep.equal({
        GroupId: "sample",
        ErrorCode: 0,
        ErrorInfo: "",
        Type: "Public",
        Name: "MyFirstGroup",
        Introduction: "TestGroup",
        Notification: "TestGroup",
      });
    },
  },
  {
    rule: "003 'pull specified info' example: four filters together, legacy member name Account",
    setup: sample,
    command: "get_group_info",
    body: {
      GroupIdList: ["sample"],
      ResponseFilter: {
        GroupBaseInfoFilter: ["Type", "Name", "Introduction", "Notification"],
        MemberInfoFilter: ["Account", "Role"],
        AppDefinedDataFilter_Group: ["GroupTestData1", "GroupTestData2"],
        AppDefinedDataFilter_GroupMember: ["MemberDefined2", "MemberDefined1"],
      },
    },
    check(response) {
      const group = info(response);
      expect(Object.keys(group)).to.have.members([
        "GroupId",
        "ErrorCode",
        "ErrorInfo",
        "Type",
        "Name",
        "Introduction",
        "Notification",
        "AppDefinedData",
        "MemberList",
      ]);
      expect(group.AppDefinedData).to.have.length(2);
      expect(group.MemberList[0]).to.deep.equal({
        Member_Account: "leckie",
        Role: "Owner",
        AppMemberDefinedData: [
          { Key: "MemberDefined1", Value: "ModifyDefined1" },
          { Key: "MemberDefined2", Value: "ModifyDefined2" },
        ],
      });
    },
  },
  {
    rule: "003 AppDefinedDataFilter_Group returns only the named group keys",
    setup: sample,
    command: "get_group_info",
    body: {
      GroupIdList: ["sample"],
      ResponseFilter: { AppDefinedDataFilter_Group: ["GroupTestData1", "Absent"] },
    },
    check(response) {
      expect(info(response)).to.deep.equal({
        GroupId: "sample",
        ErrorCode: 0,
        ErrorInfo: "",
        AppDefinedData: [{ Key: "GroupTestData1", Value: "xxxx" }],
      });
    },
  },
  {
    rule: "003 AppDefinedDataFilter_GroupMember returns members with only the named member keys",
    setup: sample,
    command: "get_group_info",
    body: {
      GroupIdList: ["sample"],
      ResponseFilter: { AppDefinedDataFilter_GroupMember: ["MemberDefined2"] },
    },
    check(response) {
      expect(info(response).MemberList[1]).to.deep.equal({
        Member_Account: "peter",
        AppMemberDefinedData: [{ Key: "MemberDefined2", Value: "ModifyDefined2" }],
      });
    },
  },
  {
    rule: "003 + docs/api-reference.md §6.6 legacy filter names ShutUpAllMember / ShutUpUntil select the current fields",
    setup: sample,
    command: "get_group_info",
    body: {
      GroupIdList: ["sample"],
      ResponseFilter: { GroupBaseInfoFilter: ["ShutUpAllMember"], MemberInfoFilter: ["ShutUpUntil"] },
    },
    check(response) {
      const group = info(response);
      expect(group).to.include({ MuteAllMember: "Off", ShutUpAllMember: "Off" });
      expect(group.MemberList[0]).to.deep.equal({ Member_Account: "leckie", MuteUntil: 0, ShutUpUntil: 0 });
    },
  },
  {
    rule: "003 sample answer names the mute fields ShutUpAllMember / ShutUpUntil: both spellings by default (§6.6)",
    setup: async (t) => {
      await sample(t);
      await t.call("modify_group_base_info", { GroupId: "sample", MuteAllMember: "On" });
      await t.call("modify_group_member_info", { GroupId: "sample", Member_Account: "peter", MuteTime: 60 });
    },
    command: "get_group_info",
    body: { GroupIdList: ["sample"] },
    check(response) {
      const group = info(response);
      expect(group).to.include({ MuteAllMember: "On", ShutUpAllMember: "On" });
      expect(group.MemberList[1]).to.include({ MuteUntil: NOW + 60, ShutUpUntil: NOW + 60 });
    },
  },
  {
    rule: "003 ResponseFilter present but empty: only GroupId, ErrorCode, ErrorInfo",
    setup: sample,
    command: "get_group_info",
    body: { GroupIdList: ["sample"], ResponseFilter: {} },
    check(response) {
      expect(Object.keys(info(response))).to.have.members(["GroupId", "ErrorCode", "ErrorInfo"]);
    },
  },
  {
    rule: "003 10018 a response over 1 MB: ask for less",
    async setup(t) {
      // ~190 bytes per member entry: 7000 members make about 1.2 MB.
      const accounts = ids("member-account-name-", 7000);
      await importAccounts(t, accounts);
      const groupId = await importGroup(t, {
        Type: "ChatRoom",
        GroupId: "huge",
        MaxMemberCount: 10000,
        CreateTime: NOW - 10,
      });
      for (let i = 0; i < accounts.length; i += 500) {
        const list = accounts.slice(i, i + 500).map((Member_Account) => ({ Member_Account }));
        await t.call("import_group_member", { GroupId: groupId, MemberList: list });
      }
      return groupId;
    },
    command: "get_group_info",
    body: { GroupIdList: ["huge"] },
    code: 10018,
    info: "exceeds the 1048576-byte limit",
    async check(_response, t) {
      // Asking for less (members' Role only) fits.
      const smaller = await t.call("get_group_info", {
        GroupIdList: ["huge"],
        ResponseFilter: { MemberInfoFilter: ["Role"] },
      });
      expect(info(smaller).MemberList).to.have.length(7000);
    },
  },
];

conformance("003 get_group_info", cases);
