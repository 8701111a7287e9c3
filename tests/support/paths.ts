/** Well-known paths of the repository, for tests and benchmarks. */
import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The repository root: the nearest ancestor holding tsconfig.base.json. Searched rather than
 * computed because this file is compiled both into tests/dist and into bench/dist.
 */
export const repoRoot = findRoot(__dirname);

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "tsconfig.base.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no repository root above ${from}`);
  }
}

/** Directory of a test fixture Pulumi program under tests/fixtures/programs. */
export function programDir(name: string): string {
  return path.join(repoRoot, "tests", "fixtures", "programs", name);
}
