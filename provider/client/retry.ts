/**
 * Retries (after octokit plugin-retry): jittered exponential backoff on transient failures only.
 * What is transient is decided where the error is made (ImError.retryable: network errors, HTTP
 * 408/429/5xx, IM 10002/60007…, docs/api-reference.md §10); this module decides whether resending is SAFE.
 * A non-idempotent request is resent only when the previous attempt provably did not take effect
 * (the connection never opened, or IM itself answered with a failure), never after a lost answer.
 */
import { ImError } from "./errors";

/** Backoff settings. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  retries: number;
  /** Base delay of the first retry, in milliseconds. */
  minDelayMs: number;
  /** Cap of any single delay, in milliseconds. */
  maxDelayMs: number;
}

/** How one logical call may be retried. */
export interface RetryContext {
  /** Whether sending the request twice has the same effect as sending it once. */
  idempotent: boolean;
  /** Told before each retry sleeps. */
  onRetry: (error: ImError, nextAttempt: number, delayMs: number) => void;
}

/** Whether a failed attempt may be sent again under `idempotent` semantics. */
export function mayResend(error: unknown, idempotent: boolean): error is ImError {
  return error instanceof ImError && error.retryable && (idempotent || !error.outcomeUnknown);
}

/** "Full jitter" backoff: uniform in [0, min(max, min * 2^(retry-1))]. */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** (retry - 1));
  return Math.round(Math.random() * ceiling);
}

/** Runs `attempt(n)` (n is 1-based) until it succeeds, fails for good, or the retries are spent. */
export async function withRetries<T>(
  policy: RetryPolicy,
  context: RetryContext,
  attempt: (n: number) => Promise<T>,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n > policy.retries || !mayResend(error, context.idempotent)) throw error;
      const delayMs = backoffDelay(policy, n);
      context.onRetry(error, n + 1, delayMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
