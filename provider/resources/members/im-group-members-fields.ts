/**
 * The member field table: every per-member field an `ImGroupMembers` declares, in one place — its
 * wire name, how a change reaches the server, whether it is read back and compared, and its
 * validation. The member encoding (member-set.ts), the check (im-group-members-rules.ts), the
 * apply (im-group-members-provider.ts) and the review all read this table; a new member field is one
 * row here plus its tests.
 *
 * Sources: create_group MemberList (002), import_group_member (001), modify_group_member_info and
 * the member fields (docs/api-reference.md §6.5, §6.8, §7.7).
 */
import type { GroupMember, ImportGroupMemberItem } from "../../client/types";
import { BYTE_LIMITS, MEMBER_ROLES, MSG_FLAGS, UINT32_MAX } from "../../schemas/limits";

/** How one declared value is validated (the check names field, limit and value on failure). */
export type MemberFieldCheck =
  | { readonly kind: "enum"; readonly values: readonly string[] }
  | { readonly kind: "string"; readonly maxBytes: number }
  | { readonly kind: "integer"; readonly min: number; readonly max: number }
  | {
      readonly kind: "keyValues";
      readonly keyMaxBytes: number;
      readonly valueMaxBytes: number;
    };

/**
 * How the live value of a modifiable field is compared with the declaration (the same rule in the
 * diff's summaries, the apply's modify requests and the drift report):
 * - `role`: every member has one and is compared whatever it declares (absent: `unset`); the owner
 *   is never managed (role changes go through change_group_owner on the group, not here);
 * - `declared`: compared only where a member declares it; a live member without it reads as
 *   `unset` when the row has one, else as "differs" (one scalar value per member, read back under
 *   the row's wire name and sent as is in modify_group_member_info);
 * - `perKey`: a map compared key by key for the keys declared only; an empty Value deletes a key
 *   (docs/api-reference.md §7.7).
 */
export type MemberFieldCompare = "role" | "declared" | "perKey";

/** One row of the member field table. */
export interface MemberFieldRow<Value> {
  /** The field's name in member listings, modify_group_member_info and import_group_member. */
  readonly wire: keyof GroupMember | keyof ImportGroupMemberItem;
  /**
   * How a declared value reaches the server: `modify` — sent with modify_group_member_info whenever
   * it differs from the live value (and read back, compared, shown as drift); `import` — write-once
   * migration data, sent only by import_group_member when the member is added, never read back.
   */
  readonly apply: "modify" | "import";
  /** For `modify` fields: how the live value is compared ({@link MemberFieldCompare}). */
  readonly compare?: MemberFieldCompare;
  /** The value a member has when the field was never set (what a fresh member reads as). */
  readonly unset?: Value;
  /** Validation of a declared value. */
  readonly check: MemberFieldCheck;
}

/**
 * A row, with its value type attached for the derived types (no runtime cost) and its literal
 * shape kept (so `compare: "declared"` shows in the types): `row<string>()({ … })`.
 */
function row<Value>() {
  return <Definition extends MemberFieldRow<Value>>(definition: Definition) =>
    definition as Definition & { readonly __value?: Value };
}

/**
 * The per-member fields, in the order they are encoded and shown. Keys are the input names; the doc
 * comment of each row is what users see on the field.
 */
export const MEMBER_FIELDS = {
  /**
   * `Admin` or `Member` (default). Not for Private groups (no admins). Promoted or demoted with
   * modify_group_member_info; imported members get it directly.
   */
  role: row<"Admin" | "Member">()({
    wire: "Role",
    apply: "modify",
    compare: "role",
    unset: "Member",
    check: { kind: "enum", values: MEMBER_ROLES },
  }),
  /** Group nickname, ≤50 bytes (UTF-8). */
  nameCard: row<string>()({
    wire: "NameCard",
    apply: "modify",
    compare: "declared",
    unset: "",
    check: { kind: "string", maxBytes: 50 }, // docs/api-reference.md §6.5
  }),
  /** Message receive option: `AcceptAndNotify`, `AcceptNotNotify`, `Discard` or `AcceptNotNotifyExceptAt`. */
  msgFlag: row<(typeof MSG_FLAGS)[number]>()({
    wire: "MsgFlag",
    apply: "modify",
    // No unset value: the server's default is not documented (§6.8), so an unread flag differs.
    compare: "declared",
    check: { kind: "enum", values: MSG_FLAGS },
  }),
  /**
   * Member custom data (AppMemberDefinedData): keys 1–16 bytes, values 1–64 bytes; the keys must be
   * enabled for the app. Only the keys declared are managed; a key declared `null` is deleted from
   * the member, and a key no member declares any more is deleted from every member that has it.
   * Keys never declared are left alone. Give a `Map` (or computed keys) for keys such as `__proto__`
   * that an object literal cannot hold.
   */
  appMemberDefinedData: row<Readonly<Record<string, string | null>> | ReadonlyMap<string, string | null>>()({
    wire: "AppMemberDefinedData",
    apply: "modify",
    compare: "perKey",
    check: {
      kind: "keyValues",
      keyMaxBytes: BYTE_LIMITS.customDataKey,
      valueMaxBytes: 64, // 002 10004 #13
    },
  }),
  /**
   * Migration: the original join time (unix seconds), later than the group's creation and in the
   * past. A member with a join time or unread count is imported with import_group_member (no
   * notifications); it cannot be changed later.
   */
  joinTime: row<number>()({
    wire: "JoinTime",
    apply: "import",
    check: { kind: "integer", min: 1, max: UINT32_MAX },
  }),
  /** Migration: unread message count (lowered by the server to the group's message count). */
  unreadMsgNum: row<number>()({
    wire: "UnreadMsgNum",
    apply: "import",
    check: { kind: "integer", min: 0, max: UINT32_MAX },
  }),
} as const;

/** The input name of a member field. */
export type MemberFieldName = keyof typeof MEMBER_FIELDS;

/** Every member field, in table order. */
export const MEMBER_FIELD_NAMES = Object.keys(MEMBER_FIELDS) as MemberFieldName[];

/** The fields written once at import and never compared (join time, unread count). */
export const IMPORT_ONLY_FIELDS = MEMBER_FIELD_NAMES.filter((name) => MEMBER_FIELDS[name].apply === "import");

/**
 * The fields compared only where declared, one scalar each (`compare: "declared"`): read back,
 * compared, sent and applied by the same loop everywhere, under the row's wire name.
 */
export type DeclaredScalarFieldName = {
  [K in MemberFieldName]: (typeof MEMBER_FIELDS)[K] extends { readonly compare: "declared" } ? K : never;
}[MemberFieldName];

/** Every {@link DeclaredScalarFieldName}, in table order. */
export const DECLARED_SCALAR_FIELDS = MEMBER_FIELD_NAMES.filter(
  (name): name is DeclaredScalarFieldName =>
    (MEMBER_FIELDS[name] as MemberFieldRow<unknown>).compare === "declared",
);

/**
 * The declared scalars' values, each optional and a string as the provider holds them (the check
 * narrowed enums already), with the row's doc comment.
 */
export type DeclaredScalars = {
  -readonly [K in keyof Pick<typeof MEMBER_FIELDS, DeclaredScalarFieldName>]?: string;
};

/** The member fields as a program writes them (each optional), with the row's doc comment. */
export type MemberFields = {
  -readonly [K in MemberFieldName]?: NonNullable<(typeof MEMBER_FIELDS)[K]["__value"]>;
};
