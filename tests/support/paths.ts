/** Well-known paths of the repository, for tests. */
import path from "node:path";

/** The repository root (tests compile to tests/dist/support, two levels below tests/). */
export const repoRoot = path.resolve(__dirname, "..", "..", "..");

/** Directory of a test fixture Pulumi program under tests/fixtures/programs. */
export function programDir(name: string): string {
  return path.join(repoRoot, "tests", "fixtures", "programs", name);
}
