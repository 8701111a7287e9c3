/**
 * Benchmark baseline: the resources of the `groups` test program (tests/fixtures/programs/groups),
 * read from the same spec file (IMGROUPS_SPEC_FILE), declared as dynamic resources whose provider
 * does no I/O. Inputs, outputs (members keyed by account, computed group fields) and the
 * group → members dependency mirror ImGroup / ImGroupMembers, so state sizes match; what a run of
 * this program costs is the Pulumi engine's share (CLI, language host, program, dynamic-provider
 * process, checkpoints) of a run of the real one.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";

interface Spec {
  groups?: Record<string, Record<string, unknown>>;
  members?: Record<string, Record<string, unknown> & { group?: string }>;
}

const specFile = process.env.IMGROUPS_SPEC_FILE;
if (!specFile) throw new Error("IMGROUPS_SPEC_FILE is not set");
const spec = JSON.parse(readFileSync(specFile, "utf8")) as Spec;

/** The implementation, next to this file in the program directory the CLI runs. */
const IMPLEMENTATION = path.join(__dirname, "noop-provider.js");

/**
 * The serialized provider: a stub that loads the implementation by path, like the ImGroup and
 * ImGroupMembers stubs load theirs by package name, so state holds a provider of the same size.
 */
const noopProvider: pulumi.dynamic.ResourceProvider = {
  check: (olds, news) => require(IMPLEMENTATION).check(olds, news),
  diff: (id, olds, news) => require(IMPLEMENTATION).diff(id, olds, news),
  create: (inputs) => require(IMPLEMENTATION).create(inputs),
  read: (id, props) => require(IMPLEMENTATION).read(id, props),
  update: (id, olds, news) => require(IMPLEMENTATION).update(id, olds, news),
  delete: (id, props) => require(IMPLEMENTATION).delete(id, props),
};

class NoopGroup extends pulumi.dynamic.Resource {
  declare readonly groupId: pulumi.Output<string>;
  declare readonly type: pulumi.Output<string>;
  declare readonly ownerAccount: pulumi.Output<string | undefined>;
  declare readonly maxMemberCount: pulumi.Output<number | undefined>;
  declare readonly createTime: pulumi.Output<number | undefined>;
  declare readonly createdAt: pulumi.Output<number>;

  constructor(name: string, args: Record<string, unknown>) {
    const computed = {
      createdAt: undefined,
      memberNum: undefined,
      maxMemberNum: undefined,
      lastInfoTime: undefined,
      lastMsgTime: undefined,
      nextMsgSeq: undefined,
      owner: undefined,
    };
    super(
      noopProvider,
      name,
      { ...args, groupId: args.groupId ?? name, groupIdAutoNamed: args.groupId === undefined, ...computed },
      {},
      "bench",
      "NoopGroup",
    );
  }
}

class NoopMembers extends pulumi.dynamic.Resource {
  constructor(name: string, args: Record<string, unknown>, group: NoopGroup) {
    super(
      noopProvider,
      name,
      {
        ...args,
        groupId: group.groupId,
        groupType: group.type,
        ownerAccount: group.ownerAccount,
        maxMemberCount: group.maxMemberCount,
        groupCreateTime: group.createTime,
        memberNum: undefined,
      },
      { dependsOn: [group] },
      "bench",
      "NoopMembers",
    );
  }
}

const groups: Record<string, NoopGroup> = {};
for (const [name, args] of Object.entries(spec.groups ?? {})) groups[name] = new NoopGroup(name, args);
for (const [name, { group, ...args }] of Object.entries(spec.members ?? {})) {
  if (!group || !groups[group]) throw new Error(`members ${name}: the noop baseline needs a declared group`);
  new NoopMembers(name, args, groups[group]);
}

export const groupIds = Object.fromEntries(Object.entries(groups).map(([name, g]) => [name, g.groupId]));
export const createdAt = Object.fromEntries(Object.entries(groups).map(([name, g]) => [name, g.createdAt]));
