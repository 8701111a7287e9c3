/**
 * @e2e A failing check stops `pulumi preview` with a message naming the property, the limit and the
 * value, nothing is sent, and a secret input's value is never printed (not even by the engine).
 */

import { writeFileSync } from "node:fs";
import { expect } from "chai";
import { type ImTestBed, type SpecWorkspace, startImTestBed } from "../support/im";
import { programDir } from "../support/paths";
import { PulumiWorkspace } from "../support/pulumi";

/**
 * Two rules through the real engine: that a failing check stops the preview with our message
 * (field, reason, limit, value), for a rule asked of the server (#1) and a member rule whose input
 * went through the ImGroupMembers class's encoding. Every rule itself is tested in
 * tests/resources/check-rules.test.ts, and through the provider in tests/providers.
 */
const RULES: Array<{ rule: string; spec: { groups?: object; members?: object }; expect: RegExp }> = [
  {
    rule: "002 10004 #1 Owner_Account not imported",
    spec: { groups: { r1: { type: "Public", name: "R1", ownerAccount: "never-imported" } } },
    expect: /ownerAccount: is not an account imported into the IM app.*\(value "never-imported"\)/,
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
    await bed.client.createGroup({
      Type: "Public",
      GroupId: "taken-room",
      Name: "Made elsewhere",
      Owner_Account: "boss",
    });
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

  it("stops a taken custom group id at preview, naming the group there and the ways forward", async () => {
    ws.writeSpec({ groups: { t: { type: "Public", groupId: "taken-room", name: "Mine" } } });
    const result = await ws.preview();
    expect(result.code).to.not.equal(0);
    const output = result.stdout + result.stderr;
    expect(output).to.include(
      'groupId: is already used by an existing group (Public "Made elsewhere", owner "boss")',
    );
    expect(output).to.include("set adopt: true");
    expect(output).to.include("npx imgroups-recover");
  });

  it("stops at preview when the connection settings are missing, naming them", async () => {
    const bare = await PulumiWorkspace.create({
      programDir: programDir("groups"),
      stack: "no-config",
      env: ws.env as Record<string, string>,
    });
    try {
      writeFileSync(
        bare.env.IMGROUPS_SPEC_FILE!,
        JSON.stringify({ groups: { g: { type: "Public", name: "G" } } }),
      );
      const result = await bare.preview();
      expect(result.code).to.not.equal(0);
      const output = result.stdout + result.stderr;
      expect(output).to.include("Tencent Cloud IM connection settings");
      expect(output).to.include("tencentcloud-im:sdkAppId");
      expect(output).to.include("tencentcloud-im:secretKey");
    } finally {
      await bare.dispose();
    }
  });

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

  it("sent nothing that changes the app (only reads: account_check, and the taken-id check)", () => {
    const calls = Object.keys(bed.emulator.control.stats().calls);
    const reads = ["/account_check", "/get_group_info", "/get_appid_group_list"];
    expect(calls.filter((c) => !reads.some((read) => c.endsWith(read)))).to.deep.equal([]);
  });
});
