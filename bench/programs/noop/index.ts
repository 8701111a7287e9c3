/**
 * Benchmark baseline: the resources of the `groups` test program (tests/fixtures/programs/groups),
 * read from the same spec file (IMGROUPS_SPEC_FILE), declared as dynamic resources whose provider
 * does no I/O. What the program sends and what state keeps mirror ImGroup / ImGroupMembers:
 * - the program builds each member list and encodes it with the real encoder
 *   (`encodeProgramMembers`, one string input), records secret inputs and its URN the same way, and
 *   registers without the SDK's per-promise stack traces as the real classes do (promise-stacks.ts),
 *   so the program's own cost is in the baseline;
 * - state keeps a summary of each member set (`"10,000 members · <12 hex>"`) and the same
 *   bookkeeping fields in the same stored form (memberListBytes and memberNum; declared,
 *   liveFingerprint, memberFields and `__urn` left out as members-state-v2.ts leaves them out when
 *   the group matches), never the accounts, and the same computed group fields;
 * - both classes register as `CustomResource`s with a one-line `__provider` of about the real
 *   stubs' size (provider-stub.ts), and ImGroup's twin sends no `__urn`, as ImGroup does not.
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

/**
 * The serialized provider: a one-line module that loads the implementation by path, as the ImGroup
 * and ImGroupMembers stubs load theirs by package name (provider-stub.ts), so state holds a
 * provider of about the same size (the path of the program's copy is about as long).
 */
const STUB = `exports.handler=()=>require(${JSON.stringify(IMPLEMENTATION)}).noopProvider;`;

/**
 * Type tokens as long as the real ones (`tencentcloud-im:ImGroup`, `tencentcloud-im:ImGroupMembers`),
 * like the project name (Pulumi.yaml), since URNs appear several times per resource in state.
 */
const MODULE = "imgroups-noop";
const GROUP_TYPE = `pulumi-nodejs:dynamic/${MODULE}:NoopGroup`;
const MEMBERS_TYPE = `pulumi-nodejs:dynamic/${MODULE}:NoopGroupMembers`;

class NoopGroup extends pulumi.CustomResource {
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
        GROUP_TYPE,
        name,
        {
          ...args,
          groupId: args.groupId ?? name,
          groupIdAutoNamed: args.groupId === undefined,
          secretInputs: secretInputNames(args),
          __provider: STUB,
          createdAt: undefined,
          memberNum: undefined,
          maxMemberNum: undefined,
          lastInfoTime: undefined,
          lastMsgTime: undefined,
          nextMsgSeq: undefined,
          owner: undefined,
        },
        {},
      );
    } catch (error) {
      resumePromiseStacks(paused, error);
      throw error;
    }
    resumePromiseStacks(paused);
  }
}

class NoopGroupMembers extends pulumi.CustomResource {
  constructor(name: string, args: Record<string, unknown> & { members?: unknown }, group: NoopGroup) {
    const { members, ...rest } = args;
    const encoded = encodeProgramMembers((members ?? []) as Parameters<typeof encodeProgramMembers>[0]);
    const paused = pausePromiseStacks();
    try {
      super(
        MEMBERS_TYPE,
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
          __provider: STUB,
          memberNum: undefined,
        },
        { dependsOn: [group] },
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
