/**
 * The topology reader (topology/read.ts), names (names.ts), filters and the published schema: every
 * error names file, line, field, limit and value; ids and keys are any string; names depend on
 * the group id alone; the committed schema is the one the field tables make.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { matchesFilters } from "@imgroups/tencentcloud-im/topology/filters";
import { fileNameFor, resourceNameFor } from "@imgroups/tencentcloud-im/topology/names";
import {
  formatProblem,
  readTopology,
  TopologyError,
  type TopologyProblem,
  topologyFilters,
} from "@imgroups/tencentcloud-im/topology/read";
import { topologySchemaText } from "@imgroups/tencentcloud-im/topology/schema";
import { expect } from "chai";
import { repoRoot } from "../support/paths";

/** A topology directory with these files (relative path → text). */
function topology(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "imgroups-topology-"));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** The problems reading `dir` reports, as the lines users see. */
function problemsOf(dir: string): string[] {
  try {
    readTopology(dir, { now: 2_000_000_000 });
  } catch (error) {
    expect(error).to.be.instanceOf(TopologyError);
    return (error as TopologyError).problems.map(formatProblem);
  }
  throw new Error("expected the topology to be refused");
}

const GOOD = `groups:
  - groupId: eng
    type: Public
    name: 工程部 🚀
    appDefinedData: { tier: gold }
    members:
      - alice
      - { account: bob, role: Admin, nameCard: 小王, appMemberDefinedData: { level: "7", gone: null } }
`;

describe("topology reader: errors name file, line, field, limit and value", () => {
  it("reports every profile and member mistake at its line, in the check's words", () => {
    const dir = topology({
      "teams/eng.yaml": `# a comment line
groups:
  - groupId: eng
    type: Public
    name: "这是一个非常非常长的群组名称超过三十字节"
    maxMemberCount: 5000
    appDefinedData: { tier: "" }
    members:
      - alice
      - { account: bob, role: Boss }
      - { account: carol, nameCard: "${"x".repeat(51)}" }
      - alice
    memberOptions: { maxRemovalShare: 2 }
    colour: blue
`,
    });
    expect(problemsOf(dir)).to.deep.equal([
      'teams/eng.yaml:5:11: groups[0].name (group "eng"): is 60 bytes, over the limit of 30 bytes (UTF-8) (value "这是一个非常非常长的群组名称超过三十字节")',
      'teams/eng.yaml:6:21: groups[0].maxMemberCount (group "eng"): must be at most 2000 for Public groups (value 5000)',
      'teams/eng.yaml:7:29: groups[0].appDefinedData.tier (group "eng"): must not be empty (value "")',
      'teams/eng.yaml:10:31: groups[0].members[1].role (group "eng"): must be one of "Admin", "Member" (value "Boss")',
      `teams/eng.yaml:11:37: groups[0].members[2].nameCard (group "eng"): is 51 bytes, over the limit of 50 bytes (UTF-8) (value "${"x".repeat(51)}")`,
      'teams/eng.yaml:12:9: groups[0].members[3] (group "eng"): account "alice" is listed twice (also at members[0])',
      'teams/eng.yaml:13:39: groups[0].memberOptions.maxRemovalShare (group "eng"): must be <= 1 (value 2)',
      `teams/eng.yaml:14:13: groups[0].colour (group "eng"): is not a known input (known: type, groupId, name, introduction, notification, faceUrl, maxMemberCount, applyJoinOption, inviteJoinOption, appDefinedData, muteAllMember, ownerAccount, createTime, adopt, allowReplace, onDelete, members, memberOptions)`,
    ]);
  });

  it("keeps each problem's parts apart for tools (file, line, column, field, group, reason, value)", () => {
    const dir = topology({
      "g.yaml": "groups:\n  - groupId: a\n    type: Private\n    name: ok\n    muteAllMember: true\n",
    });
    try {
      readTopology(dir);
      expect.fail("refused");
    } catch (error) {
      const [problem] = (error as TopologyError).problems as TopologyProblem[];
      expect(problem).to.deep.equal({
        file: "g.yaml",
        line: 5,
        column: 20,
        field: "groups[0].muteAllMember",
        groupId: "a",
        reason: "is not supported by Private groups",
        value: true,
      });
      expect((error as TopologyError).code).to.equal("TOPOLOGY_INVALID");
    }
  });

  it("names a missing field, a type rule across fields, and a member rule across the set", () => {
    const dir = topology({
      "g.yaml": `groups:
  - groupId: p
    type: Private
    name: p
    members:
      - { account: a, role: Admin }
  - groupId: live
    type: AVChatRoom
    name: live
    members: [x]
  - groupId: nameless
    type: Public
`,
    });
    expect(problemsOf(dir)).to.deep.equal([
      'g.yaml:6:29: groups[0].members[0].role (group "p"): Private groups have no admins (value "Admin")',
      'g.yaml:10:14: groups[1].members (group "live"): cannot be declared for AVChatRoom groups: users join them only by applying (1 declared)',
      'g.yaml:11:5: groups[2].name (group "nameless"): is required',
    ]);
  });

  it("refuses a group id declared twice, naming both files and lines", () => {
    const dir = topology({
      "a/one.yaml": "groups:\n  - groupId: eng\n    type: Public\n    name: one\n",
      "b/two.yml": "\n\ngroups:\n  - groupId: eng\n    type: Public\n    name: two\n",
    });
    expect(problemsOf(dir)).to.deep.equal([
      'b/two.yml:4:14: groups[0].groupId (group "eng"): is declared twice: here and in a/one.yaml:2; a group must have exactly one entry',
    ]);
  });

  it("reports YAML syntax errors and repeated keys with their line", () => {
    const dir = topology({
      "bad.yaml": "groups:\n  - groupId: a\n    type: Public\n    name: [unclosed\n",
      "twice.yaml": "groups:\n  - groupId: b\n    type: Public\n    type: Private\n    name: b\n",
    });
    const problems = problemsOf(dir);
    expect(problems).to.have.length(2);
    expect(problems[0]).to.match(/^bad\.yaml:\d+:\d+: : is not valid YAML: /);
    expect(problems[1]).to.match(/^twice\.yaml:4:5: : is not valid YAML: Map keys must be unique/);
  });

  it("checks filters (in topology.yaml only) and refuses entries outside them", () => {
    expect(
      problemsOf(
        topology({
          "topology.yaml": "version: 1\nfilters:\n  types: [Public, Nope]\n  idPattern: '['\n",
          "sub/topology.yaml": "filters: { idPrefix: x }\n",
        }),
      ),
    ).to.deep.equal([
      "sub/topology.yaml:1:10: filters: belong in topology.yaml at the topology's root, which every tool reads them from",
      'topology.yaml:3:19: filters.types[1]: must be one of "Private", "Public", "ChatRoom", "AVChatRoom", "BChatRoom" (value "Nope")',
      'topology.yaml:4:14: filters.idPattern: is not a valid regular expression: Invalid regular expression: /[/u: Unterminated character class (value "[")',
    ]);
    expect(
      problemsOf(topology({ "topology.yaml": "filters: { idPrefix: team- }\n", "g.yaml": GOOD })),
    ).to.deep.equal([
      'g.yaml:2:14: groupId (group "eng"): is outside the topology\'s filters (topology.yaml): widen the filters or remove the entry',
    ]);
  });

  it("refuses alias bombs and deep nesting as problems (before the budget, the bomb ran 80 s and crashed)", () => {
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (const [i, name] of [..."bcdefghij"].entries()) {
      bomb += `${name}: &${name} [${Array(10)
        .fill(`*${i === 0 ? "a" : "bcdefghij"[i - 1]}`)
        .join(", ")}]\n`;
    }
    expect(problemsOf(topology({ "bomb.yaml": bomb }))[0]).to.match(
      /^bomb\.yaml:1:1: : expands to more than \d+ values through YAML aliases/,
    );
    expect(
      problemsOf(topology({ "deep.yaml": `groups: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n` }))[0],
    ).to.match(/^deep\.yaml:1:\d+: : is not valid YAML: /);
  });

  it("says so when a directory holds no topology", () => {
    const dir = topology({ "README.md": "# not yaml" });
    expect(problemsOf(dir)[0]).to.match(/holds no \.yaml or \.yml file: not a topology directory/);
  });
});

describe("topology reader: any string is data", () => {
  it("reads accounts and custom-data keys such as __proto__, dotted and emoji ones as data", () => {
    const dir = topology({
      "g.yaml": `groups:
  - groupId: "weird:id/with#chars"
    type: Public
    name: "null"
    introduction: "yes"
    members:
      - { account: "__proto__", appMemberDefinedData: { "__proto__": "p", constructor: c } }
      - { account: "a.b.c", nameCard: "🐼" }
      - { account: "toString" }
`,
    });
    const [group] = readTopology(dir).groups;
    expect(group!.groupId).to.equal("weird:id/with#chars");
    expect(group!.group.name).to.equal("null");
    expect(group!.group.introduction).to.equal("yes");
    const members = group!.members as Array<{ account: string; appMemberDefinedData?: Map<string, string> }>;
    expect(members.map((m) => m.account)).to.deep.equal(["__proto__", "a.b.c", "toString"]);
    expect([...members[0]!.appMemberDefinedData!]).to.deep.equal([
      ["__proto__", "p"],
      ["constructor", "c"],
    ]);
  });

  it("locates a failure of a dotted account at that member", () => {
    const dir = topology({
      "g.yaml":
        "groups:\n  - groupId: g\n    type: Public\n    name: g\n    members:\n      - a\n      - { account: a.b, role: Boss }\n",
    });
    expect(problemsOf(dir)).to.deep.equal([
      'g.yaml:7:31: groups[0].members[1].role (group "g"): must be one of "Admin", "Member" (value "Boss")',
    ]);
  });
});

describe("topology names and layout", () => {
  it("gives entries the same result wherever they are: one file, two files, nested directories", () => {
    const two = `  - groupId: ops\n    type: Private\n    name: Ops\n`;
    const together = readTopology(topology({ "all.yaml": `${GOOD}${two}` })).groups;
    const apart = readTopology(topology({ "x/eng.yaml": GOOD, "y/z/ops.yml": `groups:\n${two}` })).groups;
    const strip = (groups: typeof together) => groups.map(({ source: _source, ...rest }) => rest);
    expect(strip(apart)).to.deep.equal(strip(together));
    expect(together.map((g) => g.groupId)).to.deep.equal(["eng", "ops"]);
  });

  it("derives resource names from the id alone: readable, injective, URN-safe", () => {
    expect(resourceNameFor("@TGS#2J4SZEAEL")).to.equal("@TGS#2J4SZEAEL");
    expect(resourceNameFor("工程部-🚀")).to.equal("工程部-🚀");
    expect(resourceNameFor("a:b")).to.equal("a~3ab");
    expect(resourceNameFor("a~3ab")).to.equal("a~7e3ab");
    expect(resourceNameFor("nul\u0000x")).to.equal("nul~00x");
    expect(resourceNameFor("\ud800")).to.equal("~ud800");
    const ids = ["a:b", "a~3ab", "a/b", "a b", "A:B", "", "~", "~7e", "\u0000", "\ud800", "x\ud800"];
    expect(new Set(ids.map(resourceNameFor)).size).to.equal(ids.length);
    for (const id of ids) expect(resourceNameFor(id)).not.to.contain(":");
  });

  it("derives file names safe on every file system, distinct even where case or punctuation differ", () => {
    const ids = [
      "@TGS#2J4SZEAEL",
      "eng",
      "ENG",
      "a/b",
      "a\\b",
      "a:b",
      "CON",
      "工程部",
      "🚀",
      "..",
      "\u0000",
      "x".repeat(200),
    ];
    const names = ids.map((id) => fileNameFor(id));
    expect(new Set(names.map((n) => n.toLowerCase())).size).to.equal(ids.length);
    for (const name of names) {
      expect(name).to.match(/^[\p{L}\p{N}_-]+\.[0-9a-f]{10}\.yaml$/u);
      expect(name.length).to.be.at.most(60 + 16);
    }
    expect(fileNameFor("@TGS#2J4SZEAEL")).to.match(/^TGS_2J4SZEAEL\.[0-9a-f]{10}\.yaml$/);
    expect(fileNameFor("工程部")).to.match(/^工程部\./);
    expect(fileNameFor("eng")).to.equal(fileNameFor("eng"));
  });
});

describe("topology filters", () => {
  it("covers a group only when every filter given passes", () => {
    const filters = {
      types: ["Public" as const],
      idPrefix: "t-",
      idPattern: "\\d$",
      namePattern: "^工",
      exclude: ["t-9"],
    };
    expect(matchesFilters({ groupId: "t-1", type: "Public", name: "工程" }, filters)).to.equal(true);
    expect(matchesFilters({ groupId: "t-1", type: "Private", name: "工程" }, filters)).to.equal(false);
    expect(matchesFilters({ groupId: "x-1", type: "Public", name: "工程" }, filters)).to.equal(false);
    expect(matchesFilters({ groupId: "t-a", type: "Public", name: "工程" }, filters)).to.equal(false);
    expect(matchesFilters({ groupId: "t-1", type: "Public", name: "Eng" }, filters)).to.equal(false);
    expect(matchesFilters({ groupId: "t-9", type: "Public", name: "工程" }, filters)).to.equal(false);
    expect(matchesFilters({ groupId: "anything", type: "AVChatRoom" }, {})).to.equal(true);
    expect(() => matchesFilters({ groupId: "t-1", type: "Public" }, filters)).to.throw(/needs its name/);
  });

  it("reads the filters of a topology directory ({} without topology.yaml)", () => {
    expect(topologyFilters(topology({ "g.yaml": GOOD }))).to.deep.equal({});
    const dir = topology({
      "topology.yaml": "version: 1\nfilters:\n  types: [ChatRoom]\n  exclude: ['@TGS#1']\n",
    });
    expect(topologyFilters(dir)).to.deep.equal({ types: ["ChatRoom"], exclude: ["@TGS#1"] });
    rmSync(path.join(dir, "topology.yaml"));
    writeFileSync(path.join(dir, "topology.yaml"), "filters: { idPrefix: '' }\n");
    expect(() => topologyFilters(dir)).to.throw(
      TopologyError,
      /topology\.yaml:1:22: filters\.idPrefix: must not be empty/,
    );
  });
});

describe("topology schema", () => {
  it("the committed provider/topology/topology.schema.json is the one the field tables make", () => {
    const committed = readFileSync(
      path.join(repoRoot, "provider", "topology", "topology.schema.json"),
      "utf8",
    );
    // Compared as data (biome formats the file); regenerate with `npm run -s schema:topology`.
    expect(JSON.parse(committed)).to.deep.equal(JSON.parse(topologySchemaText()));
  });

  it("lists every ImGroup input and member field of the tables", () => {
    const schema = JSON.parse(topologySchemaText());
    expect(Object.keys(schema.$defs.group.properties)).to.include.members([
      "groupId",
      "name",
      "notification",
      "appDefinedData",
      "adopt",
      "members",
      "memberOptions",
    ]);
    expect(Object.keys(schema.$defs.member.properties)).to.deep.equal([
      "account",
      "role",
      "nameCard",
      "msgFlag",
      "appMemberDefinedData",
      "joinTime",
      "unreadMsgNum",
    ]);
    expect(schema.$defs.group.properties.name).to.deep.equal({ type: "string", minLength: 1, maxBytes: 30 });
  });
});
