/**
 * The file store's on-disk formats: a JSON-lines journal (one committed batch per line) and a
 * snapshot document. Reading tolerates what a crash can leave: a torn last line of a journal.
 */

import * as fs from "node:fs";
import * as path from "node:path";

/** Snapshot file name inside the data dir. */
export const SNAPSHOT_FILE = "snapshot.json";
/** `format` marker of a snapshot document. */
export const SNAPSHOT_FORMAT = "im-emulator-snapshot";
/** Version of the snapshot and journal formats. */
export const FORMAT_VERSION = 1;

/** A snapshot document: the state once journals before `generation` are folded in. */
export interface SnapshotDocument<Snapshot> {
  /** Always {@link SNAPSHOT_FORMAT}. */
  format: typeof SNAPSHOT_FORMAT;
  /** Always {@link FORMAT_VERSION}. */
  version: typeof FORMAT_VERSION;
  /** Journals of this generation and later are replayed on top of `state`. */
  generation: number;
  /** The state itself. */
  state: Snapshot;
}

/** Path of the journal of a generation; zero-padded so a directory listing sorts by generation. */
export function journalPath(dir: string, generation: number): string {
  return path.join(dir, `journal-${String(generation).padStart(6, "0")}.jsonl`);
}

/** Generations of the journals present in `dir`, ascending. */
export function listJournals(dir: string): number[] {
  return fs
    .readdirSync(dir)
    .map((name) => /^journal-(\d+)\.jsonl$/.exec(name))
    .filter((match) => match !== null)
    .map((match) => Number(match[1]))
    .sort((a, b) => a - b);
}

/** Reads the snapshot document, or undefined when there is none yet. */
export function readSnapshot<Snapshot>(dir: string): SnapshotDocument<Snapshot> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, SNAPSHOT_FILE), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const document = JSON.parse(text) as SnapshotDocument<Snapshot>;
  if (document.format !== SNAPSHOT_FORMAT || document.version !== FORMAT_VERSION) {
    throw new Error(
      `${path.join(dir, SNAPSHOT_FILE)}: not an im-emulator snapshot of format version ${FORMAT_VERSION}`,
    );
  }
  return document;
}

/** The batches of one journal and how many leading bytes hold them intact. */
export interface JournalContents<Op> {
  /** The batches, in the order they were committed. */
  batches: Op[][];
  /** Bytes of complete, parseable lines; anything after is a torn tail to cut off. */
  intactBytes: number;
  /** Size of the file as found. */
  fileBytes: number;
}

/**
 * Reads a journal. A last line that is incomplete or unparseable is a write cut short by a crash: it
 * was never acknowledged, so it is left out (and `intactBytes` stops before it). A bad line followed
 * by good ones is corruption, not a crash, and throws.
 */
export function readJournal<Op>(file: string): JournalContents<Op> {
  const data = fs.readFileSync(file);
  const batches: Op[][] = [];
  let start = 0;
  while (start < data.length) {
    const end = data.indexOf(0x0a, start);
    if (end < 0) break; // no newline: torn tail
    try {
      batches.push(JSON.parse(data.toString("utf8", start, end)) as Op[]);
    } catch (error) {
      if (end + 1 < data.length) throw new Error(`${file}: corrupt journal line at byte ${start}: ${error}`);
      break; // torn last line
    }
    start = end + 1;
  }
  return { batches, intactBytes: start, fileBytes: data.length };
}

/** Writes a file so that it is either entirely the old or entirely the new content: temp file, fsync, rename. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.tmp`;
  const handle = await fs.promises.open(temp, "w");
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(temp, file);
  await syncDirectory(path.dirname(file));
}

/** Makes a rename in `dir` durable (POSIX); a no-op where directories cannot be opened (Windows). */
async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(dir, "r");
    await handle.sync();
  } catch {
    // Directory fsync is unsupported on some platforms; the rename itself is still atomic.
  } finally {
    await handle?.close();
  }
}
