/** Shared fixtures of the client tests: tiny loopback servers, the emulator, fast retry settings. */
import * as http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "@imgroups/im-emulator";
import {
  type ConnectionSettings,
  ImClient,
  type ImClientOptions,
  ImError,
} from "@imgroups/tencentcloud-im/client/index";

/** The undici Dispatcher type the client accepts. */
type Dispatcher = NonNullable<ImClientOptions["dispatcher"]>;

/**
 * undici's Agent exactly as the client loads it (resolved from the provider package: the root
 * node_modules holds an older undici for node-gyp). Tests wrap it with `compose` to watch requests,
 * or give it `connect` options (e.g. a `lookup` that fails like DNS).
 */
export const undici: { Agent: new (options?: { connect?: object }) => Dispatcher } = createRequire(
  require.resolve("@imgroups/tencentcloud-im/package.json"),
)("undici");

/** Retries fast enough for tests, many enough to ride out injected faults. */
export const FAST_RETRY = { retries: 8, minDelayMs: 2, maxDelayMs: 20 } as const;

/** A secret used by the fake servers; long and distinctive so a leak is easy to spot. */
export const FAKE_SECRET = "s3cr3t-KEY-0123456789abcdef0123456789abcdef0123456789abcdef-never-log";

/** A successful IM envelope plus fields. */
export function ok(fields: object = {}): object {
  return { ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "", ...fields };
}

/** A failed IM envelope. */
export function fail(code: number, info = `error ${code}`): object {
  return { ActionStatus: "FAIL", ErrorCode: code, ErrorInfo: info };
}

/** What a fake server saw of one request. */
export interface SeenRequest {
  /** Path without query. */
  path: string;
  /** Parsed query. */
  query: URLSearchParams;
  /** Raw URL as received. */
  url: string;
  /** Request headers. */
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body. */
  body: unknown;
  /** The body as sent (to see numbers JSON.parse would round). */
  text: string;
}

/** A started fake server. */
export interface FakeServer {
  /** Base URL. */
  url: string;
  /** Every request received, in order. */
  seen: SeenRequest[];
  /** Stops it. */
  close(): Promise<void>;
}

/**
 * A loopback HTTP server whose `handler` decides each answer: return a value to send it as JSON with
 * status 200, or take over `res`/`req.socket` (e.g. destroy it) and return undefined.
 */
export async function fakeServer(
  handler: (request: SeenRequest, n: number, res: http.ServerResponse) => unknown,
): Promise<FakeServer> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const text = Buffer.concat(chunks).toString("utf8");
      const request: SeenRequest = {
        path: url.pathname,
        query: url.searchParams,
        url: req.url ?? "",
        headers: req.headers,
        body: text === "" ? undefined : JSON.parse(text),
        text,
      };
      seen.push(request);
      const answer = handler(request, seen.length, res);
      if (answer !== undefined && !res.headersSent) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(typeof answer === "string" ? answer : JSON.stringify(answer));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Settings pointing at a fake server. */
export function fakeSettings(url: string, sdkAppId = 1400000001): ConnectionSettings {
  return { sdkAppId, identifier: "administrator", secretKey: FAKE_SECRET, endpoint: url };
}

/** An emulator and clients bound to it. */
export interface ImFixture {
  /** The running emulator. */
  emulator: RunningEmulator;
  /** Connection settings for it. */
  settings: ConnectionSettings;
  /** A new client (fast retries, validated responses) with extra options. */
  client(options?: ImClientOptions): ImClient;
  /** Closes clients and the emulator. */
  close(): Promise<void>;
}

/** Starts an emulator on a free loopback port. */
export async function startIm(options: EmulatorOptions = {}): Promise<ImFixture> {
  const emulator = await startEmulator(options);
  const settings: ConnectionSettings = {
    sdkAppId: emulator.sdkAppId,
    identifier: emulator.identifier,
    secretKey: emulator.secretKey,
    endpoint: emulator.url,
  };
  const clients: ImClient[] = [];
  return {
    emulator,
    settings,
    client(extra: ImClientOptions = {}) {
      const client = new ImClient(settings, {
        validateResponses: true,
        ...extra,
        retry: { ...FAST_RETRY, ...extra.retry },
      });
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((client) => client.close()));
      await emulator.close();
    },
  };
}

/** `count` distinct UserIDs with a prefix. */
export function userIds(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(5, "0")}`);
}

/** The ImError a promise rejects with (fails the test if it resolves or rejects with anything else). */
export async function rejection(promise: Promise<unknown>): Promise<ImError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ImError) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}
