/**
 * The ImGroup field table: every input of the resource in one row — its wire names, how it is sent
 * on create, how it changes in place, how it is read back, what a new group reports when it was not
 * given, its validation, and (by row order) where previews and reviews show it. The create and
 * modify requests, the read-back, the outputs of a group just created, the check schema, the
 * program-side args type and the review's field order are all derived from these rows, so a new
 * profile field is one row (with its doc comment) plus tests.
 *
 * Sources: create_group (002), import_group (000), get_group_info (003), modify_group_base_info
 * (docs/api-reference.md §7.1) and the field rules of docs/api-reference.md §6.
 */
import type { GroupInfo, KeyValue } from "../../client/types";
import {
  BYTE_LIMITS,
  GROUP_TYPES,
  type GroupType,
  IMPORT_DEFAULT_MAX_MEMBERS,
  TYPE_RULES,
  type TypeRules,
  UINT32_MAX,
} from "../../schemas/limits";

/** What a create left, for a field the request did not set: the facts the default depends on. */
export interface CreatedContext {
  /** The group's type. */
  readonly type: GroupType;
  /** Made with import_group (a migration) rather than create_group. */
  readonly imported: boolean;
}

/**
 * How a field changes once the group exists: `replace` — only by destroying the group and creating
 * a new one (guarded by `allowReplace`); `modify` — in place with modify_group_base_info; `owner` — in
 * place with change_group_owner; `control` — steers the provider, never sent.
 */
export type FieldChange = "replace" | "modify" | "owner" | "control";

/** One row of the field table. `Value` is the input's type, `Wire` the API's. */
export interface FieldRow<Value, Wire = Value> {
  /** How a change is applied. */
  readonly change: FieldChange;
  /** Name in get_group_info answers, its GroupBaseInfoFilter and modify_group_base_info. */
  readonly wire?: keyof GroupInfo & string;
  /** Name in create_group / import_group requests, when sent there (absent: set after creation). */
  readonly create?: string;
  /** Sent on create only for import_group (a migration), e.g. CreateTime. */
  readonly importOnly?: boolean;
  /** JSON Schema of the checked input (ajv, with the `maxBytes` / `printableAscii` keywords). */
  readonly schema: object;
  /** The input as sent (default: unchanged). */
  readonly toWire?: (value: Value) => Wire;
  /** The live value in input terms, or undefined when the answer does not have it. */
  readonly fromWire?: (wire: Wire | undefined) => Value | undefined;
  /** What a new group reports when the create did not set it; undefined: only a read can tell. */
  readonly unsetAfterCreate?: (context: CreatedContext) => Wire | undefined;
  /** A map of custom data: compared per key, and keys no longer declared are deleted (Value ""). */
  readonly keyValueMap?: true;
  /** The field must be given. */
  readonly required?: true;
  /** The largest value a group of this type takes (a per-type maximum, 002 10004 #8). */
  readonly typeMaximum?: (rules: TypeRules) => number | undefined;
  /** True when a group of this type cannot take `value` at all (refused at preview). */
  readonly unsupported?: (value: Value, rules: TypeRules) => boolean;
  /** True when the field cannot change once a group of this type exists (refused at preview). */
  readonly fixedAfterCreate?: (rules: TypeRules) => boolean;
}

/**
 * A row, with its value type attached for the derived types (no runtime cost) and its literal
 * shape kept (so `required: true` shows in the types): `row<string>()({ … })`.
 */
function row<Value, Wire = Value>() {
  return <Definition extends FieldRow<Value, Wire>>(definition: Definition) =>
    definition as Definition & { readonly __value?: Value };
}

const text = (maxBytes: number) => ({ type: "string", maxBytes });
const emptyIfAbsent = (wire: string | undefined) => wire ?? "";

/**
 * Every ImGroup input, in the order previews and reviews show a group's profile. The doc comment
 * of each row is the one users see on the argument.
 */
export const IM_GROUP_FIELDS = {
  /** Group type: `Private`, `Public`, `ChatRoom`, `AVChatRoom` or `BChatRoom`. Changing it replaces the group. */
  type: row<GroupType>()({
    change: "replace",
    wire: "Type",
    create: "Type",
    required: true,
    // 002 10004 #3.
    schema: { enum: [...GROUP_TYPES] },
  }),
  /**
   * Custom group id: ≤49 bytes, printable ASCII, not starting with `@TGS#` (the prefix of ids the
   * service assigns; such an id is allowed with `adopt: true`, naming an existing group). When omitted a
   * deterministic id is derived from project, stack, parent, resource name, type and create time,
   * so a create whose answer was lost can be retried without making a second group. Changing it
   * replaces the group; so does renaming an auto-named resource without `aliases` — give long-lived
   * groups an explicit id.
   */
  groupId: row<string>()({
    change: "replace",
    create: "GroupId",
    // 002 10004 #7; the reserved prefix is a rule (im-group-rules.ts) for a precise message.
    schema: { type: "string", minLength: 1, maxBytes: BYTE_LIMITS.groupId, printableAscii: true },
  }),
  /** Group name, 1–30 bytes (UTF-8). */
  name: row<string>()({
    change: "modify",
    wire: "Name",
    create: "Name",
    required: true,
    // 002 10004 #2: present, non-empty, ≤30 bytes.
    schema: { type: "string", minLength: 1, maxBytes: 30 },
    fromWire: emptyIfAbsent,
  }),
  /** Introduction, ≤240 bytes. */
  introduction: row<string>()({
    change: "modify",
    wire: "Introduction",
    create: "Introduction",
    schema: text(240), // 002 10004 #4
    fromWire: emptyIfAbsent,
    unsetAfterCreate: () => "",
  }),
  /** Notification (announcement), ≤300 bytes. */
  notification: row<string>()({
    change: "modify",
    wire: "Notification",
    create: "Notification",
    schema: text(300), // 002 10004 #5
    fromWire: emptyIfAbsent,
    unsetAfterCreate: () => "",
  }),
  /** Avatar URL, ≤100 bytes. */
  faceUrl: row<string>()({
    change: "modify",
    wire: "FaceUrl",
    create: "FaceUrl",
    schema: text(100), // 002 10004 #6
    fromWire: emptyIfAbsent,
    unsetAfterCreate: () => "",
  }),
  /** Member limit; at most Private 200, Public 2000, ChatRoom 10000 (AVChatRoom/BChatRoom unlimited). */
  maxMemberCount: row<number>()({
    change: "modify",
    // Requests to create say MaxMemberCount; answers and modify_group_base_info say MaxMemberNum (003).
    wire: "MaxMemberNum",
    create: "MaxMemberCount",
    // 002 10004 #8: the per-type maximum is a rule; here the shape and the uint32 range.
    schema: { type: "integer", minimum: 1, maximum: UINT32_MAX },
    typeMaximum: (rules) => rules.maxMembers,
    // docs/api-reference.md §2.2: the type's maximum, and for an import at most 2000.
    unsetAfterCreate: ({ type, imported }) => {
      const max = TYPE_RULES[type].maxMembers ?? 0;
      return imported && max > 0 ? Math.min(IMPORT_DEFAULT_MAX_MEMBERS, max) : max;
    },
  }),
  /** `FreeAccess`, `NeedPermission` or `DisableApply`; fixed after creation for Private, ChatRoom, AVChatRoom. */
  applyJoinOption: row<"FreeAccess" | "NeedPermission" | "DisableApply">()({
    change: "modify",
    wire: "ApplyJoinOption",
    create: "ApplyJoinOption",
    schema: { enum: ["FreeAccess", "NeedPermission", "DisableApply"] }, // 002 10004 #9
    fixedAfterCreate: (rules) => rules.fixedApplyJoin,
    // The default differs by type (docs/api-reference.md §6.1): only a read tells.
  }),
  /**
   * Who may invite: `FreeAccess`, `NeedPermission` or `DisableInvite` (newer docs). Not for
   * AVChatRoom and BChatRoom groups.
   */
  inviteJoinOption: row<"FreeAccess" | "NeedPermission" | "DisableInvite">()({
    change: "modify",
    wire: "InviteJoinOption",
    create: "InviteJoinOption",
    schema: { enum: ["FreeAccess", "NeedPermission", "DisableInvite"] }, // docs/api-reference.md §6.4
    // docs/api-reference.md §6.1: the live types' invite option is fixed (the emulator: 10007).
    unsupported: (_option, rules) => rules.fixedInviteJoin,
  }),
  /**
   * Group custom data (AppDefinedData): keys 1–16 bytes, values 1–512 bytes. The keys must be enabled
   * for the app. Keys removed from this map are deleted from the group; keys never declared are left
   * alone. `__proto__` cannot be a key (Pulumi carries inputs as JavaScript objects, which cannot hold it).
   */
  appDefinedData: row<Record<string, string>, KeyValue[]>()({
    change: "modify",
    wire: "AppDefinedData",
    create: "AppDefinedData",
    keyValueMap: true,
    // 002 10004 #10: keys non-empty ≤16 bytes (a map cannot repeat a key), values ≤512 bytes; non-empty
    // because on modify an empty Value deletes the key (docs/api-reference.md §7.1).
    schema: {
      type: "object",
      propertyNames: { minLength: 1, maxBytes: BYTE_LIMITS.customDataKey },
      additionalProperties: { type: "string", minLength: 1, maxBytes: 512 },
    },
    toWire: (map) => Object.keys(map).map((Key) => ({ Key, Value: map[Key]! })),
    fromWire: (list) => Object.fromEntries((list ?? []).map(({ Key, Value }) => [Key, Value])),
    unsetAfterCreate: () => [],
  }),
  /** Mute everyone except the owner and admins (not for Private groups). */
  muteAllMember: row<boolean, "On" | "Off">()({
    change: "modify",
    wire: "MuteAllMember",
    schema: { type: "boolean" },
    // docs/api-reference.md §6.1: Private (Work) groups cannot mute.
    unsupported: (on, rules) => on && !rules.mutes,
    toWire: (on) => (on ? "On" : "Off"),
    fromWire: (wire) => wire === "On",
    unsetAfterCreate: () => "Off",
  }),
  /** Owner account (must be imported). Omitted: the group has no owner. Changed via change_group_owner. */
  ownerAccount: row<string>()({
    change: "owner",
    wire: "Owner_Account",
    create: "Owner_Account",
    // 002 10004 #1 (must be imported: asked of the server in check); docs/api-reference.md §6.5.
    schema: { type: "string", minLength: 1, maxBytes: BYTE_LIMITS.userId },
    fromWire: emptyIfAbsent,
    unsetAfterCreate: () => "",
  }),
  /**
   * Migration: the original creation time (unix seconds, in the past). The group is then created
   * with import_group — no callbacks, no notifications (Private, Public and ChatRoom only).
   */
  createTime: row<number>()({
    change: "replace",
    wire: "CreateTime",
    create: "CreateTime",
    importOnly: true,
    // 000: the creation time to record (uint32 seconds); presence makes create use import_group.
    schema: { type: "integer", minimum: 1, maximum: UINT32_MAX },
  }),
  /**
   * Take over an existing group named by `groupId` (a custom id or one the service assigned,
   * `@TGS#…`) instead of creating one (dynamic resources cannot use `pulumi import`). `pulumi
   * preview` reads the group: it refuses a missing group or another type, and says "no change" or
   * each field the first `up` changes to match these args. Deleting the resource then releases the
   * group unless `onDelete: "destroy"`.
   */
  adopt: row<boolean>()({ change: "control", schema: { type: "boolean" } }),
  /**
   * Allow changes that destroy the group and create a new one (type, groupId, createTime). Off by
   * default: a replacement loses the members and the message history, so preview refuses it.
   */
  allowReplace: row<boolean>()({ change: "control", schema: { type: "boolean" } }),
  /**
   * What deleting this resource (removing it from the program, or `pulumi destroy`) does to the
   * group: `"release"` leaves the group live with its members and history, no longer managed;
   * `"destroy"` destroys it (destroy_group). Default: `"release"` for an adopted group
   * (`adopt: true`), `"destroy"` for a group this resource created.
   */
  onDelete: row<"release" | "destroy">()({ change: "control", schema: { enum: ["release", "destroy"] } }),
} as const;

/** The name of an ImGroup input. */
export type ImGroupFieldName = keyof typeof IM_GROUP_FIELDS;

type Fields = typeof IM_GROUP_FIELDS;
type ValueOf<K extends ImGroupFieldName> = NonNullable<Fields[K]["__value"]>;

/** Every input in table order (the order reviews show a group's fields in). */
export const IM_GROUP_FIELD_ORDER = Object.keys(IM_GROUP_FIELDS) as ImGroupFieldName[];

/** The inputs that replace the group when they change. */
export const REPLACING_FIELDS = IM_GROUP_FIELD_ORDER.filter(
  (name) => IM_GROUP_FIELDS[name].change === "replace",
);

/** The inputs modify_group_base_info changes in place. */
export const PROFILE_FIELDS = IM_GROUP_FIELD_ORDER.filter(
  (name) => IM_GROUP_FIELDS[name].change === "modify",
);

/** The inputs as a program or `check` holds them: each optional except the required ones. */
export type ImGroupFieldValues = {
  -readonly [K in ImGroupFieldName as Fields[K] extends { required: true } ? K : never]: ValueOf<K>;
} & {
  -readonly [K in ImGroupFieldName as Fields[K] extends { required: true } ? never : K]?: ValueOf<K>;
};

/** A row by name, typed loosely for the generic code that walks the table. */
export function fieldRow(name: ImGroupFieldName): FieldRow<unknown, unknown> {
  return IM_GROUP_FIELDS[name] as FieldRow<unknown, unknown>;
}

/**
 * Computed outputs: what get_group_info reports beyond the inputs, under their output names (the
 * owner as the server has it, counters and times).
 */
export const COMPUTED_OUTPUTS = {
  /** Creation time (unix seconds): the imported one for migrations. */
  createdAt: "CreateTime",
  /** Current member count, owner included. */
  memberNum: "MemberNum",
  /** Current member limit. */
  maxMemberNum: "MaxMemberNum",
  /** Unix seconds of the last profile change. */
  lastInfoTime: "LastInfoTime",
  /** Unix seconds of the last message (0 when none). */
  lastMsgTime: "LastMsgTime",
  /** Sequence number the next message will get. */
  nextMsgSeq: "NextMsgSeq",
  /** The owner account as the server reports it (`""` when the group has none). */
  owner: "Owner_Account",
} as const satisfies Record<string, keyof GroupInfo>;

/** The name of a computed output. */
export type ComputedOutputName = keyof typeof COMPUTED_OUTPUTS;

/**
 * The base fields every group read asks for (003 GroupBaseInfoFilter): each row's wire name and the
 * computed outputs'. One list for ImGroup and ImGroupMembers, so their reads share get_group_info calls.
 */
export const GROUP_BASE_FIELDS: string[] = [
  ...new Set([
    ...IM_GROUP_FIELD_ORDER.map((name) => fieldRow(name).wire).filter(
      (wire): wire is keyof GroupInfo & string => wire !== undefined && wire !== "AppDefinedData",
    ),
    ...Object.values(COMPUTED_OUTPUTS),
  ]),
];
