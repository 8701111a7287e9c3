/**
 * Turns a parsed body into a result or an ImError: the envelope check (docs/api-reference.md §3.4), optional schema
 * validation, and the old-to-new field spellings (docs/api-reference.md §6.6) so callers read one name.
 *
 * The body is input like any other: its keys may be `__proto__` or `constructor` and it may nest
 * 100,000 levels deep, so lookups by a key go through Maps (never a plain object's prototype) and
 * walks over the body use an explicit stack.
 */
import Ajv, { type ValidateFunction } from "ajv";
import { redact } from "../errors";
import { WIRE_RESPONSE_SCHEMAS } from "../schemas/wire-responses";
import { ImError, type ImErrorDetails } from "./errors";
import { isTransientImCode } from "./im-codes";
import { CONFIG_KEYS, ENV_VARS } from "./settings";
import type { AttemptContext } from "./transport";

/**
 * Commands whose answer carries per-item statuses that make the envelope's own status meaningless
 * (get_group_info, docs/api-reference.md §1.4): when that array is present the call is not failed on the envelope.
 */
const PER_ITEM_STATUS: ReadonlyMap<string, string> = new Map([["get_group_info", "GroupInfo"]]);

/**
 * Returns the body as `T` if it is a successful IM answer, else throws the matching ImError;
 * `validate` checks it against the command's wire schema.
 */
export function decodeResponse<T>(body: unknown, context: AttemptContext, validate: boolean): T {
  const where = `${context.service}/${context.command}`;
  const base: ImErrorDetails = {
    service: context.service,
    command: context.command,
    requestId: context.requestId,
    attempts: context.attempt,
  };
  if (!isEnvelope(body)) {
    throw new ImError("IM_INVALID_RESPONSE", `${where} answered without an IM envelope`, base);
  }
  const perItemField = PER_ITEM_STATUS.get(context.command);
  const perItem = perItemField !== undefined && Array.isArray(body[perItemField]);
  // Failed when ActionStatus is FAIL or ErrorCode is non-zero (docs/api-reference.md §3.4).
  if (!perItem && (body.ActionStatus === "FAIL" || body.ErrorCode !== 0)) {
    const info = redact(typeof body.ErrorInfo === "string" ? body.ErrorInfo : "", context.secrets);
    const hint = settingHint(body.ErrorCode);
    throw new ImError("IM_API_ERROR", `${where} failed with IM error ${body.ErrorCode}: ${info}${hint}`, {
      ...base,
      imErrorCode: body.ErrorCode,
      imErrorInfo: info,
      retryable: isTransientImCode(body.ErrorCode, context.command),
    });
  }
  if (validate) validateBody(body, where, context.command, base);
  return normalizeSpellings(body) as T;
}

/**
 * Which connection setting an authentication or routing failure points at (docs/api-reference.md
 * §4.3, §5.1), so the message tells the user what to fix rather than only a code.
 */
function settingHint(code: number): string {
  const settings = (names: string) => `; check ${names}`;
  if (
    code === 70009 ||
    code === 70013 ||
    code === 70003 ||
    code === 70005 ||
    code === 70001 ||
    code === 70052
  ) {
    return settings(
      `the secret key (${CONFIG_KEYS.secretKey}, ${CONFIG_KEYS.secretKeyFile}, ${ENV_VARS.secretKey}) and the identifier (${CONFIG_KEYS.identifier})`,
    );
  }
  if (code === 70014 || code === 70016 || code === 70020 || code === 60006 || code === 60012) {
    return settings(`the SDKAppID (${CONFIG_KEYS.sdkAppId} or ${ENV_VARS.sdkAppId})`);
  }
  if (code === 60010) return settings(`that ${CONFIG_KEYS.identifier} names an App admin account`);
  if (code === 60026)
    return settings(`the region (${CONFIG_KEYS.region}): it must be the SDKAppID's data centre`);
  return "";
}

interface Envelope extends Record<string, unknown> {
  ActionStatus: unknown;
  ErrorCode: number;
}

function isEnvelope(body: unknown): body is Envelope {
  return (
    typeof body === "object" &&
    body !== null &&
    !Array.isArray(body) &&
    typeof (body as Envelope).ErrorCode === "number" &&
    typeof (body as Envelope).ActionStatus === "string"
  );
}

const ajv = new Ajv({ allErrors: true });
const validators = new Map<string, ValidateFunction>();

function validateBody(body: unknown, where: string, command: string, base: ImErrorDetails): void {
  const schema = Object.hasOwn(WIRE_RESPONSE_SCHEMAS, command) ? WIRE_RESPONSE_SCHEMAS[command] : undefined;
  if (schema === undefined) return;
  let validate = validators.get(command);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    validators.set(command, validate);
  }
  if (validate(body)) return;
  const problems = (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`)
    .join("; ");
  throw new ImError(
    "IM_INVALID_RESPONSE",
    `${where} answer does not match the wire schema: ${problems}`,
    base,
  );
}

/** Legacy → current names (docs/api-reference.md §6.6); the current name wins when both are present. */
const RENAMES: ReadonlyMap<string, string> = new Map([
  ["ShutUpAllMember", "MuteAllMember"],
  ["ShutUpUntil", "MuteUntil"],
]);

/**
 * Copies legacy values to the current names wherever they occur (group infos, member lists), so
 * callers read `MuteAllMember`/`MuteUntil` whatever the server emits. Legacy fields stay as they are.
 */
function normalizeSpellings(body: unknown): unknown {
  const pending: unknown[] = [body];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== "object" || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) pending.push(item);
      continue;
    }
    const record = value as Record<string, unknown>;
    for (const [legacy, current] of RENAMES) {
      if (Object.hasOwn(record, legacy) && record[current] === undefined) record[current] = record[legacy];
    }
    // Only objects can hold more names (a member list is 10,000 objects of strings and numbers).
    for (const key in record) {
      const item = record[key];
      if (typeof item === "object" && item !== null) pending.push(item);
    }
  }
  return body;
}
