/**
 * Benchmark baseline: the resources of the `groups` test program (tests/fixtures/programs/groups),
 * read from the same spec file (IMGROUPS_SPEC_FILE), declared as dynamic resources whose provider
 * does no I/O. Inputs, outputs (members keyed by account, computed group fields) and the
 * group → members dependency mirror ImGroup / ImGroupMembers, so state sizes match; what a run of
 * this program costs is the Pulumi engine's share (CLI, language host, program, dynamic-provider
 * process, checkpoints) of a run of the real one.
 */
import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";

interface Spec {
  groups?: Record<string, Record<string, unknown>>;
  members?: Record<string, Record<string, unknown> & { group?: string }>;
}

const specFile = process.env.IMGROUPS_SPEC_FILE;
if (!specFile) throw new Error("IMGROUPS_SPEC_FILE is not set");
const spec = JSON.parse(readFileSync(specFile, "utf8")) as Spec;

/**
 * One provider for both resource kinds. Self-contained (Pulumi serializes it into state by value),
 * every method returns at once. `check` keys members by account like ImGroupMembers does.
 */
const noopProvider: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news) {
    const raw = news.members;
    if (!Array.isArray(raw)) return { inputs: news };
    const members: Record<string, unknown> = {};
    for (const entry of raw) {
      if (typeof entry === "string") members[entry] = { role: "Member" };
      else {
        const { account, ...rest } = entry as { account: string };
        members[account] = { role: "Member", ...rest };
      }
    }
    return { inputs: { ...news, members } };
  },
  async diff(_id, olds, news) {
    // Like the real providers: compare the declared inputs only (computed outputs never diff).
    const stable = (value: unknown): string =>
      JSON.stringify(value, (_key, v) =>
        v !== null && typeof v === "object" && !Array.isArray(v)
          ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
          : v,
      ) ?? "null";
    const changed = Object.keys(news).filter(
      (key) => key !== "__provider" && stable(olds[key]) !== stable(news[key]),
    );
    return { changes: changed.length > 0 };
  },
  async create(inputs) {
    const id = String(inputs.groupId ?? "noop");
    return { id, outs: withComputed(inputs) };
  },
  async read(id, props) {
    return { id, props, inputs: props };
  },
  async update(_id, _olds, news) {
    return { outs: withComputed(news) };
  },
  async delete() {},
};

/** The computed outputs ImGroup / ImGroupMembers add, with plausible values. */
function withComputed(inputs: Record<string, unknown>): Record<string, unknown> {
  if (inputs.members !== undefined) {
    return { ...inputs, memberNum: Object.keys(inputs.members as object).length };
  }
  return {
    ...inputs,
    createdAt: 1_700_000_000,
    memberNum: 1,
    maxMemberNum: 2000,
    lastInfoTime: 1_700_000_000,
    lastMsgTime: 0,
    nextMsgSeq: 1,
    owner: inputs.ownerAccount ?? "",
  };
}

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
