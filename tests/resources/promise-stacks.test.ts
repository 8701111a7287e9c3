/**
 * The resource classes register without the SDK's per-promise stack traces (promise-stacks.ts):
 * the limit is always put back, an error thrown while paused still gets a stack that names its
 * caller, and the SDK's leak debugging (PULUMI_DEBUG_PROMISE_LEAKS) keeps its traces.
 */

import {
  pausePromiseStacks,
  RESOURCE_TRACE_FRAMES,
  resumePromiseStacks,
} from "@imgroups/tencentcloud-im/resources/shared/promise-stacks";
import { expect } from "chai";

describe("registration without promise stack traces", () => {
  let saved: number;
  let savedEnv: string | undefined;
  beforeEach(() => {
    saved = Error.stackTraceLimit;
    savedEnv = process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
  });
  afterEach(() => {
    Error.stackTraceLimit = saved;
    if (savedEnv === undefined) delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    else process.env.PULUMI_DEBUG_PROMISE_LEAKS = savedEnv;
  });

  it("captures no frames while paused and restores the limit it found", () => {
    Error.stackTraceLimit = 25;
    const paused = pausePromiseStacks();
    const quiet = new Error("while paused");
    resumePromiseStacks(paused);
    expect(quiet.stack).to.equal("Error: while paused");
    expect(Error.stackTraceLimit).to.equal(25);
    expect(new Error("after").stack).to.include("\n    at ");
  });

  it("gives an error thrown while paused the stack of the code that registered", function registersAGroup() {
    const paused = pausePromiseStacks();
    let thrown: Error | undefined;
    try {
      throw new Error("invalid resource options");
    } catch (error) {
      resumePromiseStacks(paused, error);
      thrown = error as Error;
    }
    expect(thrown?.message).to.equal("invalid resource options");
    expect(thrown?.stack).to.match(/^Error: invalid resource options\n {4}at /);
    expect(thrown?.stack).to.include("registersAGroup");
    expect(Error.stackTraceLimit).to.equal(saved);
  });

  it("cuts the resource's own trace (the SDK lifts the limit for it) at the program line", () => {
    const prepare = Error.prepareStackTrace;
    const paused = pausePromiseStacks();
    // What Resource.callsites does: no limit, then read the stack.
    Error.stackTraceLimit = Number.POSITIVE_INFINITY;
    const frames = new Error("callsites").stack!.split("\n").slice(1);
    Error.stackTraceLimit = 0;
    resumePromiseStacks(paused);
    expect(frames).to.have.length(RESOURCE_TRACE_FRAMES);
    expect(frames.every((frame) => frame.startsWith("    at "))).to.equal(true);
    expect(Error.prepareStackTrace).to.equal(prepare);
    Error.stackTraceLimit = Number.POSITIVE_INFINITY;
    expect(new Error("after").stack!.split("\n").length).to.be.above(RESOURCE_TRACE_FRAMES + 1);
  });

  it("keeps the traces when the SDK's promise-leak debugging is on", () => {
    process.env.PULUMI_DEBUG_PROMISE_LEAKS = "true";
    const paused = pausePromiseStacks();
    expect(Error.stackTraceLimit).to.equal(saved);
    expect(new Error("traced").stack).to.include("\n    at ");
    resumePromiseStacks(paused, new Error("kept"));
    expect(Error.stackTraceLimit).to.equal(saved);
  });
});
