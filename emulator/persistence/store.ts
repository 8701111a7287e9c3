/**
 * Where the model's state lives between runs. The model journals every committed batch of ops
 * write-ahead (before applying it); a store makes batches durable and gives them back on start.
 * Stores know nothing of groups: ops and snapshots are opaque JSON to them.
 */

/**
 * What a store loads state into and takes snapshots from. What a store reads back is JSON it cannot
 * vouch for (a hand edit, a bug, a bit flip that beat the checksum), so the host checks its shape:
 * `restore` and `replay` throw an Error saying what is wrong, and the store adds where it was.
 */
export interface StoreHost<Snapshot> {
  /** Checks a snapshot read back and replaces the state with it (not called when there is none). */
  restore(snapshot: unknown): void;
  /** Checks one journaled batch read back and re-applies it, in journal order. */
  replay(ops: unknown): void;
  /** The current state, for compaction. Called only when every applied batch has been appended. */
  snapshot(): Snapshot;
}

/** A place for durable state. */
export interface Store<Op, Snapshot> {
  /** Human-readable location, e.g. `memory` or the data directory. */
  readonly location: string;
  /** Loads the durable state into `host`. Called once, before anything else. */
  open(host: StoreHost<Snapshot>): Promise<void>;
  /**
   * Records one batch before the model applies it. When this returns the batch survives the process
   * being killed; it throws if the batch could not be recorded (the model then applies nothing).
   */
  append(ops: readonly Op[]): void;
  /**
   * Resolves once every appended batch is as durable as the store promises (e.g. fsynced), and
   * compacts if due. Call after the model applied what it appended, before acknowledging it.
   */
  flush(): Promise<void>;
  /** Flushes, compacts if useful, and releases the store. */
  close(): Promise<void>;
}
