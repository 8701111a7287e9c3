/**
 * JSON Schema of `ImGroup` inputs as `check` sees them (camelCase; see resources/im-group.ts for
 * the documented user-facing args). Field rules cite create_group (002) / import_group (000).
 * Cross-field rules (per-type limits, prohibitions) live in resources/im-group-rules.ts.
 */
import { APPLY_JOIN_OPTIONS, BYTE_LIMITS, GROUP_TYPES } from "./limits";

const profileString = (maxBytes: number) => ({ type: "string", maxBytes });

/** Schema of checked ImGroup inputs. */
export const imGroupInputsSchema = {
  type: "object",
  required: ["type", "name", "groupId"],
  additionalProperties: false,
  properties: {
    __provider: { type: "string" },
    secretInputs: { type: "array", items: { type: "string" } },
    // 002 10004 #3.
    type: { enum: [...GROUP_TYPES] },
    // 002 10004 #7; the reserved prefix is checked in the rules for a precise message.
    groupId: { type: "string", minLength: 1, maxBytes: BYTE_LIMITS.groupId, printableAscii: true },
    groupIdAutoNamed: { type: "boolean" },
    // 002 10004 #2: present, non-empty, ≤30 bytes.
    name: { type: "string", minLength: 1, maxBytes: BYTE_LIMITS.name },
    introduction: profileString(BYTE_LIMITS.introduction),
    notification: profileString(BYTE_LIMITS.notification),
    faceUrl: profileString(BYTE_LIMITS.faceUrl),
    // 002 10004 #8: the per-type maximum is a rule; here only the shape.
    maxMemberCount: { type: "integer", minimum: 1 },
    // 002 10004 #9.
    applyJoinOption: { enum: [...APPLY_JOIN_OPTIONS] },
    // 002 10004 #10: keys non-empty ≤16 bytes (a map cannot repeat a key), values ≤512 bytes.
    appDefinedData: {
      type: "object",
      propertyNames: { minLength: 1, maxBytes: BYTE_LIMITS.customDataKey },
      // Non-empty: on modify an empty Value deletes the key (API.md §7.1), so "" could never be kept.
      additionalProperties: { type: "string", minLength: 1, maxBytes: BYTE_LIMITS.groupCustomDataValue },
    },
    muteAllMember: { type: "boolean" },
    // 002 10004 #1 (must be imported: checked against the server at create) and API.md §6.5.
    ownerAccount: { type: "string", minLength: 1, maxBytes: BYTE_LIMITS.userId },
    // 000: the creation time to record; presence makes create use import_group.
    createTime: { type: "integer", minimum: 1 },
    adopt: { type: "boolean" },
    allowReplace: { type: "boolean" },
  },
} as const;
