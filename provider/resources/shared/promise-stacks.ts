/**
 * Registering a resource without the stack traces @pulumi/pulumi captures for it and its promises.
 *
 * The SDK wraps every property of a registered resource in four promises (value, known, secret,
 * dependencies: `transferProperties` in runtime/rpc.js) and gives each one `new Error().stack`
 * (`debuggablePromise` in runtime/debuggable.js), which the source-map support the Node program runs
 * under maps frame by frame. For resources of ~15 properties that was half the program's CPU: a
 * `pulumi preview --refresh` of 300 ImGroups spent 12.4 CPU s in the program with them and 6.4 s
 * without (DECISIONS.md, 2026-12-01). The traces only serve the SDK's promise-leak report with
 * `PULUMI_DEBUG_PROMISE_LEAKS` set, so they are kept then.
 *
 * The resource's own trace (`Resource.callsites` in resource.js) lifts the limit to Infinity, maps
 * every frame of the program's call stack (ts-node's module loading included) and sends them all;
 * the engine stores them in the checkpoint (`sourcePosition`, `stackTrace`: ~700 bytes a resource
 * on the test program, DECISIONS.md 2026-12-06). While paused it is cut at the program line that
 * made the resource: `sourcePosition` still names it, nothing deeper is mapped or stored.
 *
 * Used around a resource class's `super(...)`: JavaScript runs it synchronously, so nothing but the
 * SDK's registration (and a user's legacy `transformations`, which run inside it) sees the limits.
 * The class must extend `pulumi.CustomResource` directly (the SDK skips its own frames and the
 * class's: `Resource.stackTrace(4)`).
 */

/** What {@link pausePromiseStacks} changed, to put back. */
export type PausedStacks = { limit: number; prepare: typeof Error.prepareStackTrace } | undefined;

/**
 * Frames of a resource's trace the SDK reads: its own four (callsites, stackTrace, the Resource and
 * CustomResource constructors), the resource class's constructor, and the program line.
 */
export const RESOURCE_TRACE_FRAMES = 6;

/** Stops stack capture until {@link resumePromiseStacks}; a no-op when leak debugging is on. */
export function pausePromiseStacks(): PausedStacks {
  if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return undefined;
  const paused = { limit: Error.stackTraceLimit, prepare: Error.prepareStackTrace };
  Error.stackTraceLimit = 0;
  const prepare = paused.prepare;
  Error.prepareStackTrace = (error, frames) => {
    const kept = frames.slice(0, RESOURCE_TRACE_FRAMES);
    return prepare ? prepare(error, kept) : defaultFormat(error, kept);
  };
  return paused;
}

/**
 * Restores stack capture. Given the error the registration threw, gives it the stack of this call
 * (the resource's constructor and the program line that called it), which capture-free registration
 * left empty.
 */
export function resumePromiseStacks(paused: PausedStacks, thrown?: unknown): void {
  if (paused === undefined) return;
  Error.stackTraceLimit = paused.limit;
  Error.prepareStackTrace = paused.prepare;
  if (thrown instanceof Error) Error.captureStackTrace(thrown, resumePromiseStacks);
}

/** V8's own format, for when nothing (source-map support, ts-node) installed a formatter. */
function defaultFormat(error: Error, frames: NodeJS.CallSite[]): string {
  const head = `${error.name}${error.message ? `: ${error.message}` : ""}`;
  return [head, ...frames.map((frame) => `    at ${frame}`)].join("\n");
}
