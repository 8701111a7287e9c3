/**
 * loadTopology (topology/load.ts) under Pulumi's own mocks (pulumi.runtime.setMocks: the program
 * side of the SDK without an engine): an ImGroup and an ImGroupMembers per entry, named from the
 * group id, resource options and transforms applied, resources returned by id.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { LoadedTopology, loadTopology as LoadTopology } from "@imgroups/tencentcloud-im/topology/load";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";

/** Inputs each mocked resource was registered with, by URN. */
const registered = new Map<string, Record<string, unknown>>();

function topologyDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "imgroups-load-"));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

const FILES = {
  "a.yaml": `groups:
  - groupId: assigned-2abc
    type: Public
    name: Assigned
  - groupId: "team:ops"
    type: Private
    name: Ops
    members: [alice, { account: bob, nameCard: B }]
    memberOptions: { maxRemovals: 3 }
`,
};

describe("loadTopology under Pulumi mocks", () => {
  let loadTopology: typeof LoadTopology;

  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.set(`${args.name}|${args.type}`, args.inputs);
          return { id: String(args.inputs.groupId ?? args.name), state: args.inputs };
        },
        call: () => ({}),
      },
      "load-test",
      "dev",
      true,
    );
    ({ loadTopology } = await import("@imgroups/tencentcloud-im/topology/load"));
  });
  after(() => {
    // The mocks are process-wide: leave the SDK as a process without an engine has it.
    pulumi.runtime.resetOptions("", "", -1, "", "", false, "");
  });

  it("makes a group and a member set per entry, named from the id, with the entry's arguments", async () => {
    const dir = topologyDir(FILES);
    const loaded: LoadedTopology = loadTopology(dir, { namePrefix: "t/" });
    expect([...loaded.groups.keys()]).to.deep.equal(["assigned-2abc", "team:ops"]);
    const ops = loaded.group("team:ops");
    expect(await resolved(ops.group.urn)).to.match(
      /::pulumi-nodejs:dynamic\/tencentcloud-im:ImGroup::t\/team~3aops$/,
    );
    expect(await resolved(ops.members!.urn)).to.match(/:ImGroupMembers::t\/team~3aops$/);
    expect(loaded.group("assigned-2abc").members).to.equal(undefined);
    const members = registered.get("t/team~3aops|pulumi-nodejs:dynamic/tencentcloud-im:ImGroupMembers")!;
    expect(members.maxRemovals).to.equal(3);
    expect(JSON.parse(members.members as string)).to.deep.equal(["alice", { account: "bob", nameCard: "B" }]);
    expect(() => loaded.group("nope")).to.throw(/has no group "nope"/);
  });

  it("applies resource options per group and a transform of the arguments", async () => {
    const dir = topologyDir({
      "x/b.yaml": "groups:\n  - groupId: eng\n    type: Public\n    name: Eng\n    members: [a]\n",
    });
    const parent = new pulumi.ComponentResource("test:index:Topology", "topo");
    const loaded = loadTopology(dir, {
      resourceOptions: (entry) => ({ parent, protect: entry.groupId === "eng" }),
      transformGroup: (args) => ({ ...args, adopt: true }),
    });
    const eng = loaded.group("eng");
    expect(await resolved(eng.group.urn)).to.contain(
      "test:index:Topology$pulumi-nodejs:dynamic/tencentcloud-im:ImGroup::eng",
    );
    expect(await resolved(eng.members!.urn)).to.contain(
      "test:index:Topology$pulumi-nodejs:dynamic/tencentcloud-im:ImGroupMembers::eng",
    );
    expect(registered.get("eng|pulumi-nodejs:dynamic/tencentcloud-im:ImGroup")?.adopt).to.equal(true);
  });
});
