/**
 * The import-cycle check `npm run lint` runs (scripts/check-cycles.ts), on small source trees in a
 * temp dir: type-only and workspace-package imports count, each cycle is printed as its path, and
 * an acyclic tree passes.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { repoRoot } from "../support/paths";

const SCRIPT = path.join(repoRoot, "scripts", "dist", "scripts", "check-cycles.js");

/** Writes `files` (path → content) under a new temp dir with a one-workspace package.json. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "imgroups-cycles-"));
  const all: Record<string, string> = {
    "package.json": JSON.stringify({ private: true, workspaces: ["pkg"] }),
    "pkg/package.json": JSON.stringify({ name: "@example/pkg" }),
    ...files,
  };
  for (const [file, content] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

function check(dir: string, roots: string[]) {
  const run = spawnSync(process.execPath, [SCRIPT, ...roots], { cwd: dir, encoding: "utf8" });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe("scripts check-cycles", () => {
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("fails with the path of every cycle, counting type-only and workspace-package imports", () => {
    const dir = tree({
      // a → b by a type-only import, b → a through the package name: one cycle.
      "pkg/a.ts": 'import type { B } from "./b";\nexport const a = 1;\nexport type A = B;\n',
      "pkg/b.ts": 'import { a } from "@example/pkg/a";\nexport type B = typeof a;\n',
      // client ↔ two helpers: two cycles through one file, both shown.
      "pkg/client.ts":
        'import { x } from "./helpers/x";\nexport * from "./helpers/y";\nexport const c = x;\n',
      "pkg/helpers/x.ts": 'import type { c } from "../client";\nexport const x = 1 as unknown as typeof c;\n',
      "pkg/helpers/y.ts": 'export type { c } from "../client.js";\n',
      "src/self.ts": 'import "./self";\n',
      "src/fine.ts":
        'import "node:fs";\nimport "chai";\nimport { a } from "@example/pkg/a";\nexport { a };\n',
    });
    dirs.push(dir);
    const { code, err } = check(dir, ["pkg", "src"]);
    expect(code).to.equal(1);
    const lines = err.trim().split("\n");
    expect(lines[0]).to.equal("check-cycles: 4 import cycle(s):");
    expect(lines.slice(1).map((line) => line.trim())).to.have.members([
      `${path.join("pkg", "a.ts")} → ${path.join("pkg", "b.ts")} → ${path.join("pkg", "a.ts")}`,
      `${path.join("pkg", "client.ts")} → ${path.join("pkg", "helpers", "x.ts")} → ${path.join("pkg", "client.ts")}`,
      `${path.join("pkg", "helpers", "y.ts")} → ${path.join("pkg", "client.ts")} → ${path.join("pkg", "helpers", "y.ts")}`,
      `${path.join("src", "self.ts")} → ${path.join("src", "self.ts")}`,
    ]);
  });

  it("passes an acyclic tree and ignores compiled output and installed packages", () => {
    const dir = tree({
      "pkg/index.ts": 'export * from "./lib";\n',
      "pkg/lib/index.ts": 'import "../util";\nexport const lib = 1;\n',
      "pkg/util.ts": "export const util = 1;\n",
      "pkg/dist/index.ts": 'import "./index";\n',
      "pkg/node_modules/x/index.ts": 'import "./index";\n',
      "src/main.ts": 'import "@example/pkg";\n',
    });
    dirs.push(dir);
    const { code, out } = check(dir, ["pkg", "src"]);
    expect(code).to.equal(0);
    expect(out).to.contain("no import cycles in 4 files (pkg, src)");
  });

  it("refuses a directory that does not exist instead of passing on nothing", () => {
    const dir = tree({});
    dirs.push(dir);
    const { code, err } = check(dir, ["pkg", "missing"]);
    expect(code).to.equal(1);
    expect(err).to.contain("no such directory").and.contain("missing");
  });
});
