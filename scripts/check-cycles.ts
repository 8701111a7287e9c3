/**
 * Fails when TypeScript sources import each other in a cycle, printing each cycle's path
 * (`npm run lint` runs it, so `npm test` and CI do). Every import counts, `import type` included:
 * a type-only cycle is a design cycle (two modules that each need the other to be understood) and
 * becomes a runtime one the day someone imports a value across it.
 *
 * Usage: `node scripts/dist/scripts/check-cycles.js [dir …]` from the repository root; the default
 * directories are provider, emulator, scripts, bench and tests. Imports are read with the
 * TypeScript scanner (no type checking), relative specifiers are resolved like node16 resolution
 * resolves them in source form (`./x` → x.ts or x/index.ts), and the workspace packages
 * (`@imgroups/tencentcloud-im/client/index`) are mapped to their sources through the root
 * package.json's workspaces, since their `exports` point at compiled output.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/** Directories scanned when none are given. */
const DEFAULT_ROOTS = ["provider", "emulator", "scripts", "bench", "tests"];
/** Never scanned: compiled output, installed packages. */
const SKIPPED_DIRS = new Set(["dist", "node_modules"]);
/** Source file endings, in the order a specifier without one is tried. */
const SOURCE_ENDINGS = [".ts", ".tsx", ".d.ts"];

/** A module graph: each source file (absolute path) and the local files it imports. */
export type ImportGraph = Map<string, Set<string>>;

/** Every `.ts` source under `dir`, skipping compiled output and installed packages. */
export function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) found.push(...sourceFiles(full));
    } else if (/\.tsx?$/.test(entry.name)) {
      found.push(full);
    }
  }
  return found;
}

/** Workspace package name → its directory, from the root package.json's `workspaces`. */
export function workspacePackages(repoRoot: string): Map<string, string> {
  const root = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
    workspaces?: string[];
  };
  const packages = new Map<string, string>();
  for (const workspace of root.workspaces ?? []) {
    const dir = path.join(repoRoot, workspace);
    const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name: string };
    packages.set(manifest.name, dir);
  }
  return packages;
}

/** The source file `specifier` names from `fromFile`, or undefined for a package outside the repo. */
export function resolveImport(
  specifier: string,
  fromFile: string,
  packages: ReadonlyMap<string, string>,
): string | undefined {
  let base: string | undefined;
  if (specifier.startsWith(".")) {
    base = path.resolve(path.dirname(fromFile), specifier);
  } else {
    for (const [name, dir] of packages) {
      // A workspace package's subpath `name/x` is `dir/x.ts` in source (exports "./*" → dist/*).
      if (specifier === name) base = path.join(dir, "index");
      else if (specifier.startsWith(`${name}/`)) base = path.join(dir, specifier.slice(name.length + 1));
    }
  }
  if (base === undefined) return undefined;
  const stem = base.replace(/\.js$/, "");
  const candidates = [
    ...SOURCE_ENDINGS.map((ending) => stem + ending),
    ...SOURCE_ENDINGS.map((ending) => path.join(stem, `index${ending}`)),
  ];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

/** The graph of local imports reachable from `files` (files they import are added as nodes too). */
export function importGraph(files: readonly string[], packages: ReadonlyMap<string, string>): ImportGraph {
  const graph: ImportGraph = new Map();
  const queue = [...files];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (graph.has(file)) continue;
    const edges = new Set<string>();
    graph.set(file, edges);
    const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    for (const { fileName } of info.importedFiles) {
      const target = resolveImport(fileName, file, packages);
      if (target === undefined) continue;
      edges.add(target);
      if (!graph.has(target)) queue.push(target);
    }
  }
  return graph;
}

/**
 * The import cycles, each as the files along it, starting and ending with the same file: for every
 * strongly connected component with more than one file (or a file importing itself), shortest
 * cycles until every file of the component is on one, so each import to break is shown. Tarjan's
 * algorithm, iterative so a long import chain cannot overflow the stack.
 */
export function findCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; next: Iterator<string> }> = [];
    const visit = (node: string) => {
      index.set(node, counter);
      lowLink.set(node, counter);
      counter += 1;
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: [...(graph.get(node) ?? [])].sort()[Symbol.iterator]() });
    };
    visit(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const step = frame.next.next();
      if (!step.done) {
        const target = step.value;
        if (!index.has(target)) visit(target);
        else if (onStack.has(target))
          lowLink.set(frame.node, Math.min(lowLink.get(frame.node)!, index.get(target)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined)
        lowLink.set(parent.node, Math.min(lowLink.get(parent.node)!, lowLink.get(frame.node)!));
      if (lowLink.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfImport = graph.get(frame.node)?.has(frame.node) === true;
        if (component.length > 1 || selfImport) components.push(component);
      }
    }
  }
  const cycles: string[][] = [];
  for (const component of components) {
    const members = new Set(component);
    const covered = new Set<string>();
    for (const file of [...members].sort()) {
      if (covered.has(file)) continue;
      const cycle = cycleThrough(graph, members, file);
      for (const on of cycle) covered.add(on);
      cycles.push(cycle);
    }
  }
  return cycles;
}

/** A shortest cycle through `start`, staying inside its component. */
function cycleThrough(graph: ImportGraph, component: ReadonlySet<string>, start: string): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (const target of [...(graph.get(node) ?? [])].sort()) {
      if (!component.has(target)) continue;
      if (target === start) {
        const cycle = [start];
        for (let at: string | undefined = node; at !== undefined && at !== start; at = previous.get(at))
          cycle.unshift(at);
        cycle.unshift(start);
        return cycle;
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  throw new Error(`no cycle through ${start} inside its component`);
}

function main(): number {
  const repoRoot = process.cwd();
  const roots = process.argv.length > 2 ? process.argv.slice(2) : DEFAULT_ROOTS;
  const missing = roots.filter((root) => !existsSync(path.join(repoRoot, root)));
  if (missing.length > 0) {
    console.error(`check-cycles: no such directory under ${repoRoot}: ${missing.join(", ")}`);
    return 1;
  }
  const files = roots.flatMap((root) => sourceFiles(path.join(repoRoot, root)));
  const cycles = findCycles(importGraph(files, workspacePackages(repoRoot)));
  if (cycles.length === 0) {
    console.log(`check-cycles: no import cycles in ${files.length} files (${roots.join(", ")})`);
    return 0;
  }
  console.error(`check-cycles: ${cycles.length} import cycle(s):`);
  for (const cycle of cycles) {
    console.error(`  ${cycle.map((file) => path.relative(repoRoot, file)).join(" → ")}`);
  }
  return 1;
}

if (require.main === module) process.exitCode = main();
