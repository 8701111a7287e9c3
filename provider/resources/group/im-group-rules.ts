/**
 * Every rule `ImGroup.check` can decide without calling the server: the create_group 10004 list
 * (002), import_group's type and time rules (000), and what may change in place
 * (docs/api-reference.md §6.1, §7.1). The per-field rules come from the field table
 * (im-group-fields.ts); pure functions of (olds, news, now), so they are tested without Pulumi.
 */
import {
  type GroupType,
  RESERVED_GROUP_ID_PREFIX,
  TYPE_RULES,
  type TypeRules,
  typesWhere,
} from "../../schemas/limits";
import { compileValidator, type InputFailure, showValue, UNKNOWN } from "../../schemas/validator";
import {
  fieldRow,
  IM_GROUP_FIELD_ORDER,
  IM_GROUP_FIELDS,
  type ImGroupFieldValues,
  REPLACING_FIELDS,
} from "./im-group-fields";

/** ImGroup inputs after `check`: the field table's inputs plus what the class adds. */
export type ImGroupInputs = ImGroupFieldValues & {
  /** The group id: the user's custom id, or the deterministic auto-name (always set after check). */
  groupId: string;
  /** True when `groupId` was generated, not given: then the id itself proves the group is ours. */
  groupIdAutoNamed?: boolean;
  /** Names of inputs the program marked secret: their values never appear in messages. */
  secretInputs?: string[];
  /** This resource's URN (computed by the class), for diagnostics attached to it. */
  __urn?: string;
};

/** The JSON Schema of checked inputs, from the field table plus the class's bookkeeping inputs. */
export const imGroupInputsSchema = {
  type: "object",
  required: ["groupId", ...IM_GROUP_FIELD_ORDER.filter((name) => fieldRow(name).required)],
  additionalProperties: false,
  properties: {
    __provider: { type: "string" },
    __urn: { type: "string" },
    secretInputs: { type: "array", items: { type: "string" } },
    groupIdAutoNamed: { type: "boolean" },
    ...Object.fromEntries(IM_GROUP_FIELD_ORDER.map((name) => [name, fieldRow(name).schema])),
  },
} as const;

const validateShape = compileValidator(imGroupInputsSchema);

const known = (value: unknown) => value !== undefined && value !== UNKNOWN;

/** Validates checked inputs; `olds` are the previous inputs (empty on create). */
export function imGroupFailures(
  olds: Partial<ImGroupInputs>,
  news: ImGroupInputs,
  now: number,
): InputFailure[] {
  const failures = validateShape(news);
  const rules = rulesOf(news.type);

  // 002 10004 #7: a custom id for a create must not use the prefix the service assigns. Adopting
  // names an existing group, and most groups of a real app have an id the service assigned
  // (`@TGS#…`): that is allowed, and check reads the group to prove it exists (adoption.ts). A
  // resource that already manages such a group keeps it when `adopt` is later dropped.
  if (
    typeof news.groupId === "string" &&
    news.groupId.startsWith(RESERVED_GROUP_ID_PREFIX) &&
    news.adopt !== true &&
    olds.groupId !== news.groupId
  ) {
    failures.push({
      property: "groupId",
      reason:
        `must not start with "${RESERVED_GROUP_ID_PREFIX}", which is reserved for ids the service assigns ` +
        "(to take over an existing group with such an id, set adopt: true)",
      value: news.groupId,
    });
  }
  // Per-type rules of the table: maxima (002 10004 #8) and values a type cannot take.
  if (rules !== undefined) {
    for (const name of IM_GROUP_FIELD_ORDER) {
      const row = fieldRow(name);
      const value = news[name];
      if (!known(value)) continue;
      const maximum = row.typeMaximum?.(rules);
      if (maximum !== undefined && typeof value === "number" && value > maximum) {
        failures.push({
          property: name,
          reason: `must be at most ${maximum} for ${news.type} groups`,
          value,
        });
      }
      if (row.unsupported?.(value, rules) === true) {
        failures.push({ property: name, reason: `is not supported by ${news.type} groups`, value });
      }
    }
  }
  // 000: only some types can be imported; the creation time must be in the past.
  if (known(news.createTime)) {
    if (rules !== undefined && !rules.importable) {
      failures.push({
        property: "createTime",
        reason: `cannot be set for ${news.type} groups: import_group supports ${typesWhere((r) => r.importable).join(", ")} only`,
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
  // Pulumi carries inputs as JavaScript objects, which cannot hold a `__proto__` key: it would be
  // lost on the way back from the engine, so refuse it rather than drop it silently.
  for (const name of IM_GROUP_FIELD_ORDER) {
    const value = news[name];
    if (IM_GROUP_FIELDS[name].change === "modify" && fieldRow(name).keyValueMap && isMap(value)) {
      if (Object.hasOwn(value, "__proto__")) {
        failures.push({
          property: `${name}.__proto__`,
          reason:
            'cannot be used as a key: Pulumi passes inputs as JavaScript objects, which cannot hold "__proto__"',
        });
      }
    }
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
  const rules = rulesOf(news.type);
  // docs/api-reference.md §6.1: some options cannot change once a group of some types exists.
  for (const name of IM_GROUP_FIELD_ORDER) {
    const row = fieldRow(name);
    if (rules === undefined || olds.type !== news.type || row.fixedAfterCreate?.(rules) !== true) continue;
    if (olds[name] !== news[name] && news[name] !== UNKNOWN) {
      failures.push({
        property: name,
        reason: `cannot be changed on ${news.type} groups (from ${showValue(olds[name])} to ${showValue(news[name])})`,
        quotesValues: true,
      });
    }
  }
  const replacing = REPLACING_FIELDS.filter((key) => olds[key] !== news[key] && news[key] !== UNKNOWN);
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
  // docs/api-reference.md §2.2: a destroyed group's custom id cannot be reused, so a replacement
  // needs a new id.
  if (replacing.length > 0 && olds.groupId === news.groupId && news.groupIdAutoNamed !== true) {
    failures.push({
      property: "groupId",
      reason:
        `must change too: replacing the group destroys ${showValue(olds.groupId)} and Tencent IM does not ` +
        "reuse a destroyed group's id (docs/api-reference.md §2.2)",
      quotesValues: true,
    });
  }
  return failures;
}

/**
 * What deleting an ImGroup does: its `onDelete`, else `release` (leave the group live, no longer
 * managed) for an adopted group — a group made elsewhere, often years old — and `destroy` for a
 * group the resource created. The provider's delete and the review tools both ask this.
 */
export function deleteAction(inputs: Partial<Record<string, unknown>>): "release" | "destroy" {
  const onDelete = inputs.onDelete;
  if (onDelete === "release" || onDelete === "destroy") return onDelete;
  return inputs.adopt === true ? "release" : "destroy";
}

/** The rules of a known group type (undefined while the type is unknown or invalid). */
function rulesOf(type: unknown): TypeRules | undefined {
  return typeof type === "string" && Object.hasOwn(TYPE_RULES, type)
    ? TYPE_RULES[type as GroupType]
    : undefined;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
