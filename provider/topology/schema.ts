/**
 * The JSON Schema of a topology file, built from the field tables (im-group-fields.ts,
 * im-group-members-fields.ts) so it cannot drift from what the resources accept: a group entry's
 * properties are the ImGroup rows' own schemas, a member's are the member rows' checks, the member
 * options are ImGroupMembers' own. `topology.schema.json` beside this file is this schema written
 * out for editors (`# yaml-language-server: $schema=…`); a test compares the two.
 *
 * The schema uses the validator's two keywords (`maxBytes`: UTF-8 bytes, `printableAscii`);
 * editors ignore keywords they do not know, the loader checks them (schemas/validator.ts).
 */
import { fieldRow, IM_GROUP_FIELD_ORDER, IM_GROUP_FIELDS } from "../resources/group/im-group-fields";
import {
  MEMBER_FIELD_NAMES,
  MEMBER_FIELDS,
  type MemberFieldCheck,
} from "../resources/members/im-group-members-fields";
import { imGroupMembersInputsSchema } from "../resources/members/im-group-members-rules";
import { BYTE_LIMITS } from "../schemas/limits";
import { FILTERS_SCHEMA } from "./filters";

/** The `$id` of the published schema. */
export const TOPOLOGY_SCHEMA_ID = "urn:imgroups:tencentcloud-im:topology-schema:1";

/** The file at a topology's root that holds its filters (and may hold groups, like any other). */
export const TOPOLOGY_FILE = "topology.yaml";

/** The topology format's version; a file may say `version: 1`. */
export const TOPOLOGY_VERSION = 1;

/** The ImGroupMembers arguments a group entry may set under `memberOptions` (all but the set itself). */
export const MEMBER_OPTION_NAMES = [
  "mode",
  "maxRemovals",
  "maxRemovalShare",
  "allowMassRemoval",
  "removeMembersOnDelete",
  "silence",
] as const;

/** The name of a member option. */
export type MemberOptionName = (typeof MEMBER_OPTION_NAMES)[number];

/**
 * The ImGroup inputs an export writes for every group (empty ones too, so all are managed): each
 * row that is part of the live profile — not the provider's controls (`adopt`, `allowReplace`) and
 * not write-once migration data (`createTime`: it would make the create an import_group).
 */
export const EXPORTED_GROUP_FIELDS = IM_GROUP_FIELD_ORDER.filter(
  (name) => IM_GROUP_FIELDS[name].change !== "control" && fieldRow(name).importOnly !== true,
);

/** The member fields an export writes: those ImGroupMembers keeps in sync (not the import-only ones). */
export const EXPORTED_MEMBER_FIELDS = MEMBER_FIELD_NAMES.filter(
  (name) => MEMBER_FIELDS[name].apply === "modify",
);

/** A member row's check as JSON Schema. */
function memberFieldSchema(check: MemberFieldCheck): object {
  switch (check.kind) {
    case "enum":
      return { enum: [...check.values] };
    case "string":
      return { type: "string", maxBytes: check.maxBytes };
    case "integer":
      return { type: "integer", minimum: check.min, maximum: check.max };
    case "keyValues":
      return {
        type: "object",
        propertyNames: { minLength: 1, maxBytes: check.keyMaxBytes },
        // null: the key must not be set on this member (it is deleted where it is).
        additionalProperties: {
          anyOf: [{ type: "string", minLength: 1, maxBytes: check.valueMaxBytes }, { type: "null" }],
        },
      };
  }
}

/** The whole schema, built from the tables. */
export function topologySchema(): Record<string, unknown> {
  const memberOptions = imGroupMembersInputsSchema.properties;
  const member = {
    type: "object",
    required: ["account"],
    additionalProperties: false,
    properties: {
      account: { type: "string", minLength: 1, maxBytes: BYTE_LIMITS.userId },
      ...Object.fromEntries(
        MEMBER_FIELD_NAMES.map((name) => [name, memberFieldSchema(MEMBER_FIELDS[name].check)]),
      ),
    },
  };
  const group = {
    type: "object",
    required: ["groupId", ...IM_GROUP_FIELD_ORDER.filter((name) => fieldRow(name).required)],
    additionalProperties: false,
    properties: {
      ...Object.fromEntries(IM_GROUP_FIELD_ORDER.map((name) => [name, fieldRow(name).schema])),
      members: {
        type: "array",
        items: {
          anyOf: [{ type: "string", minLength: 1, maxBytes: BYTE_LIMITS.userId }, { $ref: "#/$defs/member" }],
        },
      },
      memberOptions: {
        type: "object",
        additionalProperties: false,
        properties: Object.fromEntries(MEMBER_OPTION_NAMES.map((name) => [name, memberOptions[name]])),
      },
    },
  };
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: TOPOLOGY_SCHEMA_ID,
    title: "Tencent Cloud IM groups topology (@imgroups/tencentcloud-im)",
    type: "object",
    additionalProperties: false,
    properties: {
      version: { const: TOPOLOGY_VERSION },
      filters: FILTERS_SCHEMA,
      groups: { type: "array", items: { $ref: "#/$defs/group" } },
    },
    $defs: { group, member },
  };
}

/** The schema as the committed file holds it (two-space JSON and a final newline). */
export function topologySchemaText(): string {
  return `${JSON.stringify(topologySchema(), null, 2)}\n`;
}
