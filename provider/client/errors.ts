/**
 * The one error type of the IM client (after undici's lib/core/errors.js: one base, stable codes).
 *
 * Secrets never reach an ImError: messages are built from service/command names and IM's own
 * ErrorCode/ErrorInfo, never from the request URL (its query holds the UserSig, API.md §10), and
 * low-level causes are copied through {@link sanitizeCause}, which drops everything but name, code
 * and a redacted message.
 */

/** Stable, documented codes for every failure the client reports. */
export type ImErrorCode =
  /** Connection settings missing or invalid; nothing was sent. */
  | "IM_CONFIG"
  /** Network failure, dropped connection or a non-200 HTTP status. */
  | "IM_TRANSPORT"
  /** No (complete) answer within the configured timeouts. */
  | "IM_TIMEOUT"
  /** The body is not JSON, not an IM envelope, or does not match the wire schema. */
  | "IM_INVALID_RESPONSE"
  /** IM answered with `ActionStatus: "FAIL"` or a non-zero `ErrorCode` (API.md §3.4), whole call or per item. */
  | "IM_API_ERROR"
  /** A retried create with a caller-chosen GroupId met a group that is not the one requested (API.md §10). */
  | "IM_CONFLICT";

/** Where and how a failure happened; every field is safe to log. */
export interface ImErrorDetails {
  /** IM `ErrorCode` (API.md §5) when IM answered. */
  imErrorCode?: number;
  /** IM `ErrorInfo` text when IM answered. */
  imErrorInfo?: string;
  /** IM service, e.g. `group_open_http_svc`. */
  service?: string;
  /** IM command, e.g. `create_group`. */
  command?: string;
  /** Our own id for the logical call; the same on every attempt of that call. */
  requestId?: string;
  /** Which attempt (1-based) produced this error. */
  attempts?: number;
  /** HTTP status, when the failure is a non-200 answer. */
  httpStatus?: number;
  /** True when the same request may succeed if sent again (transient failure). */
  retryable?: boolean;
  /** True when the request may have taken effect but its answer was lost. */
  outcomeUnknown?: boolean;
  /** A sanitized copy of the underlying error. */
  cause?: unknown;
}

/** IM codes that mean "try again later" on every API (API.md §5, §10). */
const TRANSIENT_IM_CODES: ReadonlySet<number> = new Set([
  10002, // internal error, "retryable"
  60007, // REST call rate limit
  60018, // request too frequent, retry later
  60019, // request too frequent, retry later
  70169, // internal timeout (account APIs)
  70202, // internal timeout (account APIs)
  70500, // internal error (account APIs)
]);

/**
 * 10006 is a rate limit only where a document names it so: import_group_member's operation limit.
 * For create_group it is the daily creation quota, which no retry can fix (API.md §2.2).
 */
const TRANSIENT_PER_COMMAND: Readonly<Record<string, ReadonlySet<number>>> = {
  import_group_member: new Set([10006]),
};

/** Whether an IM ErrorCode from `command` is transient; validation and permission codes never are. */
export function isTransientImCode(imErrorCode: number, command: string): boolean {
  return TRANSIENT_IM_CODES.has(imErrorCode) || TRANSIENT_PER_COMMAND[command]?.has(imErrorCode) === true;
}

/** The error every client method rejects with. */
export class ImError extends Error {
  /** Stable machine-readable code. */
  readonly code: ImErrorCode;
  /** IM `ErrorCode`, when IM answered. */
  readonly imErrorCode?: number;
  /** IM `ErrorInfo`, when IM answered. */
  readonly imErrorInfo?: string;
  /** IM service of the failed call. */
  readonly service?: string;
  /** IM command of the failed call. */
  readonly command?: string;
  /** Our per-call request id (logged on every attempt). */
  readonly requestId?: string;
  /** The attempt (1-based) that produced this error. */
  readonly attempts?: number;
  /** HTTP status of a non-200 answer. */
  readonly httpStatus?: number;
  /** True when the failure is transient and the same request may succeed later. */
  readonly retryable: boolean;
  /** True when the request may have taken effect although no answer arrived. */
  readonly outcomeUnknown: boolean;

  constructor(code: ImErrorCode, message: string, details: ImErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "ImError";
    this.code = code;
    this.retryable = details.retryable ?? false;
    this.outcomeUnknown = details.outcomeUnknown ?? false;
    // Only defined fields become own properties, so inspect/JSON output stays short.
    for (const key of FIELDS) {
      if (details[key] !== undefined) Object.assign(this, { [key]: details[key] });
    }
  }

  /** A plain, log-safe object (used by JSON.stringify). */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const key of FIELDS) if (this[key] !== undefined) json[key] = this[key];
    json.retryable = this.retryable;
    json.outcomeUnknown = this.outcomeUnknown;
    return json;
  }
}

const FIELDS = [
  "imErrorCode",
  "imErrorInfo",
  "service",
  "command",
  "requestId",
  "attempts",
  "httpStatus",
] as const satisfies readonly (keyof ImErrorDetails & keyof ImError)[];

/** The details of an existing error, to wrap it in a more specific one. */
export function detailsOf(err: ImError): ImErrorDetails {
  const details: ImErrorDetails = { retryable: err.retryable, outcomeUnknown: err.outcomeUnknown };
  for (const key of FIELDS) if (err[key] !== undefined) Object.assign(details, { [key]: err[key] });
  return details;
}

/** True when `err` is an ImError carrying IM ErrorCode `imErrorCode`. */
export function hasImErrorCode(err: unknown, imErrorCode: number): err is ImError {
  return err instanceof ImError && err.imErrorCode === imErrorCode;
}

/** Replaces every occurrence of the given secrets, and any `usersig=` query value, with `[REDACTED]`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text.replace(/(usersig=)[^&\s"']*/gi, "$1[REDACTED]");
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join("[REDACTED]");
  return out;
}

/**
 * A log-safe stand-in for a low-level error: same name, code and (redacted) message, nothing else.
 * undici errors can carry sockets, request options or URLs; none of that may travel with an ImError.
 */
export function sanitizeCause(err: unknown, secrets: readonly string[]): Error {
  const source = err instanceof Error ? err : new Error(String(err));
  const copy = new Error(redact(source.message, secrets));
  copy.name = source.name;
  const code = (source as { code?: unknown }).code;
  if (typeof code === "string") Object.assign(copy, { code });
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}
