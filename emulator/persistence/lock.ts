/**
 * One emulator per data dir: two processes appending to one journal would interleave lines. A `LOCK`
 * file holds the owner's pid; a lock left by a dead process (e.g. after kill -9) is taken over.
 */

import * as fs from "node:fs";
import * as path from "node:path";

/** Data dirs locked by this process (a pid check cannot tell two emulators in one process apart). */
const heldHere = new Set<string>();

/** A held lock; release it when the store closes. */
export interface DirLock {
  /** Removes the lock file. */
  release(): void;
}

/** Takes the data dir's lock or throws naming the process that holds it. */
export function lockDataDir(dir: string): DirLock {
  const file = path.join(path.resolve(dir), "LOCK");
  if (heldHere.has(file)) throw new Error(`data dir ${dir} is already in use by this process`);
  try {
    fs.writeFileSync(file, String(process.pid), { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const owner = Number(fs.readFileSync(file, "utf8"));
    if (owner !== process.pid && isAlive(owner))
      throw new Error(`data dir ${dir} is in use by process ${owner}`);
    fs.writeFileSync(file, String(process.pid));
  }
  heldHere.add(file);
  return {
    release() {
      heldHere.delete(file);
      fs.rmSync(file, { force: true });
    },
  };
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
