/**
 * The emulator's one error catalogue (docs/api-reference.md §5, docs/pulumi-notes.md §4 "one error catalogue").
 *
 * Every failure the emulator can answer is a code listed here with a short, stable English text.
 * The real service publishes no error bodies (docs/api-reference.md §2.2 "ErrorInfo text", R3), so the text is ours;
 * it never changes for a code, and a detail naming the field, the limit and the value is appended:
 * `ErrorInfo = "<catalogue text>: <detail>"`, e.g. `"invalid parameter: Name: 45 bytes exceeds the
 * 30-byte limit"`. Tests assert the code and a substring of that text.
 */

/** Code → stable ErrorInfo text. The single source of every ErrorInfo prefix. */
export const ERROR_CATALOGUE = {
  // Group codes (docs/api-reference.md §5.2).
  10002: "internal error",
  10003: "invalid command",
  10004: "invalid parameter",
  10005: "too many accounts in the request",
  10006: "operation quota exceeded",
  10007: "no permission",
  10010: "group does not exist or was dismissed",
  10014: "group is full",
  10015: "invalid group ID",
  10018: "response too large",
  10019: "account does not exist",
  10021: "group ID already used",
  // Common REST codes (docs/api-reference.md §5.1).
  60002: "HTTP parse error",
  60003: "request JSON parse error",
  60007: "REST call rate limit exceeded",
  60009: "request resource error",
  60010: "App admin permission required",
  60012: "sdkappid missing",
  60015: "wrong account type",
  60025: "URL parameter error",
  // UserSig codes (docs/api-reference.md §4.3).
  70001: "UserSig expired",
  70002: "UserSig empty",
  70003: "UserSig invalid",
  70009: "UserSig verification failed",
  70013: "UserSig identifier mismatch",
  70014: "UserSig sdkappid mismatch",
  70020: "SDKAppID not found",
  // Account codes (docs/api-reference.md §8).
  40601: "profile value too long",
  70398: "account count over the limit",
  70402: "invalid parameter",
} as const;

/** Every error code the emulator answers. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Builds the ErrorInfo text for a code and an optional detail. */
export function errorInfo(code: ErrorCode, detail?: string): string {
  const text = ERROR_CATALOGUE[code];
  return detail ? `${text}: ${detail}` : text;
}

/**
 * A refused API request: the one error type the model and the HTTP layer throw, answered as
 * `ActionStatus: "FAIL"` with its IM code. (Named apart from the client's `ImError`, which is what a
 * caller of the real service gets.) It carries the code and a detail that names the field, limit
 * and value; {@link ApiRefusal.info} is what goes into `ErrorInfo`.
 */
export class ApiRefusal extends Error {
  /** The IM error code (docs/api-reference.md §5). */
  readonly code: ErrorCode;
  /** What exactly was wrong, e.g. `Name: 45 bytes exceeds the 30-byte limit`. May be empty. */
  readonly detail: string;

  constructor(code: ErrorCode, detail = "") {
    super(errorInfo(code, detail));
    this.name = "ApiRefusal";
    this.code = code;
    this.detail = detail;
  }

  /** The `ErrorInfo` string of the response envelope. */
  get info(): string {
    return this.message;
  }
}

/** Shorthand for the most common failure: 10004 with a detail. */
export function invalidParameter(detail: string): ApiRefusal {
  return new ApiRefusal(10004, detail);
}
