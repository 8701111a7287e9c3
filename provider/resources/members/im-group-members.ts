/**
 * `ImGroupMembers`: the member set of one Tencent Cloud IM group as a Pulumi resource.
 *
 * The member set goes to the provider as one encoded string input that the engine never stores:
 * state keeps a summary (count and digest, member-set.ts), so the CLI's work per step does not grow
 * with the members, and previews name the accounts that change in a diagnostic on the resource.
 * Order never matters and a repeated account is an error. Type
 * `pulumi-nodejs:dynamic/tencentcloud-im:ImGroupMembers`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ImGroup } from "../group/im-group";
import { ownUrnInput } from "../shared/own-urn";
import { pausePromiseStacks, resumePromiseStacks } from "../shared/promise-stacks";
import { type ImplementationRef, providerStub } from "../shared/provider-stub";
import { secretInputNames } from "../shared/secret-inputs";
import type { MemberFields } from "./im-group-members-fields";
import { encodeProgramMembers } from "./program-members";

/** One member as written in a program: an account, or an account with its fields. */
export type ImGroupMember =
  | string
  | ({
      /** The member's UserID (≤32 bytes; must be imported into the app). */
      account: string;
    } & MemberFields);

/** Arguments of {@link ImGroupMembers}: give `group` (preferred) or `groupId`. */
export interface ImGroupMembersArgs {
  /** The group; lets preview check type rules, the owner and the member limit before the group exists. */
  group?: ImGroup;
  /**
   * The group id, for a group not managed in this program (same rules as `ImGroup.groupId`; an id
   * the service assigned, `@TGS#…`, must name a group that exists: preview reads it).
   */
  groupId?: pulumi.Input<string>;
  /** The declared members. The owner need not be listed; it is never removed or demoted here. */
  members: pulumi.Input<pulumi.Input<ImGroupMember>[]>;
  /**
   * `authoritative` (default): members not declared are removed. `additive`: only declared members
   * are managed; others are left alone.
   */
  mode?: pulumi.Input<"authoritative" | "additive">;
  /** Refuse an update that removes more than this many members (default: no count limit). */
  maxRemovals?: pulumi.Input<number>;
  /** Refuse an update that removes more than this share of the current members (default 0.5). */
  maxRemovalShare?: pulumi.Input<number>;
  /**
   * Allow a change the removal guard would stop, or removing undeclared members when this resource
   * first takes over a group that has them. Stays in force while set: remove it afterwards.
   */
  allowMassRemoval?: pulumi.Input<boolean>;
  /**
   * Remove the managed members when this resource is deleted. Default false: deleting (or renaming)
   * the resource leaves the members in place; destroying the group removes them anyway. In additive
   * mode this keeps the declared accounts in state, so delete knows whom to remove.
   */
  removeMembersOnDelete?: pulumi.Input<boolean>;
  /** Add members without the join notice (add_group_member Silence). */
  silence?: pulumi.Input<boolean>;
}

/** The implementation the stub loads in the provider process, by package name. */
const IMPLEMENTATION = {
  module: "@imgroups/tencentcloud-im/resources/im-group-members-provider",
  // The stub names the export in a string: the compiler checks that the module exports it.
  exportName: "imGroupMembersProvider" satisfies keyof typeof import("./im-group-members-provider"),
} as const satisfies ImplementationRef;

/** The serialized provider: a one-line module that loads the implementation (see im-group.ts). */
const STUB = providerStub(IMPLEMENTATION);

/** The resource type token Pulumi gives this dynamic resource. */
export const IM_GROUP_MEMBERS_TYPE = "pulumi-nodejs:dynamic/tencentcloud-im:ImGroupMembers";

/**
 * The members of a Tencent Cloud IM group. A dynamic resource registered as a `CustomResource` with a
 * hand-written `__provider` (provider-stub.ts; see ImGroup).
 */
export class ImGroupMembers extends pulumi.CustomResource {
  /** The group id. */
  declare readonly groupId: pulumi.Output<string>;
  /**
   * The member set as last applied or read: `"10,000 members · 1f2e3d4c5b6a"` (count and digest;
   * state never holds the accounts themselves).
   */
  declare readonly members: pulumi.Output<string>;
  /** `authoritative` or `additive`. */
  declare readonly mode: pulumi.Output<"authoritative" | "additive">;
  /** Members in the group right now, owner and unmanaged members included. */
  declare readonly memberNum: pulumi.Output<number>;

  /**
   * @param name The Pulumi resource name.
   * @param args The group and its declared members.
   * @param opts Resource options.
   */
  constructor(name: string, args: ImGroupMembersArgs, opts?: pulumi.CustomResourceOptions) {
    const { group, groupId, members, ...rest } = args;
    if ((group === undefined) === (groupId === undefined)) {
      throw new Error(`ImGroupMembers ${name}: give exactly one of "group" or "groupId"`);
    }
    const fromGroup = group && {
      groupId: group.groupId,
      groupType: group.type,
      ownerAccount: group.ownerAccount,
      maxMemberCount: group.maxMemberCount,
      groupCreateTime: group.createTime,
    };
    const encoded = encodeProgramMembers(members);
    // The SDK's per-promise stack traces cost half the program's CPU (promise-stacks.ts).
    const paused = pausePromiseStacks();
    try {
      super(
        IM_GROUP_MEMBERS_TYPE,
        name,
        {
          ...rest,
          ...(fromGroup ?? { groupId }),
          members: encoded,
          secretInputs: secretInputNames({ ...rest, members: encoded }),
          __urn: ownUrnInput(name, IM_GROUP_MEMBERS_TYPE, opts?.parent),
          __provider: STUB,
          memberNum: undefined,
        },
        { ...opts, dependsOn: opts?.dependsOn ?? (group ? [group] : undefined) },
      );
    } catch (error) {
      resumePromiseStacks(paused, error);
      throw error;
    }
    resumePromiseStacks(paused);
  }
}
