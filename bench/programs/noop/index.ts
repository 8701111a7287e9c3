/**
 * Benchmark baseline: the resources of the `groups` test program (tests/fixtures/programs/groups),
 * read from the same spec file (IMGROUPS_SPEC_FILE), declared as dynamic resources whose provider
 * does no I/O. What the program sends and what state keeps mirror ImGroup / ImGroupMembers:
 * - the program builds each member list and encodes it with the real encoder
 *   (`encodeProgramMembers`, one string input), records secret inputs and its URN the same way, and
 *   registers without the SDK's per-promise stack traces as the real classes do (promise-stacks.ts),
 *   so the program's own cost is in the baseline;
 * - state keeps a summary of each member set (`"10,000 members · <12 hex>"`) and the same
 *   bookkeeping fields (declared, liveFingerprint, memberListBytes, memberNum, memberFields), never
 *   the accounts, and the same computed group fields;
 * - the serialized provider is a stub of the same shape as the real ones (a `configure` and six
 *   methods calling an `implementation()` loader), so each resource's `__provider` string has about
 *   the same size.
 * So what a run of this program costs is the Pulumi engine's share (CLI, language host, program,
 * dynamic-provider process, checkpoints) of a run of the real one.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { encodeProgramMembers } from "@imgroups/tencentcloud-im/resources/members/program-members";
import {
  pausePromiseStacks,
  resumePromiseStacks,
} from "@imgroups/tencentcloud-im/resources/shared/promise-stacks";
import { secretInputNames } from "@imgroups/tencentcloud-im/resources/shared/secret-inputs";
import * as pulumi from "@pulumi/pulumi";

interface Spec {
  groups?: Record<string, Record<string, unknown>>;
  members?: Record<string, Record<string, unknown> & { group?: string; members?: unknown }>;
}

const specFile = process.env.IMGROUPS_SPEC_FILE;
if (!specFile) throw new Error("IMGROUPS_SPEC_FILE is not set");
const spec = JSON.parse(readFileSync(specFile, "utf8")) as Spec;

/** The implementation, next to this file in the program directory the CLI runs. */
const IMPLEMENTATION = path.join(__dirname, "noop-provider.js");

/** The implementation, loaded in the dynamic-provider process only (like the real stubs'). */
function implementation(): Required<pulumi.dynamic.ResourceProvider> {
  return require(IMPLEMENTATION).noopProvider;
}

/**
 * The serialized provider: a stub that loads the implementation by path, as the ImGroup and
 * ImGroupMembers stubs load theirs by package name, so state holds a provider of the same size.
 */
const stub: pulumi.dynamic.ResourceProvider = {
  configure: (req) => implementation().configure(req),
  check: (olds, news) => implementation().check(olds, news),
  diff: (id, olds, news) => implementation().diff(id, olds, news),
  create: (inputs) => implementation().create(inputs),
  read: (id, props) => implementation().read(id, props),
  update: (id, olds, news) => implementation().update(id, olds, news),
  delete: (id, props) => implementation().delete(id, props),
};

/**
 * Type tokens as long as the real ones (`tencentcloud-im:ImGroup`, `tencentcloud-im:ImGroupMembers`),
 * like the project name (Pulumi.yaml), since URNs appear several times per resource in state.
 */
const MODULE = "imgroups-noop";
const GROUP_TYPE = `pulumi-nodejs:dynamic/${MODULE}:NoopGroup`;
const MEMBERS_TYPE = `pulumi-nodejs:dynamic/${MODULE}:NoopGroupMembers`;

class NoopGroup extends pulumi.dynamic.Resource {
  declare readonly groupId: pulumi.Output<string>;
  declare readonly type: pulumi.Output<string>;
  declare readonly ownerAccount: pulumi.Output<string | undefined>;
  declare readonly maxMemberCount: pulumi.Output<number | undefined>;
  declare readonly createTime: pulumi.Output<number | undefined>;
  declare readonly createdAt: pulumi.Output<number>;

  constructor(name: string, args: Record<string, unknown>) {
    const paused = pausePromiseStacks();
    try {
      super(
        stub,
        name,
        {
          ...args,
          groupId: args.groupId ?? name,
          groupIdAutoNamed: args.groupId === undefined,
          secretInputs: secretInputNames(args),
          __urn: pulumi.createUrn(name, GROUP_TYPE),
          createdAt: undefined,
          memberNum: undefined,
          maxMemberNum: undefined,
          lastInfoTime: undefined,
          lastMsgTime: undefined,
          nextMsgSeq: undefined,
          owner: undefined,
        },
        {},
        MODULE,
        "NoopGroup",
      );
    } catch (error) {
      resumePromiseStacks(paused, error);
      throw error;
    }
    resumePromiseStacks(paused);
  }
}

class NoopGroupMembers extends pulumi.dynamic.Resource {
  constructor(name: string, args: Record<string, unknown> & { members?: unknown }, group: NoopGroup) {
    const { members, ...rest } = args;
    const encoded = encodeProgramMembers((members ?? []) as Parameters<typeof encodeProgramMembers>[0]);
    const paused = pausePromiseStacks();
    try {
      super(
        stub,
        name,
        {
          ...rest,
          groupId: group.groupId,
          groupType: group.type,
          ownerAccount: group.ownerAccount,
          maxMemberCount: group.maxMemberCount,
          groupCreateTime: group.createTime,
          members: encoded,
          secretInputs: secretInputNames({ ...rest, members: encoded }),
          __urn: pulumi.createUrn(name, MEMBERS_TYPE),
          memberNum: undefined,
        },
        { dependsOn: [group] },
        MODULE,
        "NoopGroupMembers",
      );
    } catch (error) {
      resumePromiseStacks(paused, error);
      throw error;
    }
    resumePromiseStacks(paused);
  }
}

const groups: Record<string, NoopGroup> = {};
for (const [name, args] of Object.entries(spec.groups ?? {})) groups[name] = new NoopGroup(name, args);
for (const [name, { group, ...args }] of Object.entries(spec.members ?? {})) {
  if (!group || !groups[group]) throw new Error(`members ${name}: the noop baseline needs a declared group`);
  new NoopGroupMembers(name, args, groups[group]);
}

export const groupIds = Object.fromEntries(Object.entries(groups).map(([name, g]) => [name, g.groupId]));
export const createdAt = Object.fromEntries(Object.entries(groups).map(([name, g]) => [name, g.createdAt]));
