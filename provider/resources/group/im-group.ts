/**
 * `ImGroup`: one Tencent Cloud IM group's profile as a Pulumi resource.
 *
 * create_group (or import_group when `createTime` is given, for migrations), in-place updates via
 * modify_group_base_info and change_group_owner, get_group_info reads for refresh and drift,
 * destroy_group on delete. Type `pulumi-nodejs:dynamic/tencentcloud-im:ImGroup`. The fields
 * themselves are described once, in the field table (im-group-fields.ts).
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import type { GroupType } from "../../schemas/limits";
import { type KeyValueInput, keyValueInput } from "../shared/key-value-input";
import { ownUrnInput } from "../shared/own-urn";
import { pausePromiseStacks, resumePromiseStacks } from "../shared/promise-stacks";
import { type ImplementationRef, providerStub } from "../shared/provider-stub";
import { secretInputNames } from "../shared/secret-inputs";
import { fieldRow, IM_GROUP_FIELD_ORDER, type ImGroupFieldValues } from "./im-group-fields";

/** A custom-data map as a program may give it: plain values, Outputs, or a `Map`. */
type ArgInput<Value> = Value extends Record<string, string> ? KeyValueInput : pulumi.Input<Value>;

/**
 * Arguments of {@link ImGroup}: one per row of the field table, with its documentation. Byte limits
 * are UTF-8 bytes (a CJK character is 3 bytes).
 */
export type ImGroupArgs = { [K in keyof ImGroupFieldValues]: ArgInput<ImGroupFieldValues[K]> };

/** The implementation the stub loads in the provider process, by package name. */
const IMPLEMENTATION = {
  module: "@imgroups/tencentcloud-im/resources/im-group-provider",
  // The stub names the export in a string: the compiler checks that the module exports it.
  exportName: "imGroupProvider" satisfies keyof typeof import("./im-group-provider"),
} as const satisfies ImplementationRef;

/**
 * The serialized provider: a one-line module that loads the implementation by package name
 * (provider-stub.ts). Pulumi stores it in state (`__provider`), so it holds no client, no settings
 * and no secret, and a new version of the package takes effect on the next run
 * (docs/pulumi-notes.md §3.3).
 */
const STUB = providerStub(IMPLEMENTATION);

/** The resource type token Pulumi gives this dynamic resource. */
export const IM_GROUP_TYPE = "pulumi-nodejs:dynamic/tencentcloud-im:ImGroup";

/**
 * A Tencent Cloud IM group. A dynamic resource (type `pulumi-nodejs:dynamic/tencentcloud-im:ImGroup`)
 * registered as a `CustomResource` with a hand-written `__provider` (provider-stub.ts): the SDK's
 * `pulumi.dynamic.Resource` would serialize a provider object's closure instead.
 */
export class ImGroup extends pulumi.CustomResource {
  /** The group id (custom or auto-named). */
  declare readonly groupId: pulumi.Output<string>;
  /** Group type. */
  declare readonly type: pulumi.Output<GroupType>;
  /** Group name. */
  declare readonly name: pulumi.Output<string>;
  /** The declared owner, when managed. */
  declare readonly ownerAccount: pulumi.Output<string | undefined>;
  /** The declared member limit, when managed. */
  declare readonly maxMemberCount: pulumi.Output<number | undefined>;
  /** The migration create time, when declared. */
  declare readonly createTime: pulumi.Output<number | undefined>;
  /** The owner account as the server reports it (`""` when the group has none). */
  declare readonly owner: pulumi.Output<string>;
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
    // Custom data travels as [key, value] pairs: an object could lose `__proto__` or trip on `toString`.
    const inputs: Record<string, unknown> = { ...args };
    for (const key of IM_GROUP_FIELD_ORDER) {
      if (fieldRow(key).keyValueMap && inputs[key] !== undefined)
        inputs[key] = keyValueInput(inputs[key] as KeyValueInput);
    }
    // The SDK's per-promise stack traces cost half the program's CPU (promise-stacks.ts).
    const paused = pausePromiseStacks();
    try {
      super(
        IM_GROUP_TYPE,
        name,
        {
          ...inputs,
          groupId: autoNamed ? autoGroupId(name, args.type, args.createTime, opts?.parent) : args.groupId,
          groupIdAutoNamed: autoNamed,
          secretInputs: secretInputNames(inputs),
          // Only an adoption reports on its resource (its preview, group/adoption.ts): a group that
          // is created stores no URN of its own (every stored byte is paid at every step: issue 20).
          ...(args.adopt !== undefined &&
            args.adopt !== false && { __urn: ownUrnInput(name, IM_GROUP_TYPE, opts?.parent) }),
          __provider: STUB,
          createdAt: undefined,
          memberNum: undefined,
          maxMemberNum: undefined,
          lastInfoTime: undefined,
          lastMsgTime: undefined,
          nextMsgSeq: undefined,
          owner: undefined,
        },
        opts,
      );
    } catch (error) {
      resumePromiseStacks(paused, error);
      throw error;
    }
    resumePromiseStacks(paused);
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
  createTime?: pulumi.Input<number | undefined>,
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
