/**
 * A store in a data directory that survives restarts and a killed process.
 *
 * Layout: `snapshot.json` (the state as of a generation, replaced by atomic rename) and
 * `journal-<generation>.jsonl` (one line per committed batch, appended), each record checksummed
 * (formats in journal.ts). Start-up loads the snapshot and replays the journals of its generation and
 * later; a torn last line is cut off; any other bad record refuses the start, naming file and line.
 *
 * Durability: each batch is written with one synchronous `write(2)` before the model applies it, so
 * by the time a response is sent the batch is in the OS and survives kill -9. Default mode `write`
 * does not fsync (a power cut can lose the last batches); mode `fsync` also fdatasyncs before every
 * acknowledgement, coalescing concurrent requests into one sync. Writes are appends of one line —
 * never a rewrite of the state; the state is rewritten only by compaction, once the journal passes
 * `compactBytes`, in the background.
 */

import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import {
  journalLine,
  journalPath,
  listJournals,
  readJournal,
  readSnapshot,
  SNAPSHOT_FILE,
  snapshotText,
  writeFileAtomic,
} from "./journal";
import { type DirLock, lockDataDir } from "./lock";
import type { Store, StoreHost } from "./store";

const fdatasync = promisify(fs.fdatasync);

/** Options of {@link FileStore}. */
export interface FileStoreOptions {
  /** `write` (default): acknowledged batches survive a killed process. `fsync`: they also survive a power cut. */
  durability?: "write" | "fsync";
  /** Compact (rewrite the snapshot, start a new journal) once the journal exceeds this many bytes. Default 8 MiB. */
  compactBytes?: number;
}

/** Journal + snapshot store in a data directory. */
export class FileStore<Op, Snapshot> implements Store<Op, Snapshot> {
  readonly location: string;
  private readonly fsync: boolean;
  private readonly compactBytes: number;
  private host: StoreHost<Snapshot> | undefined;
  private lock: DirLock | undefined;
  private fd = -1;
  private generation = 1;
  private journalBytes = 0;
  private unsynced = false;
  private syncing: Promise<void> | undefined;
  private compacting: Promise<void> | undefined;

  constructor(dir: string, options: FileStoreOptions = {}) {
    this.location = path.resolve(dir);
    this.fsync = options.durability === "fsync";
    this.compactBytes = options.compactBytes ?? 8 * 1024 * 1024;
  }

  async open(host: StoreHost<Snapshot>): Promise<void> {
    const dir = this.location;
    await fs.promises.mkdir(dir, { recursive: true });
    this.lock = lockDataDir(dir);
    try {
      const snapshot = readSnapshot(dir);
      if (snapshot) where(path.join(dir, SNAPSHOT_FILE), () => host.restore(snapshot.state));
      // Unchecksummed (version 1) records are read only until a version 2 snapshot or record.
      let legacy = snapshot === undefined || snapshot.version === 1;
      const first = snapshot?.generation ?? 1;
      let last = first;
      for (const generation of listJournals(dir)) {
        const file = journalPath(dir, generation);
        // Journals older than the snapshot were folded into it; a crashed compaction may have left them.
        if (generation < first) {
          fs.rmSync(file, { force: true });
          continue;
        }
        const journal = readJournal(file, legacy);
        for (const { line, ops } of journal.records) where(`${file}: line ${line}`, () => host.replay(ops));
        if (journal.checksummed) legacy = false;
        if (journal.intactBytes < journal.fileBytes) fs.truncateSync(file, journal.intactBytes);
        last = generation;
      }
      this.generation = last;
      this.fd = fs.openSync(journalPath(dir, last), "a");
      this.journalBytes = fs.fstatSync(this.fd).size;
      this.host = host;
    } catch (error) {
      this.lock.release();
      throw error;
    }
  }

  append(ops: readonly Op[]): void {
    const line = journalLine(JSON.stringify(ops));
    let written = 0;
    while (written < line.length) written += fs.writeSync(this.fd, line, written);
    this.journalBytes += line.length;
    this.unsynced = true;
  }

  async flush(): Promise<void> {
    if (this.fsync) await this.sync();
    if (!this.compacting && !this.syncing && this.journalBytes > this.compactBytes) {
      this.compacting = this.compact().finally(() => {
        this.compacting = undefined;
      });
    }
  }

  async close(): Promise<void> {
    if (this.fd < 0) return;
    await this.flush();
    await this.compacting;
    // Fold the journal into the snapshot so the next start replays nothing.
    if (this.journalBytes > 0) await this.compact();
    fs.closeSync(this.fd);
    this.fd = -1;
    this.lock?.release();
  }

  /** fdatasyncs everything written so far; concurrent callers share one sync. */
  private async sync(): Promise<void> {
    while (this.unsynced) {
      if (this.syncing) {
        await this.syncing;
        continue;
      }
      this.unsynced = false;
      this.syncing = fdatasync(this.fd).finally(() => {
        this.syncing = undefined;
      });
      await this.syncing;
    }
  }

  /**
   * Starts a new journal generation and writes the snapshot for it. The snapshot is taken and the
   * journal switched synchronously, at a point where every applied batch has been appended, so the
   * snapshot equals "all old journals"; it is then written in the background. Until its atomic
   * rename, a crash leaves the old snapshot plus both journals, which replay to the same state.
   */
  private async compact(): Promise<void> {
    const host = this.host!;
    const next = this.generation + 1;
    const text = snapshotText(next, JSON.stringify(host.snapshot()));
    const previous = this.fd;
    if (this.fsync) fs.fdatasyncSync(previous);
    this.fd = fs.openSync(journalPath(this.location, next), "a");
    this.generation = next;
    this.journalBytes = 0;
    this.unsynced = false;
    fs.closeSync(previous);
    await writeFileAtomic(path.join(this.location, SNAPSHOT_FILE), text);
    for (const generation of listJournals(this.location)) {
      if (generation < next) await fs.promises.rm(journalPath(this.location, generation), { force: true });
    }
  }
}

/** Runs `check`, prefixing an error it throws with where the record came from. */
function where(place: string, check: () => void): void {
  try {
    check();
  } catch (error) {
    throw new Error(`${place}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
