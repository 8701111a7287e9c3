/**
 * The web console over HTTP: `GET /` serves the page, `/console/*.{css,js,svg}` its static files,
 * and `/console/api/…` the JSON it talks to. Reads are open; edits need the console token or the
 * secret key (console/access.ts). Answers are JSON: 200 on success, `{error, code?}` with 400 (bad
 * input; `code` is the IM ErrorCode when the model refused, the same the REST API answers), 401,
 * 403, 404, 405, 413 or 415 otherwise.
 *
 * | Route                                                  | Gives                                               |
 * | ------------------------------------------------------ | --------------------------------------------------- |
 * | `GET /console/api/session`                             | `{role, sdkAppId, adminIdentifiers, edits, apis}`   |
 * | `GET /console/api/groups?q=&type=&owner=&sort=&order=&offset=&limit=` | `{total, matched, offset, groups: [{GroupId, Type, Name, MemberNum, Owner_Account, CreateTime}]}` |
 * | `GET /console/api/group?GroupId=`                      | the profile and `AppDefinedData`, as get_group_info |
 * | `GET /console/api/members?GroupId=&offset=&limit=`     | `{offset, MemberNum, MemberList, now}`, as get_group_member_info |
 * | `GET /console/api/calls?group=&api=&reads=&limit=`     | `{calls, matched, kept}`: recent calls, newest first |
 * | `POST /console/api/edit/<rename│notification│add-member│remove-member│member│destroy>` | `{ok, command, result}` |
 *
 * Every answer carries `Server-Timing: console;dur=<ms>`: the time the server spent on it, which the
 * console benchmark (bench/console.ts) reads.
 */

import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiRefusal } from "../errors";
import type { ApiCall } from "../http/api";
import { groupsOfCall } from "../http/call-groups";
import { BodyTooLarge, readBody } from "../http/transport";
import { COMMANDS, type ImModel } from "../model/index";
import { GROUP_TYPES } from "../model/settings";
import { ConsoleAccess, type ConsoleRole } from "./access";
import { type Asset, loadAssets } from "./assets";
import { CallLog } from "./call-log";
import { applyEdit, Edits } from "./edits";
import { ConsoleError } from "./errors";
import { GROUP_SORTS, type GroupQuery, listGroups } from "./group-list";
import { groupProfile, memberPage } from "./queries";

/** Options of the console (`startEmulator({ console })`). */
export interface ConsoleOptions {
  /** The token that unlocks edits (the secret key does too). Default: 32 random bytes as hex. */
  token?: string;
  /** How many recent calls the console keeps. Default 200. */
  recentCalls?: number;
}

/** Where a running console is and what unlocks its edits. */
export interface ConsoleInfo {
  /** The page, e.g. `http://127.0.0.1:8080/`. */
  url: string;
  /** The console token (open `<url>#token=<token>` to edit). */
  token: string;
}

/** What the console needs from the rest of the emulator. */
export interface ConsoleDependencies {
  /** Reads and edits go through it. */
  model: ImModel;
  /** Makes committed changes durable before an edit is acknowledged. */
  flush: () => Promise<void>;
  /** The app secret key, which unlocks edits too. */
  secretKey: string;
  /** The SDKAppID, shown in the page. */
  sdkAppId: number;
  /** The App admins, shown in the page. */
  adminIdentifiers: readonly string[];
  /** The host the emulator listens on (for the Host check). */
  listenHost: string;
  /** Told of unexpected exceptions (answered 500). */
  onError: (error: unknown) => void;
}

/** Path prefix of the console's files and JSON. */
const CONSOLE_PREFIX = "/console/";
/** Path prefix of the console's JSON endpoints. */
const API_PREFIX = "/console/api/";
/** Default and largest page of the group list. */
const GROUP_PAGE = { default: 50, max: 1000 };
/** Default page of the member list (the model's memberPageLimit bounds it). */
const MEMBER_PAGE_DEFAULT = 50;
/** Default and largest number of recent calls in one answer. */
const CALL_PAGE = { default: 200, max: 1000 };
/** Every API the recent calls can name (`service/command`), and `other` for unknown paths. */
const APIS: readonly string[] = [
  ...Object.entries(COMMANDS).flatMap(([service, commands]) =>
    Object.keys(commands).map((command) => `${service}/${command}`),
  ),
  "other",
];
/** An edit's body is a few short strings. */
const MAX_EDIT_BYTES = 64 * 1024;
const DEFAULT_RECENT_CALLS = 200;
const MAX_RECENT_CALLS = 100_000;

/** Scripts, styles and images only from the console itself; no inline code, no frames, no forms posted. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const SECURITY_HEADERS = {
  "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
};

/** A read endpoint: query parameters → JSON. */
type Read = (params: URLSearchParams, role: ConsoleRole) => unknown;

/** Serves the console. */
export class ConsoleRoutes {
  /** The token that unlocks edits. */
  readonly token: string;
  private readonly calls: CallLog;
  private readonly access: ConsoleAccess;
  private readonly edits = new Edits();
  private readonly assets: ReadonlyMap<string, Asset> = loadAssets();
  private readonly reads: ReadonlyMap<string, Read>;

  constructor(
    options: ConsoleOptions,
    private readonly deps: ConsoleDependencies,
  ) {
    this.token = options.token ?? randomBytes(32).toString("hex");
    const recentCalls = options.recentCalls ?? DEFAULT_RECENT_CALLS;
    checkOptions(this.token, recentCalls);
    this.calls = new CallLog(recentCalls);
    this.access = new ConsoleAccess({
      token: this.token,
      secretKey: deps.secretKey,
      listenHost: deps.listenHost,
    });
    const { model } = deps;
    this.reads = new Map<string, Read>([
      [
        "session",
        (_params, role) => ({
          role,
          sdkAppId: deps.sdkAppId,
          adminIdentifiers: deps.adminIdentifiers,
          edits: Edits.names(),
          apis: APIS,
        }),
      ],
      ["groups", (params) => listGroups(model, groupQuery(params))],
      ["group", (params) => groupProfile(model, required(params, "GroupId"))],
      [
        "members",
        (params) =>
          memberPage(
            model,
            required(params, "GroupId"),
            wholeNumber(params, "offset", 0, 0),
            wholeNumber(params, "limit", MEMBER_PAGE_DEFAULT, 1),
          ),
      ],
      [
        "calls",
        (params) =>
          this.calls.select({
            group: nonEmpty(params, "group"),
            command: oneOf(params, "api", APIS),
            hideReads: oneOf(params, "reads", ["show", "hide"]) === "hide",
            limit: wholeNumber(params, "limit", CALL_PAGE.default, 1, CALL_PAGE.max),
          }),
      ],
    ]);
  }

  /** True for the paths the console serves: `/` and everything under `/console/`. */
  serves(url: string): boolean {
    return url === "/" || url.startsWith("/?") || url.startsWith(CONSOLE_PREFIX);
  }

  /** Records a REST API call (the API plane's `onCall`). */
  readonly recordApiCall = (call: ApiCall): void => {
    this.calls.record(call, "api");
  };

  /** Serves one console request; never throws. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    try {
      this.access.checkHost(req);
      const url = new URL(req.url ?? "/", "http://console.invalid");
      const asset = this.assets.get(url.pathname);
      if (asset) {
        allowMethods(req, "GET");
        return send(res, started, 200, asset.type, asset.body);
      }
      if (!url.pathname.startsWith(API_PREFIX)) {
        throw new ConsoleError(404, `no console route ${JSON.stringify(url.pathname)}`);
      }
      const name = url.pathname.slice(API_PREFIX.length);
      const read = this.reads.get(name);
      if (read) {
        allowMethods(req, "GET");
        return sendJson(res, started, 200, read(url.searchParams, this.access.role(req)));
      }
      if (name.startsWith("edit/")) {
        allowMethods(req, "POST");
        return sendJson(res, started, 200, await this.edit(req, name.slice("edit/".length)));
      }
      throw new ConsoleError(404, `no console route ${JSON.stringify(url.pathname)}`);
    } catch (error) {
      if (error instanceof ConsoleError) {
        return sendJson(res, started, error.status, { error: error.message });
      }
      if (error instanceof ApiRefusal)
        return sendJson(res, started, 400, { error: error.info, code: error.code });
      if (error instanceof BodyTooLarge) {
        return sendJson(res, started, 413, { error: `body: over the limit of ${error.limit} bytes` }, true);
      }
      this.deps.onError(error);
      sendJson(res, started, 500, { error: "internal error (see the emulator's log)" });
    }
  }

  /** Runs one edit for an editor; recorded with the recent calls whether it succeeds or not. */
  private async edit(req: IncomingMessage, name: string): Promise<object> {
    this.access.checkWrite(req);
    if (this.access.role(req) !== "editor") {
      throw new ConsoleError(
        401,
        "the console is read-only: send Authorization: Bearer <console token or secret key> to edit",
      );
    }
    const raw = await readBody(req, MAX_EDIT_BYTES);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch (error) {
      throw new ConsoleError(400, `body: ${(error as Error).message}`);
    }
    const edit = this.edits.prepare(name, body);
    const started = performance.now();
    const call: ApiCall = {
      time: Date.now(),
      command: edit.key,
      errorCode: 0,
      durationMs: 0,
      groupIds: groupsOfCall(edit.request),
    };
    try {
      const result = await applyEdit(this.deps.model, this.deps.flush, edit);
      return { ok: true, command: edit.key, result };
    } catch (error) {
      call.errorCode = error instanceof ApiRefusal ? error.code : 10002;
      throw error;
    } finally {
      call.durationMs = performance.now() - started;
      this.calls.record(call, "console");
    }
  }
}

function checkOptions(token: string, recentCalls: number): void {
  if (token.length === 0) throw new Error("console.token: must not be empty");
  if (!Number.isInteger(recentCalls) || recentCalls < 1 || recentCalls > MAX_RECENT_CALLS) {
    throw new Error(
      `console.recentCalls: ${recentCalls} is not a whole number from 1 to ${MAX_RECENT_CALLS}`,
    );
  }
}

/** 405 unless the request uses `method`. */
function allowMethods(req: IncomingMessage, method: "GET" | "POST"): void {
  if (req.method !== method) throw new ConsoleError(405, `${req.method}: not allowed here; use ${method}`);
}

/** The group list's query: `q`, `type`, `owner` (each `""` or absent for any), `sort`, `order`, `offset`, `limit`. */
function groupQuery(params: URLSearchParams): GroupQuery {
  return {
    search: nonEmpty(params, "q"),
    type: oneOf(params, "type", GROUP_TYPES),
    owner: nonEmpty(params, "owner"),
    sort: oneOf(params, "sort", GROUP_SORTS) ?? "created",
    descending: oneOf(params, "order", ["asc", "desc"]) === "desc",
    offset: wholeNumber(params, "offset", 0, 0),
    limit: wholeNumber(params, "limit", GROUP_PAGE.default, 1, GROUP_PAGE.max),
  };
}

/** A query parameter, undefined when absent or empty (an empty search box or an "any" choice). */
function nonEmpty(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name);
  return value === null || value === "" ? undefined : value;
}

/** A query parameter that must be one of `allowed` when given (absent or empty: undefined). */
function oneOf<T extends string>(
  params: URLSearchParams,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = nonEmpty(params, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConsoleError(400, `${name}: ${JSON.stringify(value)} is not one of ${allowed.join(", ")}`);
  }
  return value as T;
}

/** A query parameter that must be present. */
function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null) throw new ConsoleError(400, `${name}: required query parameter is missing`);
  return value;
}

/** A whole-number query parameter from `min` to `max`, or `fallback` when absent. */
function wholeNumber(
  params: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const text = params.get(name);
  if (text === null) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new ConsoleError(
      400,
      `${name}: ${JSON.stringify(text)} is not a whole number from ${min} to ${max}`,
    );
  }
  return value;
}

/** Answers; `started` (performance.now() at arrival) gives the Server-Timing header. */
function send(
  res: ServerResponse,
  started: number,
  status: number,
  type: string,
  body: Buffer | string,
  close = false,
): void {
  const headers: Record<string, string | number> = {
    ...SECURITY_HEADERS,
    "Content-Type": type,
    "Content-Length": Buffer.byteLength(body),
    "Server-Timing": `console;dur=${(performance.now() - started).toFixed(3)}`,
  };
  if (close) headers.Connection = "close";
  res.writeHead(status, headers);
  res.end(body);
}

function sendJson(res: ServerResponse, started: number, status: number, value: unknown, close = false): void {
  send(res, started, status, "application/json; charset=utf-8", JSON.stringify(value), close);
}
