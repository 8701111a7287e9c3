/**
 * `check` rules of ImGroup and ImGroupMembers without Pulumi or a server: each row names the
 * document rule it comes from and asserts the property and the reason (limit and value included).
 * How `check` failures reach a user (the engine printing them, secrets never shown) is proven once
 * through the real CLI in tests/e2e/im-group-check.test.ts.
 */

import {
  type ImGroupInputs,
  imGroupFailures,
} from "@imgroups/tencentcloud-im/resources/group/im-group-rules";
import {
  type ImGroupMembersInputs,
  inputFailures,
  memberSetFailures,
  parseDeclaredMembers,
  removalGuardViolation,
} from "@imgroups/tencentcloud-im/resources/members/im-group-members-rules";
import {
  encodeProgramMembers,
  type ProgramMembers,
} from "@imgroups/tencentcloud-im/resources/members/program-members";
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
    inputs: { applyJoinOption: "Anyone" as never },
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
    rule: "docs/api-reference.md §6.1 Private groups cannot mute",
    inputs: { type: "Private", muteAllMember: true },
    property: "muteAllMember",
    reason: /not supported by Private groups/,
  },
  {
    rule: "docs/api-reference.md §6.1 the join option of a ChatRoom cannot change",
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
    rule: "docs/api-reference.md §2.2 a destroyed custom id cannot be reused by the replacement",
    olds: { ...base },
    inputs: { type: "ChatRoom", allowReplace: true },
    property: "groupId",
    reason: /does not reuse a destroyed group's id/,
  },
  {
    rule: "docs/api-reference.md §6.4 InviteJoinOption not one of three",
    inputs: { inviteJoinOption: "Anyone" as never },
    property: "inviteJoinOption",
    reason: /must be one of "FreeAccess", "NeedPermission", "DisableInvite" \(value "Anyone"\)/,
  },
  {
    rule: "docs/api-reference.md §6.1 AVChatRoom groups take no InviteJoinOption",
    inputs: { type: "AVChatRoom", inviteJoinOption: "FreeAccess" },
    property: "inviteJoinOption",
    reason: /is not supported by AVChatRoom groups/,
  },
  {
    rule: "MaxMemberCount is a uint32 even where the type has no maximum (AVChatRoom)",
    inputs: { type: "AVChatRoom", maxMemberCount: 1e20 },
    property: "maxMemberCount",
    reason: /must be <= 4294967295 \(value 100000000000000000000\)/,
  },
  {
    rule: "a NaN createTime is named as NaN",
    inputs: { createTime: Number.NaN },
    property: "createTime",
    reason: /must be integer \(value NaN\)/,
  },
  {
    rule: "__proto__ cannot be a custom-data key (the engine cannot carry it)",
    inputs: { appDefinedData: Object.fromEntries([["__proto__", "x"]]) },
    property: "appDefinedData.__proto__",
    reason: /cannot be used as a key/,
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

  it("002 10004 #7 a service-assigned @TGS# id is adoptable, and refused for a create with the adopt hint", () => {
    const assigned = { ...base, groupId: "@TGS#2J4SZEAEL" };
    expect(imGroupFailures({}, { ...assigned, adopt: true }, NOW)).to.deep.equal([]);
    const created = imGroupFailures({}, assigned, NOW).map((f) => formatFailure(f));
    expect(created).to.deep.equal([
      'groupId: must not start with "@TGS#", which is reserved for ids the service assigns (to take over an ' +
        'existing group with such an id, set adopt: true) (value "@TGS#2J4SZEAEL")',
    ]);
    // A resource that already manages the group keeps it when adopt is dropped later.
    expect(imGroupFailures({ ...assigned, adopt: true }, assigned, NOW)).to.deep.equal([]);
  });

  it("onDelete is release or destroy", () => {
    expect(imGroupFailures({}, { ...base, onDelete: "release" }, NOW)).to.deep.equal([]);
    expect(imGroupFailures({}, { ...base, onDelete: "destroy" }, NOW)).to.deep.equal([]);
    const failures = imGroupFailures({}, { ...base, onDelete: "keep" as never }, NOW).map((f) =>
      formatFailure(f),
    );
    expect(failures).to.deep.equal(['onDelete: must be one of "release", "destroy" (value "keep")']);
  });
});

const membersBase: ImGroupMembersInputs = {
  groupId: "eng",
  groupType: "Public",
  members: "",
  memberFields: [],
  mode: "authoritative",
};

/**
 * The member failures `check` reports for `entries` written as a program writes them (encoded by
 * the class's own encoder) with the group facts of `inputs`.
 */
function memberFailures(entries: unknown, inputs: Partial<ImGroupMembersInputs> = {}): string[] {
  const encoded = encodeProgramMembers(entries as ProgramMembers);
  if (typeof encoded !== "string") throw new Error("plain entries encode at once");
  const { members, failures } = parseDeclaredMembers(encoded);
  const all = { ...membersBase, ...inputs };
  return [...failures, ...inputFailures(all), ...memberSetFailures(all, members, NOW)].map((f) =>
    formatFailure(f),
  );
}

describe("ImGroupMembers check rules", () => {
  it("002 10004 #11 the member list must be an array", () => {
    expect(memberFailures("bob")).to.deep.equal(['members: must be an array (value "bob")']);
  });

  it("refuses an encoded list the class did not write, naming the input", () => {
    for (const encoded of ['["a",', '"a"', "", '["a"]\n["b"]']) {
      const { members, failures } = parseDeclaredMembers(encoded);
      expect(members.size, encoded).to.equal(0);
      expect(failures.map((f) => formatFailure(f))).to.deep.equal([
        "members: is not a member list the ImGroupMembers class wrote",
      ]);
    }
  });

  it("keys the list by account and refuses duplicates, naming both positions", () => {
    const encoded = encodeProgramMembers(["bob", { account: "amy", role: "Admin" }, "bob"]) as string;
    const { members, failures } = parseDeclaredMembers(encoded);
    expect([...members]).to.deep.equal([
      ["bob", {}],
      ["amy", { role: "Admin" }],
    ]);
    expect(failures.map((f) => formatFailure(f))).to.deep.equal([
      'members[2]: account "bob" is listed twice (also at members[0])',
    ]);
  });

  const cases: Array<{
    rule: string;
    entries: unknown;
    inputs?: Partial<ImGroupMembersInputs>;
    expected: RegExp;
  }> = [
    {
      rule: "002 10004 #12 more members than the group's limit",
      entries: Array.from({ length: 200 }, (_, i) => `u${i}`),
      inputs: { groupType: "Private", ownerAccount: "boss" },
      expected: /^members: declares 201 members \(owner included\), over the group's limit of 200$/,
    },
    {
      rule: "002 10004 #14 Role other than Admin",
      entries: [{ account: "bob", role: "Owner" }],
      expected: /^members\.bob\.role: must be one of "Admin", "Member" \(value "Owner"\)$/,
    },
    {
      rule: "002 10004 #15 Role for a type without admins",
      entries: [{ account: "bob", role: "Admin" }],
      inputs: { groupType: "Private" },
      expected: /^members\.bob\.role: Private groups have no admins/,
    },
    {
      rule: "002 10004 #16 Role given to the owner",
      entries: [{ account: "bob", role: "Admin" }],
      inputs: { ownerAccount: "bob" },
      expected: /^members\.bob\.role: "bob" is the group owner/,
    },
    {
      rule: "002 note: AVChatRoom takes no members",
      entries: ["bob"],
      inputs: { groupType: "AVChatRoom" },
      expected: /^members: cannot be declared for AVChatRoom groups: users join them only by applying/,
    },
    {
      rule: "001 JoinTime must be earlier than now",
      entries: [{ account: "bob", joinTime: NOW + 10 }],
      expected: /^members\.bob\.joinTime: must be in the past/,
    },
    {
      rule: "001 JoinTime must be later than the group's CreateTime",
      entries: [{ account: "bob", joinTime: NOW - 200 }],
      inputs: { groupCreateTime: NOW - 100 },
      expected: /^members\.bob\.joinTime: must be later than the group's createTime/,
    },
    {
      rule: "docs/api-reference.md §6.5 UserID over 32 bytes",
      entries: ["u".repeat(33)],
      expected: /^members\[0\]: account must be 1–32 bytes \(UTF-8\), not 33/,
    },
    {
      rule: "docs/api-reference.md §6.5 NameCard over 50 bytes",
      entries: [{ account: "bob", nameCard: "n".repeat(51) }],
      expected: /^members\.bob\.nameCard: is 51 bytes, over the limit of 50 bytes/,
    },
    {
      rule: "002 10004 #13 AppMemberDefinedData key over 16 bytes",
      entries: [{ account: "bob", appMemberDefinedData: { "a-very-long-key-name": "v" } }],
      expected: /^members\.bob\.appMemberDefinedData\.a-very-long-key-name: key must be 1–16 bytes/,
    },
    {
      rule: "002 10004 #13 AppMemberDefinedData value over 64 bytes",
      entries: [{ account: "bob", appMemberDefinedData: { level: "v".repeat(65) } }],
      expected: /^members\.bob\.appMemberDefinedData\.level: must be a string of 1–64 bytes/,
    },
    {
      rule: "001 UnreadMsgNum is a uint32",
      entries: [{ account: "bob", unreadMsgNum: 1e20 }],
      expected:
        /^members\.bob\.unreadMsgNum: must be between 0 and 4294967295 \(value 100000000000000000000\)$/,
    },
    {
      rule: "NaN is named as NaN, not null",
      entries: [{ account: "bob", joinTime: Number.NaN }],
      expected: /^members\.bob\.joinTime: must be a whole number \(value NaN\)$/,
    },
    {
      rule: "Infinity is named as Infinity",
      entries: [{ account: "bob", unreadMsgNum: Number.POSITIVE_INFINITY }],
      expected: /^members\.bob\.unreadMsgNum: must be a whole number \(value Infinity\)$/,
    },
    {
      rule: "an unknown member field is named",
      entries: [{ account: "bob", nickname: "B" }],
      expected: /^members\.bob\.nickname: is not a known member field/,
    },
    {
      rule: "002 10004 #7 ImGroupMembers.groupId over 49 bytes (as for ImGroup)",
      entries: [],
      inputs: { groupId: "g".repeat(57) },
      expected: /^groupId: is 57 bytes, over the limit of 49 bytes/,
    },
    {
      rule: "002 10004 #7 ImGroupMembers.groupId with a NUL (shown escaped)",
      entries: [],
      inputs: { groupId: "team\u0000x" },
      expected:
        /^groupId: must contain printable ASCII characters only \(0x20–0x7E\) \(value "team\\u0000x"\)$/,
    },
    {
      rule: "maxRemovals is a uint32",
      entries: [],
      inputs: { maxRemovals: 1e20 },
      expected: /^maxRemovals: must be <= 4294967295 \(value 100000000000000000000\)$/,
    },
  ];
  for (const c of cases) {
    it(c.rule, () => {
      const failures = memberFailures(c.entries, c.inputs);
      expect(
        failures.some((f) => c.expected.test(f)),
        failures.join("\n"),
      ).to.equal(true);
    });
  }

  it("accepts any string as an account, prototype names, NUL and emoji included", () => {
    const hostile = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "nul\u0000x", "😀"];
    const encoded = encodeProgramMembers([
      ...hostile,
      {
        account: "bob",
        appMemberDefinedData: new Map([
          ["__proto__", "x"],
          ["constructor", "y"],
        ]),
      },
    ]) as string;
    const { members, failures } = parseDeclaredMembers(encoded);
    expect(failures).to.deep.equal([]);
    expect([...members.keys()]).to.deep.equal([...hostile, "bob"]);
    expect([...members.get("bob")!.appMemberDefinedData!]).to.deep.equal([
      ["__proto__", "x"],
      ["constructor", "y"],
    ]);
  });
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
