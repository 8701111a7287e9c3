/**
 * The file store's on-disk formats: a JSON-lines journal (one committed batch per line) and a
 * snapshot document, each record protected by a CRC-32 of its payload's exact bytes.
 *
 * Format version 2 (written):
 * - journal line: `{"crc32":"<8 hex>","ops":<batch>}` — the checksum covers the bytes of `<batch>`;
 * - snapshot: `{"format":"im-emulator-snapshot","version":2,"generation":<n>,"crc32":"<8 hex>","state":<state>}`
 *   — the checksum covers the bytes of `<state>`.
 * Both stay plain JSON (a journal line is one JSON object), and checksums are over the bytes as
 * written, so verifying never depends on re-serializing. Version 1 (written by the first release,
 * still read): a journal line is the bare `<batch>` array; a snapshot has no `crc32`. A version 1
 * line is accepted only before any version 2 record: an unchecksummed line after checksummed ones
 * cannot come from any release and is refused.
 *
 * Reading tolerates what a crash can leave: a torn last line — one without its newline, since each
 * line is written by one write(2) ending in the newline — is left out. Anything else that is wrong
 * throws an Error naming the file and the line.
 */

import * as fs from "node:fs";
import * as path from "node:path";
import { crc32 } from "node:zlib";

/** Snapshot file name inside the data dir. */
export const SNAPSHOT_FILE = "snapshot.json";
/** `format` marker of a snapshot document. */
export const SNAPSHOT_FORMAT = "im-emulator-snapshot";
/** Version of the snapshot and journal formats written. */
export const FORMAT_VERSION = 2;

/** A snapshot as read: the state once journals before `generation` are folded in. */
export interface SnapshotDocument {
  /** 1 (no checksum, first release) or 2. */
  version: 1 | 2;
  /** Journals of this generation and later are replayed on top of `state`. */
  generation: number;
  /** The state, parsed but not yet checked against its shape (the store's host does that). */
  state: unknown;
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

/** CRC-32 of bytes as 8 lower-case hex digits. */
function checksum(bytes: Uint8Array): string {
  return crc32(bytes).toString(16).padStart(8, "0");
}

const SNAPSHOT_V2_START = Buffer.from(`{"format":"${SNAPSHOT_FORMAT}","version":2,`);
const STATE_FIELD = Buffer.from(',"state":');

/** The text of a version 2 snapshot of `stateText` (a JSON text) for `generation`. */
export function snapshotText(generation: number, stateText: string): Buffer {
  const state = Buffer.from(stateText, "utf8");
  const header = JSON.stringify({
    format: SNAPSHOT_FORMAT,
    version: FORMAT_VERSION,
    generation,
    crc32: checksum(state),
  }).slice(0, -1);
  return Buffer.concat([Buffer.from(header), STATE_FIELD, state, Buffer.from("}")]);
}

/** Reads the snapshot, or undefined when there is none yet; throws naming the file when it is unusable. */
export function readSnapshot(dir: string): SnapshotDocument | undefined {
  const file = path.join(dir, SNAPSHOT_FILE);
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    return data.subarray(0, SNAPSHOT_V2_START.length).equals(SNAPSHOT_V2_START)
      ? readSnapshotV2(data)
      : readSnapshotV1(data);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}

function readSnapshotV2(data: Buffer): SnapshotDocument {
  const at = data.indexOf(STATE_FIELD);
  if (at < 0 || data[data.length - 1] !== 0x7d) throw new Error("corrupt snapshot: no state field");
  const header = parseJson(`${data.subarray(0, at).toString("utf8")}}`) as {
    generation?: unknown;
    crc32?: unknown;
  };
  const state = data.subarray(at + STATE_FIELD.length, data.length - 1);
  if (!Number.isSafeInteger(header.generation) || typeof header.crc32 !== "string") {
    throw new Error("corrupt snapshot: bad generation or crc32 field");
  }
  if (checksum(state) !== header.crc32) {
    throw new Error(
      `checksum mismatch: the snapshot is corrupt (crc32 ${checksum(state)}, recorded ${header.crc32})`,
    );
  }
  return { version: 2, generation: header.generation as number, state: parseJson(state.toString("utf8")) };
}

function readSnapshotV1(data: Buffer): SnapshotDocument {
  const document = parseJson(data.toString("utf8")) as Record<string, unknown> | null;
  if (
    typeof document !== "object" ||
    document === null ||
    document.format !== SNAPSHOT_FORMAT ||
    document.version !== 1 ||
    !Number.isSafeInteger(document.generation)
  ) {
    throw new Error(`not an im-emulator snapshot of format version 1 or ${FORMAT_VERSION}`);
  }
  return { version: 1, generation: document.generation as number, state: document.state };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON (${(error as Error).message})`);
  }
}

const LINE_START = Buffer.from('{"crc32":"');
const OPS_FIELD = Buffer.from('","ops":');
const LINE_END = Buffer.from("}\n");
/** Bytes before the batch in a version 2 line: the prefix, 8 hex digits, the ops field. */
const OPS_AT = LINE_START.length + 8 + OPS_FIELD.length;

/** One version 2 journal line (with its newline) holding the batch `opsText` (a JSON text). */
export function journalLine(opsText: string): Buffer {
  const ops = Buffer.from(opsText, "utf8");
  return Buffer.concat([LINE_START, Buffer.from(checksum(ops)), OPS_FIELD, ops, LINE_END]);
}

/** One journal record: the batch as parsed (its shape not yet checked) and where it was. */
export interface JournalRecord {
  /** 1-based line number in the file. */
  line: number;
  /** The parsed batch. */
  ops: unknown;
}

/** The records of one journal and how many leading bytes hold them intact. */
export interface JournalContents {
  /** The records, in the order they were committed. */
  records: JournalRecord[];
  /** Bytes of complete lines; anything after is a torn tail to cut off. */
  intactBytes: number;
  /** Size of the file as found. */
  fileBytes: number;
  /** Whether a checksummed (version 2) record was read: no version 1 record may follow it. */
  checksummed: boolean;
}

/**
 * Reads a journal. `legacy` says whether version 1 (unchecksummed) lines are still acceptable here,
 * i.e. no version 2 record or snapshot came before. Throws naming the file and line of the first
 * bad complete line; a last line without its newline is a torn write and is left out.
 */
export function readJournal(file: string, legacy: boolean): JournalContents {
  const data = fs.readFileSync(file);
  const records: JournalRecord[] = [];
  let acceptLegacy = legacy;
  let checksummed = false;
  let start = 0;
  for (let line = 1; start < data.length; line++) {
    const end = data.indexOf(0x0a, start);
    if (end < 0) break; // no newline: torn tail
    const bytes = data.subarray(start, end);
    let ops: unknown;
    try {
      if (bytes[0] === 0x5b) {
        if (!acceptLegacy) throw new Error("a record without a checksum after checksummed records");
        ops = parseJson(bytes.toString("utf8"));
      } else {
        ops = parseChecksummed(bytes);
        checksummed = true;
        acceptLegacy = false;
      }
    } catch (error) {
      throw new Error(`${file}: line ${line}: ${(error as Error).message}`);
    }
    records.push({ line, ops });
    start = end + 1;
  }
  return { records, intactBytes: start, fileBytes: data.length, checksummed };
}

/** The batch of a version 2 line (without its newline), its checksum verified. */
function parseChecksummed(bytes: Buffer): unknown {
  const wellFormed =
    bytes.length > OPS_AT &&
    bytes.subarray(0, LINE_START.length).equals(LINE_START) &&
    bytes.subarray(LINE_START.length + 8, OPS_AT).equals(OPS_FIELD) &&
    bytes[bytes.length - 1] === 0x7d;
  if (!wellFormed) throw new Error("not a journal record");
  const recorded = bytes.toString("latin1", LINE_START.length, LINE_START.length + 8);
  const ops = bytes.subarray(OPS_AT, bytes.length - 1);
  const actual = checksum(ops);
  if (actual !== recorded) {
    throw new Error(`checksum mismatch: the record is corrupt (crc32 ${actual}, recorded ${recorded})`);
  }
  return parseJson(ops.toString("utf8"));
}

/** Writes a file so that it is either entirely the old or entirely the new content: temp file, fsync, rename. */
export async function writeFileAtomic(file: string, data: Uint8Array): Promise<void> {
  const temp = `${file}.tmp`;
  const handle = await fs.promises.open(temp, "w");
  try {
    await handle.writeFile(data);
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
