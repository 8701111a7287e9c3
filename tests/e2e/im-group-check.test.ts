/**
 * @e2e A failing check stops `pulumi preview` with a message naming the property, the limit and the
 * value, nothing is sent, and a secret input's value is never printed (not even by the engine).
 */
import { expect } from "chai";
import { type ImTestBed, type SpecWorkspace, startImTestBed } from "../support/im";

/**
 * A few rules through the real engine: that a failing check stops the preview with our message
 * (field, reason, limit, value), for a rule asked of the server (#1), a per-type rule, and member
 * rules whose input went through the ImGroupMembers class's encoding. Every rule itself is tested in
 * tests/resources/check-rules.test.ts.
 */
const RULES: Array<{ rule: string; spec: { groups?: object; members?: object }; expect: RegExp }> = [
  {
    rule: "002 10004 #1 Owner_Account not imported",
    spec: { groups: { r1: { type: "Public", name: "R1", ownerAccount: "never-imported" } } },
    expect: /ownerAccount: is not an account imported into the IM app.*\(value "never-imported"\)/,
  },
  {
    rule: "002 10004 #8 MaxMemberCount above the type maximum",
    spec: { groups: { r8: { type: "Private", name: "R8", maxMemberCount: 500 } } },
    expect: /maxMemberCount: must be at most 200 for Private groups \(value 500\)/,
  },
  {
    rule: "002 10004 #12 more invitees than the member limit",
    spec: {
      groups: { g12: { type: "Public", name: "G12", maxMemberCount: 2 } },
      members: { r12: { group: "g12", members: ["a", "b", "c"] } },
    },
    expect: /members: declares 3 members \(owner included\), over the group's limit of 2/,
  },
  {
    rule: "a repeated account names both positions",
    spec: {
      groups: { gd: { type: "Public", name: "GD" } },
      members: { rd: { group: "gd", members: ["a", "b", "a"] } },
    },
    expect: /members\[2\]: account "a" is listed twice \(also at members\[0\]\)/,
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
    it(r.rule, async () => {
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
