/**
 * `check` rules of ImGroup and ImGroupMembers without Pulumi or a server: each row names the
 * document rule it comes from and asserts the property and the reason (limit and value included).
 * The same rules are shown through real `pulumi preview` runs in tests/e2e/im-group-check.test.ts.
 */

import {
  type ImGroupMembersInputs,
  imGroupMembersFailures,
  normalizeMembers,
  removalGuardViolation,
} from "@imgroups/tencentcloud-im/resources/im-group-members-rules";
import { type ImGroupInputs, imGroupFailures } from "@imgroups/tencentcloud-im/resources/im-group-rules";
import { formatFailure } from "@imgroups/tencentcloud-im/schemas/validator";
import { expect } from "chai";

const NOW = 1_700_000_000;
const base: ImGroupInputs = { type: "Public", name: "Engineering", groupId: "eng" };

interface GroupCase {
  rule: string;
  inputs: Partial<ImGroupInputs> & Record<string, unknown>;
  olds?: Partial<ImGroupInputs>;
  property: string;
  reason: RegExp;
}

const groupCases: GroupCase[] = [
  { rule: "002 10004 #2 Name missing", inputs: { name: undefined }, property: "name", reason: /is required/ },
  { rule: "002 10004 #2 Name empty", inputs: { name: "" }, property: "name", reason: /must not be empty/ },
  {
    rule: "002 10004 #2 Name over 30 bytes (11 CJK characters = 33 bytes)",
    inputs: { name: "工程团队工程团队工程团" },
    property: "name",
    reason: /33 bytes, over the limit of 30 bytes/,
  },
  { rule: "002 10004 #3 Type missing", inputs: { type: undefined }, property: "type", reason: /is required/ },
  {
    rule: "002 10004 #3 Type unknown",
    inputs: { type: "Meeting" as never },
    property: "type",
    reason: /must be one of "Private", "Public", "ChatRoom", "AVChatRoom", "BChatRoom" \(value "Meeting"\)/,
  },
  {
    rule: "002 10004 #4 Introduction over 240 bytes",
    inputs: { introduction: "x".repeat(241) },
    property: "introduction",
    reason: /241 bytes, over the limit of 240/,
  },
  {
    rule: "002 10004 #5 Notification over 300 bytes",
    inputs: { notification: "公".repeat(101) },
    property: "notification",
    reason: /303 bytes, over the limit of 300/,
  },
  {
    rule: "002 10004 #6 FaceUrl over 100 bytes",
    inputs: { faceUrl: `https://${"a".repeat(100)}` },
    property: "faceUrl",
    reason: /108 bytes, over the limit of 100/,
  },
  {
    rule: "002 10004 #7 custom GroupId over 49 bytes",
    inputs: { groupId: "g".repeat(50) },
    property: "groupId",
    reason: /50 bytes, over the limit of 49/,
  },
  {
    rule: "002 10004 #7 custom GroupId with a non-printable character",
    inputs: { groupId: "team\u0007bell" },
    property: "groupId",
    reason: /printable ASCII/,
  },
  {
    rule: "002 10004 #7 custom GroupId with the @TGS# prefix",
    inputs: { groupId: "@TGS#mine" },
    property: "groupId",
    reason: /must not start with "@TGS#"/,
  },
  {
    rule: "002 10004 #8 MaxMemberCount above the type maximum (Private 200)",
    inputs: { type: "Private", maxMemberCount: 201 },
    property: "maxMemberCount",
    reason: /at most 200 for Private groups \(value 201\)/,
  },
  {
    rule: "002 10004 #8 MaxMemberCount above the type maximum (ChatRoom 10000)",
    inputs: { type: "ChatRoom", maxMemberCount: 10001 },
    property: "maxMemberCount",
    reason: /at most 10000 for ChatRoom/,
  },
  {
    rule: "002 10004 #9 ApplyJoinOption not one of three",
    inputs: { applyJoinOption: "Anyone" },
    property: "applyJoinOption",
    reason: /must be one of "FreeAccess", "NeedPermission", "DisableApply" \(value "Anyone"\)/,
  },
  {
    rule: "002 10004 #10 AppDefinedData key empty",
    inputs: { appDefinedData: { "": "v" } },
    property: "appDefinedData",
    reason: /empty/,
  },
  {
    rule: "002 10004 #10 AppDefinedData key over 16 bytes",
    inputs: { appDefinedData: { "a-very-long-key-name": "v" } },
    property: "appDefinedData",
    reason: /20 bytes, over the limit of 16/,
  },
  {
    rule: "002 10004 #10 AppDefinedData value over 512 bytes",
    inputs: { appDefinedData: { tier: "v".repeat(513) } },
    property: "appDefinedData.tier",
    reason: /513 bytes, over the limit of 512/,
  },
  {
    rule: "000 import_group: AVChatRoom cannot be imported (10007)",
    inputs: { type: "AVChatRoom", createTime: NOW - 100 },
    property: "createTime",
    reason: /cannot be set for AVChatRoom groups/,
  },
  {
    rule: "000 import_group: CreateTime in the future",
    inputs: { createTime: NOW + 60 },
    property: "createTime",
    reason: /must not be in the future/,
  },
  {
    rule: "API.md §6.1 Private groups cannot mute",
    inputs: { type: "Private", muteAllMember: true },
    property: "muteAllMember",
    reason: /not supported by Private groups/,
  },
  {
    rule: "API.md §6.1 the join option of a ChatRoom cannot change",
    olds: { ...base, type: "ChatRoom", applyJoinOption: "FreeAccess" },
    inputs: { type: "ChatRoom", applyJoinOption: "NeedPermission" },
    property: "applyJoinOption",
    reason: /cannot be changed on ChatRoom groups/,
  },
  {
    rule: "replacement must be allowed explicitly (it destroys history)",
    olds: { ...base, groupId: "eng-1234abcd", groupIdAutoNamed: true },
    inputs: { type: "ChatRoom", groupId: "eng-99999999", groupIdAutoNamed: true },
    property: "type",
    reason: /REPLACES group "eng-1234abcd".*message history.*allowReplace: true/,
  },
  {
    rule: "API.md §2.2 a destroyed custom id cannot be reused by the replacement",
    olds: { ...base },
    inputs: { type: "ChatRoom", allowReplace: true },
    property: "groupId",
    reason: /does not reuse a destroyed group's id/,
  },
  {
    rule: "unknown inputs are reported by name",
    inputs: { nmae: "typo" },
    property: "nmae",
    reason: /is not a known input/,
  },
];

describe("ImGroup check rules", () => {
  it("accepts a valid group", () => {
    expect(imGroupFailures({}, base, NOW)).to.deep.equal([]);
  });

  for (const c of groupCases) {
    it(c.rule, () => {
      const inputs = { ...base, ...c.inputs } as ImGroupInputs;
      for (const [key, value] of Object.entries(c.inputs)) {
        if (value === undefined) delete (inputs as unknown as Record<string, unknown>)[key];
      }
      const failures = imGroupFailures(c.olds ?? {}, inputs, NOW);
      const match = failures.find((f) => f.property === c.property && c.reason.test(formatFailure(f)));
      expect(match, JSON.stringify(failures, null, 2)).to.not.equal(undefined);
    });
  }

  it("never shows the value of a secret input, not even inside the reason", () => {
    const failures = imGroupFailures({}, { ...base, notification: "TOPSECRET".repeat(40) }, NOW);
    const shown = failures.map((f) => formatFailure(f, ["notification"])).join("\n");
    expect(shown).to.equal(
      "notification: is 360 bytes, over the limit of 300 bytes (UTF-8) (value [secret])",
    );
    const replaced = imGroupFailures({ ...base, groupId: "old-id" }, { ...base, groupId: "new-id" }, NOW);
    const text = replaced.map((f) => formatFailure(f, ["groupId"])).join("\n");
    expect(text).to.not.match(/old-id|new-id/);
  });

  it("never reports values not known yet during preview", () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    expect(
      imGroupFailures({}, { ...base, maxMemberCount: unknown as never, name: unknown }, NOW),
    ).to.deep.equal([]);
  });
});

const membersBase: ImGroupMembersInputs = {
  groupId: "eng",
  groupType: "Public",
  members: { bob: { role: "Member" } },
  mode: "authoritative",
};

describe("ImGroupMembers check rules", () => {
  it("002 10004 #11 the member list must be an array", () => {
    expect(formatFailure(normalizeMembers("bob").failures[0]!)).to.equal(
      'members: must be an array (value "bob")',
    );
  });

  it("turns the array into a map keyed by account and refuses duplicates", () => {
    const { members, failures } = normalizeMembers(["bob", { account: "amy", role: "Admin" }, "bob"]);
    expect(members).to.deep.equal({ bob: {}, amy: { role: "Admin" } });
    expect(failures.map((f) => formatFailure(f))).to.deep.equal([
      'members[2]: account "bob" is listed twice (also at members[0])',
    ]);
  });

  const cases: Array<{
    rule: string;
    inputs: Partial<ImGroupMembersInputs>;
    property: string;
    reason: RegExp;
  }> = [
    {
      rule: "002 10004 #12 more members than the group's limit",
      inputs: {
        groupType: "Private",
        members: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`u${i}`, {}])),
        ownerAccount: "boss",
      },
      property: "members",
      reason: /declares 201 members \(owner included\), over the group's limit of 200/,
    },
    {
      rule: "002 10004 #14 Role other than Admin",
      inputs: { members: { bob: { role: "Owner" as never } } },
      property: "members.bob.role",
      reason: /must be one of "Admin", "Member" \(value "Owner"\)/,
    },
    {
      rule: "002 10004 #15 Role for a type without admins",
      inputs: { groupType: "Private", members: { bob: { role: "Admin" } } },
      property: "members.bob.role",
      reason: /Private groups have no admins/,
    },
    {
      rule: "002 10004 #16 Role given to the owner",
      inputs: { ownerAccount: "bob", members: { bob: { role: "Admin" } } },
      property: "members.bob.role",
      reason: /is the group owner/,
    },
    {
      rule: "002 note: AVChatRoom takes no members",
      inputs: { groupType: "AVChatRoom" },
      property: "members",
      reason: /cannot be declared for AVChatRoom groups: users join them only by applying/,
    },
    {
      rule: "001 JoinTime must be earlier than now",
      inputs: { members: { bob: { joinTime: NOW + 10 } } },
      property: "members.bob.joinTime",
      reason: /must be in the past/,
    },
    {
      rule: "001 JoinTime must be later than the group's CreateTime",
      inputs: { groupCreateTime: NOW - 100, members: { bob: { joinTime: NOW - 200 } } },
      property: "members.bob.joinTime",
      reason: /later than the group's createTime/,
    },
    {
      rule: "API.md §6.5 UserID over 32 bytes",
      inputs: { members: { ["u".repeat(33)]: {} } },
      property: "members",
      reason: /33 bytes, over the limit of 32/,
    },
    {
      rule: "API.md §6.5 NameCard over 50 bytes",
      inputs: { members: { bob: { nameCard: "n".repeat(51) } } },
      property: "members.bob.nameCard",
      reason: /51 bytes, over the limit of 50/,
    },
  ];
  for (const c of cases) {
    it(c.rule, () => {
      const failures = imGroupMembersFailures({ ...membersBase, ...c.inputs } as ImGroupMembersInputs, NOW);
      const match = failures.find((f) => f.property === c.property && c.reason.test(formatFailure(f)));
      expect(match, JSON.stringify(failures, null, 2)).to.not.equal(undefined);
    });
  }
});

describe("ImGroupMembers removal guard", () => {
  it("stops removing most of a group and says how to allow it", () => {
    const message = removalGuardViolation(membersBase, 4000, 5000);
    expect(message).to.match(
      /remove 4000 of 5000 members of group eng \(80\.0%\), over maxRemovalShare 0\.5/,
    );
    expect(message).to.match(/allowMassRemoval: true/);
  });
  it("allows small removals and explicit mass removals", () => {
    expect(removalGuardViolation(membersBase, 2, 5000)).to.equal(undefined);
    expect(removalGuardViolation({ ...membersBase, allowMassRemoval: true }, 4000, 5000)).to.equal(undefined);
  });
  it("honours a count limit", () => {
    expect(removalGuardViolation({ ...membersBase, maxRemovals: 10 }, 11, 5000)).to.match(
      /over maxRemovals 10/,
    );
  });
});
