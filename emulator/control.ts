/**
 * The control plane's operations, for tests and tools: reset, seed, dump, stats, faults, message
 * counts. Served over HTTP under `/__emulator/` (http/control-routes.ts) and in-process as
 * `RunningEmulator.control`. Changes go through the model and the store like any API write, so they
 * persist in a data dir too.
 */

import type { FaultInjector, FaultOptions } from "./http/faults";
import { compileCheck, FAULTS_SCHEMA, MESSAGE_COUNT_SCHEMA, SNAPSHOT_SCHEMA } from "./http/schemas";
import type { Stats, StatsSnapshot } from "./http/stats";
import type { ImModel } from "./model/index";
import type { StateSnapshot } from "./model/state";

/** In-process access to the control plane. */
export interface EmulatorControl {
  /** Forgets every account (except App admins), group and destroyed ID. */
  reset(): Promise<void>;
  /** Replaces the whole state with a snapshot (the shape {@link EmulatorControl.state} returns). */
  seed(snapshot: StateSnapshot): Promise<void>;
  /** The whole state as JSON-ready data; never contains the secret key. */
  state(): StateSnapshot;
  /** Calls per `service/command`, errors per code, rate-limited calls, injected faults. */
  stats(): StatsSnapshot;
  /** Zeroes the counters. */
  resetStats(): void;
  /** The current fault settings. */
  faults(): FaultOptions;
  /** Replaces the fault settings; throws on a share outside [0, 1] or a negative latency. */
  setFaults(faults: FaultOptions): void;
  /**
   * Sets how many messages a group has had (messaging is not emulated): NextMsgSeq becomes
   * `msgCount + 1`, LastMsgTime `lastMsgTime` (default now). Returns the new NextMsgSeq.
   */
  setMessageCount(groupId: string, msgCount: number, lastMsgTime?: number): Promise<number>;
}

const checkSnapshot = compileCheck(SNAPSHOT_SCHEMA, 10004);
const checkMessageCount = compileCheck(MESSAGE_COUNT_SCHEMA, 10004);
const checkFaults = compileCheck(FAULTS_SCHEMA, 10004);

/** The control operations over one emulator's parts. */
export class Control implements EmulatorControl {
  constructor(
    private readonly model: ImModel,
    private readonly flush: () => Promise<void>,
    private readonly statsCounter: Stats,
    private readonly injector: FaultInjector,
  ) {}

  async reset(): Promise<void> {
    this.model.reset();
    await this.flush();
  }

  async seed(snapshot: StateSnapshot): Promise<void> {
    checkSnapshot(snapshot);
    this.model.seed(snapshot);
    await this.flush();
  }

  state(): StateSnapshot {
    return this.model.state.snapshot();
  }

  stats(): StatsSnapshot {
    return this.statsCounter.snapshot();
  }

  resetStats(): void {
    this.statsCounter.reset();
  }

  faults(): FaultOptions {
    return this.injector.get();
  }

  setFaults(faults: FaultOptions): void {
    checkFaults(faults);
    this.injector.set(faults);
  }

  async setMessageCount(groupId: string, msgCount: number, lastMsgTime?: number): Promise<number> {
    const request = {
      GroupId: groupId,
      MsgCount: msgCount,
      ...(lastMsgTime === undefined ? {} : { LastMsgTime: lastMsgTime }),
    };
    checkMessageCount(request);
    const { NextMsgSeq } = this.model.setMessageCount(request);
    await this.flush();
    return NextMsgSeq;
  }
}
