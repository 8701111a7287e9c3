/**
 * Stacks written before member sets left state (v1, up to 0.1.0 at commit 229edc1) recorded an
 * `ImGroupMembers` as inputs and outputs holding the whole member map, `members: { account: { role,
 * nameCard?, msgFlag?, joinTime?, unreadMsgNum? } }`, in the declaration's terms. Every method that
 * receives recorded state reads it through {@link migrateMembersState}, so such a stack refreshes,
 * previews and updates with no spurious diff and no member change; the next refresh or update
 * records the new form (tests/e2e/state-migration.test.ts).
 */
import { DECLARED_SCALAR_FIELDS, type MemberFieldName } from "./im-group-members-fields";
import type { ImGroupMembersOutputs } from "./im-group-members-rules";
import {
  declaredSummary,
  fieldMaskOf,
  type LiveMember,
  liveFingerprint,
  type MemberSet,
  type MemberSpec,
} from "./member-set";
import { withDerivedMembersOutputs } from "./members-state-v2";

/**
 * The member fields v1 recorded besides the role, as 0.1.0 wrote them: a frozen list, not the
 * member field table, since a field the table gains later was never in v1 state.
 */
const V1_FIELDS = [
  "nameCard",
  "msgFlag",
  "joinTime",
  "unreadMsgNum",
] as const satisfies readonly MemberFieldName[];

/** One v1 member value: its role (`Member` written out or absent) and the {@link V1_FIELDS}. */
type V1Member = { role?: "Admin" | "Member" } & Pick<MemberSpec, (typeof V1_FIELDS)[number]>;

/**
 * The member set a v1 state recorded (the live set as the resource managed it, in the
 * declaration's terms), or undefined for state in the current form.
 */
export function v1MemberSet(recorded: { members?: unknown }): MemberSet | undefined {
  const members = recorded.members;
  if (members === null || typeof members !== "object" || Array.isArray(members)) return undefined;
  return parseV1(members as Record<string, V1Member>).set;
}

/**
 * Recorded ImGroupMembers state in the current form, whatever version wrote it: v1 member maps
 * converted, and what the stored form leaves out derived (members-state-v2.ts).
 */
export function migrateMembersState(recorded: ImGroupMembersOutputs): ImGroupMembersOutputs {
  const members: unknown = recorded.members;
  if (members === null || typeof members !== "object" || Array.isArray(members)) {
    return withDerivedMembersOutputs(recorded);
  }
  // v1: the map is what the last apply or refresh recorded, i.e. the live set as the resource
  // manages it, in the declaration's terms.
  const map = members as Record<string, V1Member>;
  const { set, live } = parseV1(map);
  const summary = declaredSummary(set);
  const memberFields = fieldMaskOf(set);
  const mode = recorded.mode ?? "authoritative";
  return {
    ...recorded,
    mode,
    members: summary,
    declared: summary,
    memberFields,
    liveFingerprint: liveFingerprint(live, memberFields),
    ...(mode === "additive" &&
      recorded.removeMembersOnDelete === true && { declaredAccounts: Object.keys(map).sort() }),
  };
}

function parseV1(map: Record<string, V1Member>): { set: MemberSet; live: Map<string, LiveMember> } {
  const set: MemberSet = new Map();
  const live = new Map<string, LiveMember>();
  for (const account of Object.keys(map)) {
    const v1 = map[account] ?? {};
    const spec: MemberSpec = v1.role === "Admin" ? { role: "Admin" } : {};
    for (const field of V1_FIELDS) if (v1[field] !== undefined) Object.assign(spec, { [field]: v1[field] });
    set.set(account, spec);
    // What v1 recorded was the live member in the declaration's terms: its declared scalars as read.
    const member: LiveMember = { role: v1.role ?? "Member" };
    for (const field of DECLARED_SCALAR_FIELDS) if (spec[field] !== undefined) member[field] = spec[field];
    live.set(account, member);
  }
  return { set, live };
}
