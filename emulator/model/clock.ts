/**
 * The model's notion of "now". Injected so tests can pin time (JoinTime bounds, UserSig expiry,
 * rate-limit windows) instead of racing the wall clock.
 */

/** A source of the current time. */
export interface Clock {
  /** Current time in milliseconds since the Unix epoch. */
  nowMs(): number;
}

/** The wall clock. */
export const systemClock: Clock = { nowMs: () => Date.now() };

/** A clock that only moves when told to; for tests. */
export class ManualClock implements Clock {
  private ms: number;

  /** @param startMs initial time in milliseconds since the epoch (default: the wall clock now). */
  constructor(startMs = Date.now()) {
    this.ms = startMs;
  }

  nowMs(): number {
    return this.ms;
  }

  /** Sets the time, in milliseconds since the epoch. */
  set(ms: number): void {
    this.ms = ms;
  }

  /** Moves the time forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Current Unix time in whole seconds, the unit of every time field of the API (docs/api-reference.md conventions). */
export function nowSeconds(clock: Clock): number {
  return Math.floor(clock.nowMs() / 1000);
}
