/**
 * What `ImGroupMembers` decides without the server: the declared list becomes a member set keyed by
 * account (order never matters, a repeat is an error), each member is checked against the member
 * field table (im-group-members-fields.ts), and the member rules of create_group's 10004 list
 * (002 #11–#16), import_group_member (001) and docs/api-reference.md §6 are applied. Also the plan
 * of an apply and the two guards against removing people by surprise.
 */
import type { GroupType } from "../../schemas/limits";
import { BYTE_LIMITS, TYPE_RULES, UINT32_MAX, utf8Bytes } from "../../schemas/limits";
import { compileValidator, type InputFailure, UNKNOWN } from "../../schemas/validator";
import {
  MEMBER_FIELD_NAMES,
  MEMBER_FIELDS,
  type MemberFieldCheck,
  type MemberFieldName,
} from "./im-group-members-fields";
import { NON_FINITE_MARK, NOT_A_LIST, reviveNonFinite } from "./member-encoding";
import {
  comparable,
  type LiveMember,
  type LiveMembers,
  liveThrough,
  type MemberSet,
  type MemberSpec,
  sameSpec,
} from "./member-set";

/** Checked ImGroupMembers inputs (what state keeps: a summary, never the accounts). */
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
  /** The declared set's summary, `"N members · <digest>"` (member-set.ts), or unknown at preview. */
  members: string;
  /** The member fields any member declares (`nameCard`, `msgFlag`, `appMemberDefinedData.<key>`). */
  memberFields: string[];
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
  /** Additive mode with removeMembersOnDelete only: the declared accounts, for delete. */
  declaredAccounts?: string[];
  /** Add members without a join notice (add_group_member Silence=1). */
  silence?: boolean;
  /** Names of inputs the program marked secret: their values never appear in messages. */
  secretInputs?: string[];
  /** This resource's URN (computed by the class), for the diagnostics attached to it. */
  __urn?: string;
}

/** Outputs: the inputs, with `members` the live set as this resource manages it, plus bookkeeping. */
export interface ImGroupMembersOutputs extends ImGroupMembersInputs {
  /**
   * The live member set as this resource manages it, as a summary: equal to `declared` when the
   * group matches the declaration last applied; different after a partial failure, or after a
   * refresh found a change made outside Pulumi.
   */
  members: string;
  /** The summary of the declaration last applied. */
  declared: string;
  /** Members of the group right now, owner and unmanaged members included. */
  memberNum: number;
  /**
   * A fingerprint of the whole live set (every member but the owner; role and `memberFields`) as
   * last seen, so a refresh that runs no program can tell whether anything changed.
   */
  liveFingerprint: string;
  /** Accounts whose change failed in the last apply (at most 50 named). */
  unapplied?: string[];
  /**
   * The size of the group's member list in a get_group_info answer as last read (or estimated
   * after an apply), so the next read is packed with others under the 1 MB answer limit.
   */
  memberListBytes?: number;
}

/** Default of {@link ImGroupMembersInputs.maxRemovalShare}: stop a change that empties most of a group. */
export const DEFAULT_MAX_REMOVAL_SHARE = 0.5;

/** Schema of everything but the member set (which is checked member by member below). */
export const imGroupMembersInputsSchema = {
  type: "object",
  required: ["groupId", "members", "mode"],
  additionalProperties: false,
  properties: {
    __provider: { type: "string" },
    __urn: { type: "string" },
    secretInputs: { type: "array", items: { type: "string" } },
    // The same rules as ImGroup.groupId (002 10004 #7), minus the reserved prefix: a group made
    // elsewhere may have an id the service assigned (`@TGS#…`).
    groupId: { type: "string", minLength: 1, maxBytes: BYTE_LIMITS.groupId, printableAscii: true },
    // Facts about the group, passed from an ImGroup so preview can apply the per-type rules.
    groupType: { enum: Object.keys(TYPE_RULES) },
    ownerAccount: { type: "string" },
    maxMemberCount: { type: "integer", minimum: 1, maximum: UINT32_MAX },
    groupCreateTime: { type: "integer", minimum: 1, maximum: UINT32_MAX },
    members: { type: "string" },
    memberFields: { type: "array", items: { type: "string" } },
    declaredAccounts: { type: "array", items: { type: "string" } },
    mode: { enum: ["authoritative", "additive"] },
    maxRemovals: { type: "integer", minimum: 0, maximum: UINT32_MAX },
    maxRemovalShare: { type: "number", minimum: 0, maximum: 1 },
    allowMassRemoval: { type: "boolean" },
    removeMembersOnDelete: { type: "boolean" },
    silence: { type: "boolean" },
  },
} as const;

const validateShape = compileValidator(imGroupMembersInputsSchema);

/** Validates the inputs other than the member set. */
export function inputFailures(inputs: ImGroupMembersInputs): InputFailure[] {
  return validateShape(inputs);
}

// ---- the declared list -------------------------------------------------------------------------

/**
 * Parses the list the class encoded (program-members.ts: a JSON line per entry, in the order
 * written) into a member set. Every entry is validated against the member field table; a repeated
 * account is a failure naming both positions, never silently merged.
 */
export function parseDeclaredMembers(encoded: string): { members: MemberSet; failures: InputFailure[] } {
  const members: MemberSet = new Map();
  const failures: InputFailure[] = [];
  if (encoded.startsWith(NOT_A_LIST)) {
    // 002 10004 #11: the member list must be a list.
    const value = JSON.parse(encoded.slice(NOT_A_LIST.length), reviveNonFinite);
    return { members, failures: [{ property: "members", reason: "must be an array", value }] };
  }
  // One JSON array (program-members.ts): one parse, and the reviver only when a non-finite number
  // was written — several times faster for 10,000 entries than a parse per entry.
  let entries: unknown;
  try {
    entries = JSON.parse(encoded, encoded.includes(NON_FINITE_MARK) ? reviveNonFinite : undefined);
  } catch {
    entries = undefined;
  }
  if (!Array.isArray(entries)) {
    failures.push({ property: "members", reason: "is not a member list the ImGroupMembers class wrote" });
    return { members, failures };
  }
  entries.forEach((entry: unknown, index) => {
    const account = typeof entry === "string" ? entry : accountOf(entry);
    if (account === undefined) {
      // 002 10004 #11: the member list holds accounts.
      failures.push({
        property: `members[${index}]`,
        reason: 'must be an account string or an object with an "account" string',
        value: entry,
      });
      return;
    }
    if (account.length === 0 || utf8Bytes(account) > BYTE_LIMITS.userId) {
      failures.push({
        property: `members[${index}]`,
        reason: `account must be 1–${BYTE_LIMITS.userId} bytes (UTF-8), not ${utf8Bytes(account)}`,
        value: account,
      });
      return;
    }
    if (members.has(account)) {
      // Rare: found by a scan, so the common path keeps one map.
      const seen = entries.findIndex(
        (other) => (typeof other === "string" ? other : accountOf(other)) === account,
      );
      failures.push({
        property: `members[${index}]`,
        reason: `account ${JSON.stringify(account)} is listed twice (also at members[${seen}])`,
        quotesValues: true,
      });
      return;
    }
    if (typeof entry === "string") {
      members.set(account, {});
      return;
    }
    const { spec, specFailures } = parseSpec(entry, `members.${account}`);
    if (specFailures.length > 0) failures.push(...specFailures);
    members.set(account, spec);
  });
  return { members, failures };
}

function accountOf(entry: unknown): string | undefined {
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return undefined;
  const account = Object.hasOwn(entry, "account") ? (entry as { account: unknown }).account : undefined;
  return typeof account === "string" ? account : undefined;
}

/** One entry's fields, validated against the member field table. */
function parseSpec(entry: unknown, at: string): { spec: MemberSpec; specFailures: InputFailure[] } {
  const spec: MemberSpec = {};
  const specFailures: InputFailure[] = [];
  if (typeof entry === "string") return { spec, specFailures };
  const fields = entry as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (key === "account") continue;
    if (!(MEMBER_FIELD_NAMES as string[]).includes(key)) {
      specFailures.push({
        property: `${at}.${key}`,
        reason: `is not a known member field (known: account, ${MEMBER_FIELD_NAMES.join(", ")})`,
      });
      continue;
    }
    const name = key as MemberFieldName;
    const value = fields[key];
    if (value === undefined || value === null) continue;
    const failure = checkField(name, value, `${at}.${name}`);
    if (failure !== undefined) {
      specFailures.push(failure);
      continue;
    }
    if (name === "appMemberDefinedData") {
      spec.appMemberDefinedData = new Map(pairsOf(value) as Array<[string, string | null]>);
    } else if (name === "role") {
      // `Member` is the default: never stored, so `role: "Member"` and no role are the same member.
      if (value === "Admin") spec.role = "Admin";
    } else Object.assign(spec, { [name]: value });
  }
  return { spec, specFailures };
}

/** Checks one declared value against its row; a failure names the field, the limit and the value. */
function checkField(name: MemberFieldName, value: unknown, property: string): InputFailure | undefined {
  const check: MemberFieldCheck = MEMBER_FIELDS[name].check;
  switch (check.kind) {
    case "enum":
      return check.values.includes(value as string)
        ? undefined
        : {
            property,
            reason: `must be one of ${check.values.map((v) => JSON.stringify(v)).join(", ")}`,
            value,
          };
    case "string":
      if (typeof value !== "string") return { property, reason: "must be a string", value };
      return utf8Bytes(value) <= check.maxBytes
        ? undefined
        : {
            property,
            reason: `is ${utf8Bytes(value)} bytes, over the limit of ${check.maxBytes} bytes (UTF-8)`,
            value,
          };
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) {
        return { property, reason: "must be a whole number", value };
      }
      return value >= check.min && value <= check.max
        ? undefined
        : { property, reason: `must be between ${check.min} and ${check.max}`, value };
    case "keyValues": {
      const pairs = pairsOf(value);
      if (pairs === undefined) return { property, reason: "must be a map of strings to strings", value };
      for (const [key, entry] of pairs) {
        // 002 10004 #13: keys non-empty ≤16 bytes, values ≤64 bytes; values non-empty, because an
        // empty value deletes the key (docs/api-reference.md §7.7).
        if (key.length === 0 || utf8Bytes(key) > check.keyMaxBytes) {
          return {
            property: `${property}.${key}`,
            reason: `key must be 1–${check.keyMaxBytes} bytes (UTF-8), not ${utf8Bytes(key)}`,
            value: key,
          };
        }
        // null: the key must not be set (it is deleted where it is).
        if (entry === null) continue;
        if (typeof entry !== "string" || entry.length === 0 || utf8Bytes(entry) > check.valueMaxBytes) {
          return {
            property: `${property}.${key}`,
            reason: `must be a string of 1–${check.valueMaxBytes} bytes (UTF-8), or null to delete the key`,
            value: entry,
          };
        }
      }
      return undefined;
    }
  }
}

/** Custom data as pairs: the class sends pairs; an object is accepted too. Undefined when neither. */
function pairsOf(value: unknown): Array<[string, unknown]> | undefined {
  if (Array.isArray(value)) {
    return value.every((pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === "string")
      ? (value as Array<[string, unknown]>)
      : undefined;
  }
  if (value !== null && typeof value === "object") {
    return Object.keys(value).map((key) => [key, (value as Record<string, unknown>)[key]]);
  }
  return undefined;
}

// ---- rules across the set ----------------------------------------------------------------------

/** The rules that need the whole set and the group's facts; `now` in unix seconds. */
export function memberSetFailures(
  inputs: ImGroupMembersInputs,
  members: MemberSet,
  now: number,
): InputFailure[] {
  const failures: InputFailure[] = [];
  const type = (inputs.groupType as string) !== UNKNOWN ? inputs.groupType : undefined;
  const rules = type !== undefined ? TYPE_RULES[type] : undefined;
  // 002 note, 001, docs/api-reference.md §7.3: AVChatRoom and BChatRoom members join only by applying.
  if (rules !== undefined && !rules.takesMembers && members.size > 0) {
    failures.push({
      property: "members",
      reason: `cannot be declared for ${type} groups: users join them only by applying (${members.size} declared)`,
    });
    return failures;
  }
  // 002 10004 #12: no more members than the group's limit (the owner counts).
  const limit = typeof inputs.maxMemberCount === "number" ? inputs.maxMemberCount : rules?.maxMembers;
  const owner =
    typeof inputs.ownerAccount === "string" && inputs.ownerAccount !== UNKNOWN
      ? inputs.ownerAccount
      : undefined;
  const total = members.size - (owner !== undefined && members.has(owner) ? 1 : 0) + (owner ? 1 : 0);
  if (typeof limit === "number" && total > limit) {
    failures.push({
      property: "members",
      reason: `declares ${total} members (owner included), over the group's limit of ${limit}`,
    });
  }
  for (const [account, spec] of members) {
    const at = `members.${account}`;
    // 002 10004 #15: no admins in types without admins.
    if (spec.role === "Admin" && rules !== undefined && !rules.hasAdmins) {
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
    if (spec.joinTime !== undefined) {
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

// ---- the plan ------------------------------------------------------------------------------------

/**
 * Whom an apply adds and removes to make the live member set match the declared one. Which present
 * members to modify the apply works out per member (modifyRequest in im-group-members-provider.ts),
 * as it builds each request.
 */
export interface MemberPlan {
  /** Declared accounts not in the group. */
  add: string[];
  /** Accounts to remove (authoritative mode: present, undeclared, not the owner). */
  remove: string[];
}

/** Compares declared and live accounts. The owner is never added or removed here. */
export function planMembers(
  declared: ReadonlyMap<string, MemberSpec>,
  live: ReadonlyMap<string, LiveMember>,
  mode: "authoritative" | "additive",
): MemberPlan {
  const plan: MemberPlan = { add: [], remove: [] };
  for (const account of declared.keys()) {
    if (!live.has(account)) plan.add.push(account);
  }
  if (mode === "authoritative") {
    for (const [account, member] of live) {
      if (member.role !== "Owner" && !declared.has(account)) plan.remove.push(account);
    }
  }
  return plan;
}

/** True when a present member's role or a field its declaration manages differs from the server's. */
export function needsModify(spec: MemberSpec, live: LiveMember): boolean {
  return !sameSpec(comparable(spec), liveThrough(live, spec));
}

/** The live members an apply plans against (a copy the apply updates as calls succeed). */
export function copyLive(live: ReadonlyMap<string, LiveMember>): LiveMembers {
  return new Map(live);
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

/**
 * Taking over a group that already has members, in authoritative mode, would remove the undeclared
 * ones — and a create's preview lists only what is added. So that needs explicit consent
 * (`allowMassRemoval`, or `maxRemovals` covering them); the message names the accounts.
 */
export function takeOverViolation(
  inputs: ImGroupMembersInputs,
  removals: readonly string[],
): string | undefined {
  if (inputs.mode !== "authoritative" || removals.length === 0 || inputs.allowMassRemoval === true) {
    return undefined;
  }
  if (inputs.maxRemovals !== undefined && removals.length <= inputs.maxRemovals) return undefined;
  const shown =
    removals
      .slice(0, 20)
      .map((a) => JSON.stringify(a))
      .join(", ") + (removals.length > 20 ? ` … and ${removals.length - 20} more` : "");
  return (
    `group ${inputs.groupId} already has ${removals.length} member(s) this resource does not declare: ${shown}. ` +
    'Authoritative mode would remove them on this first apply. Declare them, use mode: "additive", ' +
    `or allow it with allowMassRemoval: true (or maxRemovals: ${removals.length}).`
  );
}
