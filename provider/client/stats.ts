/** Counters one client keeps, so benchmarks can compare work done with the physical bound. */

/** A snapshot of a client's counters since creation or the last reset. */
export interface ClientStats {
  /** HTTP attempts per API, keyed `service/command` (retries included). */
  calls: Record<string, number>;
  /** Attempts that were retries (also counted in `calls`). */
  retries: number;
  /** Attempts that had to wait for the rate limiter. */
  throttledWaits: number;
  /** Total milliseconds spent waiting for the rate limiter. */
  throttledWaitMs: number;
  /** UserSigs generated (1 plus one per renewal). */
  userSigsIssued: number;
}

/** Mutable counters behind {@link ClientStats}. */
export class StatsCounter {
  #calls = new Map<string, number>();
  #retries = 0;
  #throttledWaits = 0;
  #throttledWaitMs = 0;
  #userSigBaseline = 0;

  /** Records one attempt of `endpoint` that waited `waitedMs` for the limiter. */
  attempt(endpoint: string, waitedMs: number): void {
    this.#calls.set(endpoint, (this.#calls.get(endpoint) ?? 0) + 1);
    // Sub-millisecond waits are scheduling noise, not throttling.
    if (waitedMs >= 1) {
      this.#throttledWaits += 1;
      this.#throttledWaitMs += waitedMs;
    }
  }

  /** Records one retry. */
  retry(): void {
    this.#retries += 1;
  }

  /** A snapshot; `userSigsIssued` is the signer's total, reported relative to the last reset. */
  snapshot(userSigsIssued: number): ClientStats {
    return {
      calls: Object.fromEntries(this.#calls),
      retries: this.#retries,
      throttledWaits: this.#throttledWaits,
      throttledWaitMs: Math.round(this.#throttledWaitMs),
      userSigsIssued: userSigsIssued - this.#userSigBaseline,
    };
  }

  /** Zeroes every counter. */
  reset(userSigsIssued: number): void {
    this.#calls.clear();
    this.#retries = 0;
    this.#throttledWaits = 0;
    this.#throttledWaitMs = 0;
    this.#userSigBaseline = userSigsIssued;
  }
}
