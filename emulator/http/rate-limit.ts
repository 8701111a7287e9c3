/**
 * Calls per second per API per app (docs/api-reference.md §2.2: 100/s, get_appid_group_list 1/s, account_import
 * 200/s), answered with 60007. An exact sliding one-second window: a call is admitted when fewer
 * than N calls were admitted in the 1000 ms before it. Each API keeps a ring of the last N admission
 * times, so a check is O(1) and a burst can never exceed N in any one-second span — stricter than a
 * fixed per-second bucket, which would allow 2N across a second boundary.
 */

import type { Clock } from "../model/clock";

interface Window {
  /** Calls per second; 0 or less means unlimited. */
  limit: number;
  /** Admission times (ms) of the last `limit` admitted calls, as a ring. */
  times: Float64Array;
  /** Ring index of the oldest admission. */
  oldest: number;
}

/** Sliding-window limiter keyed by API. */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  /**
   * @param limitFor calls per second allowed for an API key (asked once per key); 0 or less means unlimited.
   * @param clock time source (tests pin it).
   */
  constructor(
    private readonly limitFor: (key: string) => number,
    private readonly clock: Clock,
  ) {}

  /** Calls per second allowed for `key`; 0 or less means unlimited. */
  limit(key: string): number {
    return this.window(key).limit;
  }

  /** Records a call to `key` and says whether it is within the limit. Rejected calls do not count. */
  admit(key: string): boolean {
    const window = this.window(key);
    const { limit } = window;
    if (limit <= 0) return true;
    const now = this.clock.nowMs();
    if (now - window.times[window.oldest] < 1000) return false;
    window.times[window.oldest] = now;
    window.oldest = (window.oldest + 1) % limit;
    return true;
  }

  /** The window of `key`, created (and its limit asked for) on first use. */
  private window(key: string): Window {
    let window = this.windows.get(key);
    if (!window) {
      const limit = this.limitFor(key);
      const times = new Float64Array(Math.max(limit, 0)).fill(Number.NEGATIVE_INFINITY);
      window = { limit, times, oldest: 0 };
      this.windows.set(key, window);
    }
    return window;
  }
}
