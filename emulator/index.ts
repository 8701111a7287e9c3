/**
 * Public entry point of the IM group REST API emulator.
 *
 * CONTRACT (shared with provider/client tests, scripts and benchmarks — change only together):
 * `startEmulator(options)` starts an HTTP server and resolves once it listens; `RunningEmulator`
 * says where it is and how to stop it. The implementation is being written; the types below are
 * the agreed shape.
 */

/** Fault injection for reliability tests; every share is a probability in [0, 1]. Off by default. */
export interface FaultOptions {
  /** Extra latency added to every API call, in milliseconds. */
  latencyMs?: number;
  /** Share of API calls answered with IM error 10002 (system error, retryable) without any effect. */
  systemErrorRate?: number;
  /** Share of API calls answered with HTTP 502 and no effect. */
  badGatewayRate?: number;
  /** Share of API calls whose connection is destroyed before a response is written, with no effect. */
  dropConnectionRate?: number;
  /**
   * Share of API calls whose connection is destroyed AFTER the operation took effect (the response
   * is lost): the case that makes non-idempotent creates dangerous.
   */
  dropAfterCommitRate?: number;
  /** Only inject faults on these commands (e.g. ["create_group"]); all commands when absent. */
  commands?: string[];
}

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
  /** Calls per second per API per app; `0` disables the limit. Default 100 (API.md §9). */
  rateLimitPerSecond?: number;
  /** Accept accounts that were never imported (quick demos). Default false. */
  autoImportAccounts?: boolean;
  /** Fault injection, off by default. */
  faults?: FaultOptions;
}

/** A started emulator. */
export interface RunningEmulator {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The SDKAppID it serves. */
  readonly sdkAppId: number;
  /** The first admin identifier. */
  readonly identifier: string;
  /** The secret key UserSigs must be signed with. */
  readonly secretKey: string;
  /** Stops accepting connections, flushes durable state and closes. */
  close(): Promise<void>;
}

export declare function startEmulator(options?: EmulatorOptions): Promise<RunningEmulator>;
