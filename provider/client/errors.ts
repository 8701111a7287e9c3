/**
 * The one error type of the IM client, on the package's error base (../errors.ts: brand check
 * across package copies, log-safe JSON, sanitized causes).
 *
 * Secrets never reach an ImError: messages are built from service/command names, host names and
 * IM's own ErrorCode/ErrorInfo, never from the request URL (its query holds the UserSig, docs/api-reference.md §10),
 * and low-level causes are copied through `sanitizeCause`, which drops everything but name, code
 * and a redacted message.
 */
import { ImGroupsError } from "../errors";

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
  /** IM answered with `ActionStatus: "FAIL"` or a non-zero `ErrorCode` (docs/api-reference.md §3.4), whole call or per item. */
  | "IM_API_ERROR"
  /** A retried create with a caller-chosen GroupId met a group that is not the one requested (docs/api-reference.md §10). */
  | "IM_CONFLICT";

/** Where and how a failure happened; every field is safe to log. */
export interface ImErrorDetails {
  /** IM `ErrorCode` (docs/api-reference.md §5) when IM answered. */
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
  /** `host:port` the failed attempt went to (never the path or query), for network failures. */
  host?: string;
  /** True when the same request may succeed if sent again (transient failure). */
  retryable?: boolean;
  /** True when the request may have taken effect but its answer was lost. */
  outcomeUnknown?: boolean;
  /** The underlying error (reduced to a sanitized copy unless it is one of ours). */
  cause?: unknown;
}

/** The error every client method rejects with. */
export class ImError extends ImGroupsError {
  static override readonly errorKind: string = "ImError";

  /** Stable machine-readable code. */
  declare readonly code: ImErrorCode;
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
  /** `host:port` of a network failure. */
  readonly host?: string;
  /** True when the failure is transient and the same request may succeed later. */
  readonly retryable: boolean;
  /** True when the request may have taken effect although no answer arrived. */
  readonly outcomeUnknown: boolean;

  constructor(code: ImErrorCode, message: string, details: ImErrorDetails = {}) {
    super(code, message, { cause: details.cause });
    this.name = "ImError";
    this.retryable = details.retryable ?? false;
    this.outcomeUnknown = details.outcomeUnknown ?? false;
    // Only defined fields become own properties, so inspect/JSON output stays short.
    for (const key of FIELDS) {
      if (details[key] !== undefined) Object.assign(this, { [key]: details[key] });
    }
  }

  /** A plain, log-safe object (used by JSON.stringify). */
  override toJSON(): Record<string, unknown> {
    const json = super.toJSON();
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
  "host",
] as const satisfies readonly (keyof ImErrorDetails & keyof ImError)[];

/** The details of an existing error, to wrap it in a more specific one. */
export function detailsOf(err: ImError): ImErrorDetails {
  const details: ImErrorDetails = { retryable: err.retryable, outcomeUnknown: err.outcomeUnknown };
  for (const key of FIELDS) if (err[key] !== undefined) Object.assign(details, { [key]: err[key] });
  return details;
}

/** True when `err` is an ImError (of any copy of the package) carrying IM ErrorCode `imErrorCode`. */
export function hasImErrorCode(err: unknown, imErrorCode: number): err is ImError {
  return err instanceof ImError && err.imErrorCode === imErrorCode;
}
