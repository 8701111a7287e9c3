/**
 * Fault injection for reliability tests: latency, IM 10002, HTTP 502, a dropped connection before
 * any effect, and a dropped connection after the effect was committed (the lost response that makes
 * non-idempotent creates dangerous). Off by default; changeable at runtime (control plane `faults`).
 */

import { invalidParameter } from "../errors";
import type { FaultKind } from "./stats";

/** Fault injection for reliability tests; every share is a probability in [0, 1]. Off by default. */
export interface FaultOptions {
  /** Extra latency added to every API call, in milliseconds. */
  latencyMs?: number;
  /**
   * Delay before the answer of a call that took effect, in milliseconds: the change is durable while
   * the caller still waits (the window in which a crashed client has changed the server but not
   * recorded it).
   */
  latencyAfterCommitMs?: number;
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

/** What to do to a call before it takes effect. */
export type EarlyFault = Extract<FaultKind, "systemError" | "badGateway" | "dropConnection">;

const LATENCIES = ["latencyMs", "latencyAfterCommitMs"] as const;
const RATES = ["systemErrorRate", "badGatewayRate", "dropConnectionRate", "dropAfterCommitRate"] as const;

/** Checks a FaultOptions value (e.g. from the control plane); throws 10004 naming the field. */
export function checkFaultOptions(options: FaultOptions): void {
  for (const field of LATENCIES) {
    const ms = options[field];
    if (ms !== undefined && !(ms >= 0)) throw invalidParameter(`${field}: ${ms} is below the minimum 0`);
  }
  for (const field of RATES) {
    const rate = options[field];
    if (rate !== undefined && !(rate >= 0 && rate <= 1))
      throw invalidParameter(`${field}: ${rate} is outside [0, 1]`);
  }
  const early =
    (options.systemErrorRate ?? 0) + (options.badGatewayRate ?? 0) + (options.dropConnectionRate ?? 0);
  if (early > 1)
    throw invalidParameter(`systemErrorRate + badGatewayRate + dropConnectionRate: ${early} exceeds 1`);
}

/** Decides, per call, which fault (if any) to inject. */
export class FaultInjector {
  private options: FaultOptions = {};
  private commands: ReadonlySet<string> | undefined;

  /** @param random uniform [0, 1) source; injectable so tests can make shares exact. */
  constructor(
    options: FaultOptions,
    private readonly random: () => number = Math.random,
  ) {
    this.set(options);
  }

  /** Replaces the fault settings. */
  set(options: FaultOptions): void {
    checkFaultOptions(options);
    this.options = { ...options };
    this.commands = options.commands ? new Set(options.commands) : undefined;
  }

  /** The current fault settings. */
  get(): FaultOptions {
    return { ...this.options };
  }

  /** Latency to add to a call of `command`, in ms (0 = none). */
  latencyMs(command: string): number {
    return this.applies(command) ? (this.options.latencyMs ?? 0) : 0;
  }

  /** Latency to add after a call of `command` took effect, before its answer, in ms (0 = none). */
  latencyAfterCommitMs(command: string): number {
    return this.applies(command) ? (this.options.latencyAfterCommitMs ?? 0) : 0;
  }

  /** Draws the fault to inject before `command` takes effect, if any. */
  early(command: string): EarlyFault | undefined {
    if (!this.applies(command)) return undefined;
    const { systemErrorRate = 0, badGatewayRate = 0, dropConnectionRate = 0 } = this.options;
    if (systemErrorRate + badGatewayRate + dropConnectionRate === 0) return undefined;
    const draw = this.random();
    if (draw < systemErrorRate) return "systemError";
    if (draw < systemErrorRate + badGatewayRate) return "badGateway";
    if (draw < systemErrorRate + badGatewayRate + dropConnectionRate) return "dropConnection";
    return undefined;
  }

  /** Draws whether to drop the connection after `command` took effect. */
  dropAfterCommit(command: string): boolean {
    const rate = this.options.dropAfterCommitRate ?? 0;
    return rate > 0 && this.applies(command) && this.random() < rate;
  }

  private applies(command: string): boolean {
    return !this.commands || this.commands.has(command);
  }
}
