/**
 * `ImGroup`: one Tencent Cloud IM group's profile as a Pulumi resource.
 *
 * create_group (or import_group when `createTime` is given, for migrations), in-place updates via
 * modify_group_base_info and change_group_owner, get_group_info reads for refresh and drift,
 * destroy_group on delete. Type `pulumi-nodejs:dynamic/tencentcloud-im:ImGroup`.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import type { GroupType } from "../schemas/limits";
import { secretInputNames } from "./secret-inputs";

/** Arguments of {@link ImGroup}. Byte limits are UTF-8 bytes (a CJK character is 3 bytes). */
export interface ImGroupArgs {
  /** Group type: `Private`, `Public`, `ChatRoom`, `AVChatRoom` or `BChatRoom`. Changing it replaces the group. */
  type: pulumi.Input<GroupType>;
  /**
   * Custom group id: ≤49 bytes, printable ASCII, not starting with `@TGS#`. When omitted a
   * deterministic id is derived from project, stack, parent, resource name, type and create time,
   * so a create whose answer was lost can be retried without making a second group. Changing it
   * replaces the group; so does renaming an auto-named resource without `aliases` — give long-lived
   * groups an explicit id.
   */
  groupId?: pulumi.Input<string>;
  /** Group name, 1–30 bytes. */
  name: pulumi.Input<string>;
  /** Introduction, ≤240 bytes. */
  introduction?: pulumi.Input<string>;
  /** Notification (announcement), ≤300 bytes. */
  notification?: pulumi.Input<string>;
  /** Avatar URL, ≤100 bytes. */
  faceUrl?: pulumi.Input<string>;
  /** Member limit; at most Private 200, Public 2000, ChatRoom 10000 (AVChatRoom/BChatRoom unlimited). */
  maxMemberCount?: pulumi.Input<number>;
  /** `FreeAccess`, `NeedPermission` or `DisableApply`; fixed after creation for Private, ChatRoom, AVChatRoom. */
  applyJoinOption?: pulumi.Input<"FreeAccess" | "NeedPermission" | "DisableApply">;
  /**
   * Group custom data (AppDefinedData): keys 1–16 bytes, values ≤512 bytes. The keys must be enabled
   * for the app. Keys removed from this map are deleted from the group.
   */
  appDefinedData?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Mute everyone except the owner and admins (not for Private groups). */
  muteAllMember?: pulumi.Input<boolean>;
  /** Owner account (must be imported). Omitted: the group has no owner. Changed via change_group_owner. */
  ownerAccount?: pulumi.Input<string>;
  /**
   * Migration: the original creation time (unix seconds, in the past). The group is then created
   * with import_group — no callbacks, no notifications (Private, Public and ChatRoom only).
   */
  createTime?: pulumi.Input<number>;
  /**
   * Take over an existing group named by `groupId` instead of creating one (dynamic resources
   * cannot use `pulumi import`). Its profile is then changed to match these args.
   */
  adopt?: pulumi.Input<boolean>;
  /**
   * Allow changes that destroy the group and create a new one (type, groupId, createTime). Off by
   * default: a replacement loses the members and the message history, so preview refuses it.
   */
  allowReplace?: pulumi.Input<boolean>;
}

/** The implementation module the stub loads in the provider process (by package name). */
const IMPLEMENTATION = "@imgroups/tencentcloud-im/resources/im-group-provider";

/**
 * The serialized provider: a thin stub. Pulumi stores it in state (`__provider`), so it holds no
 * client, no settings and no secret; each method loads the implementation by package name, so a
 * new version of the package takes effect on the next run (DESIGN.md §3.3).
 */
const stub: pulumi.dynamic.ResourceProvider = {
  configure: (req) => require(IMPLEMENTATION).imGroupProvider.configure(req),
  check: (olds, news) => require(IMPLEMENTATION).imGroupProvider.check(olds, news),
  diff: (id, olds, news) => require(IMPLEMENTATION).imGroupProvider.diff(id, olds, news),
  create: (inputs) => require(IMPLEMENTATION).imGroupProvider.create(inputs),
  read: (id, props) => require(IMPLEMENTATION).imGroupProvider.read(id, props),
  update: (id, olds, news) => require(IMPLEMENTATION).imGroupProvider.update(id, olds, news),
  delete: (id, props) => require(IMPLEMENTATION).imGroupProvider.delete(id, props),
};

/** A Tencent Cloud IM group. */
export class ImGroup extends pulumi.dynamic.Resource {
  /** The group id (custom or auto-named). */
  declare readonly groupId: pulumi.Output<string>;
  /** Group type. */
  declare readonly type: pulumi.Output<GroupType>;
  /** Group name. */
  declare readonly name: pulumi.Output<string>;
  /** The owner account as the server reports it (`""` when the group has none). */
  declare readonly owner: pulumi.Output<string>;
  /** The declared owner, when managed. */
  declare readonly ownerAccount: pulumi.Output<string | undefined>;
  /**
   * Creation time (unix seconds): the imported one for migrations; after a create_group the
   * provider's clock until the next refresh records the server's.
   */
  declare readonly createdAt: pulumi.Output<number>;
  /** Current member count, owner included. */
  declare readonly memberNum: pulumi.Output<number>;
  /** Current member limit. */
  declare readonly maxMemberNum: pulumi.Output<number>;
  /** Unix seconds of the last profile change. */
  declare readonly lastInfoTime: pulumi.Output<number>;
  /** Unix seconds of the last message (0 when none). */
  declare readonly lastMsgTime: pulumi.Output<number>;
  /** Sequence number the next message will get. */
  declare readonly nextMsgSeq: pulumi.Output<number>;

  /**
   * @param name The Pulumi resource name (also the basis of the auto-named group id).
   * @param args The group's declared profile.
   * @param opts Resource options; `protect` and `retainOnDelete` work as usual.
   */
  constructor(name: string, args: ImGroupArgs, opts?: pulumi.CustomResourceOptions) {
    const autoNamed = args.groupId === undefined;
    super(
      stub,
      name,
      {
        ...args,
        groupId: autoNamed ? autoGroupId(name, args.type, args.createTime, opts?.parent) : args.groupId,
        groupIdAutoNamed: autoNamed,
        secretInputs: secretInputNames(args),
        createdAt: undefined,
        memberNum: undefined,
        maxMemberNum: undefined,
        lastInfoTime: undefined,
        lastMsgTime: undefined,
        nextMsgSeq: undefined,
        owner: undefined,
      },
      opts,
      "tencentcloud-im",
      "ImGroup",
    );
  }
}

/**
 * Deterministic group id for a resource: `<name>-<8 hex>` (≤49 bytes, printable ASCII), the hash
 * over project, stack, parent URN, resource name, type and creation time. Deterministic so a retried create
 * finds the group an interrupted run made; type and creation time are in it so a replacement gets a
 * new id (Tencent IM does not reuse a destroyed group's id).
 */
export function autoGroupId(
  name: string,
  type: pulumi.Input<string>,
  createTime?: pulumi.Input<number>,
  parent?: pulumi.Resource,
): pulumi.Output<string> {
  return pulumi.all([type, createTime, parent?.urn]).apply(([resolvedType, resolvedTime, parentUrn]) => {
    const hash = createHash("sha256")
      .update(
        [
          pulumi.getProject(),
          pulumi.getStack(),
          parentUrn ?? "",
          name,
          resolvedType,
          resolvedTime ?? "",
        ].join("\u0000"),
      )
      .digest("hex")
      .slice(0, 8);
    const base = name.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 40);
    return `${base}-${hash}`;
  });
}
