/**
 * How groups and members are rendered into responses, with the field filters of get_group_info (003)
 * and get_group_member_info (docs/api-reference.md §7.5). Filters accept legacy names (`Account`, `ShutUpAllMember`,
 * `ShutUpUntil`, docs/api-reference.md §6.6); output uses current names, plus the legacy ones (the names 003's
 * sample answer uses) unless `emitLegacyNames` is off. Unknown filter names are ignored.
 */

import type { GroupRecord, KeyValue, MemberRecord } from "./state";

/** Which names to include: all of them, or a set. */
export type Selection = "all" | ReadonlySet<string>;

/** What to render of each member. */
export interface MemberView {
  /** Standard member fields (Member_Account is always included, docs/api-reference.md §6.8). */
  fields: Selection;
  /** Member custom-data keys; "none" leaves `AppMemberDefinedData` out. */
  customKeys: Selection | "none";
}

/** What to render of a group. */
export interface GroupView {
  /** Base profile fields. */
  base: Selection;
  /** Group custom-data keys; "none" leaves `AppDefinedData` out. */
  customKeys: Selection | "none";
  /** Members; undefined leaves `MemberList` out. */
  members: MemberView | undefined;
}

/** Everything: get_group_info without a ResponseFilter. */
export const FULL_GROUP_VIEW: GroupView = {
  base: "all",
  customKeys: "all",
  members: { fields: "all", customKeys: "all" },
};

/** Legacy filter names (Maps: a filter name such as `constructor` is user input, not a property). */
const LEGACY_BASE = new Map([["ShutUpAllMember", "MuteAllMember"]]);
const LEGACY_MEMBER = new Map([
  ["Account", "Member_Account"],
  ["ShutUpUntil", "MuteUntil"],
]);

/** Base-field filter names with legacy spellings mapped to current ones. */
export function baseSelection(names: readonly string[]): ReadonlySet<string> {
  return new Set(names.map((name) => LEGACY_BASE.get(name) ?? name));
}

/** Member-field filter names with legacy spellings mapped to current ones. */
export function memberSelection(names: readonly string[]): ReadonlySet<string> {
  return new Set(names.map((name) => LEGACY_MEMBER.get(name) ?? name));
}

/** Base fields in response order (003 sample, docs/api-reference.md §6.7); each reads the group. */
const BASE_FIELDS: [name: string, read: (group: GroupRecord) => unknown][] = [
  ["Type", (g) => g.base.Type],
  ["Name", (g) => g.base.Name],
  ["Introduction", (g) => g.base.Introduction],
  ["Notification", (g) => g.base.Notification],
  ["FaceUrl", (g) => g.base.FaceUrl],
  ["Owner_Account", (g) => g.base.Owner_Account],
  ["CreateTime", (g) => g.base.CreateTime],
  ["InfoSeq", (g) => g.base.InfoSeq],
  ["LastInfoTime", (g) => g.base.LastInfoTime],
  ["LastMsgTime", (g) => g.base.LastMsgTime],
  ["NextMsgSeq", (g) => g.base.NextMsgSeq],
  ["MemberNum", (g) => g.members.size],
  ["MaxMemberNum", (g) => g.base.MaxMemberNum],
  ["ApplyJoinOption", (g) => g.base.ApplyJoinOption],
  ["InviteJoinOption", (g) => g.base.InviteJoinOption],
  ["MuteAllMember", (g) => g.base.MuteAllMember],
];

/** Member fields in response order (003 sample, docs/api-reference.md §6.8), without Member_Account and custom data. */
const MEMBER_FIELDS = [
  "Role",
  "JoinTime",
  "MsgSeq",
  "MsgFlag",
  "LastSendMsgTime",
  "MuteUntil",
  "NameCard",
] as const;

/** Renders a group's fields after `GroupId`, `ErrorCode`, `ErrorInfo`. */
export function renderGroup(group: GroupRecord, view: GroupView, legacy: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, read] of BASE_FIELDS) {
    if (view.base !== "all" && !view.base.has(name)) continue;
    const value = read(group);
    if (value === undefined) continue; // InviteJoinOption before it was ever set
    out[name] = value;
    if (legacy && name === "MuteAllMember") out.ShutUpAllMember = value;
  }
  if (view.customKeys !== "none") out.AppDefinedData = pick(group.base.AppDefinedData, view.customKeys);
  if (view.members) out.MemberList = Array.from(group.members.values(), memberRenderer(view.members, legacy));
  return out;
}

/**
 * A renderer of members for one view. The selected fields are worked out once, not per member:
 * a 10,000-member get_group_info renders every member of the group in one call.
 */
export function memberRenderer(
  view: MemberView,
  legacy: boolean,
): (member: MemberRecord) => Record<string, unknown> {
  const fields = MEMBER_FIELDS.filter((name) => view.fields === "all" || view.fields.has(name));
  const legacyMute = legacy && fields.includes("MuteUntil");
  const { customKeys } = view;
  return (member) => {
    const out: Record<string, unknown> = { Member_Account: member.Member_Account };
    for (const name of fields) out[name] = member[name];
    if (legacyMute) out.ShutUpUntil = member.MuteUntil;
    if (customKeys !== "none") out.AppMemberDefinedData = pick(member.AppMemberDefinedData, customKeys);
    return out;
  };
}

/**
 * The user's own fields in one group (get_joined_group_list `SelfInfo`, docs/api-reference.md
 * §7.11): the named §6.8 member fields without Member_Account; `AppMemberDefinedData` named as a
 * field gives all of its keys.
 */
export function renderSelfInfo(
  member: MemberRecord,
  fields: ReadonlySet<string>,
  legacy: boolean,
): Record<string, unknown> {
  const render = memberRenderer(
    { fields, customKeys: fields.has("AppMemberDefinedData") ? "all" : "none" },
    legacy,
  );
  const { Member_Account: _self, ...info } = render(member);
  return info;
}

function pick(entries: readonly KeyValue[], keys: Selection): KeyValue[] {
  return entries
    .filter((entry) => keys === "all" || keys.has(entry.Key))
    .map(({ Key, Value }) => ({ Key, Value }));
}
