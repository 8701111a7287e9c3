/**
 * `ImGroupMembers`: the member set of one Tencent Cloud IM group as a Pulumi resource.
 *
 * Members are stored keyed by account, so a preview lists exactly which accounts are added, removed
 * or changed, and the order they are written in never causes a diff. Type
 * `pulumi-nodejs:dynamic/tencentcloud-im:ImGroupMembers`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ImGroup } from "./im-group";
import type { MemberSpec } from "./im-group-members-rules";
import { secretInputNames } from "./secret-inputs";

/** One member as written in a program: an account, or an account with its role and fields. */
export type ImGroupMember =
  | string
  | {
      /** The member's UserID (must be imported into the app). */
      account: string;
      /** `Admin` or `Member` (default). Not for Private groups (no admins). */
      role?: "Admin" | "Member";
      /**
       * Migration: original join time (unix seconds), later than the group's creation and in the
       * past. Members with a join time or unread count are imported with import_group_member
       * (no notifications); it cannot be changed later.
       */
      joinTime?: number;
      /** Migration: unread message count (lowered by the server to the group's message count). */
      unreadMsgNum?: number;
      /** Group nickname, ≤50 bytes. */
      nameCard?: string;
      /** `AcceptAndNotify`, `AcceptNotNotify`, `Discard` or `AcceptNotNotifyExceptAt`. */
      msgFlag?: string;
    };

/** Arguments of {@link ImGroupMembers}: give `group` (preferred) or `groupId`. */
export interface ImGroupMembersArgs {
  /** The group; lets preview check type rules, the owner and the member limit before the group exists. */
  group?: ImGroup;
  /** The group id, for a group not managed in this program. */
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
   * the resource leaves the members in place; destroying the group removes them anyway.
   */
  removeMembersOnDelete?: pulumi.Input<boolean>;
  /** Add members without the join notice (add_group_member Silence). */
  silence?: pulumi.Input<boolean>;
}

const IMPLEMENTATION = "@imgroups/tencentcloud-im/resources/im-group-members-provider";

/** The serialized provider: a stub that loads the implementation by package name (see im-group.ts). */
const stub: pulumi.dynamic.ResourceProvider = {
  configure: (req) => require(IMPLEMENTATION).imGroupMembersProvider.configure(req),
  check: (olds, news) => require(IMPLEMENTATION).imGroupMembersProvider.check(olds, news),
  diff: (id, olds, news) => require(IMPLEMENTATION).imGroupMembersProvider.diff(id, olds, news),
  create: (inputs) => require(IMPLEMENTATION).imGroupMembersProvider.create(inputs),
  read: (id, props) => require(IMPLEMENTATION).imGroupMembersProvider.read(id, props),
  update: (id, olds, news) => require(IMPLEMENTATION).imGroupMembersProvider.update(id, olds, news),
  delete: (id, props) => require(IMPLEMENTATION).imGroupMembersProvider.delete(id, props),
};

/** The members of a Tencent Cloud IM group. */
export class ImGroupMembers extends pulumi.dynamic.Resource {
  /** The group id. */
  declare readonly groupId: pulumi.Output<string>;
  /** Members by account as recorded (role always explicit). */
  declare readonly members: pulumi.Output<Record<string, MemberSpec>>;
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
    const { group, groupId, ...rest } = args;
    if ((group === undefined) === (groupId === undefined)) {
      throw new Error(`ImGroupMembers ${name}: give exactly one of "group" or "groupId"`);
    }
    const fromGroup = group && {
      groupId: group.groupId,
      groupType: group.type,
      ownerAccount: group.ownerAccount,
      maxMemberCount: (group as unknown as { maxMemberCount: pulumi.Output<number | undefined> })
        .maxMemberCount,
      groupCreateTime: (group as unknown as { createTime: pulumi.Output<number | undefined> }).createTime,
    };
    super(
      stub,
      name,
      { ...rest, ...(fromGroup ?? { groupId }), secretInputs: secretInputNames(rest), memberNum: undefined },
      { ...opts, dependsOn: opts?.dependsOn ?? (group ? [group] : undefined) },
      "tencentcloud-im",
      "ImGroupMembers",
    );
  }
}
