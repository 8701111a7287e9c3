/**
 * The REST API plane: `POST /v4/<service>/<command>?sdkappid=&identifier=&usersig=&random=&contenttype=json`.
 *
 * Every request runs the pipeline of docs/api-reference.md §3.5 in order — URL (60002), service (60009) and command
 * (10003), sdkappid (60012 / 70020), URL parameters (60025, empty usersig 70002), UserSig (700xx),
 * App admin (60010), rate limit (60007), JSON body (60003), JSON types (60015 / 10004), then the
 * model's rules — and answers HTTP 200 with the `{ActionStatus, ErrorCode, ErrorInfo, ...}` envelope
 * (§3.4). Faults are injected after validation, so an injected failure never has an effect.
 */

import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiRefusal, type ErrorCode } from "../errors";
import { show } from "../model/checks";
import { COMMANDS, type Command, type ImModel } from "../model/index";
import { groupsOfCall, NO_GROUPS } from "./call-groups";
import type { FaultInjector } from "./faults";
import { parseJsonBody } from "./json-body";
import type { RateLimiter } from "./rate-limit";
import { compileCheck, REQUEST_SCHEMAS } from "./schemas";
import type { Stats } from "./stats";
import { BodyTooLarge, readBody, sendJson } from "./transport";
import type { UserSigVerifier } from "./usersig";

/** One routable command. */
interface Route {
  /** `service/command`, the key of stats, rate limits and logs. */
  key: string;
  /** Command name, the key of fault filters and per-command rate limits. */
  name: string;
  run: Command;
  /** Pipeline step 9: JSON types. */
  check: (body: unknown) => void;
}

/** Parameter-error code per service: the login service answers 70402 where groups answer 10004 (docs/api-reference.md §8). */
const PARAMETER_CODE: Record<string, ErrorCode> = { group_open_http_svc: 10004, im_open_login_svc: 70402 };

/** Builds the routing table from the model's commands and their schemas, compiling each schema once. */
function buildRoutes(): Map<string, Map<string, Route>> {
  const routes = new Map<string, Map<string, Route>>();
  for (const [service, commands] of Object.entries(COMMANDS)) {
    const byName = new Map<string, Route>();
    for (const [name, run] of Object.entries(commands)) {
      const check = compileCheck(REQUEST_SCHEMAS[service][name], PARAMETER_CODE[service]);
      byName.set(name, { key: `${service}/${name}`, name, run, check });
    }
    routes.set(service, byName);
  }
  return routes;
}

/** What the API plane needs from the rest of the emulator. */
export interface ApiDependencies {
  /** The SDKAppID served (step 3). */
  sdkAppId: number;
  /** App admins (step 6). */
  adminIdentifiers: readonly string[];
  /** Largest response body, in bytes; larger answers are replaced by 10018 (003). */
  maxResponseBytes: number;
  /** Largest request body accepted, in bytes; larger ones get 60003. */
  maxRequestBytes: number;
  /** Deepest nesting of arrays and objects accepted in a body; deeper ones get 60003. */
  maxRequestDepth: number;
  /** Runs the commands. */
  model: ImModel;
  /** Makes committed changes durable before they are acknowledged. */
  flush: () => Promise<void>;
  /** Step 5. */
  verifier: UserSigVerifier;
  /** Step 7. */
  limiter: RateLimiter;
  /** Injected faults. */
  faults: FaultInjector;
  /** Counters for the control plane. */
  stats: Stats;
  /** Called with unexpected exceptions (answered as 10002). Never given the URL. */
  onError: (error: unknown) => void;
  /** Told of every call once it is answered (the web console's recent calls); optional. */
  onCall?: (call: ApiCall) => void;
}

/** One REST API call as {@link ApiDependencies.onCall} is told of it. */
export interface ApiCall {
  /** When the request arrived, Unix milliseconds (wall clock: it dates a real request). */
  time: number;
  /** `service/command`, or `other` for an unknown path, service or command (as the stats count it). */
  command: string;
  /**
   * The answer's ErrorCode (0 = OK); null when no IM answer was sent: an injected HTTP 502, a dropped
   * connection, or a client that went away before its body arrived.
   */
  errorCode: number | null;
  /** From arrival to the answer, in milliseconds, including injected latency and the durability flush. */
  durationMs: number;
  /**
   * The groups the call named (http/call-groups.ts): its `GroupId`, get_group_info's `GroupIdList`,
   * or the ID create_group assigned; empty when it named none or its body was not JSON.
   */
  groupIds: readonly string[];
}

/** Handles REST API requests. */
export class ApiPlane {
  private readonly routes = buildRoutes();

  constructor(private readonly deps: ApiDependencies) {}

  /** Serves one request; never throws. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const call: ApiCall = {
      time: Date.now(),
      command: "other",
      errorCode: null,
      durationMs: 0,
      groupIds: NO_GROUPS,
    };
    call.errorCode = (await this.serve(req, res, call)) ?? null;
    call.durationMs = performance.now() - started;
    this.deps.onCall?.(call);
  }

  /** The pipeline; names the route in `call` and returns the ErrorCode answered (undefined: none). */
  private async serve(req: IncomingMessage, res: ServerResponse, call: ApiCall): Promise<number | undefined> {
    const { deps } = this;
    let body: Buffer;
    try {
      body = await readBody(req, deps.maxRequestBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) return void req.destroy();
      return this.fail(res, new ApiRefusal(60003, `body: exceeds the ${error.limit}-byte limit`), true);
    }
    try {
      const route = this.route(req.method, req.url ?? "/");
      call.command = route.key;
      const latency = deps.faults.latencyMs(route.name);
      if (latency > 0) {
        deps.stats.fault("latency");
        await new Promise((resolve) => setTimeout(resolve, latency));
      }
      this.authenticate(req.url ?? "/");
      if (!deps.limiter.admit(route.key)) {
        deps.stats.rateLimited(route.key);
        const limit = deps.limiter.limit(route.key);
        throw new ApiRefusal(60007, `${route.key}: over the limit of ${limit} calls per second`);
      }
      const request = parseBody(body, deps.maxRequestDepth);
      call.groupIds = groupsOfCall(request);
      route.check(request);
      const fault = deps.faults.early(route.name);
      if (fault) {
        deps.stats.fault(fault);
        if (fault === "systemError") throw new ApiRefusal(10002, "injected fault");
        if (fault === "dropConnection") return void req.socket.destroy();
        res.writeHead(502, { "Content-Type": "text/plain" });
        return void res.end("502 Bad Gateway (injected fault)");
      }
      const commits = deps.model.commits;
      const result = deps.model.execute(route.run, request);
      if (call.groupIds.length === 0) call.groupIds = groupsOfCall(undefined, result);
      if (deps.model.commits !== commits) {
        await deps.flush();
        const hold = deps.faults.latencyAfterCommitMs(route.name);
        if (hold > 0) {
          deps.stats.fault("latencyAfterCommit");
          await new Promise((resolve) => setTimeout(resolve, hold));
        }
      }
      if (deps.faults.dropAfterCommit(route.name)) {
        deps.stats.fault("dropAfterCommit");
        return void req.socket.destroy();
      }
      return this.succeed(res, result);
    } catch (error) {
      if (error instanceof ApiRefusal) return this.fail(res, error);
      deps.onError(error);
      return this.fail(res, new ApiRefusal(10002));
    }
  }

  /** Steps 1–2: POST to `/v4/<service>/<command>` with a known service and command. */
  private route(method: string | undefined, url: string): Route {
    const query = url.indexOf("?");
    const parts = (query < 0 ? url : url.slice(0, query)).split("/");
    if (
      method !== "POST" ||
      parts.length !== 4 ||
      parts[0] !== "" ||
      parts[1] !== "v4" ||
      !parts[2] ||
      !parts[3]
    ) {
      this.deps.stats.call("other");
      throw new ApiRefusal(
        60002,
        `${method} ${show(parts.join("/"))}: expected POST /v4/<service>/<command>`,
      );
    }
    const [, , service, name] = parts;
    const commands = this.routes.get(service);
    const route = commands?.get(name);
    this.deps.stats.call(route?.key ?? "other");
    if (!commands) throw new ApiRefusal(60009, `service ${show(service)} is not known`);
    if (!route) throw new ApiRefusal(10003, `command ${show(name)} is not known in ${service}`);
    return route;
  }

  /** Steps 3–6: sdkappid, URL parameters, UserSig, App admin. */
  private authenticate(url: string): void {
    const { deps } = this;
    const query = url.indexOf("?");
    const params = new URLSearchParams(query < 0 ? "" : url.slice(query + 1));
    const sdkAppId = params.get("sdkappid");
    if (!sdkAppId) throw new ApiRefusal(60012, "sdkappid: missing from the URL");
    if (sdkAppId !== String(deps.sdkAppId))
      throw new ApiRefusal(70020, `sdkappid: ${show(sdkAppId)} is not a known SDKAppID`);
    const identifier = params.get("identifier");
    const userSig = params.get("usersig");
    const contentType = params.get("contenttype");
    if (!identifier) throw new ApiRefusal(60025, "identifier: missing from the URL");
    if (userSig === null) throw new ApiRefusal(60025, "usersig: missing from the URL");
    if (contentType === null) throw new ApiRefusal(60025, "contenttype: missing from the URL");
    if (contentType !== "json")
      throw new ApiRefusal(60025, `contenttype: ${show(contentType)} is not "json"`);
    if (userSig === "") throw new ApiRefusal(70002, "usersig: empty");
    deps.verifier.verify(userSig, identifier);
    if (!deps.adminIdentifiers.includes(identifier)) {
      throw new ApiRefusal(60010, `identifier: ${show(identifier)} is not an App admin`);
    }
  }

  /** Answers OK (or 10018 when too large); returns the ErrorCode sent. */
  private succeed(res: ServerResponse, result: object): number {
    const text = JSON.stringify({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "", ...result });
    const bytes = Buffer.byteLength(text);
    const limit = this.deps.maxResponseBytes;
    if (bytes > limit) {
      return this.fail(
        res,
        new ApiRefusal(10018, `response: ${bytes} bytes exceeds the ${limit}-byte limit`),
      );
    }
    sendJson(res, 200, text);
    return 0;
  }

  /** Answers FAIL with the error; returns its code. */
  private fail(res: ServerResponse, error: ApiRefusal, close = false): number {
    this.deps.stats.error(error.code);
    sendJson(
      res,
      200,
      JSON.stringify({ ActionStatus: "FAIL", ErrorCode: error.code, ErrorInfo: error.info }),
      close,
    );
    return error.code;
  }
}

/** Step 8: the body is a non-empty JSON object (docs/api-reference.md §3.3: even an API without fields takes `{}`). */
function parseBody(body: Buffer, maxDepth: number): unknown {
  if (body.length === 0) throw new ApiRefusal(60003, "body: empty (send {} for an API without fields)");
  const value = parseJsonBody(body, maxDepth);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ApiRefusal(60003, `body: ${show(value)} is not a JSON object`);
  }
  return value;
}
