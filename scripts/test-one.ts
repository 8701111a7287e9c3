/**
 * `npm run test:one -- <file…> [mocha options]`: runs some test files quickly, without the whole
 * suite or the quick benchmark. Files may be given as sources (`tests/e2e/drift.test.ts`) or as
 * compiled files (`tests/dist/e2e/drift.test.js`); a directory runs its tests. Anything starting
 * with `-` goes to mocha as is (e.g. `-g "removal guard"`). The npm script builds first (tsc -b is
 * incremental) and puts the pinned pulumi CLI on PATH, so e2e files run too.
 */
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";

/** The repository root (this file compiles to scripts/dist/scripts/). */
const repoRoot = path.resolve(__dirname, "..", "..", "..");

/** The compiled test file(s) for an argument: a source, a compiled file or a directory. */
export function compiledTests(argument: string): string {
  const absolute = path.resolve(process.env.INIT_CWD ?? process.cwd(), argument);
  const relative = path.relative(repoRoot, absolute).split(path.sep).join("/");
  if (relative.startsWith("tests/dist/")) return relative;
  if (!relative.startsWith("tests/")) throw new Error(`${argument}: not a file or folder under tests/`);
  const compiled = `tests/dist/${relative.slice("tests/".length)}`.replace(/\.ts$/, ".js");
  const onDisk = path.join(repoRoot, compiled);
  if (existsSync(onDisk) && statSync(onDisk).isDirectory())
    return `${compiled.replace(/\/$/, "")}/**/*.test.js`;
  if (!existsSync(onDisk))
    throw new Error(`${argument}: no compiled test at ${compiled} (is the name right?)`);
  return compiled;
}

function main(argv: string[]): number {
  const files = argv.filter(
    (arg, i) => !arg.startsWith("-") && !(i > 0 && /^-(g|-grep|f|-fgrep)$/.test(argv[i - 1]!)),
  );
  const options = argv.filter((arg) => !files.includes(arg));
  if (files.length === 0) {
    process.stderr.write(
      "usage: npm run test:one -- <test file or folder…> [mocha options, e.g. -g <pattern>]\n",
    );
    return 1;
  }
  const specs = files.map(compiledTests);
  const result = spawnSync(
    process.execPath,
    [
      path.join(repoRoot, "node_modules/mocha/bin/mocha.js"),
      "--no-config",
      "--timeout",
      "300000",
      "--slow",
      "5000",
      "--enable-source-maps",
      ...specs,
      ...options,
    ],
    { cwd: repoRoot, stdio: "inherit" },
  );
  return result.status ?? 1;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`test:one: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
