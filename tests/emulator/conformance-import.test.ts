/**
 * import_group (source document 000, docs/api-reference.md §1.1) and import_group_member (001, docs/api-reference.md §1.2)
 * conformance: original CreateTime, JoinTime bounds, UnreadMsgNum clamping, per-member Result.
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
  importGroup,
  type Json,
  members,
  NOW,
} from "./support/conformance";
import type { Target } from "./support/harness";

const CREATED = NOW - 86_400; // the imported group was created a day before "now"

/** An imported Public group created at CREATED, owned by leckie, that has had `messages` messages. */
async function migrated(t: Target, messages = 0, type = "Public"): Promise<string> {
  const groupId = await importGroup(t, { Owner_Account: "leckie", Type: type, CreateTime: CREATED });
  if (messages > 0) await t.emulator.control.setMessageCount(groupId, messages);
  return groupId;
}

const cases: Case[] = [
  {
    rule: "000 basic form: CreateTime is recorded, the owner joins at CreateTime",
    command: "import_group",
    body: { Owner_Account: "leckie", Type: "Public", Name: "TestGroup", CreateTime: 1448357837 },
    async check(response, t) {
      expect(Object.keys(response)).to.have.members(["ActionStatus", "ErrorCode", "ErrorInfo", "GroupId"]);
      expect(response.GroupId).to.match(/^@TGS#2[0-9A-Z]{8}$/);
      const info = await groupInfo(t, response.GroupId as string);
      expect(info).to.include({
        CreateTime: 1448357837,
        Owner_Account: "leckie",
        MemberNum: 1,
        NextMsgSeq: 1,
      });
      expect(info.MemberList[0]).to.include({
        Member_Account: "leckie",
        Role: "Owner",
        JoinTime: 1448357837,
      });
    },
  },
  {
    rule: "000 other optional fields as in create_group; custom GroupId echoed",
    command: "import_group",
    body: {
      Owner_Account: "leckie",
      Type: "Public",
      GroupId: "MyFirstGroup",
      Name: "TestGroup",
      Introduction: "This is group Introduction",
      Notification: "This is group Notification",
      FaceUrl: "http://this.is.face.url",
      MaxMemberCount: 500,
      ApplyJoinOption: "FreeAccess",
      CreateTime: 1448357837,
      AppDefinedData: [
        { Key: "GroupTestData1", Value: "xxxxx" },
        { Key: " GroupTestData2", Value: "abc\u0000\u0001" },
      ],
    },
    async check(response, t) {
      expect(response.GroupId).to.equal("MyFirstGroup");
      const info = await groupInfo(t, "MyFirstGroup");
      expect(info).to.include({
        MaxMemberNum: 500,
        ApplyJoinOption: "FreeAccess",
        Introduction: "This is group Introduction",
      });
      expect(info.AppDefinedData[1]).to.deep.equal({ Key: " GroupTestData2", Value: "abc\u0000\u0001" });
    },
  },
  {
    rule: "000 CreateTime absent: the time of the request",
    command: "import_group",
    body: { Type: "ChatRoom", Name: "g" },
    async check(response, t) {
      expect(await groupInfo(t, response.GroupId as string)).to.include({
        CreateTime: NOW,
        Owner_Account: "",
        MemberNum: 0,
      });
    },
  },
  {
    rule: "000 + docs/api-reference.md §2.2 default MaxMemberCount is min(2000, type maximum): Private 200",
    command: "import_group",
    body: { Type: "Private", Name: "g" },
    async check(response, t) {
      expect((await groupInfo(t, response.GroupId as string)).MaxMemberNum).to.equal(200);
    },
  },
  {
    rule: "000 default MaxMemberCount 2000 for ChatRoom",
    command: "import_group",
    body: { Type: "ChatRoom", Name: "g" },
    async check(response, t) {
      expect((await groupInfo(t, response.GroupId as string)).MaxMemberNum).to.equal(2000);
    },
  },
  {
    rule: "000 + docs/api-reference.md §2.2 MaxMemberCount above the type maximum is 10004",
    command: "import_group",
    body: { Type: "Private", Name: "g", MaxMemberCount: 201 },
    code: 10004,
    info: "MaxMemberCount: 201 exceeds the Private maximum of 200",
  },
  {
    rule: "000 10007 AVChatRoom cannot be imported",
    command: "import_group",
    body: { Type: "AVChatRoom", Name: "g" },
    code: 10007,
    info: "Type: a AVChatRoom group cannot be imported",
  },
  {
    rule: "000 10007 BChatRoom cannot be imported",
    command: "import_group",
    body: { Type: "BChatRoom", Name: "g" },
    code: 10007,
    info: "Type: a BChatRoom group cannot be imported",
  },
  {
    rule: "000 10021 GroupId already used",
    setup: (t) => createGroup(t, { GroupId: "MyFirstGroup" }),
    command: "import_group",
    body: { Type: "Public", Name: "g", GroupId: "MyFirstGroup" },
    code: 10021,
    info: '"MyFirstGroup" is already used',
  },
  {
    rule: "000 10004 Name longer than 30 bytes",
    command: "import_group",
    body: { Type: "Public", Name: bytes(33, "群") },
    code: 10004,
    info: "Name: 33 bytes exceeds the 30-byte limit",
  },
  {
    rule: "000 10004 Type missing (Type is required)",
    command: "import_group",
    body: { Name: "g" },
    code: 10004,
    info: "Type: required field is missing",
  },
  {
    rule: "000 10004 custom GroupId rules as create_group (002 #7)",
    command: "import_group",
    body: { Type: "Public", Name: "g", GroupId: "@TGS#mine" },
    code: 10004,
    info: 'must not start with "@TGS#"',
  },
  {
    rule: "000 + 002 #1 Owner_Account not imported is 10004",
    command: "import_group",
    body: { Owner_Account: "stranger", Type: "Public", Name: "g" },
    code: 10004,
    info: 'Owner_Account: account "stranger" is not imported',
  },
  {
    rule: "000 CreateTime in the future is 10004 (emulator choice, UNCONFIRMED)",
    command: "import_group",
    body: { Type: "Public", Name: "g", CreateTime: NOW + 60 },
    code: 10004,
    info: `CreateTime: ${NOW + 60} exceeds the maximum ${NOW}`,
  },
  {
    rule: "001 example: members imported with JoinTime and unread counts, Result 1 each",
    setup: (t) => migrated(t, 10),
    command: "import_group_member",
    body: (groupId: string) => ({
      GroupId: groupId,
      MemberList: [
        { Member_Account: "tommy", Role: "Admin", JoinTime: CREATED + 10, UnreadMsgNum: 5 },
        { Member_Account: "jared", JoinTime: CREATED + 20, UnreadMsgNum: 2 },
      ],
    }),
    async check(response, t, groupId: string) {
      expect(Object.keys(response)).to.have.members(["ActionStatus", "ErrorCode", "ErrorInfo", "MemberList"]);
      expect(response.MemberList).to.deep.equal([
        { Member_Account: "tommy", Result: 1 },
        { Member_Account: "jared", Result: 1 },
      ]);
      const list = await members(t, groupId);
      expect(list.get("tommy")).to.include({ Role: "Admin", JoinTime: CREATED + 10, MsgSeq: 5 });
      expect(list.get("jared")).to.include({ Role: "Member", JoinTime: CREATED + 20, MsgSeq: 8 });
    },
  },
  {
    rule: "001 UnreadMsgNum above the group's message count is lowered to that count",
    setup: (t) => migrated(t, 10),
    command: "import_group_member",
    body: (groupId: string) => ({
      GroupId: groupId,
      MemberList: [{ Member_Account: "tommy", UnreadMsgNum: 25 }],
    }),
    async check(_response, t, groupId: string) {
      // Read position MsgSeq = (NextMsgSeq − 1) − UnreadMsgNum = 10 − 10: nothing read.
      expect((await members(t, groupId)).get("tommy")!.MsgSeq).to.equal(0);
    },
  },
  {
    rule: "001 UnreadMsgNum in a group without messages is lowered to 0",
    setup: (t) => migrated(t),
    command: "import_group_member",
    body: (groupId: string) => ({
      GroupId: groupId,
      MemberList: [{ Member_Account: "tommy", UnreadMsgNum: 3 }],
    }),
    async check(_response, t, groupId: string) {
      expect((await members(t, groupId)).get("tommy")!.MsgSeq).to.equal(0);
    },
  },
  {
    rule: "001 JoinTime not later than the group's CreateTime: that member fails (Result 0)",
    setup: (t) => migrated(t),
    command: "import_group_member",
    body: (groupId: string) => ({
      GroupId: groupId,
      MemberList: [
        { Member_Account: "tommy", JoinTime: CREATED },
        { Member_Account: "jared", JoinTime: CREATED - 1 },
        { Member_Account: "amy", JoinTime: CREATED + 1 },
      ],
    }),
    async check(response, t, groupId: string) {
      expect(response.MemberList).to.deep.equal([
        { Member_Account: "tommy", Result: 0 },
        { Member_Account: "jared", Result: 0 },
        { Member_Account: "amy", Result: 1 },
      ]);
      expect([...(await members(t, groupId)).keys()]).to.deep.equal(["leckie", "amy"]);
    },
  },
  {
    rule: "001 JoinTime not earlier than now: that member fails (Result 0)",
    setup: (t) => migrated(t),
    command: "import_group_member",
    body: (groupId: string) => ({
      GroupId: groupId,
      MemberList: [
        { Member_Account: "tommy", JoinTime: NOW },
        { Member_Account: "jared", JoinTime: NOW + 100 },
        { Member_Account: "amy", JoinTime: NOW - 1 },
      ],
    }),
    async check(response) {
      expect((response.MemberList as Json[]).map((m) => m.Result)).to.deep.equal([0, 0, 1]);
    },
  },
  {
    rule: "001 JoinTime absent: the member joins now",
    setup: (t) => migrated(t),
    command: "import_group_member",
    body: (groupId: string) => ({ GroupId: groupId, MemberList: [{ Member_Account: "tommy" }] }),
    async check(_response, t, groupId: string) {
      expect((await members(t, groupId)).get("tommy")!.JoinTime).to.equal(NOW);
    },
  },
  {
    rule: "001 Result 2: already a member (the owner) or repeated in the request",
    setup: (t) => migrated(t),
    command: "import_group_member",
    body: (groupId: string) => ({
      GroupId: groupId,
      MemberList: [{ Member_Account: "leckie" }, { Member_Account: "tommy" }, { Member_Account: "tommy" }],
    }),
    async check(response, t, groupId: string) {
      expect((response.MemberList as Json[]).map((m) => m.Result)).to.deep.equal([2, 1, 2]);
      expect((await groupInfo(t, groupId)).MemberNum).to.equal(2);
    },
  },
  {
    rule: '001 Role may only be "Admin"',
    setup: (t) => migrated(t),
    command: "import_group_member",
    body: (groupId: string) => ({
      GroupId: groupId,
      MemberList: [{ Member_Account: "tommy", Role: "Owner" }],
    }),
    code: 10004,
    info: 'MemberList[0].Role: "Owner" is not "Admin"',
  },
  {
    rule: "001 + docs/api-reference.md §6.3 Role in a group type without admins (Private) is 10004",
    setup: (t) => migrated(t, 0, "Private"),
    command: "import_group_member",
    body: (groupId: string) => ({
      GroupId: groupId,
      MemberList: [{ Member_Account: "tommy", Role: "Admin" }],
    }),
    code: 10004,
    info: "a Private group has no admins",
  },
  {
    rule: "001 10005 more than 500 members in one request",
    setup: (t) => migrated(t),
    command: "import_group_member",
    body: (groupId: string) => ({
      GroupId: groupId,
      MemberList: ids("m", 501).map((Member_Account) => ({ Member_Account })),
    }),
    code: 10005,
    info: "MemberList: 501 entries exceeds the limit of 500",
  },
  {
    rule: "001 exactly 500 members in one request are imported",
    async setup(t) {
      await importAccounts(t, ids("m", 500));
      return migrated(t);
    },
    command: "import_group_member",
    body: (groupId: string) => ({
      GroupId: groupId,
      MemberList: ids("m", 500).map((Member_Account) => ({ Member_Account })),
    }),
    async check(response, t, groupId: string) {
      expect((response.MemberList as Json[]).every((m) => m.Result === 1)).to.equal(true);
      expect((await groupInfo(t, groupId)).MemberNum).to.equal(501);
    },
  },
  {
    rule: "001 10007 members cannot be imported into an AVChatRoom",
    setup: (t) => createGroup(t, { Type: "AVChatRoom" }),
    command: "import_group_member",
    body: (groupId: string) => ({ GroupId: groupId, MemberList: [{ Member_Account: "tommy" }] }),
    code: 10007,
    info: "AVChatRoom",
  },
  {
    rule: "001 10007 members cannot be imported into a BChatRoom",
    setup: (t) => createGroup(t, { Type: "BChatRoom" }),
    command: "import_group_member",
    body: (groupId: string) => ({ GroupId: groupId, MemberList: [{ Member_Account: "tommy" }] }),
    code: 10007,
    info: "BChatRoom",
  },
  {
    rule: "001 10010 group does not exist",
    command: "import_group_member",
    body: { GroupId: "@TGS#2NOSUCHGR", MemberList: [{ Member_Account: "tommy" }] },
    code: 10010,
    info: 'GroupId: group "@TGS#2NOSUCHGR" does not exist',
  },
  {
    rule: "001 10010 group was dismissed",
    async setup(t) {
      const groupId = await migrated(t);
      await t.call("destroy_group", { GroupId: groupId });
      return groupId;
    },
    command: "import_group_member",
    body: (groupId: string) => ({ GroupId: groupId, MemberList: [{ Member_Account: "tommy" }] }),
    code: 10010,
    info: "was dismissed",
  },
  {
    rule: "001 10015 group ID invalid (empty)",
    command: "import_group_member",
    body: { GroupId: "", MemberList: [{ Member_Account: "tommy" }] },
    code: 10015,
    info: "GroupId: must not be empty",
  },
  {
    rule: "001 10015 group ID invalid (longer than any group ID can be)",
    command: "import_group_member",
    body: { GroupId: bytes(50), MemberList: [{ Member_Account: "tommy" }] },
    code: 10015,
    info: "GroupId: 50 bytes exceeds the 49-byte limit",
  },
  {
    rule: "docs/api-reference.md §2.2 an unimported account fails the whole import with 10019",
    setup: (t) => migrated(t),
    command: "import_group_member",
    body: (groupId: string) => ({
      GroupId: groupId,
      MemberList: [{ Member_Account: "tommy" }, { Member_Account: "ghost" }],
    }),
    code: 10019,
    info: 'MemberList[1].Member_Account: account "ghost" is not imported',
  },
  {
    rule: "001 10004 MemberList missing",
    setup: (t) => migrated(t),
    command: "import_group_member",
    body: (groupId: string) => ({ GroupId: groupId }),
    code: 10004,
    info: "MemberList: required field is missing",
  },
  {
    rule: "001 10004 MemberList empty",
    setup: (t) => migrated(t),
    command: "import_group_member",
    body: (groupId: string) => ({ GroupId: groupId, MemberList: [] }),
    code: 10004,
    info: "MemberList: must not be empty",
  },
  {
    rule: "001 10004 negative UnreadMsgNum",
    setup: (t) => migrated(t),
    command: "import_group_member",
    body: (groupId: string) => ({
      GroupId: groupId,
      MemberList: [{ Member_Account: "tommy", UnreadMsgNum: -1 }],
    }),
    code: 10004,
    info: "MemberList[0].UnreadMsgNum: -1 is below the minimum 0",
  },
  {
    rule: "docs/api-reference.md §7.3 (applied to imports, UNCONFIRMED) 10014 when the group would exceed MaxMemberNum; nothing imported",
    async setup(t) {
      return importGroup(t, {
        Owner_Account: "leckie",
        Type: "Public",
        CreateTime: CREATED,
        MaxMemberCount: 2,
      });
    },
    command: "import_group_member",
    body: (groupId: string) => ({
      GroupId: groupId,
      MemberList: [{ Member_Account: "tommy" }, { Member_Account: "jared" }],
    }),
    code: 10014,
    info: "MemberList: 3 members would exceed MaxMemberNum 2",
    async check(_response, t, groupId: string) {
      expect((await groupInfo(t, groupId)).MemberNum).to.equal(1);
    },
  },
];

conformance("000 import_group / 001 import_group_member", cases);
