/**
 * Checks of what the file store reads back before any of it is applied: a snapshot against the
 * state's shape and each journaled batch against its ops' shapes (http/schemas.ts), so a record that
 * parses but is wrong — an unknown op, a member without an account — refuses the start instead of
 * silently dropping or inventing data. Errors are plain Errors; the store adds file and line.
 */

import { ApiRefusal } from "./errors";
import { compileCheck, OP_SCHEMAS, SNAPSHOT_SCHEMA } from "./http/schemas";
import { show } from "./model/checks";
import type { Op, StateSnapshot } from "./model/state";

const checkSnapshotShape = compileCheck(SNAPSHOT_SCHEMA, 10004);
const checkOpShape = new Map(
  Object.entries(OP_SCHEMAS).map(([op, schema]) => [op, compileCheck(schema, 10004)]),
);

/** Throws unless `value` has the shape of a {@link StateSnapshot}. */
export function checkStoredSnapshot(value: unknown): asserts value is StateSnapshot {
  plainly("state", () => checkSnapshotShape(value));
}

/** Throws unless `value` is a non-empty batch of ops, each of a known kind and of its kind's shape. */
export function checkStoredBatch(value: unknown): asserts value is Op[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new Error(`not a batch of ops (a non-empty array): ${show(value)}`);
  }
  value.forEach((op: unknown, index) => {
    const kind = typeof op === "object" && op !== null ? (op as { op?: unknown }).op : undefined;
    const check = typeof kind === "string" ? checkOpShape.get(kind) : undefined;
    if (!check) throw new Error(`op ${index}: unknown op ${show(kind)}`);
    plainly(`op ${index} (${kind})`, () => check(op));
  });
}

/** Runs a schema check, rethrowing its ApiRefusal as a plain Error whose message is `place: detail`. */
function plainly(place: string, check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof ApiRefusal) throw new Error(`${place}: ${error.detail}`);
    throw error;
  }
}
