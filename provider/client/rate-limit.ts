/**
 * Client-side rate limiting (after octokit plugin-throttling): IM allows N calls per second per API
 * per app (API.md §2.2) and answers 60007 beyond that. One budget per (app, endpoint, command) lives in a
 * module-level registry, so every client in the process — every resource of one `pulumi up` — shares
 * it. A sliding-window log guarantees at most N call starts in ANY window of `windowMs` (a token
 * bucket would allow 2N across a window boundary); waiting callers are served first come, first served.
 */

/** A sliding-window limiter with a FIFO queue. */
export class SlidingWindowLimiter {
  #limit: number;
  readonly #windowMs: number;
  /** Start times of the most recent calls, oldest first; only the last `limit` matter. */
  readonly #starts: number[] = [];
  readonly #queue: Array<() => void> = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(limit: number, windowMs: number) {
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  /** Calls allowed per window. */
  get limit(): number {
    return this.#limit;
  }

  /** Lowers the limit (the strictest configuration among clients sharing this budget wins). */
  tighten(limit: number): void {
    this.#limit = Math.min(this.#limit, limit);
  }

  /** Resolves, with the milliseconds waited, once a call may start. */
  acquire(): Promise<number> {
    const queuedAt = performance.now();
    return new Promise((resolve) => {
      this.#queue.push(() => resolve(performance.now() - queuedAt));
      this.#drain();
    });
  }

  #drain(): void {
    while (this.#queue.length > 0) {
      const now = performance.now();
      const starts = this.#starts;
      const free = starts.length < this.#limit ? now : starts[starts.length - this.#limit]! + this.#windowMs;
      if (free > now) {
        if (this.#timer === undefined) {
          this.#timer = setTimeout(
            () => {
              this.#timer = undefined;
              this.#drain();
            },
            Math.ceil(free - now),
          );
        }
        return;
      }
      this.#starts.push(now);
      while (this.#starts.length > this.#limit) this.#starts.shift();
      this.#queue.shift()!();
    }
  }
}

const registry = new Map<string, SlidingWindowLimiter>();

/**
 * The process-wide limiter for one API of one app behind one endpoint (a region's primary and backup
 * hosts share the server's budget). The first caller creates it; a later caller asking for a lower
 * rate tightens it, so the strictest configured rate always holds.
 */
export function sharedLimiter(
  key: { sdkAppId: number; endpoint: string; command: string },
  perSecond: number,
  windowMs: number,
): SlidingWindowLimiter {
  const id = `${key.sdkAppId}|${key.endpoint}|${key.command}`;
  let limiter = registry.get(id);
  if (limiter === undefined) {
    limiter = new SlidingWindowLimiter(perSecond, windowMs);
    registry.set(id, limiter);
  } else {
    limiter.tighten(perSecond);
  }
  return limiter;
}
