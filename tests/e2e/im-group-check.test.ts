/**
 * @e2e Every create_group 10004 rule (002) stops `pulumi preview` with a message naming the
 * property, the limit and the value — nothing is sent. One preview per rule: the engine stops a
 * preview at the first resource whose check fails.
 */
import { expect } from "chai";
import { type ImTestBed, type SpecWorkspace, startImTestBed } from "../support/im";

/** Rule → the resource that breaks it and the text the preview must show for it. */
const RULES: Array<{ rule: string; spec: { groups?: object; members?: object }; expect: RegExp }> = [
  {
    rule: "#1 Owner_Account not imported",
    spec: { groups: { r1: { type: "Public", name: "R1", ownerAccount: "never-imported" } } },
    expect: /ownerAccount: is not an account imported into the IM app.*\(value "never-imported"\)/,
  },
  {
    rule: "#2 Name empty",
    spec: { groups: { r2: { type: "Public", name: "" } } },
    expect: /name.*must not be empty/,
  },
  {
    rule: "#2 Name over 30 bytes",
    spec: { groups: { r2b: { type: "Public", name: "这是一个非常非常长的群组名称" } } },
    expect: /name.*42 bytes, over the limit of 30 bytes/,
  },
  {
    rule: "#3 Type unknown",
    spec: { groups: { r3: { type: "Meeting", name: "R3" } } },
    expect: /type.*must be one of "Private"/,
  },
  {
    rule: "#4 Introduction over 240 bytes",
    spec: { groups: { r4: { type: "Public", name: "R4", introduction: "i".repeat(241) } } },
    expect: /introduction.*241 bytes, over the limit of 240/,
  },
  {
    rule: "#5 Notification over 300 bytes",
    spec: { groups: { r5: { type: "Public", name: "R5", notification: "n".repeat(301) } } },
    expect: /notification.*301 bytes, over the limit of 300/,
  },
  {
    rule: "#6 FaceUrl over 100 bytes",
    spec: { groups: { r6: { type: "Public", name: "R6", faceUrl: `https://x/${"f".repeat(100)}` } } },
    expect: /faceUrl.*110 bytes, over the limit of 100/,
  },
  {
    rule: "#7 custom GroupId with the @TGS# prefix",
    spec: { groups: { r7: { type: "Public", name: "R7", groupId: "@TGS#mine" } } },
    expect: /groupId.*must not start with "@TGS#"/,
  },
  {
    rule: "#8 MaxMemberCount above the type maximum",
    spec: { groups: { r8: { type: "Private", name: "R8", maxMemberCount: 500 } } },
    expect: /maxMemberCount.*at most 200 for Private groups/,
  },
  {
    rule: "#9 ApplyJoinOption not one of three",
    spec: { groups: { r9: { type: "Public", name: "R9", applyJoinOption: "Anyone" } } },
    expect: /applyJoinOption.*must be one of "FreeAccess", "NeedPermission", "DisableApply"/,
  },
  {
    rule: "#10 AppDefinedData value over 512 bytes",
    spec: { groups: { r10: { type: "Public", name: "R10", appDefinedData: { tier: "v".repeat(600) } } } },
    expect: /appDefinedData\.tier.*600 bytes, over the limit of 512/,
  },
  {
    rule: "#11 MemberList not an array",
    spec: {
      groups: { g11: { type: "Public", name: "G11" } },
      members: { r11: { group: "g11", members: "bob" } },
    },
    expect: /members.*must be an array/,
  },
  {
    rule: "#12 more invitees than the member limit",
    spec: {
      groups: { g12: { type: "Public", name: "G12", maxMemberCount: 2 } },
      members: { r12: { group: "g12", members: ["a", "b", "c"] } },
    },
    expect: /members.*declares 3 members \(owner included\), over the group's limit of 2/,
  },
  {
    rule: "#13 member-level fields (AppMemberDefinedData is not an input; its sibling NameCard is) over the limit",
    spec: {
      groups: { g13: { type: "Public", name: "G13" } },
      members: { r13: { group: "g13", members: [{ account: "a", nameCard: "c".repeat(51) }] } },
    },
    expect: /members\.a\.nameCard.*51 bytes, over the limit of 50/,
  },
  {
    rule: "#14 Role other than Admin",
    spec: {
      groups: { g14: { type: "Public", name: "G14" } },
      members: { r14: { group: "g14", members: [{ account: "a", role: "Owner" }] } },
    },
    expect: /members\.a\.role.*must be one of "Admin", "Member"/,
  },
  {
    rule: "#15 Role for a type without admins",
    spec: {
      groups: { g15: { type: "Private", name: "G15" } },
      members: { r15: { group: "g15", members: [{ account: "a", role: "Admin" }] } },
    },
    expect: /members\.a\.role.*Private groups have no admins/,
  },
  {
    rule: "#16 Role given to the owner",
    spec: {
      groups: { g16: { type: "Public", name: "G16", ownerAccount: "boss" } },
      members: { r16: { group: "g16", members: [{ account: "boss", role: "Admin" }] } },
    },
    expect: /members\.boss\.role.*is the group owner/,
  },
];

describe("@e2e ImGroup and ImGroupMembers check: the create_group 10004 list in pulumi preview", () => {
  let bed: ImTestBed;
  let ws: SpecWorkspace;
  before(async () => {
    bed = await startImTestBed();
    await bed.client.multiaccountImport(["boss"]);
    ws = await bed.workspace({}, { stack: "check" });
    bed.emulator.control.resetStats();
  });
  after(async () => bed?.close());

  for (const r of RULES) {
    it(`002 10004 ${r.rule}`, async () => {
      ws.writeSpec(r.spec);
      const result = await ws.preview();
      expect(result.code).to.not.equal(0);
      expect(result.stdout + result.stderr).to.match(r.expect);
    });
  }

  it("never prints the value of a secret input (neither our message nor the engine's)", async () => {
    ws.writeSpec({
      groups: { s: { type: "Public", name: "S", notification: { $secret: "TOPSECRET".repeat(40) } } },
    });
    const result = await ws.preview();
    expect(result.code).to.not.equal(0);
    const output = result.stdout + result.stderr;
    expect(output).to.match(
      /notification: is 360 bytes, over the limit of 300 bytes \(UTF-8\) \(value \[secret\]\)/,
    );
    expect(output).to.not.include("TOPSECRET");
  });

  it("sent nothing that changes the app (only account_check reads)", () => {
    const calls = Object.keys(bed.emulator.control.stats().calls);
    expect(calls.filter((c) => !c.endsWith("/account_check"))).to.deep.equal([]);
  });
});
