/**
 * The machine-readable member report: how the provider tells the review tools the exact change of
 * one member set, now that state holds only a summary of the members (`"10,000 members ·
 * 1f2e3d4c5b6a"`). The provider logs it as an info diagnostic on the ImGroupMembers resource (the
 * engine's Log RPC with the URN), only when its environment has `IMGROUPS_MEMBER_REPORT=1`; it then
 * appears in `pulumi preview --json` under `diagnostics` with that `urn`.
 *
 * One module for both sides: the provider calls {@link encodeMemberDiagnostic}, the report calls
 * {@link readMemberDiagnostic}. The payload is `deflateRaw(UTF-8 JSON)` in base64 after the marker,
 * so 10,000 added members are about 34 kB of diagnostic text (359 kB of JSON).
 *
 * A preview file is input like any other: decoding is strict and bounded. A malformed payload is
 * reported as a problem (never thrown), and inflating stops at {@link MAX_MEMBER_DIAGNOSTIC_BYTES},
 * so a small hostile diagnostic (a "deflate bomb") cannot exhaust memory.
 */
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { ValidateFunction } from "ajv";
import type { MemberChanges } from "./model";
import { naturalCompare } from "./values";

/** First word of a member report diagnostic; the version changes with the payload's meaning. */
export const MEMBER_DIAGNOSTIC_MARKER = "imgroups-member-diff/v1";

/** Environment variable that makes the provider emit member reports (`1` = on). */
export const MEMBER_REPORT_ENV = "IMGROUPS_MEMBER_REPORT";

/**
 * Largest inflated payload (UTF-8 JSON bytes) that is decoded: 64 MiB. The largest real change is
 * bounded by the member limits: a ChatRoom holds at most 10,000 members (002 field table), so a
 * drift report lists at most 10,000 declared + 10,000 live accounts and 10,000 changed ones —
 * under 32 MiB even with every field at its byte limit and escaped.
 */
export const MAX_MEMBER_DIAGNOSTIC_BYTES = 64 * 1024 * 1024;

/** Longest base64 text accepted (deflate never needs more than this for a payload under the cap). */
const MAX_ENCODED_CHARS = Math.ceil(MAX_MEMBER_DIAGNOSTIC_BYTES / 3) * 4;

/**
 * What one member report carries: a member set's change (the lists, counts and notes of
 * {@link MemberChanges}; per-entry `origin` set by the provider in drift mode) and its group id.
 */
export type MemberDiagnostic = Pick<
  MemberChanges,
  "added" | "removed" | "changed" | "before" | "after" | "notes"
> & {
  /** The group the member set belongs to. */
  groupId: string;
};

/** The outcome of reading a diagnostic that carries the marker. */
export type MemberDiagnosticReading =
  | {
      /** The decoded report (lists sorted by account, natural order). */
      diagnostic: MemberDiagnostic;
    }
  | {
      /** Why the payload was ignored (never quotes the payload). */
      problem: string;
    };

/** True when the provider should emit member reports: `IMGROUPS_MEMBER_REPORT=1` in its environment. */
export function memberReportRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[MEMBER_REPORT_ENV] === "1";
}

/** The diagnostic message for a member report: the marker, a space, base64 of deflateRaw(JSON). */
export function encodeMemberDiagnostic(diagnostic: MemberDiagnostic): string {
  const json = Buffer.from(JSON.stringify(diagnostic), "utf8");
  return `${MEMBER_DIAGNOSTIC_MARKER} ${deflateRawSync(json).toString("base64")}`;
}

/** True when a diagnostic message is a member report (well-formed or not): never shown to people. */
export function isMemberDiagnostic(message: string): boolean {
  return message.startsWith(`${MEMBER_DIAGNOSTIC_MARKER} `) || message.trim() === MEMBER_DIAGNOSTIC_MARKER;
}

/**
 * The member report in a diagnostic message, or undefined when the message is not one or its
 * payload is malformed or oversized (use {@link readMemberDiagnostic} to learn why).
 */
export function decodeMemberDiagnostic(message: string): MemberDiagnostic | undefined {
  const reading = readMemberDiagnostic(message);
  return reading !== undefined && "diagnostic" in reading ? reading.diagnostic : undefined;
}

/**
 * Reads a member report: undefined when the message is not one; else the report, or the problem
 * that made it unreadable. Never throws.
 */
export function readMemberDiagnostic(message: string): MemberDiagnosticReading | undefined {
  if (!isMemberDiagnostic(message)) return undefined;
  try {
    return decode(message.slice(MEMBER_DIAGNOSTIC_MARKER.length).trim());
  } catch (error) {
    return { problem: `it could not be decoded (${(error as Error)?.name ?? "error"})` };
  }
}

function decode(payload: string): MemberDiagnosticReading {
  if (payload.length > MAX_ENCODED_CHARS) {
    return { problem: `its payload is over ${MAX_ENCODED_CHARS} characters` };
  }
  if (payload === "" || payload.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(payload)) {
    return { problem: "its payload is not base64" };
  }
  let inflated: Buffer;
  try {
    inflated = inflateRawSync(Buffer.from(payload, "base64"), {
      maxOutputLength: MAX_MEMBER_DIAGNOSTIC_BYTES,
    });
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE"
      ? { problem: `it inflates to more than ${MAX_MEMBER_DIAGNOSTIC_BYTES} bytes` }
      : { problem: "its payload is not deflate data" };
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(inflated));
  } catch {
    return { problem: "its payload is not UTF-8 JSON" };
  }
  const validate = payloadValidator();
  if (!validate(value)) {
    const error = validate.errors?.[0];
    return {
      problem: `its payload does not match ${MEMBER_DIAGNOSTIC_MARKER}: ${error?.instancePath || "/"} ${error?.message ?? "is invalid"}`,
    };
  }
  const diagnostic = value as MemberDiagnostic;
  const seen = new Set<string>();
  for (const { account } of [...diagnostic.added, ...diagnostic.removed, ...diagnostic.changed]) {
    if (seen.has(account)) return { problem: "its payload lists an account twice" };
    seen.add(account);
  }
  const byAccount = (x: { account: string }, y: { account: string }) => naturalCompare(x.account, y.account);
  diagnostic.added.sort(byAccount);
  diagnostic.removed.sort(byAccount);
  diagnostic.changed.sort(byAccount);
  return { diagnostic };
}

const origin = { enum: ["outside", "pending", "unknown"] } as const;
const count = { anyOf: [{ type: "integer", minimum: 0 }, { type: "null" }] } as const;
const account = { type: "string", minLength: 1 } as const;

/**
 * A member field's value as the model holds it (values.ts `Value`). Member fields (role, name
 * card, message flag, join time, unread count) are scalars, so nested data is refused: it could
 * only come from a broken or hostile payload, and the renderers never have to walk it.
 */
const memberValue = {
  oneOf: [
    {
      type: "object",
      required: ["kind", "value"],
      additionalProperties: false,
      properties: { kind: { const: "value" }, value: { type: ["string", "number", "boolean"] } },
    },
    {
      type: "object",
      required: ["kind"],
      additionalProperties: false,
      properties: { kind: { enum: ["absent", "secret", "unknown"] } },
    },
  ],
} as const;

const memberEntry = {
  type: "object",
  required: ["account"],
  additionalProperties: false,
  properties: { account, role: { type: "string" }, origin },
} as const;

const memberChange = {
  type: "object",
  required: ["account", "fields"],
  additionalProperties: false,
  properties: {
    account,
    origin,
    fields: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["field", "before", "after"],
        additionalProperties: false,
        properties: {
          field: { type: "string", minLength: 1 },
          before: memberValue,
          after: memberValue,
          origin,
          uncertain: { type: "boolean" },
        },
      },
    },
  },
} as const;

/** The payload's JSON Schema: exactly {@link MemberDiagnostic}, nothing more. */
const MEMBER_DIAGNOSTIC_SCHEMA = {
  type: "object",
  required: ["groupId", "added", "removed", "changed", "before", "after", "notes"],
  additionalProperties: false,
  properties: {
    groupId: { type: "string" },
    added: { type: "array", items: memberEntry },
    removed: { type: "array", items: memberEntry },
    changed: { type: "array", items: memberChange },
    before: count,
    after: count,
    notes: { type: "array", items: { type: "string" } },
  },
} as const;

let compiled: ValidateFunction | undefined;

/**
 * The schema's validator, compiled on first use: loading ajv and compiling take 0.3–0.6 s on a
 * busy 2-core machine, which every start of the tools would pay even for a preview without reports.
 */
function payloadValidator(): ValidateFunction {
  if (compiled === undefined) {
    const { default: Ajv } = require("ajv") as typeof import("ajv");
    compiled = new Ajv({ strict: true, allowUnionTypes: true }).compile(MEMBER_DIAGNOSTIC_SCHEMA);
  }
  return compiled;
}
