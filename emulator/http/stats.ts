/** Counters the control plane reports (`GET /__emulator/stats`): what clients did and what was injected. */

/** The kinds of injected fault (FaultOptions in index.ts). */
export type FaultKind =
  | "latency"
  | "latencyAfterCommit"
  | "systemError"
  | "badGateway"
  | "dropConnection"
  | "dropAfterCommit";

/** A copy of the counters. */
export interface StatsSnapshot {
  /** When counting started (start-up or the last reset), ISO 8601. */
  since: string;
  /** API calls by `service/command`; calls to unknown commands count under `other`. */
  calls: Record<string, number>;
  /** Error responses by ErrorCode (as a string key). */
  errors: Record<string, number>;
  /** Calls rejected with 60007, by `service/command`. */
  rateLimited: Record<string, number>;
  /** Faults injected, by kind. */
  faults: Record<FaultKind, number>;
}

/** Mutable counters. */
export class Stats {
  private data: StatsSnapshot = Stats.empty();

  private static empty(): StatsSnapshot {
    const faults = {
      latency: 0,
      latencyAfterCommit: 0,
      systemError: 0,
      badGateway: 0,
      dropConnection: 0,
      dropAfterCommit: 0,
    };
    return { since: new Date().toISOString(), calls: {}, errors: {}, rateLimited: {}, faults };
  }

  /** Counts an API call to `key` (`service/command` or `other`). */
  call(key: string): void {
    this.data.calls[key] = (this.data.calls[key] ?? 0) + 1;
  }

  /** Counts an error response. */
  error(code: number): void {
    this.data.errors[code] = (this.data.errors[code] ?? 0) + 1;
  }

  /** Counts a 60007 refusal. */
  rateLimited(key: string): void {
    this.data.rateLimited[key] = (this.data.rateLimited[key] ?? 0) + 1;
  }

  /** Counts an injected fault. */
  fault(kind: FaultKind): void {
    this.data.faults[kind]++;
  }

  /** A copy of the counters. */
  snapshot(): StatsSnapshot {
    return structuredClone(this.data);
  }

  /** Zeroes the counters and restarts `since`. */
  reset(): void {
    this.data = Stats.empty();
  }
}
