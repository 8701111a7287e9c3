/**
 * Input validation for the resources' `check`: ajv JSON Schemas plus two keywords the IM API needs
 * (`maxBytes` for UTF-8 byte limits, `printableAscii` for custom group ids), turned into failures
 * that name the property, the reason, the limit and the value — so `pulumi preview` shows exactly
 * what is wrong before anything is sent.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { utf8Bytes } from "./limits";

/** One validation failure: which input, what is wrong, and the offending value. */
export interface InputFailure {
  /** Dotted path of the offending input, e.g. `members[3].role` or `appDefinedData.tier`. */
  property: string;
  /** What is wrong: the rule and its limit (the value is kept apart, see `value`). */
  reason: string;
  /** The offending value, shown by {@link formatFailure} unless the input is secret. */
  value?: unknown;
  /** The reason itself quotes input values (old → new): it is replaced whole for a secret input. */
  quotesValues?: boolean;
}

/**
 * The text a user sees: `property: reason (value …)`. A failure on a secret input (its top-level
 * name in `secretInputs`) never shows the value: Pulumi hands providers secrets in plaintext.
 */
export function formatFailure(failure: InputFailure, secretInputs: readonly string[] = []): string {
  const topLevel = failure.property.split(/[.[]/)[0]!;
  const secret = secretInputs.includes(topLevel);
  // A secret input's nested path can itself hold values (e.g. `members.<account>`): name only the input.
  if (secret && failure.quotesValues)
    return `${topLevel}: is invalid (the value is secret, so it is not shown)`;
  const value =
    failure.value === undefined ? "" : ` (value ${secret ? "[secret]" : showValue(failure.value)})`;
  return `${failure.property}: ${failure.reason}${value}`;
}

/**
 * The value Pulumi passes for inputs not yet known during preview (e.g. another resource's output).
 * Unknown values are never reported: they are checked again once known, at `up`.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
ajv.addKeyword({
  keyword: "maxBytes",
  type: "string",
  schemaType: "number",
  validate: (limit: number, data: string) => utf8Bytes(data) <= limit,
  error: { message: (ctx) => `must be at most ${ctx.schema} bytes` },
});
ajv.addKeyword({
  keyword: "printableAscii",
  type: "string",
  schemaType: "boolean",
  // docs/api-reference.md §6.2: printable characters only; the emulator (and we) take that as ASCII 0x20–0x7E.
  validate: (on: boolean, data: string) => !on || /^[\x20-\x7e]*$/.test(data),
});

/** Compiles a schema once; the returned function reports every failure of one input object. */
export function compileValidator(schema: object): (inputs: unknown) => InputFailure[] {
  const validate: ValidateFunction = ajv.compile(schema);
  return (inputs) => {
    if (validate(inputs)) return [];
    return (validate.errors ?? [])
      .filter((error) => error.keyword !== "if" && !isUnknownAt(inputs, error.instancePath))
      .map(describe);
  };
}

/** A failure with the JSON pointer of the value it is about (a missing or unknown key: its object's). */
export interface LocatedFailure {
  /** The failure as {@link compileValidator} reports it. */
  failure: InputFailure;
  /** JSON pointer of the offending value (`/groups/3/name`); for `required` and unknown keys, the object's. */
  pointer: string;
  /** The missing or unknown key, when the failure is about one. */
  key?: string;
}

/**
 * As {@link compileValidator}, keeping where each failure is (for documents whose positions are
 * known, such as the topology's YAML files: a pointer becomes a file and line).
 */
export function compileLocatedValidator(schema: object): (document: unknown) => LocatedFailure[] {
  const validate: ValidateFunction = ajv.compile(schema);
  return (document) => {
    if (validate(document)) return [];
    return (validate.errors ?? [])
      .filter((error) => error.keyword !== "if")
      .map((error) => {
        const params = error.params as { missingProperty?: string; additionalProperty?: string };
        const key = params.missingProperty ?? params.additionalProperty;
        return { failure: describe(error), pointer: error.instancePath, ...(key !== undefined && { key }) };
      });
  };
}

function isUnknownAt(root: unknown, pointer: string): boolean {
  let node: unknown = root;
  for (const part of pointer.split("/").slice(1)) {
    if (node === UNKNOWN) return true;
    if (node === null || typeof node !== "object") return false;
    node = (node as Record<string, unknown>)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return node === UNKNOWN;
}

/** Renders a JSON pointer (`/members/3/role`) as the dotted path users write (`members[3].role`). */
export function propertyPath(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), "");
}

/**
 * A value as it should appear in a message: quoted, and cut if long. NaN and ±Infinity are named
 * as such (JSON would print them as `null`).
 */
export function showValue(value: unknown): string {
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function describe(error: ErrorObject): InputFailure {
  const at = propertyPath(error.instancePath);
  const value = error.data;
  switch (error.keyword) {
    case "required": {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      return { property: at ? `${at}.${missing}` : missing, reason: "is required" };
    }
    case "additionalProperties": {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys((error.parentSchema as { properties?: object }).properties ?? {}).join(", ");
      return { property: at ? `${at}.${extra}` : extra, reason: `is not a known input (known: ${known})` };
    }
    case "maxBytes":
      return {
        property: at,
        reason: `is ${Buffer.byteLength(String(value), "utf8")} bytes, over the limit of ${error.schema} bytes (UTF-8)`,
        value,
      };
    case "minLength":
      return { property: at, reason: "must not be empty", value };
    case "printableAscii":
      return { property: at, reason: "must contain printable ASCII characters only (0x20–0x7E)", value };
    case "enum":
      return {
        property: at,
        reason: `must be one of ${(error.schema as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
        value,
      };
    case "maximum":
    case "minimum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return { property: at, reason: `${error.message}`, value };
    case "not":
      return { property: at, reason: `${error.parentSchema?.description ?? "is not allowed"}`, value };
    default:
      return { property: at, reason: `${error.message ?? "is invalid"}`, value };
  }
}
