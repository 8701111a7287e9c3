/**
 * @e2e README "Bring an existing app under code", run as written: the blocks between its
 * `<!-- bring-app:begin <step> -->` and `<!-- bring-app:end -->` markers are extracted and run
 * verbatim, one step at a time, in a project outside the repository that installs the packed
 * packages the way README "Use it in your own Pulumi project" does (its `repo` step packs them).
 * The app is an emulator app of more than 100 groups of every type (Public, Private, ChatRoom,
 * AVChatRoom, BChatRoom), about half with service-assigned `@TGS#` ids, CJK and emoji names, group
 * and member custom data, name cards and admins (tests/topology/seed.ts, through the API).
 *
 * Proven: export → the adoption preview says "no change" for every group → `pulumi up` makes 0
 * write calls (emulator stats) → `pulumi preview --expect-no-changes` passes → `imgroups-drift
 * --unmanaged fail --filters topology` exits 0. Then: an out-of-band rename is drift (exit 2,
 * named); a new live group is listed as unmanaged and fails the CI step; an entry deleted from the
 * topology leaves its group live after `up` (released, no write); a wrong member list in an
 * adopting entry stops at preview and at `up` with nothing written; a schema error names file and
 * line. One stack, one app: the steps build on each other, in order.
 *
 * The adoption preview is saved by the README step itself (`tee adoption-preview.txt`); its first
 * 40 lines and its line count are printed in the test log and copied to .work/adoption-preview.txt.
 * With KEEP_SCRATCH=1 the temp directory (project, state) is kept and its path printed.
 */
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { resourceNameFor } from "@imgroups/tencentcloud-im/topology/names";
import { expect } from "chai";
import { parseDocument } from "yaml";
import { type ImTestBed, startImTestBed, writeCalls } from "../support/im";
import { repoRoot } from "../support/paths";
import { type PulumiResult, runProcess } from "../support/pulumi";
import { readerEnv, readmeScript, runScript, stopGroup } from "../support/readme";
import { type SeededApp, seedApp } from "../topology/seed";

/** The README steps, in the order the section gives them. */
type Step = "install" | "stack" | "export" | "review" | "program" | "preview" | "up" | "check" | "ci";

/** `text` as a regular expression that matches it literally. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Calls that change the app (everything but reads and account checks). */
const appWrites = (bed: ImTestBed) => writeCalls(bed.emulator.control.stats().calls);

describe("@e2e README 'Bring an existing app under code', run verbatim in a project outside the repository", function () {
  // npm installs the packages (from the cache when it has them); ~200 resources go through the engine.
  this.timeout(1_200_000);
  const started = Date.now();
  const scratch = mkdtempSync(path.join(tmpdir(), "imgroups-bring-app-"));
  const packages = path.join(scratch, "packages");
  const projectParent = path.join(scratch, "projects");
  const project = path.join(projectParent, "infra", "im");
  const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const processes: ChildProcess[] = [];
  let bed: ImTestBed;
  let app: SeededApp;
  let env: NodeJS.ProcessEnv;

  const step = async (name: Step): Promise<PulumiResult> => {
    const result = await runScript(
      readmeScript(readme, "bring-app", name),
      name === "install" ? projectParent : project,
      env,
      processes,
    );
    return result;
  };
  const run = (command: string, ...args: string[]) => runProcess(command, args, { cwd: project, env });
  const output = (result: PulumiResult) => `${result.stdout}\n${result.stderr}`;
  /** The group file an entry of the exported layout is in. */
  const groupFile = (groupId: string) => {
    const dir = path.join(project, "topology", "groups");
    const found = readdirSync(dir).find((file) =>
      new RegExp(`^\\s*(- )?groupId: (${literal(groupId)}|${literal(JSON.stringify(groupId))})$`, "m").test(
        readFileSync(path.join(dir, file), "utf8"),
      ),
    );
    if (found === undefined) throw new Error(`no group file holds ${groupId}`);
    return path.join(dir, found);
  };

  before(async () => {
    bed = await startImTestBed();
    app = await seedApp(bed.client, { perType: 30, liveRooms: 6, broadcastRooms: 4, prefix: "app" });
    env = readerEnv({
      IMGROUPS_PACKAGES: packages,
      PULUMI_HOME: path.join(scratch, "pulumi-home"),
      PULUMI_BACKEND_URL: `file://${path.join(scratch, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "bring-app passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_COLOR: "never",
      NO_COLOR: "1",
      TENCENTCLOUD_IM_ENDPOINT: bed.emulator.url,
      TENCENTCLOUD_IM_SDKAPPID: String(bed.emulator.sdkAppId),
      TENCENTCLOUD_IM_SECRET_KEY: bed.emulator.secretKey,
      npm_config_prefer_offline: "true",
      npm_config_audit: "false",
      npm_config_fund: "false",
      npm_config_update_notifier: "false",
    });
    mkdirSync(path.join(scratch, "state"));
    mkdirSync(projectParent);
    const packed = await runScript(readmeScript(readme, "own-project", "repo"), repoRoot, env, processes);
    expect(packed.code, output(packed)).to.equal(0);
    for (const name of ["install", "stack"] as const) {
      const result = await step(name);
      expect(result.code, `${name}: ${output(result)}`).to.equal(0);
    }
  });
  after(async () => {
    for (const child of processes) stopGroup(child);
    await bed?.close();
    if (process.env.KEEP_SCRATCH === undefined) rmSync(scratch, { recursive: true, force: true });
    else console.log(`      kept ${scratch}`);
    console.log(`      bring-app: ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
  });

  it("the seeded app has ≥ 100 groups of every type, ≥ 20 with service-assigned ids", async () => {
    expect(app.all.length).to.be.at.least(100);
    expect(app.assigned.length).to.be.at.least(20);
    expect(app.assigned.every((id) => id.startsWith("@TGS#"))).to.equal(true);
    const types = new Set<string>();
    for (const id of app.all) types.add((await bed.client.getGroup(id))!.Type!);
    expect([...types].sort()).to.deep.equal(["AVChatRoom", "BChatRoom", "ChatRoom", "Private", "Public"]);
  });

  it("export → the adoption preview says 'no change' per group → up makes 0 writes → no changes → imgroups-drift exits 0", async () => {
    const exported = await step("export");
    expect(exported.code, output(exported)).to.equal(0);
    expect(readdirSync(path.join(project, "topology", "groups"))).to.have.length(app.all.length);
    const review = await step("review");
    expect(review.code, output(review)).to.equal(0);
    expect(review.stdout).to.include("version: 1");
    const program = await step("program");
    expect(program.code, output(program)).to.equal(0);

    bed.emulator.control.resetStats();
    const preview = await step("preview");
    expect(preview.code, output(preview)).to.equal(0);
    expect(appWrites(bed), "writes during the adoption preview").to.deep.equal([]);
    const saved = readFileSync(path.join(project, "adoption-preview.txt"), "utf8");
    const lines = saved.replace(/\n$/, "").split("\n");
    mkdirSync(path.join(repoRoot, ".work"), { recursive: true });
    writeFileSync(path.join(repoRoot, ".work", "adoption-preview.txt"), saved);
    console.log(
      `      adoption preview (${lines.length} lines, saved to .work/adoption-preview.txt); its first 40:\n${lines
        .slice(0, 40)
        .map((line) => `        | ${line}`)
        .join("\n")}`,
    );
    for (const id of app.all) {
      expect(saved, id).to.include(`adopts group ${id} `);
      expect(saved, id).to.include(resourceNameFor(id));
    }
    // The engine shows a diagnostic under its resource and again in the summary: count groups.
    const unchanged = new Set(
      [...saved.matchAll(/adopts group (\S+) \(.*\): no change, the first up writes nothing to it/g)].map(
        (match) => match[1],
      ),
    );
    expect([...unchanged].sort()).to.deep.equal([...app.all].sort());
    const memberSets = new Set(
      [...saved.matchAll(/members of group (\S+): no member changes/g)].map((match) => match[1]),
    );
    expect([...memberSets].sort(), "member sets saying 'no member changes'").to.deep.equal(
      [...app.withMembers].sort(),
    );
    expect(saved).not.to.match(/would change on take-over/);

    bed.emulator.control.resetStats();
    const up = await step("up");
    expect(up.code, output(up)).to.equal(0);
    expect(appWrites(bed), "writes during the adopting up").to.deep.equal([]);

    const check = await step("check");
    expect(check.code, output(check)).to.equal(0);
    const ci = await step("ci");
    expect(ci.code, output(ci)).to.equal(0);
    expect(ci.stdout).to.include("Result: no drift (exit 0).");
  });

  it("an out-of-band rename is drift: exit 2, naming the group and the field", async () => {
    const groupId = app.assigned[2]!;
    const before = (await bed.client.getGroup(groupId))!.Name!;
    await bed.client.modifyGroupBaseInfo({ GroupId: groupId, Name: "改名了 🔀" });
    const drift = await run("npx", "imgroups-drift", "--no-files");
    expect(drift.code, output(drift)).to.equal(2);
    expect(drift.stdout).to.include(groupId);
    expect(drift.stdout).to.match(/name/);
    expect(drift.stdout).to.include("改名了 🔀");
    await bed.client.modifyGroupBaseInfo({ GroupId: groupId, Name: before });
  });

  it("a new live group is listed as unmanaged, and the CI step fails on it", async () => {
    const made = await bed.client.createGroup({ Type: "Public", Name: "新群 🆕", Owner_Account: "owner-甲" });
    const ci = await step("ci");
    expect(ci.code, output(ci)).to.equal(2);
    expect(ci.stdout).to.include(`${made.GroupId} (Public "新群 🆕")`);
    expect(ci.stdout).to.include("live groups no resource of the stack manages (--unmanaged fail)");
    const report = await run(
      "npx",
      "imgroups-drift",
      "--unmanaged",
      "report",
      "--filters",
      "topology",
      "--no-files",
    );
    expect(report.code, output(report)).to.equal(0);
    expect(report.stdout).to.include(made.GroupId);
    await bed.client.destroyGroup({ GroupId: made.GroupId });
  });

  // The entry the next three tests take out, break and put back: a Public group with members.
  let removedId: string;
  let removedFile: string;
  let removedText: string;

  it("an entry deleted from the topology leaves its group live after up: released, nothing written", async () => {
    removedId = app.assigned.find((id) => id.startsWith("@TGS#"))!;
    removedFile = groupFile(removedId);
    removedText = readFileSync(removedFile, "utf8");
    const membersBefore = await bed.client.listAllMembers(removedId);
    rmSync(removedFile);
    bed.emulator.control.resetStats();
    const up = await run("pulumi", "up", "--yes");
    expect(up.code, output(up)).to.equal(0);
    expect(up.stdout).to.match(/2 deleted/);
    expect(appWrites(bed), "writes while releasing").to.deep.equal([]);
    expect(await bed.client.getGroup(removedId)).not.to.equal(null);
    expect((await bed.client.listAllMembers(removedId)).length).to.equal(membersBefore.length);
    const ci = await step("ci");
    expect(ci.code, output(ci)).to.equal(2);
    expect(ci.stdout).to.include(removedId);
  });

  it("a wrong member list in an adopting entry stops at preview (and at up) with nothing written", async () => {
    const doc = parseDocument(removedText);
    const members = doc.getIn(["groups", 0, "members"]) as { items: unknown[] };
    expect(members.items.length).to.be.at.least(3);
    const declared = members.items.length;
    doc.deleteIn(["groups", 0, "members", 1]);
    doc.deleteIn(["groups", 0, "members", 0]);
    writeFileSync(removedFile, doc.toString());
    bed.emulator.control.resetStats();
    const preview = await run("pulumi", "preview");
    expect(preview.code, output(preview)).not.to.equal(0);
    // The take-over guard, naming the group, the two undeclared members and the way out.
    expect(output(preview)).to.include(
      `group ${removedId} already has 2 member(s) this resource does not declare: `,
    );
    expect(output(preview)).to.include("Authoritative mode would remove them on this first apply.");
    const up = await run("pulumi", "up", "--yes");
    expect(up.code, output(up)).not.to.equal(0);
    expect(appWrites(bed), "writes after a refused adoption").to.deep.equal([]);
    expect((await bed.client.listAllMembers(removedId)).length).to.be.at.least(declared);
    writeFileSync(removedFile, removedText);
  });

  it("a schema error names the file and the line", async () => {
    const file = groupFile(app.custom[0]!);
    const text = readFileSync(file, "utf8");
    const lines = text.split("\n");
    const at = lines.findIndex((line) => /^\s+type: /.test(line));
    expect(at).to.be.at.least(0);
    lines[at] = lines[at]!.replace(/type: .*/, "type: Meeting");
    writeFileSync(file, lines.join("\n"));
    const preview = await run("pulumi", "preview");
    expect(preview.code, output(preview)).not.to.equal(0);
    const relative = path.relative(path.join(project, "topology"), file).split(path.sep).join("/");
    expect(output(preview)).to.match(
      new RegExp(`${relative.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:${at + 1}:\\d+: groups\\[0\\]\\.type`),
    );
    expect(output(preview)).to.include('"Meeting"');
    writeFileSync(file, text);
  });
});
