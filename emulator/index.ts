/**
 * Public entry point of the IM group REST API emulator.
 *
 * CONTRACT (shared with provider/client tests, scripts and benchmarks — change only together):
 * `startEmulator(options)` starts an HTTP server and resolves once it listens; `RunningEmulator`
 * says where it is and how to stop it. Fields beyond the original contract are optional additions.
 */

import { randomBytes } from "node:crypto";
import { type ConsoleInfo, type ConsoleOptions, ConsoleRoutes } from "./console/routes";
import { Control, type EmulatorControl } from "./control";
import { ApiPlane } from "./http/api";
import { ControlRoutes } from "./http/control-routes";
import { FaultInjector, type FaultOptions } from "./http/faults";
import { DEFAULT_MAX_JSON_DEPTH } from "./http/json-body";
import { RateLimiter } from "./http/rate-limit";
import { createHttpServer, listen, shutdown } from "./http/server";
import { Stats } from "./http/stats";
import { prepareTls, type TlsCredentials, type TlsOption } from "./http/tls";
import { UserSigVerifier } from "./http/usersig";
import { type Clock, systemClock } from "./model/clock";
import { ImModel } from "./model/index";
import type { CustomDataKeys, ModelOptions } from "./model/settings";
import type { Op, StateSnapshot } from "./model/state";
import { FileStore } from "./persistence/file-store";
import { MemoryStore } from "./persistence/memory-store";
import type { Store } from "./persistence/store";
import { checkStoredBatch, checkStoredSnapshot } from "./stored-records";

/** The web console's options and address (documented in console/routes.ts). */
export type { ConsoleInfo, ConsoleOptions } from "./console/routes";
/** Control-plane operations (documented in control.ts). */
export type { EmulatorControl } from "./control";
/** Fault settings (documented in http/faults.ts). */
export type { FaultOptions } from "./http/faults";
/** Control-plane counters (documented in http/stats.ts). */
export type { StatsSnapshot } from "./http/stats";
/** HTTPS settings (documented in http/tls.ts). */
export type { TlsFiles, TlsOption } from "./http/tls";
/** Time sources (documented in model/clock.ts). */
export { type Clock, ManualClock } from "./model/clock";
export { READ_COMMANDS } from "./model/index";
/** Documented limits and custom-data key rules (documented in model/settings.ts). */
export { type CustomDataKeys, DEFAULT_LIMITS, type ModelLimits } from "./model/settings";
/** The state as JSON (documented in model/state.ts). */
export type { StateSnapshot } from "./model/state";

/** Limits of {@link EmulatorOptions}: the model's (docs/api-reference.md §9) plus the transport's. */
export type EmulatorLimits = NonNullable<ModelOptions["limits"]> & {
  /** Largest response body in bytes; a larger answer is replaced by 10018 (003). Default 1 MiB. */
  responseBytes?: number;
  /** Largest request body in bytes; a larger one gets 60003. Default 16 MiB. */
  requestBytes?: number;
  /** Deepest nesting of arrays and objects in a request body; deeper gets 60003. Default 64. */
  requestDepth?: number;
};

/** Options of {@link startEmulator}; every field has a documented default. */
export interface EmulatorOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** TCP port; `0` (default) picks a free one. */
  port?: number;
  /** Directory for durable state; absent means in-memory only. */
  dataDir?: string;
  /** The app's SDKAppID. Default 1400000000. */
  sdkAppId?: number;
  /** App admin identifiers (at most 10). Default `["administrator"]`. */
  adminIdentifiers?: string[];
  /** The app secret key used to verify UserSig. Default: a random 64-character hex string. */
  secretKey?: string;
  /** Calls per second per API per app; `0` disables the limit. Default 100 (docs/api-reference.md §9). */
  rateLimitPerSecond?: number;
  /** Accept accounts that were never imported (quick demos). Default false. */
  autoImportAccounts?: boolean;
  /** Fault injection, off by default. */
  faults?: FaultOptions;
  /**
   * Calls per second for individual commands, by command name, overriding `rateLimitPerSecond`.
   * Defaults (only while `rateLimitPerSecond` > 0): `get_appid_group_list` 1, `account_import` 200
   * (docs/api-reference.md §9). An entry here applies even when `rateLimitPerSecond` is 0.
   */
  rateLimits?: Record<string, number>;
  /** Overrides of the documented limits (docs/api-reference.md §9); see {@link DEFAULT_LIMITS}. */
  limits?: EmulatorLimits;
  /** Group custom-data keys: any key by default; set `allowed` to require enabled keys (10004). */
  appDefinedDataKeys?: CustomDataKeys;
  /** Member custom-data keys: any key by default; set `allowed` to require enabled keys (10004). */
  appMemberDefinedDataKeys?: CustomDataKeys;
  /**
   * Emit the legacy mute names of 003 (`ShutUpAllMember`, `ShutUpUntil`) next to the current ones.
   * Default true; false answers with the newest names only.
   */
  emitLegacyNames?: boolean;
  /** Let a destroyed custom GroupId be created again (default false: 10021). */
  allowDestroyedIdReuse?: boolean;
  /** With `dataDir`: `write` (default) survives a killed process; `fsync` also a power cut, slower. */
  durability?: "write" | "fsync";
  /** With `dataDir`: compact the journal into the snapshot past this many bytes. Default 8 MiB. */
  compactBytes?: number;
  /** Time source for every rule (JoinTime bounds, UserSig expiry, rate windows). Default the wall clock. */
  clock?: Clock;
  /** Uniform [0, 1) source deciding fault injection. Default `Math.random`. */
  random?: () => number;
  /** Receives unexpected exceptions (answered as 10002). Default: print to stderr. */
  onError?: (error: unknown) => void;
  /**
   * Serve HTTPS: `true` self-signs a certificate (kept in `<dataDir>/tls/`, else in a temp dir
   * removed on close) whose subjectAltName covers the host, 127.0.0.1, ::1 and localhost; or give
   * `{ certFile, keyFile }` (PEM). Default: plain HTTP.
   */
  tls?: TlsOption;
  /**
   * The web console at `GET /` (emulator/README.md "Web console"): read-only unless given its token
   * or the secret key. On by default; `false` turns it off (its paths then get the API's 60002).
   */
  console?: ConsoleOptions | false;
}

/** Where the certificate of an HTTPS emulator is and how to recognise it. */
export interface RunningTls {
  /** Absolute path of the certificate (PEM): what clients put in their trust store. */
  readonly certFile: string;
  /** SHA-256 fingerprint, colon-separated upper-case hex. */
  readonly fingerprint256: string;
  /** The certificate itself (PEM), e.g. for a client's `ca` option. */
  readonly cert: string;
}

/** A started emulator. */
export interface RunningEmulator {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The SDKAppID it serves. */
  readonly sdkAppId: number;
  /** The first admin identifier. */
  readonly identifier: string;
  /** Every App admin identifier. */
  readonly adminIdentifiers: readonly string[];
  /** The secret key UserSigs must be signed with. */
  readonly secretKey: string;
  /** The data directory (absolute), or undefined when state is in memory only. */
  readonly dataDir: string | undefined;
  /** The control plane, in process (the same operations as `/__emulator/...`). */
  readonly control: EmulatorControl;
  /** The certificate when serving HTTPS (`url` is then `https://…`), else undefined. */
  readonly tls: RunningTls | undefined;
  /** The web console's page and the token that unlocks its edits; absent with `console: false`. */
  readonly console?: ConsoleInfo;
  /** Stops accepting connections, flushes durable state and closes. */
  close(): Promise<void>;
}

/** App admins an app may have (docs/api-reference.md §3.1). */
const MAX_ADMINS = 10;
/** Per-command rate limits of docs/api-reference.md §9 that differ from the per-API default. */
const DEFAULT_RATE_LIMITS: Record<string, number> = { get_appid_group_list: 1, account_import: 200 };

/** Starts an emulator; resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const sdkAppId = options.sdkAppId ?? 1400000000;
  const adminIdentifiers = options.adminIdentifiers ?? ["administrator"];
  const secretKey = options.secretKey ?? randomBytes(32).toString("hex");
  checkOptions(sdkAppId, adminIdentifiers, secretKey);
  const clock = options.clock ?? systemClock;
  const {
    responseBytes = 1024 * 1024,
    requestBytes = 16 * 1024 * 1024,
    requestDepth = DEFAULT_MAX_JSON_DEPTH,
    ...modelLimits
  } = options.limits ?? {};

  const store: Store<Op, StateSnapshot> = options.dataDir
    ? new FileStore(options.dataDir, { durability: options.durability, compactBytes: options.compactBytes })
    : new MemoryStore();
  const model = new ImModel(
    {
      limits: modelLimits,
      adminIdentifiers,
      autoImportAccounts: options.autoImportAccounts,
      appDefinedDataKeys: options.appDefinedDataKeys,
      appMemberDefinedDataKeys: options.appMemberDefinedDataKeys,
      emitLegacyNames: options.emitLegacyNames,
      allowDestroyedIdReuse: options.allowDestroyedIdReuse,
    },
    clock,
    (ops) => store.append(ops),
  );
  const flush = () => store.flush();
  const host = options.host ?? "127.0.0.1";
  const onError = options.onError ?? ((error) => console.error("im-emulator: unexpected error:", error));
  // Made before the store opens (and takes a data dir's lock), so a bad console option leaves nothing open.
  const web =
    options.console === false
      ? undefined
      : new ConsoleRoutes(options.console ?? {}, {
          model,
          flush,
          secretKey,
          sdkAppId,
          adminIdentifiers,
          listenHost: host,
          onError,
        });
  await store.open({
    restore: (snapshot) => {
      checkStoredSnapshot(snapshot);
      model.state.load(snapshot);
    },
    replay: (ops) => {
      checkStoredBatch(ops);
      for (const op of ops) model.state.apply(op);
    },
    snapshot: () => model.state.snapshot(),
  });

  const stats = new Stats();
  const faults = new FaultInjector(options.faults ?? {}, options.random);
  const control = new Control(model, flush, stats, faults);
  const api = new ApiPlane({
    sdkAppId,
    adminIdentifiers,
    maxResponseBytes: responseBytes,
    maxRequestBytes: requestBytes,
    maxRequestDepth: requestDepth,
    model,
    flush,
    verifier: new UserSigVerifier(sdkAppId, secretKey, clock),
    limiter: new RateLimiter(rateLimitFor(options), clock),
    faults,
    stats,
    onError,
    onCall: web?.recordApiCall,
  });
  let tls: TlsCredentials | undefined;
  let port: number;
  let server: ReturnType<typeof createHttpServer>;
  try {
    tls = options.tls
      ? prepareTls(options.tls, host, options.dataDir ? store.location : undefined)
      : undefined;
    server = createHttpServer(api, new ControlRoutes(control, requestBytes, requestDepth), { tls, web });
    port = await listen(server, options.port ?? 0, host);
  } catch (error) {
    tls?.dispose();
    await store.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  const url = `${tls ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    url,
    sdkAppId,
    identifier: adminIdentifiers[0],
    adminIdentifiers,
    secretKey,
    dataDir: options.dataDir ? store.location : undefined,
    control,
    tls: tls && { certFile: tls.certFile, fingerprint256: tls.fingerprint256, cert: tls.cert },
    console: web && { url: `${url}/`, token: web.token },
    close() {
      closing ??= shutdown(server)
        .then(() => store.close())
        .finally(() => tls?.dispose());
      return closing;
    },
  };
}

function checkOptions(sdkAppId: number, admins: string[], secretKey: string): void {
  if (!Number.isSafeInteger(sdkAppId) || sdkAppId <= 0)
    throw new Error(`sdkAppId: ${sdkAppId} is not a positive integer`);
  if (admins.length === 0 || admins.length > MAX_ADMINS) {
    throw new Error(`adminIdentifiers: ${admins.length} given; an app has 1 to ${MAX_ADMINS} App admins`);
  }
  if (admins.some((admin) => admin.length === 0)) throw new Error("adminIdentifiers: an identifier is empty");
  if (secretKey.length === 0) throw new Error("secretKey: must not be empty");
}

/** Calls per second for an API key `service/command` (docs/api-reference.md §2.2, §9); 0 = unlimited. */
function rateLimitFor(options: EmulatorOptions): (key: string) => number {
  const base = options.rateLimitPerSecond ?? 100;
  const explicit = options.rateLimits ?? {};
  return (key) => {
    const command = key.slice(key.indexOf("/") + 1);
    if (Object.hasOwn(explicit, command)) return explicit[command];
    return base > 0 ? (DEFAULT_RATE_LIMITS[command] ?? base) : 0;
  };
}
