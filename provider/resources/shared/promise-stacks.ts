/**
 * Registering a resource without the stack traces @pulumi/pulumi captures for its promises.
 *
 * The SDK wraps every property of a registered resource in four promises (value, known, secret,
 * dependencies: `transferProperties` in runtime/rpc.js) and gives each one `new Error().stack`
 * (`debuggablePromise` in runtime/debuggable.js), which the source-map support the Node program runs
 * under maps frame by frame. For resources of ~15 properties that was half the program's CPU: a
 * `pulumi preview --refresh` of 300 ImGroups spent 12.4 CPU s in the program with the traces and
 * 6.4 s without (DECISIONS.md, 2026-12-01). The traces only serve the SDK's promise-leak report
 * with `PULUMI_DEBUG_PROMISE_LEAKS` set, so they are kept then.
 *
 * Used around a resource class's `super(...)`: JavaScript runs it synchronously, so nothing but the
 * SDK's registration (and a user's legacy `transformations`, which run inside it) sees the limit.
 */

/** The `Error.stackTraceLimit` to restore, as {@link pausePromiseStacks} returns it. */
export type PausedStacks = number | undefined;

/** Stops stack capture until {@link resumePromiseStacks}; a no-op when leak debugging is on. */
export function pausePromiseStacks(): PausedStacks {
  if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return undefined;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return limit;
}

/**
 * Restores stack capture. Given the error the registration threw, gives it the stack of this call
 * (the resource's constructor and the program line that called it), which capture-free registration
 * left empty.
 */
export function resumePromiseStacks(paused: PausedStacks, thrown?: unknown): void {
  if (paused === undefined) return;
  Error.stackTraceLimit = paused;
  if (thrown instanceof Error) Error.captureStackTrace(thrown, resumePromiseStacks);
}
