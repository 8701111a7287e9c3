/**
 * @e2e Bringing an existing app under code with the real pulumi CLI: an app of a dozen groups of
 * every type (six with ids the service assigned, CJK and emoji names, members with name cards,
 * admins and custom data) is adopted by a hand-written program declaring exactly the live values.
 * The preview says "no change" per group; `up` makes zero write calls (the emulator's call stats);
 * `preview --expect-no-changes` and `imgroups-drift` pass. Then: an out-of-band rename is drift
 * (exit 2, named); a new live group is listed as unmanaged; an entry deleted from the program
 * leaves its group live; a wrong member list in an adopted entry stops at preview, nothing written.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { CreateGroupRequest } from "@imgroups/tencentcloud-im/client/types";
import type { ChangeReport } from "@imgroups/tencentcloud-im/review/index";
import { expect } from "chai";
import { runTool, type ToolWorkspace, toolWorkspace } from "../review/support";
import { type ImTestBed, startImTestBed, writeCalls } from "../support/im";

/** A member as seeded and as declared. */
interface Member {
  account: string;
  role?: "Admin";
  nameCard?: string;
  appMemberDefinedData?: Record<string, string>;
}

/** One live group: how it is made out of band, and what the program declares for it. */
interface Seed {
  key: string;
  request: CreateGroupRequest;
  declared: Record<string, unknown>;
  members?: Member[];
}

const seeds: Seed[] = [
  seed(
    "eng",
    "Public",
    {
      GroupId: "pub-eng",
      Name: "工程部 🛠",
      Owner_Account: "boss",
      ApplyJoinOption: "NeedPermission",
      MaxMemberCount: 500,
    },
    [
      { account: "ann", role: "Admin", nameCard: "安" },
      { account: "bo", nameCard: "波 🌊", appMemberDefinedData: { level: "gold" } },
      { account: "cy" },
    ],
  ),
  seed(
    "market",
    "Public",
    { Name: "市场 📈", Owner_Account: "boss", ApplyJoinOption: "FreeAccess", MaxMemberCount: 300 },
    [{ account: "dee" }, { account: "eve", role: "Admin" }],
  ),
  seed("support", "Public", { Name: "Support", ApplyJoinOption: "DisableApply", MaxMemberCount: 100 }, [
    { account: "ann" },
    { account: "bo" },
  ]),
  seed(
    "family",
    "Private",
    { GroupId: "priv-family", Name: "家庭 🏠", Owner_Account: "boss", MaxMemberCount: 50 },
    [{ account: "ann", nameCard: "妈妈" }, { account: "bo" }],
  ),
  seed("books", "Private", { Name: "Book club 📚", Owner_Account: "ann", MaxMemberCount: 20 }, [
    { account: "cy" },
    { account: "dee" },
  ]),
  seed(
    "lobby",
    "ChatRoom",
    {
      GroupId: "chat-lobby",
      Name: "大厅",
      Owner_Account: "boss",
      ApplyJoinOption: "FreeAccess",
      MaxMemberCount: 1000,
    },
    [
      { account: "eve", role: "Admin" },
      { account: "fay" },
      { account: "gus", appMemberDefinedData: { level: "silver" } },
    ],
  ),
  seed(
    "gamers",
    "ChatRoom",
    { Name: "🎮 Gamers", Owner_Account: "boss", ApplyJoinOption: "FreeAccess", MaxMemberCount: 800 },
    [{ account: "ann" }, { account: "bo" }, { account: "cy" }],
  ),
  seed(
    "night",
    "ChatRoom",
    { Name: "Night 🌙", Owner_Account: "boss", ApplyJoinOption: "FreeAccess", MaxMemberCount: 900 },
    [{ account: "dee", role: "Admin", nameCard: "🦉" }],
  ),
  seed("live", "AVChatRoom", { GroupId: "av-live", Name: "直播 🎥", Owner_Account: "boss" }),
  seed("townhall", "AVChatRoom", { Name: "Town hall", Owner_Account: "boss" }),
  seed("broadcast", "BChatRoom", { GroupId: "b-broadcast", Name: "广播 📣", Owner_Account: "boss" }),
  seed(
    "empty",
    "Public",
    { GroupId: "pub-empty", Name: "Empty 空", ApplyJoinOption: "NeedPermission", MaxMemberCount: 200 },
    [],
  ),
];

function seed(
  key: string,
  type: CreateGroupRequest["Type"],
  fields: Omit<CreateGroupRequest, "Type">,
  members?: Member[],
): Seed {
  const request: CreateGroupRequest = {
    Type: type,
    Introduction: `${key} 介绍`,
    Notification: `${key} 公告 ✨`,
    FaceUrl: `https://example.com/${key}.png`,
    AppDefinedData: [{ Key: "dept", Value: `${key}-部门` }],
    ...fields,
  };
  const declared: Record<string, unknown> = {
    type,
    name: request.Name,
    introduction: request.Introduction,
    notification: request.Notification,
    faceUrl: request.FaceUrl,
    appDefinedData: { dept: `${key}-部门` },
    ...(request.Owner_Account !== undefined && { ownerAccount: request.Owner_Account }),
    ...(request.MaxMemberCount !== undefined && { maxMemberCount: request.MaxMemberCount }),
    ...(request.ApplyJoinOption !== undefined && { applyJoinOption: request.ApplyJoinOption }),
    ...((type === "Public" || type === "ChatRoom") && { muteAllMember: false }),
    adopt: true,
  };
  return { key, request, declared, ...(members !== undefined && { members }) };
}

describe("@e2e adopting an existing app", () => {
  let bed: ImTestBed;
  let ws: ToolWorkspace;
  let out: string;
  const ids = new Map<string, string>();
  let spec: { groups: Record<string, unknown>; members: Record<string, unknown> };

  const writes = () => writeCalls(bed.emulator.control.stats().calls);
  const drift = (...args: string[]) =>
    runTool("drift", ["--cwd", ws.programDir, "--stack", ws.stack, "--out-dir", out, ...args], {
      env: ws.cliEnv,
    });
  const jsonReport = () =>
    JSON.parse(readFileSync(path.join(out, "drift-report.json"), "utf8")) as ChangeReport;

  before(async () => {
    bed = await startImTestBed();
    await bed.client.multiaccountImport(["boss", "ann", "bo", "cy", "dee", "eve", "fay", "gus"]);
    spec = { groups: {}, members: {} };
    for (const { key, request, declared, members } of seeds) {
      const made = await bed.client.createGroup({
        ...request,
        ...(members !== undefined && {
          MemberList: members.map((m) => ({ Member_Account: m.account, ...(m.role && { Role: m.role }) })),
        }),
      });
      ids.set(key, made.GroupId);
      for (const member of members ?? []) {
        if (member.nameCard === undefined && member.appMemberDefinedData === undefined) continue;
        await bed.client.modifyGroupMemberInfo({
          GroupId: made.GroupId,
          Member_Account: member.account,
          ...(member.nameCard !== undefined && { NameCard: member.nameCard }),
          ...(member.appMemberDefinedData !== undefined && {
            AppMemberDefinedData: Object.entries(member.appMemberDefinedData).map(([Key, Value]) => ({
              Key,
              Value,
            })),
          }),
        });
      }
      spec.groups[key] = { ...declared, groupId: made.GroupId };
      if (members !== undefined) spec.members[`${key}-members`] = { group: key, members };
    }
    expect([...ids.values()].filter((id) => id.startsWith("@TGS#"))).to.have.length(6);
    ws = await toolWorkspace(bed, spec, { stack: "adopt" });
  });
  beforeEach(() => {
    out = mkdtempSync(path.join(tmpdir(), "imgroups-adopt-out-"));
  });
  after(async () => {
    await ws?.dispose();
    await bed?.close();
  });

  it("previews 'no change' for every adopted group, then up makes zero write calls", async () => {
    bed.emulator.control.resetStats();
    const preview = await ws.preview();
    const shown = preview.stdout + preview.stderr;
    expect(preview.code, shown).to.equal(0);
    console.log(`      adoption preview: ${JSON.stringify(bed.emulator.control.stats().calls)}`);
    console.log(
      shown
        .split("\n")
        .slice(0, 40)
        .map((line) => `      | ${line}`)
        .join("\n"),
    );
    for (const [key, groupId] of ids) {
      expect(shown, key).to.include(`adopts group ${groupId} (`);
    }
    // The engine prints a diagnostic under its resource and again in the summary: count groups.
    const unchanged = new Set(
      [...shown.matchAll(/adopts group (\S+) \(.*\): no change, the first up writes nothing to it/g)].map(
        (match) => match[1],
      ),
    );
    expect([...unchanged].sort()).to.deep.equal([...ids.values()].sort());
    expect(shown).to.include(`members of group ${ids.get("eng")}: no member changes (3 managed)`);
    expect(shown).to.not.include("declares:");

    bed.emulator.control.resetStats();
    await ws.up();
    console.log(
      `      adopting up of ${seeds.length} groups: ${JSON.stringify(bed.emulator.control.stats().calls)}`,
    );
    expect(writes()).to.deep.equal([]);

    const again = await ws.preview("--expect-no-changes");
    expect(again.code, again.stdout + again.stderr).to.equal(0);
    const result = await drift("--unmanaged", "report");
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    expect(result.stdout).to.include("No live group outside this stack: every group is managed.");
  });

  it("an out-of-band rename is drift (exit 2), named", async () => {
    const groupId = ids.get("gamers")!;
    await bed.client.modifyGroupBaseInfo({ GroupId: groupId, Name: "🎮 Gamers (renamed)" });
    const result = await drift();
    expect(result.code, result.stdout + result.stderr).to.equal(2);
    const report = jsonReport();
    expect(report.groups.map((g) => g.groupId)).to.deep.equal([groupId]);
    expect(
      report.groups[0]!.resources[0]!.fields.map((f) => [f.field, f.before, f.after, f.origin]),
    ).to.deep.equal([
      [
        "name",
        { kind: "value", value: "🎮 Gamers (renamed)" },
        { kind: "value", value: "🎮 Gamers" },
        "outside",
      ],
    ]);
    expect(result.stdout).to.include('name: "🎮 Gamers (renamed)" → "🎮 Gamers"  [changed outside Pulumi]');
    await bed.client.modifyGroupBaseInfo({ GroupId: groupId, Name: "🎮 Gamers" });
  });

  it("a new live group is listed as unmanaged (report: exit 0, fail: exit 2), within a filter", async () => {
    const made = await bed.client.createGroup({
      Type: "Public",
      Name: "Shadow 影子",
      Owner_Account: "boss",
      MemberList: [{ Member_Account: "ann" }, { Member_Account: "bo" }],
    });
    ids.set("shadow", made.GroupId);
    const reported = await drift("--unmanaged", "report");
    expect(reported.code, reported.stdout + reported.stderr).to.equal(0);
    expect(reported.stdout).to.include("1 live group no resource of this stack manages:");
    expect(reported.stdout).to.include(`${made.GroupId} (Public "Shadow 影子")`);
    expect(jsonReport().unmanaged).to.deep.equal({
      groups: [{ groupId: made.GroupId, type: "Public", name: "Shadow 影子" }],
      filtered: false,
    });
    expect(readFileSync(path.join(out, "drift-report.md"), "utf8")).to.include("**Unmanaged:** 1 live group");

    const failed = await drift("--unmanaged", "fail", "--no-files");
    expect(failed.code, failed.stdout + failed.stderr).to.equal(2);
    expect(failed.stdout).to.include("live groups no resource of the stack manages (--unmanaged fail)");

    const filterFile = path.join(out, "filters.json");
    writeFileSync(filterFile, JSON.stringify({ filters: { namePattern: "^(?!Shadow)" } }));
    const filtered = await drift("--unmanaged", "fail", "--no-files", "--filters", filterFile);
    expect(filtered.code, filtered.stdout + filtered.stderr).to.equal(0);
    expect(filtered.stdout).to.include("No live group outside this stack (within the group filter)");
  });

  it("a wrong member list in an adopted entry stops at preview, with nothing written", async () => {
    const groupId = ids.get("shadow")!;
    const wrong = {
      groups: {
        ...spec.groups,
        shadow: { type: "Public", groupId, name: "Shadow renamed", ownerAccount: "boss", adopt: true },
      },
      members: { ...spec.members, "shadow-members": { group: "shadow", members: ["ann", "cy"] } },
    };
    ws.writeSpec(wrong);
    bed.emulator.control.resetStats();
    const preview = await ws.preview();
    expect(preview.code).to.not.equal(0);
    expect(preview.stdout + preview.stderr).to.include(
      `group ${groupId} already has 1 member(s) this resource does not declare: "bo"`,
    );
    const up = await ws.run(["up", "--yes"]);
    expect(up.code).to.not.equal(0);
    expect(writes()).to.deep.equal([]);
    expect((await bed.client.getGroup(groupId))!.Name).to.equal("Shadow 影子");
    ws.writeSpec(spec);
  });

  it("adopting a group that does not exist stops at preview, naming the resource and the id", async () => {
    ws.writeSpec({
      groups: {
        ...spec.groups,
        ghost: { type: "Public", groupId: "@TGS#1NOSUCH99", name: "Ghost", adopt: true },
      },
      members: spec.members,
    });
    bed.emulator.control.resetStats();
    const preview = await ws.preview();
    expect(preview.code).to.not.equal(0);
    const output = preview.stdout + preview.stderr;
    expect(output).to.match(/ImGroup \(ghost\)|ImGroup::ghost/);
    expect(output).to.include(
      'groupId: names no existing group, so adopt: true has nothing to take over (check the id, or remove adopt to create a new group with a custom id) (value "@TGS#1NOSUCH99")',
    );
    expect(writes()).to.deep.equal([]);
    ws.writeSpec(spec);
  });

  it("an entry deleted from the program leaves its group live after up (released), then listed as unmanaged", async () => {
    const groupId = ids.get("market")!;
    const { market: _group, ...groups } = spec.groups;
    const { "market-members": _members, ...members } = spec.members;
    ws.writeSpec({ groups, members });
    const review = await runTool("review", ["--cwd", ws.programDir, "--stack", ws.stack], { env: ws.cliEnv });
    expect(review.code, review.stdout + review.stderr).to.equal(0);
    expect(review.stdout).to.match(new RegExp(`${groupId.replace(/[#$]/g, "\\$&")}.*: RELEASE`));
    expect(review.stdout).to.include("will be RELEASED, not destroyed");
    bed.emulator.control.resetStats();
    await ws.up();
    console.log(
      `      adopting up of ${seeds.length} groups: ${JSON.stringify(bed.emulator.control.stats().calls)}`,
    );
    expect(writes()).to.deep.equal([]);
    const live = await bed.client.getGroup(groupId);
    expect(live!.Name).to.equal("市场 📈");
    const state = await ws.exportState();
    expect(state.text).to.not.include(groupId);
    const result = await drift("--unmanaged", "report", "--no-files");
    expect(result.stdout).to.include(`${groupId} (Public "市场 📈")`);
  });
});
