/**
 * @e2e Member sets on every path the engine takes (issue 19), with the real pulumi CLI against the
 * emulator: `ignoreChanges: ["members"]`, one `up --refresh` that also changes the group (owner
 * moved, member limit raised), `--replace` and a rename of a set that removes its members on
 * delete, an authoritative and an additive set on one group, the drift command on sets sharing a
 * digest and on drift larger than the removal guard, a live name card that already matches, the
 * drift wording, an account never imported, an owner moved to a member added in the same change,
 * and two invalid resources in one preview. One stack per test, a few members each.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { accounts, runTool } from "../review/support";
import { type ImTestBed, type SpecWorkspace, startImTestBed } from "../support/im";
import type { PulumiResult } from "../support/pulumi";

const MEMBERS_TYPE = "pulumi-nodejs:dynamic/tencentcloud-im:ImGroupMembers";

/** Commands that only read; any other command the emulator counts is a write. */
const isRead = (command: string) => /\/(get_[a-z_]+|account_check)$/.test(command);
/** Member commands: add, delete, modify, import of members. */
const MEMBER_WRITES = [
  "group_open_http_svc/add_group_member",
  "group_open_http_svc/delete_group_member",
  "group_open_http_svc/modify_group_member_info",
  "group_open_http_svc/import_group_member",
];

/** stdout and stderr of a CLI run, as a terminal shows them. */
const shown = (result: PulumiResult) => `${result.stdout}\n${result.stderr}`;

/** The Diagnostics section of a preview (where errors name their resource), or all of it. */
const diagnostics = (result: PulumiResult) => {
  const text = shown(result);
  const at = text.indexOf("Diagnostics:");
  return at >= 0 ? text.slice(at) : text;
};

describe("@e2e member sets on the engine's paths (issue 19)", () => {
  let bed: ImTestBed;
  before(async () => {
    bed = await startImTestBed();
    await bed.client.multiaccountImport([
      ...accounts("i", 4),
      "o1",
      "o2",
      ...accounts("p", 2),
      "lo",
      ...accounts("l", 15),
      ...accounts("r", 4),
      ...accounts("q", 3),
      ...accounts("s", 3),
      ...accounts("x", 10),
      ...accounts("g", 3),
      ...accounts("y", 10),
      "a1",
      "a2",
      ...accounts("w", 8),
      ...accounts("v", 2),
      ...accounts("k", 2),
      "h-old",
      "h-new",
      ...accounts("h", 2),
      ...accounts("b", 2),
    ]);
  });
  after(async () => bed?.close());

  const live = async (groupId: string) => await bed.client.listAllMembers(groupId);
  const liveAccounts = async (groupId: string, options: { owner?: boolean } = {}) =>
    (await live(groupId))
      .filter((m) => options.owner || m.Role !== "Owner")
      .map((m) => m.Member_Account)
      .sort();
  const roleOf = async (groupId: string, account: string) =>
    (await live(groupId)).find((m) => m.Member_Account === account)?.Role;
  const calls = () => bed.emulator.control.stats().calls as Record<string, number>;
  const memberWrites = () => Object.fromEntries(MEMBER_WRITES.map((c) => [c, calls()[c] ?? 0]));
  const urnOf = async (ws: SpecWorkspace, name: string) => {
    const { resources } = await ws.exportState();
    const urn = resources.find((r) => r.type === MEMBERS_TYPE && r.urn.endsWith(`::${name}`))?.urn;
    expect(urn, `URN of ${name}`).to.be.a("string");
    return urn!;
  };
  /** The drift command on a workspace's stack; reports go to a fresh directory. */
  const drift = async (ws: SpecWorkspace) => {
    const out = mkdtempSync(path.join(tmpdir(), "imgroups-engine-paths-drift-"));
    const env = { ...ws.env };
    delete env.INIT_CWD;
    const result = await runTool("drift", ["--cwd", ws.programDir, "--stack", ws.stack, "--out-dir", out], {
      env,
    });
    const reportFile = path.join(out, "drift-report.json");
    let report: { groups?: { groupId: string }[] } | undefined;
    try {
      report = JSON.parse(readFileSync(reportFile, "utf8"));
    } catch {
      report = undefined;
    }
    return { result, report };
  };

  it('1. ignoreChanges: ["members"]: preview --expect-no-changes and up succeed; a changed list does nothing; another input updates without touching members', async () => {
    const group = { ign: { type: "Public", groupId: "ignore-members", name: "Ignore" } };
    const set = (members: string[], extra: object = {}) => ({
      groups: group,
      members: { "ign-set": { group: "ign", members, ignoreChanges: ["members"], ...extra } },
    });
    const ws = await bed.workspace(set(["i0", "i1", "i2"]), { stack: "ignore-members" });
    await ws.up();
    const clean = await ws.preview("--expect-no-changes");
    expect(clean.code, shown(clean)).to.equal(0);
    await ws.up();

    ws.writeSpec(set(["i0", "i1", "i3"]));
    bed.emulator.control.resetStats();
    await ws.up();
    expect(await liveAccounts("ignore-members")).to.deep.equal(["i0", "i1", "i2"]);
    expect(
      Object.values(memberWrites()).every((n) => n === 0),
      JSON.stringify(calls()),
    ).to.equal(true);

    ws.writeSpec(set(["i0", "i1", "i3"], { maxRemovals: 5 }));
    bed.emulator.control.resetStats();
    await ws.up();
    expect(await liveAccounts("ignore-members")).to.deep.equal(["i0", "i1", "i2"]);
    expect(
      Object.values(memberWrites()).every((n) => n === 0),
      JSON.stringify(calls()),
    ).to.equal(true);
  });

  it("2a. one up --refresh moving the owner o1 → o2 while the set declares o2 and o1 as Admin: o2 owns, o1 is Admin, and preview --refresh has no changes", async () => {
    const spec = (owner: string, members: unknown[]) => ({
      groups: { own: { type: "Public", groupId: "owner-move", name: "Owner move", ownerAccount: owner } },
      members: { "own-set": { group: "own", members } },
    });
    const ws = await bed.workspace(spec("o1", ["o2", "p0", "p1"]), { stack: "owner-move" });
    await ws.up();
    ws.writeSpec(spec("o2", ["o2", { account: "o1", role: "Admin" }, "p0", "p1"]));
    await ws.up("--refresh");
    expect(await roleOf("owner-move", "o2")).to.equal("Owner");
    expect(await roleOf("owner-move", "o1")).to.equal("Admin");
    const clean = await ws.preview("--refresh", "--expect-no-changes");
    expect(clean.code, shown(clean)).to.equal(0);
  });

  it("2b. one up --refresh raising maxMemberCount 10 → 20 (Private) while the set grows 8 → 15: every declared member is live", async () => {
    const spec = (max: number, count: number) => ({
      groups: {
        work: {
          type: "Private",
          groupId: "limit-raise",
          name: "Limit",
          ownerAccount: "lo",
          maxMemberCount: max,
        },
      },
      members: { "work-set": { group: "work", members: accounts("l", count) } },
    });
    const ws = await bed.workspace(spec(10, 8), { stack: "limit-raise" });
    await ws.up();
    ws.writeSpec(spec(20, 15));
    const result = await ws.run(["up", "--yes", "--skip-preview", "--refresh"]);
    expect(result.code, shown(result)).to.equal(0);
    expect(await liveAccounts("limit-raise")).to.deep.equal(accounts("l", 15).sort());
  });

  it("3a. up --replace of a set with removeMembersOnDelete keeps every declared member, and preview --refresh has no changes", async () => {
    const members = accounts("r", 4);
    const ws = await bed.workspace(
      {
        groups: { rep: { type: "Public", groupId: "replace-set", name: "Replace" } },
        members: { "rep-set": { group: "rep", members, removeMembersOnDelete: true } },
      },
      { stack: "replace-set" },
    );
    await ws.up();
    await ws.up("--replace", await urnOf(ws, "rep-set"));
    expect(await liveAccounts("replace-set")).to.deep.equal([...members].sort());
    const clean = await ws.preview("--refresh", "--expect-no-changes");
    expect(clean.code, shown(clean)).to.equal(0);
  });

  it("3b. a rename without alias of a set with removeMembersOnDelete keeps every declared member, and preview --refresh has no changes", async () => {
    const members = accounts("r", 4);
    const group = { ren: { type: "Public", groupId: "rename-set", name: "Rename" } };
    const ws = await bed.workspace(
      { groups: group, members: { "ren-old": { group: "ren", members, removeMembersOnDelete: true } } },
      { stack: "rename-set" },
    );
    await ws.up();
    ws.writeSpec({
      groups: group,
      members: { "ren-new": { group: "ren", members, removeMembersOnDelete: true } },
    });
    await ws.up();
    expect(await liveAccounts("rename-set")).to.deep.equal([...members].sort());
    const clean = await ws.preview("--refresh", "--expect-no-changes");
    expect(clean.code, shown(clean)).to.equal(0);
  });

  it("4. an authoritative and an additive set on one group: preview fails naming both, and nothing is written", async () => {
    const group = { mix: { type: "Public", groupId: "mixed-modes", name: "Mixed" } };
    const authoritative = { "mix-auth": { group: "mix", members: ["q0", "q1"] } };
    const ws = await bed.workspace({ groups: group, members: authoritative }, { stack: "mixed-modes" });
    await ws.up();
    ws.writeSpec({
      groups: { mix: { ...group.mix, name: "Mixed (renamed)" } },
      members: { ...authoritative, "mix-add": { group: "mix", members: ["q2"], mode: "additive" } },
    });
    bed.emulator.control.resetStats();
    const preview = await ws.preview();
    const named = diagnostics(preview);
    expect(preview.code, shown(preview)).to.not.equal(0);
    expect(named, shown(preview)).to.include("mix-auth");
    expect(named, shown(preview)).to.include("mix-add");
    // `pulumi up` runs the same preview first: it must stop before any write.
    const up = await ws.run(["up", "--yes"]);
    expect(up.code, shown(up)).to.not.equal(0);
    const writes = Object.keys(calls()).filter((command) => !isRead(command));
    expect(writes, JSON.stringify(calls())).to.deep.equal([]);
    expect(await liveAccounts("mixed-modes")).to.deep.equal(["q0", "q1"]);
  });

  it("5. imgroups-drift on 12 sets declaring the same members, one with out-of-band additions and allowMassRemoval: exit 2 naming the added accounts, 3 runs out of 3", async function () {
    this.timeout(300_000);
    const declared = accounts("s", 3);
    const added = accounts("x", 10);
    const DRIFTED = 11;
    const spec = (allowMassRemoval: boolean) => {
      const groups: Record<string, object> = {};
      const members: Record<string, object> = {};
      for (let i = 0; i < 12; i++) {
        groups[`same${i}`] = { type: "Public", groupId: `same-members-${i}`, name: `Same ${i}` };
        members[`same-set-${i}`] = {
          group: `same${i}`,
          members: declared,
          // Which set the engine refreshes after another one's check is a matter of timing; the
          // dependency makes this one always come after same-set-0's (issue 19: "depending on timing").
          ...(i === DRIFTED ? { dependsOn: ["same-set-0"] } : {}),
          ...(i === DRIFTED && allowMassRemoval ? { allowMassRemoval: true } : {}),
        };
      }
      return { groups, members };
    };
    const ws = await bed.workspace(spec(false), { stack: "same-members" });
    await ws.up();
    await bed.client.addGroupMember({
      GroupId: `same-members-${DRIFTED}`,
      MemberList: added.map((Member_Account) => ({ Member_Account })),
    });
    // The program now allows the removal (not applied yet): the drift command must report the 10
    // as drift whichever inputs, the program's or the state's, a step plans with.
    ws.writeSpec(spec(true));
    const runs: { code: number | null; named: boolean; output: string }[] = [];
    for (let run = 0; run < 3; run++) {
      const { result, report } = await drift(ws);
      const group = report?.groups?.find((g) => g.groupId === `same-members-${DRIFTED}`);
      const text = JSON.stringify(group ?? null);
      runs.push({
        code: result.code,
        named: added.every((account) => text.includes(`"${account}"`)),
        output: shown(result),
      });
    }
    console.log(
      `      drift runs (exit code, added accounts named): ${JSON.stringify(runs.map((r) => [r.code, r.named]))}`,
    );
    for (const run of runs) {
      expect(run.code, run.output).to.equal(2);
      expect(run.named, run.output).to.equal(true);
    }
  });

  it("6. drift larger than the removal guard (10 added out of band to a 3-member set): imgroups-drift exits 2 and the report names the 10", async () => {
    const added = accounts("y", 10);
    const ws = await bed.workspace(
      {
        groups: { guard: { type: "Public", groupId: "guard-drift", name: "Guard" } },
        members: { "guard-set": { group: "guard", members: accounts("g", 3) } },
      },
      { stack: "guard-drift" },
    );
    await ws.up();
    await bed.client.addGroupMember({
      GroupId: "guard-drift",
      MemberList: added.map((Member_Account) => ({ Member_Account })),
    });
    const { result, report } = await drift(ws);
    expect(result.code, shown(result)).to.equal(2);
    const group = report?.groups?.find((g) => g.groupId === "guard-drift");
    const text = JSON.stringify(group ?? null);
    for (const account of added) expect(text, `${account} in the report`).to.include(`"${account}"`);
  });

  it('7. preview --refresh when the live name card already equals the new declaration: no `~ "a1"` line, and up --refresh sends no modify_group_member_info', async () => {
    const spec = (a1: unknown) => ({
      groups: { cards: { type: "Public", groupId: "name-cards", name: "Cards" } },
      members: { "cards-set": { group: "cards", members: [a1, "a2"] } },
    });
    const ws = await bed.workspace(spec("a1"), { stack: "name-cards" });
    await ws.up();
    await bed.client.modifyGroupMemberInfo({ GroupId: "name-cards", Member_Account: "a1", NameCard: "Al" });
    ws.writeSpec(spec({ account: "a1", nameCard: "Al" }));
    const preview = await ws.preview("--refresh");
    expect(preview.code, shown(preview)).to.equal(0);
    const changedA1 = shown(preview)
      .split("\n")
      .filter((line) => line.trim().startsWith('~ "a1"'));
    expect(changedA1, shown(preview)).to.deep.equal([]);
    bed.emulator.control.resetStats();
    await ws.up("--refresh");
    expect(calls()["group_open_http_svc/modify_group_member_info"] ?? 0, JSON.stringify(calls())).to.equal(0);
    expect((await live("name-cards")).find((m) => m.Member_Account === "a1")?.NameCard).to.equal("Al");
  });

  it("8. drift wording names the side: declared and missing from the live group, on the live group and not declared, and what up --refresh would do", async () => {
    const declared = accounts("w", 8);
    const removed = declared.slice(4);
    const added = accounts("v", 2);
    const ws = await bed.workspace(
      {
        groups: { word: { type: "Public", groupId: "drift-wording", name: "Wording" } },
        members: { "word-set": { group: "word", members: declared } },
      },
      { stack: "drift-wording" },
    );
    await ws.up();
    await bed.client.deleteGroupMember({ GroupId: "drift-wording", MemberToDel_Account: removed });
    await bed.client.addGroupMember({
      GroupId: "drift-wording",
      MemberList: added.map((Member_Account) => ({ Member_Account })),
    });
    const { result } = await drift(ws);
    // The phrases are matched whatever their capitals (a sentence may start with one).
    const text = result.stdout.toLowerCase();
    expect(result.code, shown(result)).to.equal(2);
    const missingPhrase = "declared, missing from the live group";
    const extraPhrase = "on the live group, not declared";
    expect(text, result.stdout).to.include(missingPhrase);
    expect(text, result.stdout).to.include("up --refresh would add them back");
    expect(text, result.stdout).to.include(extraPhrase);
    expect(text, result.stdout).to.include("up --refresh would remove them");
    // Each side's accounts are on its own list: the line that starts with its phrase.
    const listOf = (phrase: string) =>
      text
        .split("\n")
        .map((line) => line.trim())
        .find((line) => line.startsWith(phrase)) ?? "";
    const missing = listOf(missingPhrase);
    const extra = listOf(extraPhrase);
    for (const account of removed) expect(missing, result.stdout).to.include(account);
    for (const account of added) expect(missing, result.stdout).to.not.include(account);
    for (const account of added) expect(extra, result.stdout).to.include(account);
    for (const account of removed) expect(extra, result.stdout).to.not.include(account);
  });

  it("9. an account never imported, declared in a set: preview fails naming the account as not imported", async () => {
    const spec = (members: string[]) => ({
      groups: { ghosts: { type: "Public", groupId: "ghost-accounts", name: "Ghosts" } },
      members: { "ghost-set": { group: "ghosts", members } },
    });
    const ws = await bed.workspace(spec(["k0", "k1"]), { stack: "ghost-accounts" });
    await ws.up();
    ws.writeSpec(spec(["k0", "k1", "ghost-9"]));
    const preview = await ws.preview();
    expect(preview.code, shown(preview)).to.not.equal(0);
    // The error (from its first line on) names the account and why.
    const named = diagnostics(preview);
    const error = named.slice(Math.max(0, named.indexOf("error:")));
    expect(error, shown(preview)).to.include("ghost-9");
    expect(error, shown(preview)).to.match(/not imported/i);
  });

  it("10. one change moving the owner to an account the same change adds to the set: one pulumi up does it", async () => {
    const spec = (owner: string, members: string[]) => ({
      groups: { hand: { type: "Public", groupId: "owner-handover", name: "Handover", ownerAccount: owner } },
      members: { "hand-set": { group: "hand", members } },
    });
    const ws = await bed.workspace(spec("h-old", ["h0", "h1"]), { stack: "owner-handover" });
    await ws.up();
    ws.writeSpec(spec("h-new", ["h0", "h1", "h-new"]));
    const up = await ws.run(["up", "--yes"]);
    expect(up.code, shown(up)).to.equal(0);
    expect(await roleOf("owner-handover", "h-new")).to.equal("Owner");
    expect(await liveAccounts("owner-handover", { owner: true })).to.include.members(["h0", "h1", "h-new"]);
  });

  it("11. two invalid resources in one preview: the first is named (whether the second is, is printed)", async () => {
    const ws = await bed.workspace(
      {
        groups: {
          invA: { type: "Public", groupId: "invalid-a", name: "Invalid A" },
          invB: { type: "Public", groupId: "invalid-b", name: "Invalid B" },
        },
        members: {
          "bad-one": { group: "invA", members: [{ account: "b0", nameCard: "x".repeat(51) }] },
          "bad-two": { group: "invB", members: [{ account: "b1", nameCard: "y".repeat(60) }] },
        },
      },
      { stack: "two-invalid" },
    );
    const preview = await ws.preview();
    const named = diagnostics(preview);
    // Which of the two the engine checks first varies from run to run (each waits for its group),
    // so "the first" is the first the preview names.
    const names = ["bad-one", "bad-two"].filter(
      (name) => named.includes(`(${name})`) || named.includes(`'${name}'`),
    );
    console.log(
      `      preview exit ${preview.code}; resources named: ${JSON.stringify(names)} (the second named too: ${names.length === 2})\n${named.replace(/^/gm, "        | ")}`,
    );
    expect(preview.code, shown(preview)).to.not.equal(0);
    expect(names, shown(preview)).to.not.deep.equal([]);
  });
});
