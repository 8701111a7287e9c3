/**
 * The control plane over HTTP, under the reserved prefix `/__emulator/` (the REST API lives under
 * `/v4/`, so the two never collide). Plain HTTP semantics, not the IM envelope: 200 with JSON on
 * success, 400 `{error, code}` for a bad request, 404 / 405 for an unknown route or method.
 * Unauthenticated, like every local emulator's admin API: bind to loopback (the default).
 */

import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorControl } from "../control";
import { ApiRefusal } from "../errors";
import type { StateSnapshot } from "../model/state";
import type { FaultOptions } from "./faults";
import { parseJsonBody } from "./json-body";
import { BodyTooLarge, readBody, sendJson } from "./transport";

/** Path prefix of every control-plane route. */
export const CONTROL_PREFIX = "/__emulator/";

type Handler = (body: unknown) => Promise<unknown> | unknown;

/** Serves the control plane. */
export class ControlRoutes {
  private readonly routes: Record<string, Partial<Record<"GET" | "POST", Handler>>>;

  /**
   * @param maxRequestBytes largest body accepted (a seed snapshot can be big).
   * @param maxRequestDepth deepest nesting of arrays and objects accepted in a body.
   */
  constructor(
    control: EmulatorControl,
    private readonly maxRequestBytes: number,
    private readonly maxRequestDepth: number,
  ) {
    const ok = { ok: true };
    this.routes = {
      reset: {
        POST: async () => {
          await control.reset();
          return ok;
        },
      },
      seed: {
        POST: async (body) => {
          await control.seed(body as StateSnapshot);
          return ok;
        },
      },
      state: { GET: () => control.state() },
      stats: { GET: () => control.stats() },
      "stats/reset": {
        POST: () => {
          control.resetStats();
          return ok;
        },
      },
      faults: {
        GET: () => control.faults(),
        POST: (body) => {
          control.setFaults(body as FaultOptions);
          return control.faults();
        },
      },
      "groups/message-count": {
        POST: async (body) => {
          const { GroupId, MsgCount, LastMsgTime } = body as {
            GroupId: string;
            MsgCount: number;
            LastMsgTime?: number;
          };
          return { ok: true, NextMsgSeq: await control.setMessageCount(GroupId, MsgCount, LastMsgTime) };
        },
      },
    };
  }

  /** Serves one control-plane request; never throws. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const name = (query < 0 ? url : url.slice(0, query)).slice(CONTROL_PREFIX.length).replace(/\/$/, "");
    // Own routes only: a path such as `/__emulator/constructor` must not find Object.prototype's.
    const route = Object.hasOwn(this.routes, name) ? this.routes[name] : undefined;
    const handler = route?.[req.method as "GET" | "POST"];
    try {
      const raw = await readBody(req, this.maxRequestBytes);
      if (!route)
        return sendJson(
          res,
          404,
          JSON.stringify({ error: `no control-plane route ${CONTROL_PREFIX}${name}` }),
        );
      if (!handler)
        return sendJson(
          res,
          405,
          JSON.stringify({ error: `${req.method} is not allowed; use ${Object.keys(route).join(" or ")}` }),
        );
      const body = raw.length > 0 ? parseJsonBody(raw, this.maxRequestDepth) : {};
      sendJson(res, 200, JSON.stringify(await handler(body)));
    } catch (error) {
      if (error instanceof BodyTooLarge)
        return sendJson(res, 400, JSON.stringify({ error: error.message }), true);
      if (error instanceof ApiRefusal)
        return sendJson(res, 400, JSON.stringify({ error: error.info, code: error.code }));
      sendJson(res, 500, JSON.stringify({ error: String(error) }));
    }
  }
}
