/**
 * @e2e A stack written by the release before issue 20 (commit 2b88489) keeps working: it previews,
 * refreshes and updates with no spurious diff and no change to any group, and what the new version
 * writes is the small form — a one-line provider stub, ImGroup without `__urn`, ImGroupMembers
 * outputs without what can be derived (provider-stub.ts, members-state-v2.ts).
 *
 * The fixture `tests/fixtures/state/v2-groups.state.json` is a `pulumi stack export` made with that
 * release (tests/fixtures/state/make-v2-groups.js) from `v2-groups.spec.json`: an auto-named group,
 * a group with custom data and managed member fields, an ownerless ChatRoom with an additive member
 * set that deletes its members on delete and a member added outside Pulumi, recorded by a refresh.
 * `v2-groups.emulator.json` is the emulator's state at that moment: the test seeds a fresh
 * emulator with it (same app, same key) and imports the state.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { StateSnapshot } from "@imgroups/im-emulator";
import { expect } from "chai";
import { type ImTestBed, startImTestBed, writeCalls } from "../support/im";
import { repoRoot } from "../support/paths";
import type { StateResource } from "../support/pulumi";

const FIXTURES = path.join(repoRoot, "tests/fixtures/state");
const GROUP_TYPE = "pulumi-nodejs:dynamic/tencentcloud-im:ImGroup";
const MEMBERS_TYPE = "pulumi-nodejs:dynamic/tencentcloud-im:ImGroupMembers";
/** What the closure-serialized stub of the release before started with. */
const OLD_STUB = /^exports\.handler = __f0;/;
const NEW_STUB =
  /^exports\.handler=\(\)=>require\("@imgroups\/tencentcloud-im\/resources\/im-group(-members)?-provider"\)\.imGroup(Members)?Provider;$/;

describe("@e2e a stack written by the release before issue 20 (closure stubs, full outputs)", () => {
  let bed: ImTestBed;
  const changingCalls = () => writeCalls(bed.emulator.control.stats().calls);
  const recorded = JSON.parse(readFileSync(path.join(FIXTURES, "v2-groups.env.json"), "utf8")) as {
    endpoint: string;
    secretKey: string;
  };
  const ofType = (resources: StateResource[], type: string) => resources.filter((r) => r.type === type);
  const byName = (resources: StateResource[], name: string) =>
    resources.find((r) => r.urn.endsWith(`::${name}`))!;

  before(async () => {
    // A refresh signs with the provider configuration recorded in state: the same key as then.
    bed = await startImTestBed({ secretKey: recorded.secretKey });
    const snapshot = JSON.parse(readFileSync(path.join(FIXTURES, "v2-groups.emulator.json"), "utf8"));
    await bed.emulator.control.seed(snapshot as StateSnapshot);
  });
  after(async () => bed?.close());

  it("previews, refreshes and updates with no diff and no change, then writes the small form", async () => {
    const spec = JSON.parse(readFileSync(path.join(FIXTURES, "v2-groups.spec.json"), "utf8"));
    const ws = await bed.workspace(spec, { stack: "v2" });
    const stateFile = path.join(ws.dir, "v2-state.json");
    const fixture = readFileSync(path.join(FIXTURES, "v2-groups.state.json"), "utf8");
    writeFileSync(stateFile, fixture.split(recorded.endpoint).join(bed.emulator.url));
    await ws.ok(["stack", "import", "--file", stateFile]);
    const before = await ws.exportState();
    expect(ofType(before.resources, GROUP_TYPE)).to.have.length(3);
    expect(ofType(before.resources, MEMBERS_TYPE)).to.have.length(3);
    for (const r of [...ofType(before.resources, GROUP_TYPE), ...ofType(before.resources, MEMBERS_TYPE)]) {
      expect(r.outputs?.__provider, "the fixture holds the old stubs").to.match(OLD_STUB);
      expect(r.outputs?.__urn, "and __urn in outputs").to.be.a("string");
    }
    expect(byName(before.resources, "auto-members").outputs?.declared, "and full member outputs").to.be.a(
      "string",
    );

    bed.emulator.control.resetStats();
    await ws.passesUnchanged();
    expect(changingCalls(), "no group or member was changed").to.deep.equal([]);

    const after = await ws.exportState();
    for (const r of [...ofType(after.resources, GROUP_TYPE), ...ofType(after.resources, MEMBERS_TYPE)]) {
      // A no-change up records the program's inputs; outputs keep the stub they were written with
      // until the resource's next update (the engine hands refresh and delete the recorded one).
      expect(r.inputs?.__provider, r.urn).to.match(NEW_STUB);
      expect(r.outputs?.__provider, r.urn).to.match(OLD_STUB);
    }
    for (const r of ofType(after.resources, GROUP_TYPE)) expect(r.inputs?.__urn, r.urn).to.equal(undefined);
    for (const r of ofType(after.resources, MEMBERS_TYPE)) {
      // The refresh wrote member outputs in the stored form.
      expect(r.outputs?.__urn, r.urn).to.equal(undefined);
      expect(r.outputs?.members, r.urn).to.match(/^\d+ members? · [0-9a-f]{12}/);
    }
    const auto = byName(after.resources, "auto-members").outputs!;
    expect(auto.declared, "equal to members: derived, not stored").to.equal(undefined);
    expect(auto.liveFingerprint).to.equal(undefined);
    const lobby = byName(after.resources, "lobby-members").outputs!;
    expect(lobby.declared, "differs from members: stored").to.equal("3 members · db27fc037da6");
    expect(lobby.declaredAccounts).to.deep.equal(["guest-1", "guest-2", "guest-3"]);
    expect(after.text.length, "state shrank").to.be.below(before.text.length);

    // A change applies as before, and the resources it updates get the small stub in outputs too.
    spec.groups.eng.name = "Engineering and apps";
    spec.members["auto-members"].members.push("carol");
    ws.writeSpec(spec);
    bed.emulator.control.resetStats();
    await ws.up();
    expect(Object.fromEntries(changingCalls())).to.deep.equal({
      "group_open_http_svc/modify_group_base_info": 1,
      "group_open_http_svc/add_group_member": 1,
    });
    const changed = await ws.exportState();
    expect(byName(changed.resources, "eng").outputs?.__provider).to.match(NEW_STUB);
    expect(byName(changed.resources, "auto-members").outputs?.__provider).to.match(NEW_STUB);
    expect(byName(changed.resources, "auto-members").outputs?.members).to.match(/^3 members · /);
    await ws.up("--expect-no-changes");
  });
});
