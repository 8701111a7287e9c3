/**
 * The node:http (or node:https) server: keep-alive connections, and a split between the REST API,
 * the control plane and the web console by path prefix. No framework: the pipeline is a few
 * function calls per request.
 */

import * as http from "node:http";
import * as https from "node:https";
import type { ConsoleRoutes } from "../console/routes";
import type { ApiPlane } from "./api";
import { CONTROL_PREFIX, type ControlRoutes } from "./control-routes";

/** Idle keep-alive connections are kept this long (clients such as undici close theirs after 4 s). */
const KEEP_ALIVE_MS = 30_000;

/**
 * Creates (does not start) the server; with `tls` (PEM key and certificate) it serves HTTPS; without
 * a console its paths go to the API, which refuses them.
 */
export function createHttpServer(
  api: ApiPlane,
  control: ControlRoutes,
  options: { tls?: { key: string; cert: string }; web?: ConsoleRoutes } = {},
): http.Server {
  const { tls, web } = options;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = req.url ?? "";
    const plane = url.startsWith(CONTROL_PREFIX) ? control : web?.serves(url) ? web : api;
    void plane.handle(req, res);
  };
  const server = tls
    ? https.createServer({ noDelay: true, key: tls.key, cert: tls.cert }, handler)
    : http.createServer({ noDelay: true }, handler);
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 5_000;
  return server;
}

/** Starts listening; resolves with the bound port. */
export function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

/**
 * Stops accepting connections and waits for in-flight requests; connections still open after
 * `graceMs` (e.g. a client holding a keep-alive socket) are cut.
 */
export function shutdown(server: http.Server, graceMs = 1_000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
