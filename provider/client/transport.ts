/**
 * HTTP transport on undici: keep-alive connections, connect/headers/body/call timeouts, JSON codec.
 * It knows nothing of IM semantics beyond the URL template (docs/api-reference.md §3.1); it turns every network or
 * HTTP failure into an ImError that says whether it is transient and whether the request may have
 * taken effect. A network failure names the host and port it tried (`cannot reach
 * console.tim.qq.com:443 (ENOTFOUND: …)`), never the URL: its query carries the UserSig. Those
 * errors have a one-line stack: the frames of our own call path tell an operator nothing.
 */
import { Agent, type Dispatcher, request } from "undici";
import { sanitizeCause } from "../errors";
import { ImError, type ImErrorDetails } from "./errors";

/** Timeouts in milliseconds (docs/api-reference.md §10). */
export interface Timeouts {
  /** TCP + TLS connect. */
  connectMs: number;
  /** From request sent to response headers. */
  headersMs: number;
  /** Between body chunks. */
  bodyMs: number;
  /** Whole call, end to end. */
  callMs: number;
}

/** Transport construction options. */
export interface TransportOptions {
  /** Base URLs in order of preference (a region's primary, then backup host). */
  baseUrls: readonly string[];
  /** Timeouts. */
  timeouts: Timeouts;
  /** Keep-alive pool settings, used when no dispatcher is given. */
  pool: { connections: number; keepAliveTimeoutMs: number };
  /** A caller-owned undici dispatcher (e.g. MockAgent); not closed by {@link Transport.close}. */
  dispatcher?: Dispatcher;
}

/** Identifies one attempt of one call, for error details; `secrets` are redacted from causes. */
export interface AttemptContext {
  /** IM service. */
  service: string;
  /** IM command. */
  command: string;
  /** Per-call request id. */
  requestId: string;
  /** 1-based attempt number. */
  attempt: number;
  /** Strings that must not survive into any error. */
  secrets: readonly string[];
}

/** Failures before the connection was established: the request never left, so resending is safe. */
const CONNECT_FAILURES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** Failures after the request may have been delivered: transient, but the outcome is unknown. */
const LOST_ANSWER = new Set(["UND_ERR_SOCKET", "ECONNRESET", "EPIPE", "ETIMEDOUT", "UND_ERR_CLOSED"]);
const TIMEOUTS = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT"]);

/** What each network failure code means, for messages; timeouts name the limit that ran out. */
function explain(code: string, timeouts: Timeouts): string | undefined {
  switch (code) {
    case "ENOTFOUND":
      return "the host name does not resolve";
    case "EAI_AGAIN":
      return "the host name could not be resolved for now";
    case "ECONNREFUSED":
      return "the connection was refused";
    case "EHOSTUNREACH":
      return "no route to the host";
    case "ENETUNREACH":
      return "the network is unreachable";
    case "UND_ERR_CONNECT_TIMEOUT":
      return `no connection within ${timeouts.connectMs} ms`;
    case "UND_ERR_HEADERS_TIMEOUT":
      return `no response headers within ${timeouts.headersMs} ms`;
    case "UND_ERR_BODY_TIMEOUT":
      return `the response body stalled for ${timeouts.bodyMs} ms`;
    case "TimeoutError":
      return `no complete answer within ${timeouts.callMs} ms`;
    case "ECONNRESET":
    case "EPIPE":
    case "UND_ERR_SOCKET":
      return "the connection was closed";
    case "ETIMEDOUT":
      return "the connection timed out";
    default:
      return undefined;
  }
}

/** HTTP statuses worth retrying (docs/api-reference.md §10); the 5xx ones may come after the server acted. */
const RETRY_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const REFUSED_STATUS = new Set([408, 429]);

/** Posts JSON to `/v4/{service}/{command}` and returns the parsed body of a 200 answer. */
export class Transport {
  readonly #baseUrls: readonly string[];
  /** `host:port` of each base URL, for messages (never the path or a query). */
  readonly #hosts: readonly string[];
  /** Hosts whose last attempt could not connect, in the order they failed. */
  readonly #unreachable = new Set<string>();
  readonly #timeouts: Timeouts;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  #active = 0;
  #closing: Promise<void> | undefined;

  constructor(options: TransportOptions) {
    this.#baseUrls = options.baseUrls;
    this.#hosts = options.baseUrls.map(hostOf);
    this.#timeouts = options.timeouts;
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher =
      options.dispatcher ??
      new Agent({
        connections: options.pool.connections,
        keepAliveTimeout: options.pool.keepAliveTimeoutMs,
        connect: { timeout: options.timeouts.connectMs },
        headersTimeout: options.timeouts.headersMs,
        bodyTimeout: options.timeouts.bodyMs,
      });
  }

  /** Sends one attempt; `query` is the signed query string (without `?`). */
  async post(query: string, body: unknown, context: AttemptContext): Promise<unknown> {
    const active = this.#active;
    const base = this.#baseUrls[active]!;
    const where = `${context.service}/${context.command}`;
    let statusCode: number;
    let text: string;
    try {
      const response = await request(`${base}/v4/${where}?${query}`, {
        method: "POST",
        dispatcher: this.#dispatcher,
        headers: { "content-type": "application/json; charset=utf-8", accept: "application/json" },
        body: exactIntegersOut(JSON.stringify(body), body, context.command),
        signal: AbortSignal.timeout(this.#timeouts.callMs),
      });
      statusCode = response.statusCode;
      text = await response.body.text();
    } catch (cause) {
      throw this.#networkError(cause, where, active, context);
    }
    this.#unreachable.delete(this.#hosts[active]!);
    if (statusCode !== 200) {
      throw new ImError("IM_TRANSPORT", `HTTP ${statusCode} from ${where}`, {
        ...details(context),
        httpStatus: statusCode,
        retryable: RETRY_STATUS.has(statusCode),
        outcomeUnknown: !REFUSED_STATUS.has(statusCode),
      });
    }
    try {
      return JSON.parse(exactIntegersIn(text, context.command));
    } catch (cause) {
      throw new ImError("IM_INVALID_RESPONSE", `${where} answered with a body that is not JSON`, {
        ...details(context),
        cause: sanitizeCause(cause, [...context.secrets, text]),
      });
    }
  }

  /** Closes the connection pool this transport created; later calls are no-ops. */
  close(): Promise<void> {
    if (this.#ownsDispatcher) this.#closing ??= this.#dispatcher.close();
    return this.#closing ?? Promise.resolve();
  }

  #networkError(cause: unknown, where: string, active: number, context: AttemptContext): ImError {
    const code = errorCode(cause);
    const host = this.#hosts[active]!;
    const neverSent = CONNECT_FAILURES.has(code);
    if (neverSent) {
      this.#unreachable.delete(host);
      this.#unreachable.add(host);
      // A host we cannot reach may be hijacked DNS: later attempts use the next host (docs/api-reference.md §3.2).
      if (this.#baseUrls.length > 1) this.#active = (active + 1) % this.#baseUrls.length;
    }
    const timedOut = TIMEOUTS.has(code) || code === "TimeoutError";
    const safeCause = sanitizeCause(cause, context.secrets);
    const reason = [code || safeCause.name, explain(code, this.#timeouts)].filter(Boolean).join(": ");
    let message: string;
    if (neverSent) {
      const others = [...this.#unreachable].filter((other) => other !== host);
      message =
        `${where}: cannot reach ${host} (${reason}) on attempt ${context.attempt}` +
        (others.length > 0 ? `; also unreachable: ${others.join(", ")}` : "") +
        "; check the region or endpoint setting";
    } else if (timedOut) {
      message = `${where}: ${host} did not answer in time (${reason}) on attempt ${context.attempt}`;
    } else {
      message = `${where}: network error talking to ${host} (${reason}) on attempt ${context.attempt}`;
    }
    const error = new ImError(timedOut ? "IM_TIMEOUT" : "IM_TRANSPORT", message, {
      ...details(context),
      host,
      retryable: neverSent || timedOut || LOST_ANSWER.has(code),
      outcomeUnknown: !neverSent,
      cause: safeCause,
    });
    error.stack = `${error.name}: ${error.message}`;
    return error;
  }
}

/** `host:port` of a base URL; the port is the scheme's default when the URL names none. */
function hostOf(baseUrl: string): string {
  const url = new URL(baseUrl);
  return `${url.hostname}:${url.port || (url.protocol === "https:" ? "443" : "80")}`;
}

function details(context: AttemptContext): ImErrorDetails {
  return {
    service: context.service,
    command: context.command,
    requestId: context.requestId,
    attempts: context.attempt,
  };
}

/** An error's `code`, or for an aborted signal its `name` (`TimeoutError`). */
function errorCode(error: unknown): string {
  if (typeof error !== "object" || error === null) return "";
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (typeof code === "string") return code;
  return name === "TimeoutError" ? name : "";
}

/**
 * Answer fields that are 64-bit integers the caller must send back exactly: get_appid_group_list's
 * `Next` cursor "may exceed 2^32" (docs/api-reference.md §7.8) and is opaque, so above 2^53 a JSON
 * number would be rounded by JSON.parse and the next page asked from the wrong place.
 */
const EXACT_INTEGER_FIELDS: ReadonlyMap<string, string> = new Map([["get_appid_group_list", "Next"]]);

/**
 * Quotes the command's exact-integer field in an answer when its value is beyond 2^53, so it
 * parses as a decimal string rather than a rounded number. In valid JSON an unescaped `"Next"`
 * after `{` or `,` and before `:` is always a key (a quote inside a string is escaped).
 */
export function exactIntegersIn(text: string, command: string): string {
  const field = EXACT_INTEGER_FIELDS.get(command);
  if (field === undefined || !text.includes(`"${field}"`)) return text;
  const pattern = new RegExp(`([{,]\\s*"${field}"\\s*:\\s*)(\\d{16,})(?=\\s*[,}])`, "g");
  return text.replace(pattern, (whole, key: string, digits: string) =>
    Number.isSafeInteger(Number(digits)) ? whole : `${key}"${digits}"`,
  );
}

/** Sends the command's exact-integer field given as a decimal string as the JSON integer it is. */
export function exactIntegersOut(json: string, body: unknown, command: string): string {
  const field = EXACT_INTEGER_FIELDS.get(command);
  if (field === undefined || body === null || typeof body !== "object") return json;
  const value = (body as Record<string, unknown>)[field];
  if (typeof value !== "string" || !/^\d+$/.test(value)) return json;
  // JSON.stringify wrote the top-level key once as `"Next":"<digits>"`; a string value elsewhere
  // could not hold that unescaped.
  return json.replace(`"${field}":"${value}"`, `"${field}":${value}`);
}
