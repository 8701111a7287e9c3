/**
 * Every rule `ImGroup.check` can decide without calling the server: the create_group 10004 list
 * (002), import_group's type and time rules (000), and what may change in place (API.md §6.1, §7.1).
 * Pure functions of (olds, news, now) so they are unit-tested without Pulumi.
 */

import { imGroupInputsSchema } from "../schemas/im-group";
import {
  FIXED_JOIN_OPTION_TYPES,
  type GroupType,
  IMPORTABLE_TYPES,
  MAX_MEMBERS_BY_TYPE,
  RESERVED_GROUP_ID_PREFIX,
} from "../schemas/limits";
import { compileValidator, type InputFailure, showValue, UNKNOWN } from "../schemas/validator";

/** ImGroup inputs after `check` (camelCase; the wire mapping is in im-group-wire.ts). */
export interface ImGroupInputs {
  /** Group type (REST name). */
  type: GroupType;
  /** The group id: the user's custom id, or the deterministic auto-name. */
  groupId: string;
  /** True when `groupId` was generated, not given: then the id itself proves the group is ours. */
  groupIdAutoNamed?: boolean;
  /** Group name. */
  name: string;
  /** Group introduction. */
  introduction?: string;
  /** Group notification (announcement). */
  notification?: string;
  /** Avatar URL. */
  faceUrl?: string;
  /** Member limit (MaxMemberCount on create, MaxMemberNum on modify). */
  maxMemberCount?: number;
  /** How users may apply to join. */
  applyJoinOption?: string;
  /** Group custom data (AppDefinedData) as a key → value map. */
  appDefinedData?: Record<string, string>;
  /** Mute everyone but the owner and admins. */
  muteAllMember?: boolean;
  /** Owner account; absent: the group has no owner (002). */
  ownerAccount?: string;
  /** Migration: creation time to record (unix seconds); makes create use import_group (000). */
  createTime?: number;
  /** Take over an existing group with this `groupId` instead of creating it. */
  adopt?: boolean;
  /** Allow changes that replace (destroy and recreate) the group. */
  allowReplace?: boolean;
  /** Names of inputs the program marked secret: their values never appear in messages. */
  secretInputs?: string[];
}

/** Inputs whose change cannot be applied in place: the group must be destroyed and created again. */
export const REPLACING_INPUTS = ["type", "groupId", "createTime"] as const;

const validateShape = compileValidator(imGroupInputsSchema);

/** Validates checked inputs; `olds` are the previous inputs (empty on create). */
export function imGroupFailures(
  olds: Partial<ImGroupInputs>,
  news: ImGroupInputs,
  now: number,
): InputFailure[] {
  const failures = validateShape(news);
  const known = (value: unknown) => value !== undefined && value !== UNKNOWN;
  const typeKnown = known(news.type) && MAX_MEMBERS_BY_TYPE[news.type] !== undefined;

  // 002 10004 #7: custom ids must not use the prefix the service assigns.
  if (
    known(news.groupId) &&
    typeof news.groupId === "string" &&
    news.groupId.startsWith(RESERVED_GROUP_ID_PREFIX)
  ) {
    failures.push({
      property: "groupId",
      reason: `must not start with "${RESERVED_GROUP_ID_PREFIX}", which is reserved for ids the service assigns`,
      value: news.groupId,
    });
  }
  // 002 10004 #8: MaxMemberCount at most the type's maximum.
  const typeMax = known(news.type) ? MAX_MEMBERS_BY_TYPE[news.type] : undefined;
  if (
    typeKnown &&
    typeMax !== undefined &&
    typeof news.maxMemberCount === "number" &&
    news.maxMemberCount > typeMax
  ) {
    failures.push({
      property: "maxMemberCount",
      reason: `must be at most ${typeMax} for ${news.type} groups`,
      value: news.maxMemberCount,
    });
  }
  // 000: only Private, Public and ChatRoom can be imported; the creation time must be in the past.
  if (known(news.createTime)) {
    if (known(news.type) && !IMPORTABLE_TYPES.includes(news.type)) {
      failures.push({
        property: "createTime",
        reason: `cannot be set for ${news.type} groups: import_group supports ${IMPORTABLE_TYPES.join(", ")} only`,
        value: news.createTime,
      });
    }
    if (typeof news.createTime === "number" && news.createTime > now) {
      failures.push({
        property: "createTime",
        reason: `must not be in the future (now ${now})`,
        value: news.createTime,
      });
    }
  }
  // API.md §6.1: Private (Work) groups cannot mute members.
  if (news.type === "Private" && news.muteAllMember === true) {
    failures.push({ property: "muteAllMember", reason: "is not supported by Private groups", value: true });
  }
  // Adoption takes over a group by its real id; an auto-name cannot name someone else's group.
  if (news.adopt === true && news.groupIdAutoNamed === true) {
    failures.push({
      property: "adopt",
      reason: "needs an explicit groupId naming the existing group to take over",
    });
  }
  failures.push(...changeFailures(olds, news));
  return failures;
}

function changeFailures(olds: Partial<ImGroupInputs>, news: ImGroupInputs): InputFailure[] {
  if (olds.type === undefined) return [];
  const failures: InputFailure[] = [];
  // API.md §6.1: the join option of Private, ChatRoom and AVChatRoom groups cannot be changed.
  if (
    FIXED_JOIN_OPTION_TYPES.includes(news.type) &&
    olds.type === news.type &&
    olds.applyJoinOption !== news.applyJoinOption &&
    news.applyJoinOption !== UNKNOWN
  ) {
    failures.push({
      property: "applyJoinOption",
      reason: `cannot be changed on ${news.type} groups (from ${showValue(olds.applyJoinOption)} to ${showValue(news.applyJoinOption)})`,
      quotesValues: true,
    });
  }
  const replacing = REPLACING_INPUTS.filter((key) => olds[key] !== news[key] && news[key] !== UNKNOWN);
  if (replacing.length > 0 && news.allowReplace !== true) {
    const changes = replacing
      .map((key) => `${key} ${showValue(olds[key])} → ${showValue(news[key])}`)
      .join(", ");
    for (const key of replacing) {
      failures.push({
        property: key,
        reason:
          `changing ${changes} REPLACES group ${showValue(olds.groupId)}: it is destroyed with all its members ` +
          "and message history and a new group is created. Set allowReplace: true to do that.",
        quotesValues: true,
      });
    }
  }
  // API.md §2.2: a destroyed group's custom id cannot be reused, so a replacement needs a new id.
  if (replacing.length > 0 && olds.groupId === news.groupId && news.groupIdAutoNamed !== true) {
    failures.push({
      property: "groupId",
      reason:
        `must change too: replacing the group destroys ${showValue(olds.groupId)} and Tencent IM does not ` +
        "reuse a destroyed group's id (API.md §2.2)",
      quotesValues: true,
    });
  }
  return failures;
}
