/**
 * @e2e A stack written by the previous release (0.1.0 at commit 229edc1, whose ImGroupMembers kept
 * whole member maps in state) keeps working: it previews, refreshes and updates under this version
 * with no spurious diff and no member change, and its state is rewritten in the new form.
 *
 * The fixture `tests/fixtures/state/v1-members.state.json` is a `pulumi stack export` made with that
 * release from `v1-members.spec.json` (4 groups: roles, name card and message flag, an additive set
 * with a member added outside Pulumi, migrated members with join times). The test rebuilds the same
 * groups on a fresh emulator and imports the state.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { type ImTestBed, startImTestBed, writeCalls } from "../support/im";
import { repoRoot } from "../support/paths";

const FIXTURES = path.join(repoRoot, "tests/fixtures/state");
const MEMBERS_TYPE = "pulumi-nodejs:dynamic/tencentcloud-im:ImGroupMembers";
const T0 = 1_700_000_000;

describe("@e2e a stack written by the previous version (v1 member maps in state)", () => {
  let bed: ImTestBed;
  const changingCalls = () => writeCalls(bed.emulator.control.stats().calls);

  const recorded = JSON.parse(readFileSync(path.join(FIXTURES, "v1-members.env.json"), "utf8")) as {
    endpoint: string;
    secretKey: string;
  };

  before(async () => {
    // A plain refresh signs with the provider configuration recorded in state: same key as then.
    bed = await startImTestBed({ secretKey: recorded.secretKey });
    const { client } = bed;
    const guests = Array.from({ length: 50 }, (_, i) => `guest-${String(i).padStart(2, "0")}`);
    await client.multiaccountImport([
      "owner",
      "alice",
      "bob",
      "carol",
      "m1",
      "m2",
      "vip-1",
      "vip-2",
      "walk-in",
      ...guests,
    ]);
    // The groups as the previous release left them (v1-members.spec.json, then "walk-in" out of band).
    await client.createGroup({
      Type: "Public",
      GroupId: "legacy-eng",
      Name: "Engineering",
      Notification: "Standup 10:00",
      Owner_Account: "owner",
      AppDefinedData: [{ Key: "tier", Value: "gold" }],
      MemberList: [
        { Member_Account: "alice" },
        { Member_Account: "bob", Role: "Admin" },
        { Member_Account: "carol" },
      ],
    });
    await client.modifyGroupMemberInfo({
      GroupId: "legacy-eng",
      Member_Account: "carol",
      NameCard: "Carol C",
      MsgFlag: "AcceptNotNotify",
    });
    await client.createGroup({
      Type: "ChatRoom",
      GroupId: "legacy-lobby",
      Name: "Lobby",
      Owner_Account: "owner",
      MemberList: guests.map((Member_Account) => ({ Member_Account })),
    });
    await client.createGroup({
      Type: "Public",
      GroupId: "legacy-club",
      Name: "Club",
      Owner_Account: "owner",
      MemberList: [
        { Member_Account: "vip-1" },
        { Member_Account: "vip-2", Role: "Admin" },
        { Member_Account: "walk-in" },
      ],
    });
    await client.importGroup({
      Type: "Public",
      GroupId: "legacy-migrated",
      Name: "Migrated",
      Owner_Account: "owner",
      CreateTime: T0,
    });
    await client.importGroupMembers("legacy-migrated", [
      { Member_Account: "m1", JoinTime: T0 + 100 },
      { Member_Account: "m2", Role: "Admin", JoinTime: T0 + 200, UnreadMsgNum: 0 },
    ]);
  });
  after(async () => bed?.close());

  it("previews, refreshes and updates with no diff and no member change, and rewrites state in the new form", async () => {
    const spec = JSON.parse(readFileSync(path.join(FIXTURES, "v1-members.spec.json"), "utf8"));
    const ws = await bed.workspace(spec, { stack: "legacy" });
    // The recorded endpoint was that run's emulator; point it at this one (same app, same key).
    const stateFile = path.join(ws.dir, "v1-state.json");
    const fixture = readFileSync(path.join(FIXTURES, "v1-members.state.json"), "utf8");
    writeFileSync(stateFile, fixture.split(recorded.endpoint).join(bed.emulator.url));
    await ws.ok(["stack", "import", "--file", stateFile]);
    const before = await ws.exportState();
    const v1 = before.resources.filter((r) => r.type === MEMBERS_TYPE);
    expect(v1).to.have.length(4);
    expect(
      v1.every((r) => typeof r.outputs?.members === "object"),
      "the fixture holds v1 member maps",
    ).to.equal(true);

    bed.emulator.control.resetStats();
    await ws.passesUnchanged();
    expect(changingCalls(), "no group or member was changed").to.deep.equal([]);

    const after = await ws.exportState();
    for (const resource of after.resources.filter((r) => r.type === MEMBERS_TYPE)) {
      expect(resource.outputs?.members, resource.urn)
        .to.be.a("string")
        .and.match(/^\d[\d,]* members? · [0-9a-f]{12}$/);
      expect(resource.inputs?.members, resource.urn).to.be.a("string");
    }
    expect(after.text.length, "the member maps left state").to.be.below(before.text.length);
    const lobby = after.resources.find((r) => r.urn.endsWith("::lobby-members"))!;
    expect(lobby.outputs?.members).to.match(/^50 members · /);
  });
});
