/**
 * What `ImGroupMembers.check` decides without the server: the user's member array becomes a map
 * keyed by account (so previews name accounts and order never matters), then the member rules of
 * create_group's 10004 list (002 #11–#16), import_group_member (001) and API.md §6 are applied.
 * Also the reconciliation plan and the removal guard, shared by diff, create and update.
 */

import { imGroupMembersInputsSchema } from "../schemas/im-group-members";
import { ADMINLESS_TYPES, type GroupType, MAX_MEMBERS_BY_TYPE, MEMBERLESS_TYPES } from "../schemas/limits";
import { compileValidator, type InputFailure, UNKNOWN } from "../schemas/validator";

/** One declared member (the map value; the account is the key). */
export interface MemberSpec {
  /** `Admin` or `Member` (default). */
  role?: "Admin" | "Member";
  /** Migration: original join time (unix seconds); makes the member imported with import_group_member. */
  joinTime?: number;
  /** Migration: unread message count; makes the member imported with import_group_member. */
  unreadMsgNum?: number;
  /** Group nickname, ≤50 bytes. */
  nameCard?: string;
  /** Message receive option. */
  msgFlag?: string;
}

/** Checked ImGroupMembers inputs. */
export interface ImGroupMembersInputs {
  /** The group whose members these are. */
  groupId: string;
  /** The group's type, when known (from `group`): enables the per-type rules at preview. */
  groupType?: GroupType;
  /** The group's declared owner, when known: never a managed member. */
  ownerAccount?: string;
  /** The group's declared member limit, when known. */
  maxMemberCount?: number;
  /** The group's migration create time, when known: imported join times must be later. */
  groupCreateTime?: number;
  /** Declared members by account. */
  members: Record<string, MemberSpec>;
  /** `authoritative`: undeclared members are removed; `additive`: they are left alone. */
  mode: "authoritative" | "additive";
  /** Refuse to remove more than this many members in one update (unset: no count limit). */
  maxRemovals?: number;
  /** Refuse to remove more than this share of current members in one update (default 0.5). */
  maxRemovalShare?: number;
  /** Lift the removal guard while set (remove it again once the intended removal is applied). */
  allowMassRemoval?: boolean;
  /** Remove the managed members when this resource is deleted (default: leave them). */
  removeMembersOnDelete?: boolean;
  /** Add members without a join notice (add_group_member Silence=1). */
  silence?: boolean;
  /** Names of inputs the program marked secret: their values never appear in messages. */
  secretInputs?: string[];
}

/** Default of {@link ImGroupMembersInputs.maxRemovalShare}: stop a change that empties most of a group. */
export const DEFAULT_MAX_REMOVAL_SHARE = 0.5;

const validateShape = compileValidator(imGroupMembersInputsSchema);

/** What the user may write for `members`: accounts, or objects with an `account` field. */
export type MemberEntry = string | (MemberSpec & { account: string });

/**
 * Normalises `members` from the array users write to the account-keyed map state holds
 * (an existing map passes through). Duplicate accounts are failures, never silently merged.
 */
export function normalizeMembers(raw: unknown): {
  members: Record<string, MemberSpec>;
  failures: InputFailure[];
} {
  if (raw === UNKNOWN) return { members: {}, failures: [] };
  if (raw !== null && typeof raw === "object" && !Array.isArray(raw)) {
    return { members: raw as Record<string, MemberSpec>, failures: [] };
  }
  if (!Array.isArray(raw)) {
    // 002 10004 #11: the member list must be an array.
    return {
      members: {},
      failures: [{ property: "members", reason: "must be an array", value: raw }],
    };
  }
  const members: Record<string, MemberSpec> = {};
  const firstIndex = new Map<string, number>();
  const failures: InputFailure[] = [];
  raw.forEach((entry: unknown, index) => {
    const { account, spec } = splitEntry(entry);
    if (account === undefined) {
      failures.push({
        property: `members[${index}]`,
        reason: 'must be an account string or an object with an "account" string',
        value: entry,
      });
      return;
    }
    const seen = firstIndex.get(account);
    if (seen !== undefined) {
      failures.push({
        property: `members[${index}]`,
        reason: `account ${JSON.stringify(account)} is listed twice (also at members[${seen}])`,
        quotesValues: true,
      });
      return;
    }
    firstIndex.set(account, index);
    members[account] = spec;
  });
  return { members, failures };
}

function splitEntry(entry: unknown): { account?: string; spec: MemberSpec } {
  if (typeof entry === "string") return { account: entry, spec: {} };
  if (entry === null || typeof entry !== "object") return { spec: {} };
  const { account, ...spec } = entry as { account?: unknown };
  return typeof account === "string" ? { account, spec: withoutUndefined(spec) as MemberSpec } : { spec: {} };
}

function withoutUndefined(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

/** Every rule decidable from the inputs alone; `now` in unix seconds. */
export function imGroupMembersFailures(inputs: ImGroupMembersInputs, now: number): InputFailure[] {
  const failures = validateShape(inputs);
  const type = (inputs.groupType as string) !== UNKNOWN ? inputs.groupType : undefined;
  // Members not known yet (UNKNOWN) are checked at `up`, once known.
  const members = typeof inputs.members === "object" && inputs.members !== null ? inputs.members : {};
  const accounts = Object.keys(members);
  // 002 note, 001, API.md §7.3: AVChatRoom and BChatRoom members join only by applying.
  if (type !== undefined && MEMBERLESS_TYPES.includes(type) && accounts.length > 0) {
    failures.push({
      property: "members",
      reason: `cannot be declared for ${type} groups: users join them only by applying (${accounts.length} declared)`,
    });
    return failures;
  }
  // 002 10004 #12: no more members than the group's limit (the owner counts).
  const limit =
    typeof inputs.maxMemberCount === "number" ? inputs.maxMemberCount : type && MAX_MEMBERS_BY_TYPE[type];
  const owner =
    typeof inputs.ownerAccount === "string" && inputs.ownerAccount !== UNKNOWN
      ? inputs.ownerAccount
      : undefined;
  const total = accounts.filter((account) => account !== owner).length + (owner ? 1 : 0);
  if (typeof limit === "number" && total > limit) {
    failures.push({
      property: "members",
      reason: `declares ${total} members (owner included), over the group's limit of ${limit}`,
    });
  }
  for (const [account, spec] of Object.entries(members)) {
    const at = `members.${account}`;
    // 002 10004 #15: no admins in types without admins.
    if (spec.role === "Admin" && type !== undefined && ADMINLESS_TYPES.includes(type)) {
      failures.push({ property: `${at}.role`, reason: `${type} groups have no admins`, value: "Admin" });
    }
    // 002 10004 #16: the owner keeps its role; it is managed by ImGroup.ownerAccount.
    if (account === owner && spec.role !== undefined) {
      failures.push({
        property: `${at}.role`,
        reason: `${JSON.stringify(account)} is the group owner; its role cannot be set here (value ${JSON.stringify(spec.role)})`,
        quotesValues: true,
      });
    }
    // 001: join times must be later than the group's creation and earlier than now.
    if (typeof spec.joinTime === "number") {
      if (spec.joinTime >= now) {
        failures.push({
          property: `${at}.joinTime`,
          reason: `must be in the past (now ${now})`,
          value: spec.joinTime,
        });
      }
      const created = inputs.groupCreateTime;
      if (typeof created === "number" && spec.joinTime <= created) {
        failures.push({
          property: `${at}.joinTime`,
          reason: `must be later than the group's createTime ${created}`,
          value: spec.joinTime,
        });
      }
    }
  }
  return failures;
}

/** A live member as the reconciliation sees it. */
export interface LiveMember {
  /** `Owner`, `Admin` or `Member`. */
  role: "Owner" | "Admin" | "Member";
  /** Group nickname. */
  nameCard?: string;
  /** Receive option. */
  msgFlag?: string;
}

/** What an apply must do to make the live member set match the declared one. */
export interface MemberPlan {
  /** Declared accounts not in the group. */
  add: string[];
  /** Accounts to remove (authoritative mode: present, undeclared, not the owner). */
  remove: string[];
  /** Present accounts whose role or member fields differ. */
  modify: string[];
}

/** Compares declared and live members. The owner is never added, removed or modified here. */
export function planMembers(inputs: ImGroupMembersInputs, live: ReadonlyMap<string, LiveMember>): MemberPlan {
  const plan: MemberPlan = { add: [], remove: [], modify: [] };
  for (const [account, spec] of Object.entries(inputs.members)) {
    const current = live.get(account);
    if (current === undefined) plan.add.push(account);
    else if (current.role !== "Owner" && needsModify(spec, current)) plan.modify.push(account);
  }
  if (inputs.mode === "authoritative") {
    for (const [account, member] of live) {
      if (member.role !== "Owner" && !(account in inputs.members)) plan.remove.push(account);
    }
  }
  return plan;
}

/** True when a present member's role, name card or message flag differs from the declaration. */
export function needsModify(spec: MemberSpec, live: LiveMember): boolean {
  return (
    (spec.role ?? "Member") !== live.role ||
    (spec.nameCard !== undefined && spec.nameCard !== (live.nameCard ?? "")) ||
    (spec.msgFlag !== undefined && spec.msgFlag !== live.msgFlag)
  );
}

/**
 * The removal guard: a message when removing `removals` of `current` members exceeds the limits
 * and the inputs do not allow it, else undefined.
 */
export function removalGuardViolation(
  inputs: ImGroupMembersInputs,
  removals: number,
  current: number,
): string | undefined {
  if (removals === 0 || inputs.allowMassRemoval === true) return undefined;
  const share = current === 0 ? 0 : removals / current;
  const maxShare = inputs.maxRemovalShare ?? DEFAULT_MAX_REMOVAL_SHARE;
  const overCount = inputs.maxRemovals !== undefined && removals > inputs.maxRemovals;
  if (!overCount && share <= maxShare) return undefined;
  const limit = overCount ? `maxRemovals ${inputs.maxRemovals}` : `maxRemovalShare ${maxShare}`;
  return (
    `removal guard: this change would remove ${removals} of ${current} members of group ${inputs.groupId} ` +
    `(${(share * 100).toFixed(1)}%), over ${limit}. If that is intended, set allowMassRemoval: true ` +
    "(or raise maxRemovals / maxRemovalShare) for this update."
  );
}
