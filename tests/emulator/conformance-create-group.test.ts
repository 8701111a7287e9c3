/**
 * create_group conformance (source document 002, docs/api-reference.md §1.3): every numbered 10004 cause, 10005,
 * 10007, 10019, 10021, defaults, and the shape of every success.
 */
import { expect } from "chai";
import {
  BASE_FIELDS,
  bytes,
  type Case,
  conformance,
  createGroup,
  groupInfo,
  ids,
  type Json,
  MEMBER_FIELDS,
  members,
  NOW,
} from "./support/conformance";

const CJK_11 = "群".repeat(11); // 33 bytes: 11 characters but over the 30-byte limit

const cases: Case[] = [
  {
    rule: "002 basic form: assigned @TGS# ID, owner added as a member",
    command: "create_group",
    body: { Owner_Account: "leckie", Type: "Public", Name: "TestGroup" },
    async check(response, t) {
      expect(Object.keys(response)).to.have.members(["ActionStatus", "ErrorCode", "ErrorInfo", "GroupId"]);
      expect(response.GroupId).to.match(/^@TGS#2[0-9A-Z]{8}$/);
      const info = await groupInfo(t, response.GroupId as string);
      expect(info).to.include({
        Type: "Public",
        Name: "TestGroup",
        Owner_Account: "leckie",
        MemberNum: 1,
        CreateTime: NOW,
      });
      expect(info.MemberList).to.deep.equal([
        {
          Member_Account: "leckie",
          Role: "Owner",
          JoinTime: NOW,
          MsgSeq: 0,
          MsgFlag: "AcceptAndNotify",
          LastSendMsgTime: 0,
          MuteUntil: 0,
          ShutUpUntil: 0,
          NameCard: "",
          AppMemberDefinedData: [],
        },
      ]);
    },
  },
  {
    rule: "002 ALL IN ONE: every field is stored and read back by get_group_info",
    command: "create_group",
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
      AppDefinedData: [
        { Key: "GroupTestData1", Value: "xxxxx" },
        { Key: "GroupTestData2", Value: "abc\u0000\u0001" },
      ],
      MemberList: [
        {
          Member_Account: "bob",
          Role: "Admin",
          AppMemberDefinedData: [
            { Key: "MemberDefined1", Value: "MemberData1" },
            { Key: "MemberDefined2", Value: "MemberData2" },
          ],
        },
        { Member_Account: "peter" },
      ],
    },
    async check(response, t) {
      expect(response.GroupId).to.equal("MyFirstGroup");
      const info = await groupInfo(t, "MyFirstGroup");
      expect(Object.keys(info)).to.have.members([
        "GroupId",
        "ErrorCode",
        "ErrorInfo",
        ...BASE_FIELDS,
        "AppDefinedData",
        "MemberList",
      ]);
      expect(info).to.include({
        GroupId: "MyFirstGroup",
        ErrorInfo: "",
        Type: "Public",
        Name: "TestGroup",
        Introduction: "This is group Introduction",
        Notification: "This is group Notification",
        FaceUrl: "http://this.is.face.url",
        Owner_Account: "leckie",
        CreateTime: NOW,
        LastInfoTime: NOW,
        LastMsgTime: 0,
        NextMsgSeq: 1,
        MemberNum: 3,
        MaxMemberNum: 500,
        ApplyJoinOption: "FreeAccess",
        MuteAllMember: "Off",
      });
      expect(info.AppDefinedData).to.deep.equal([
        { Key: "GroupTestData1", Value: "xxxxx" },
        { Key: "GroupTestData2", Value: "abc\u0000\u0001" },
      ]);
      expect(info.MemberList.map((m: Json) => [m.Member_Account, m.Role])).to.deep.equal([
        ["leckie", "Owner"],
        ["bob", "Admin"],
        ["peter", "Member"],
      ]);
      for (const member of info.MemberList) expect(Object.keys(member)).to.have.members(MEMBER_FIELDS);
      expect(info.MemberList[1].AppMemberDefinedData).to.deep.equal([
        { Key: "MemberDefined1", Value: "MemberData1" },
        { Key: "MemberDefined2", Value: "MemberData2" },
      ]);
    },
  },
  ...(
    [
      ["Private", 200, "1"],
      ["Public", 2000, "2"],
      ["ChatRoom", 10000, "3"],
      ["AVChatRoom", 0, "a"],
      ["BChatRoom", 0, "b"],
    ] as const
  ).map(
    ([type, max, hint]): Case => ({
      rule: `002 MaxMemberCount default for ${type} is ${max || "unlimited (reported as 0)"}; ApplyJoinOption default NeedPermission`,
      command: "create_group",
      body: { Type: type, Name: "defaults" },
      async check(response, t) {
        expect(response.GroupId).to.match(new RegExp(`^@TGS#${hint}[0-9A-Z]{8}$`));
        const info = await groupInfo(t, response.GroupId as string);
        expect(info).to.include({
          MaxMemberNum: max,
          ApplyJoinOption: "NeedPermission",
          Owner_Account: "",
          MemberNum: 0,
        });
      },
    }),
  ),
  {
    rule: "002 AVChatRoom has no MaxMemberCount maximum",
    command: "create_group",
    body: { Type: "AVChatRoom", Name: "live", MaxMemberCount: 1_000_000 },
    async check(response, t) {
      expect((await groupInfo(t, response.GroupId as string)).MaxMemberNum).to.equal(1_000_000);
    },
  },
  {
    rule: "002 10004 #1 Owner_Account not imported",
    command: "create_group",
    body: { Owner_Account: "stranger", Type: "Public", Name: "g" },
    code: 10004,
    info: 'Owner_Account: account "stranger" is not imported',
  },
  {
    rule: "002 10004 #2 Name missing",
    command: "create_group",
    body: { Type: "Public" },
    code: 10004,
    info: "Name: required field is missing",
  },
  {
    rule: "002 10004 #2 Name empty",
    command: "create_group",
    body: { Type: "Public", Name: "" },
    code: 10004,
    info: "Name: must not be empty",
  },
  {
    rule: "002 10004 #2 Name longer than 30 bytes",
    command: "create_group",
    body: { Type: "Public", Name: bytes(31) },
    code: 10004,
    info: "Name: 31 bytes exceeds the 30-byte limit",
  },
  {
    rule: "002 10004 #2 Name of 11 CJK characters is 33 bytes, over the limit",
    command: "create_group",
    body: { Type: "Public", Name: CJK_11 },
    code: 10004,
    info: "Name: 33 bytes exceeds the 30-byte limit",
  },
  {
    rule: "002 10004 #2 Name of exactly 30 bytes (10 CJK characters) is accepted",
    command: "create_group",
    body: { Type: "Public", Name: "群".repeat(10) },
  },
  {
    rule: "002 10004 #3 Type missing",
    command: "create_group",
    body: { Name: "g" },
    code: 10004,
    info: "Type: required field is missing",
  },
  {
    rule: "002 10004 #3 Type not one of the five standard types",
    command: "create_group",
    body: { Type: "Work", Name: "g" },
    code: 10004,
    info: 'Type: "Work" is not one of Private, Public, ChatRoom, AVChatRoom, BChatRoom',
  },
  {
    rule: "002 10004 #3 Community is not enabled (docs/api-reference.md §2.2 off by default)",
    command: "create_group",
    body: { Type: "Community", Name: "g" },
    code: 10004,
    info: 'Type: "Community"',
  },
  {
    rule: "002 10004 #4 Introduction longer than 240 bytes",
    command: "create_group",
    body: { Type: "Public", Name: "g", Introduction: bytes(241) },
    code: 10004,
    info: "Introduction: 241 bytes exceeds the 240-byte limit",
  },
  {
    rule: "002 10004 #5 Notification longer than 300 bytes",
    command: "create_group",
    body: { Type: "Public", Name: "g", Notification: bytes(303, "群") },
    code: 10004,
    info: "Notification: 303 bytes exceeds the 300-byte limit",
  },
  {
    rule: "002 10004 #6 FaceUrl longer than 100 bytes",
    command: "create_group",
    body: { Type: "Public", Name: "g", FaceUrl: bytes(101) },
    code: 10004,
    info: "FaceUrl: 101 bytes exceeds the 100-byte limit",
  },
  {
    rule: "002 10004 #7 custom GroupId longer than 49 bytes",
    command: "create_group",
    body: { Type: "Public", Name: "g", GroupId: bytes(50) },
    code: 10004,
    info: "GroupId: 50 bytes exceeds the 49-byte limit",
  },
  {
    rule: "002 10004 #7 custom GroupId of exactly 49 bytes is accepted",
    command: "create_group",
    body: { Type: "Public", Name: "g", GroupId: bytes(49) },
  },
  {
    rule: "002 10004 #7 custom GroupId with a non-printable character",
    command: "create_group",
    body: { Type: "Public", Name: "g", GroupId: "bad\tid" },
    code: 10004,
    info: 'GroupId: "bad\\tid" contains a non-printable character',
  },
  {
    rule: '002 10004 #7 custom GroupId starting with "@TGS#"',
    command: "create_group",
    body: { Type: "Public", Name: "g", GroupId: "@TGS#2J4SZEAEL" },
    code: 10004,
    info: 'must not start with "@TGS#"',
  },
  ...(
    [
      ["Private", 201, 200],
      ["Public", 2001, 2000],
      ["ChatRoom", 10001, 10000],
    ] as const
  ).map(
    ([type, value, max]): Case => ({
      rule: `002 10004 #8 MaxMemberCount ${value} above the ${type} maximum ${max}`,
      command: "create_group",
      body: { Type: type, Name: "g", MaxMemberCount: value },
      code: 10004,
      info: `MaxMemberCount: ${value} exceeds the ${type} maximum of ${max}`,
    }),
  ),
  {
    rule: "002 10004 #9 ApplyJoinOption not one of DisableApply, NeedPermission, FreeAccess",
    command: "create_group",
    body: { Type: "Public", Name: "g", ApplyJoinOption: "Anyone" },
    code: 10004,
    info: 'ApplyJoinOption: "Anyone" is not one of FreeAccess, NeedPermission, DisableApply',
  },
  {
    rule: "002 10004 #10 AppDefinedData Key empty",
    command: "create_group",
    body: { Type: "Public", Name: "g", AppDefinedData: [{ Key: "", Value: "v" }] },
    code: 10004,
    info: "AppDefinedData[0].Key: must not be empty",
  },
  {
    rule: "002 10004 #10 AppDefinedData Key longer than 16 bytes",
    command: "create_group",
    body: { Type: "Public", Name: "g", AppDefinedData: [{ Key: bytes(17), Value: "v" }] },
    code: 10004,
    info: "AppDefinedData[0].Key: 17 bytes exceeds the 16-byte limit",
  },
  {
    rule: "002 10004 #10 AppDefinedData Key repeated",
    command: "create_group",
    body: {
      Type: "Public",
      Name: "g",
      AppDefinedData: [
        { Key: "k", Value: "1" },
        { Key: "k", Value: "2" },
      ],
    },
    code: 10004,
    info: 'AppDefinedData[1].Key: duplicate key "k"',
  },
  {
    rule: "002 10004 #10 AppDefinedData Value longer than 512 bytes",
    command: "create_group",
    body: { Type: "Public", Name: "g", AppDefinedData: [{ Key: "k", Value: bytes(513) }] },
    code: 10004,
    info: "AppDefinedData[0].Value: 513 bytes exceeds the 512-byte limit",
  },
  {
    rule: "002 10004 #11 MemberList not an array",
    command: "create_group",
    body: { Type: "Public", Name: "g", MemberList: { Member_Account: "bob" } },
    code: 10004,
    info: "MemberList: expected array",
  },
  {
    rule: "002 10004 #12 more invitees (with the owner) than MaxMemberCount",
    command: "create_group",
    body: {
      Owner_Account: "leckie",
      Type: "Public",
      Name: "g",
      MaxMemberCount: 2,
      MemberList: [{ Member_Account: "bob" }, { Member_Account: "peter" }],
    },
    code: 10004,
    info: "MemberList: 3 members exceeds MaxMemberCount 2",
  },
  {
    rule: "002 10004 #12 more invitees than the Private default of 200",
    command: "create_group",
    body: {
      Type: "Private",
      Name: "g",
      MemberList: ids("m", 201).map((Member_Account) => ({ Member_Account })),
    },
    code: 10004,
    info: "MemberList: 201 members exceeds MaxMemberCount 200",
  },
  {
    rule: "002 10004 #13 AppMemberDefinedData Key empty",
    command: "create_group",
    body: {
      Type: "Public",
      Name: "g",
      MemberList: [{ Member_Account: "bob", AppMemberDefinedData: [{ Key: "", Value: "v" }] }],
    },
    code: 10004,
    info: "MemberList[0].AppMemberDefinedData[0].Key: must not be empty",
  },
  {
    rule: "002 10004 #13 AppMemberDefinedData Key longer than 16 bytes",
    command: "create_group",
    body: {
      Type: "Public",
      Name: "g",
      MemberList: [{ Member_Account: "bob", AppMemberDefinedData: [{ Key: bytes(17), Value: "v" }] }],
    },
    code: 10004,
    info: "MemberList[0].AppMemberDefinedData[0].Key: 17 bytes exceeds the 16-byte limit",
  },
  {
    rule: "002 10004 #13 AppMemberDefinedData Key repeated",
    command: "create_group",
    body: {
      Type: "Public",
      Name: "g",
      MemberList: [
        {
          Member_Account: "bob",
          AppMemberDefinedData: [
            { Key: "k", Value: "1" },
            { Key: "k", Value: "2" },
          ],
        },
      ],
    },
    code: 10004,
    info: 'MemberList[0].AppMemberDefinedData[1].Key: duplicate key "k"',
  },
  {
    rule: "002 10004 #13 AppMemberDefinedData Value longer than 64 bytes",
    command: "create_group",
    body: {
      Type: "Public",
      Name: "g",
      MemberList: [{ Member_Account: "bob", AppMemberDefinedData: [{ Key: "k", Value: bytes(65) }] }],
    },
    code: 10004,
    info: "MemberList[0].AppMemberDefinedData[0].Value: 65 bytes exceeds the 64-byte limit",
  },
  {
    rule: '002 10004 #14 Role other than "Admin"',
    command: "create_group",
    body: { Type: "Public", Name: "g", MemberList: [{ Member_Account: "bob", Role: "Member" }] },
    code: 10004,
    info: 'MemberList[0].Role: "Member" is not "Admin"',
  },
  {
    rule: "002 10004 #15 Role given in a type without admins (Private)",
    command: "create_group",
    body: { Type: "Private", Name: "g", MemberList: [{ Member_Account: "bob", Role: "Admin" }] },
    code: 10004,
    info: "MemberList[0].Role: a Private group has no admins",
  },
  {
    rule: "002 10004 #16 Role given to the owner",
    command: "create_group",
    body: {
      Owner_Account: "leckie",
      Type: "Public",
      Name: "g",
      MemberList: [{ Member_Account: "leckie", Role: "Admin" }],
    },
    code: 10004,
    info: 'MemberList[0].Role: the owner "leckie" cannot be given a role',
  },
  {
    rule: "002 10005 MemberList over 500 entries",
    command: "create_group",
    body: {
      Type: "ChatRoom",
      Name: "g",
      MemberList: ids("m", 501).map((Member_Account) => ({ Member_Account })),
    },
    code: 10005,
    info: "MemberList: 501 entries exceeds the limit of 500",
  },
  {
    rule: "002 10007 AVChatRoom cannot take members at creation",
    command: "create_group",
    body: { Type: "AVChatRoom", Name: "g", MemberList: [{ Member_Account: "bob" }] },
    code: 10007,
    info: "MemberList: a AVChatRoom group cannot take members at creation",
  },
  {
    rule: "002 10007 BChatRoom cannot take members at creation",
    command: "create_group",
    body: { Type: "BChatRoom", Name: "g", MemberList: [{ Member_Account: "bob" }] },
    code: 10007,
    info: "BChatRoom",
  },
  {
    rule: "002 AVChatRoom with an owner and no MemberList is accepted",
    command: "create_group",
    body: { Owner_Account: "leckie", Type: "AVChatRoom", Name: "live" },
    async check(response, t) {
      expect((await groupInfo(t, response.GroupId as string)).Owner_Account).to.equal("leckie");
    },
  },
  {
    rule: "docs/api-reference.md §2.2 an unimported account in MemberList fails the whole request with 10019",
    command: "create_group",
    body: { Type: "Public", Name: "g", MemberList: [{ Member_Account: "bob" }, { Member_Account: "ghost" }] },
    code: 10019,
    info: 'MemberList[1].Member_Account: account "ghost" is not imported',
  },
  {
    rule: "002 10021 custom GroupId already used",
    setup: (t) => createGroup(t, { GroupId: "taken" }),
    command: "create_group",
    body: { Type: "Public", Name: "g", GroupId: "taken" },
    code: 10021,
    info: 'GroupId: "taken" is already used',
  },
  {
    rule: "docs/api-reference.md §2.2 the ID of a destroyed group is not reused: 10021",
    async setup(t) {
      await createGroup(t, { GroupId: "gone" });
      await t.call("destroy_group", { GroupId: "gone" });
    },
    command: "create_group",
    body: { Type: "Public", Name: "g", GroupId: "gone" },
    code: 10021,
    info: "dismissed group",
  },
  {
    rule: "docs/api-reference.md §2.2 the owner listed in MemberList is counted once and stays Owner",
    command: "create_group",
    body: {
      Owner_Account: "leckie",
      Type: "Public",
      Name: "g",
      MemberList: [{ Member_Account: "leckie" }, { Member_Account: "bob" }],
    },
    async check(response, t) {
      const list = await members(t, response.GroupId as string);
      expect([...list.keys()]).to.deep.equal(["leckie", "bob"]);
      expect(list.get("leckie")!.Role).to.equal("Owner");
    },
  },
  {
    rule: "docs/api-reference.md §2.2 a repeated account in MemberList is de-duplicated (first occurrence kept)",
    command: "create_group",
    body: {
      Type: "Public",
      Name: "g",
      MemberList: [{ Member_Account: "bob", Role: "Admin" }, { Member_Account: "bob" }],
    },
    async check(response, t) {
      const info = await groupInfo(t, response.GroupId as string);
      expect(info.MemberNum).to.equal(1);
      expect(info.MemberList[0]).to.include({ Member_Account: "bob", Role: "Admin" });
    },
  },
  {
    rule: "docs/api-reference.md §3.5 step 9: a UserID of the wrong JSON type is 60015",
    command: "create_group",
    body: { Type: "Public", Name: "g", MemberList: [{ Member_Account: 42 }] },
    code: 60015,
    info: "MemberList[0].Member_Account: expected string, got 42",
  },
  {
    rule: "docs/api-reference.md §3.5 step 9: a non-account field of the wrong JSON type is 10004",
    command: "create_group",
    body: { Type: "Public", Name: "g", MaxMemberCount: "500" },
    code: 10004,
    info: 'MaxMemberCount: expected integer, got "500"',
  },
];

conformance("002 create_group", cases);
