/**
 * Client-side rate limiting (after octokit plugin-throttling): IM allows N calls per second per API
 * per app (docs/api-reference.md §2.2) and answers 60007 beyond that. One budget per (app, endpoint, command) lives
 * in a module-level registry, so every client in the process — every resource of one `pulumi up` —
 * shares it; waiting callers are served first come, first served.
 *
 * The server counts a call when it ADMITS it, which may be long after we sent it (a connection-pool
 * queue, a slow first connection) — so spacing our send times alone does not keep the server's
 * window under N. Instead a call holds its slot until its answer arrives, and the slot becomes free
 * one window after that. Since the server admitted the call before it answered, a new call can then
 * never meet N others in the server's window, whatever the network did. At most N calls start in any
 * window of our own clock too.
 */

/** A granted slot: how long the caller waited and how to give the slot back. */
export interface Slot {
  /** Milliseconds spent waiting for the slot. */
  waitedMs: number;
  /** Call once the call's answer (or failure) arrived; later calls are ignored. */
  release: () => void;
}

/** A sliding-window limiter counting calls in flight and calls finished less than a window ago. */
export class SlidingWindowLimiter {
  #limit: number;
  readonly #windowMs: number;
  #inFlight = 0;
  /** Finish times of calls, oldest first, dropped once a window old. */
  readonly #finished: number[] = [];
  readonly #queue: Array<() => void> = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(limit: number, windowMs: number) {
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  /** Lowers the limit (the strictest configuration among clients sharing this budget wins). */
  tighten(limit: number): void {
    this.#limit = Math.min(this.#limit, limit);
  }

  /** Resolves once a call may start. */
  acquire(): Promise<Slot> {
    const queuedAt = performance.now();
    return new Promise((resolve) => {
      this.#queue.push(() => {
        let released = false;
        const release = () => {
          if (released) return;
          released = true;
          this.#inFlight -= 1;
          this.#finished.push(performance.now());
          this.#drain();
        };
        resolve({ waitedMs: performance.now() - queuedAt, release });
      });
      this.#drain();
    });
  }

  #drain(): void {
    const finished = this.#finished;
    while (this.#queue.length > 0) {
      const now = performance.now();
      while (finished.length > 0 && finished[0]! + this.#windowMs <= now) finished.shift();
      if (this.#inFlight + finished.length < this.#limit) {
        this.#inFlight += 1;
        this.#queue.shift()!();
        continue;
      }
      // Full: a finished call ages out of the window, or (all slots in flight) a release drains us.
      if (finished.length > 0 && this.#timer === undefined) {
        this.#timer = setTimeout(
          () => {
            this.#timer = undefined;
            this.#drain();
          },
          Math.ceil(finished[0]! + this.#windowMs - now),
        );
      }
      return;
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
