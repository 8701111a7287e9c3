/**
 * Test harness for the emulator: starts one on a free loopback port (memory or file store, the
 * latter in its own temp dir), signs requests with the official UserSig library, and calls the REST
 * API and the control plane over real HTTP.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "@imgroups/im-emulator";

/** The official library (tencentyun/tls-sig-api-v2-node); it ships no types. */
const { Api: TlsSigApi } = require("tls-sig-api-v2") as {
  Api: new (sdkAppId: number, key: string) => { genSig(identifier: string, expire: number): string };
};

/** A UserSig made by the official library, valid for `expire` seconds from the real now. */
export function officialUserSig(
  sdkAppId: number,
  secretKey: string,
  identifier: string,
  expire = 86_400,
): string {
  return new TlsSigApi(sdkAppId, secretKey).genSig(identifier, expire);
}

/** A parsed JSON answer: its shape is checked by assertions, not by types. */
// biome-ignore lint/suspicious/noExplicitAny: JSON answers are checked by assertions, not types.
export type Json = any;

/** The two stores every conformance case runs against. */
export const STORES = ["memory", "file"] as const;
/** A store kind. */
export type StoreKind = (typeof STORES)[number];

/** An IM response envelope with whatever else the command returns. */
export type Envelope = { ActionStatus: string; ErrorCode: number; ErrorInfo: string } & Record<string, Json>;

/** URL parameters of an API call; each may be overridden or left out (`null`). */
export interface CallOptions {
  identifier?: string | null;
  usersig?: string | null;
  sdkappid?: string | null;
  contenttype?: string | null;
  random?: string | null;
  /** HTTP method; default POST. */
  method?: string;
  /** Raw body text instead of JSON-encoding `body`. */
  rawBody?: string;
}

/** A running emulator plus helpers to talk to it. */
export interface Target {
  emulator: RunningEmulator;
  /** The data dir of a file-store target. */
  dataDir: string | undefined;
  /** Calls `/v4/<service>/<command>` and parses the JSON answer. */
  call(command: string, body?: unknown, options?: CallOptions): Promise<Envelope>;
  /** Calls and returns the raw fetch Response. */
  fetch(command: string, body?: unknown, options?: CallOptions): Promise<Response>;
  /** Calls a control-plane route (`reset`, `state`, ...). */
  control(method: "GET" | "POST", route: string, body?: unknown): Promise<{ status: number; body: Json }>;
  /** Stops the emulator (keeps the data dir). */
  stop(): Promise<void>;
  /** Stops it and removes the data dir. */
  close(): Promise<void>;
}

/** Commands are given as `service/command`; a bare command means group_open_http_svc. */
function commandPath(command: string): string {
  return command.includes("/") ? command : `group_open_http_svc/${command}`;
}

/** A fresh temp dir for a data dir. */
export function tempDir(prefix = "im-emulator-test-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Starts an emulator with `options` on a free loopback port; `kind: "file"` gives it a temp data dir. */
export async function startTarget(kind: StoreKind, options: EmulatorOptions = {}): Promise<Target> {
  const dataDir = kind === "file" ? (options.dataDir ?? tempDir()) : undefined;
  const emulator = await startEmulator({ ...options, dataDir, port: 0, host: "127.0.0.1" });
  return bindTarget(emulator, dataDir);
}

/** Where an emulator is and how to sign for it: all a client needs (the CLI prints these). */
export interface Endpoint {
  url: string;
  sdkAppId: number;
  identifier: string;
  secretKey: string;
}

/** A fetch of `/v4/<service>/<command>` signed as the endpoint's admin, with URL overrides. */
export function apiFetcher(
  endpoint: Endpoint,
): (command: string, body?: unknown, options?: CallOptions) => Promise<Response> {
  const adminSig = officialUserSig(endpoint.sdkAppId, endpoint.secretKey, endpoint.identifier, 365 * 86_400);
  return (command, body = {}, options = {}) => {
    const params: Record<string, string | null> = {
      sdkappid: String(endpoint.sdkAppId),
      identifier: endpoint.identifier,
      usersig: adminSig,
      random: "12345",
      contenttype: "json",
    };
    for (const key of ["sdkappid", "identifier", "usersig", "random", "contenttype"] as const) {
      if (options[key] !== undefined) params[key] = options[key];
    }
    const query = Object.entries(params)
      .filter((entry): entry is [string, string] => entry[1] !== null)
      .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
      .join("&");
    const method = options.method ?? "POST";
    return fetch(`${endpoint.url}/v4/${commandPath(command)}?${query}`, {
      method,
      body: method === "GET" ? undefined : (options.rawBody ?? JSON.stringify(body)),
      headers: { "content-type": "application/json; charset=utf-8" },
    });
  };
}

/** Like {@link apiFetcher}, answering the parsed envelope (and failing on a non-200 status). */
export function apiCaller(
  endpoint: Endpoint,
): (command: string, body?: unknown, options?: CallOptions) => Promise<Envelope> {
  const doFetch = apiFetcher(endpoint);
  return async (command, body, options) => {
    const response = await doFetch(command, body, options);
    if (response.status !== 200) throw new Error(`HTTP ${response.status} from ${command}`);
    return (await response.json()) as Envelope;
  };
}

/** Helpers around an already running emulator. */
export function bindTarget(emulator: RunningEmulator, dataDir: string | undefined): Target {
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await emulator.close();
  };
  return {
    emulator,
    dataDir,
    fetch: apiFetcher(emulator),
    call: apiCaller(emulator),
    async control(method, route, body) {
      const response = await fetch(`${emulator.url}/__emulator/${route}`, {
        method,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    stop,
    async close() {
      await stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
