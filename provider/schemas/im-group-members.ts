/**
 * JSON Schema of `ImGroupMembers` inputs as `check` sees them: the user's member array has already
 * been turned into a map keyed by account (resources/im-group-members-rules.ts), so every account
 * is a property and a preview names accounts, not array positions.
 */
import { BYTE_LIMITS, GROUP_TYPES, MEMBER_ROLES, MSG_FLAGS } from "./limits";

/** Schema of one declared member (the map value). */
export const memberSpecSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    // 002 10004 #14 / 001: only Admin can be given; Member is the default.
    role: { enum: [...MEMBER_ROLES] },
    // 001: unix seconds, later than the group's CreateTime and earlier than now (checked at apply).
    joinTime: { type: "integer", minimum: 1 },
    // 001: unread count; values above the group's message count are lowered by the server.
    unreadMsgNum: { type: "integer", minimum: 0 },
    // API.md §6.5 / §7.7.
    nameCard: { type: "string", maxBytes: BYTE_LIMITS.nameCard },
    msgFlag: { enum: [...MSG_FLAGS] },
  },
} as const;

/** Schema of checked ImGroupMembers inputs. */
export const imGroupMembersInputsSchema = {
  type: "object",
  required: ["groupId", "members", "mode"],
  additionalProperties: false,
  properties: {
    __provider: { type: "string" },
    secretInputs: { type: "array", items: { type: "string" } },
    groupId: { type: "string", minLength: 1, maxBytes: 64 },
    // Facts about the group, passed from an ImGroup so preview can apply the per-type rules.
    groupType: { enum: [...GROUP_TYPES] },
    ownerAccount: { type: "string" },
    maxMemberCount: { type: "integer", minimum: 1 },
    groupCreateTime: { type: "integer", minimum: 1 },
    members: {
      type: "object",
      // API.md §6.5: UserIDs are ≤32 bytes.
      propertyNames: { minLength: 1, maxBytes: BYTE_LIMITS.userId },
      additionalProperties: memberSpecSchema,
    },
    mode: { enum: ["authoritative", "additive"] },
    maxRemovals: { type: "integer", minimum: 0 },
    maxRemovalShare: { type: "number", minimum: 0, maximum: 1 },
    allowMassRemoval: { type: "boolean" },
    removeMembersOnDelete: { type: "boolean" },
    silence: { type: "boolean" },
  },
} as const;
