/**
 * @e2e README "Use it in your own Pulumi project", run as written: the shell blocks and files
 * between its `<!-- own-project:begin <where> -->` and `<!-- own-project:end -->` markers are
 * extracted and run verbatim — `repo` blocks in the repository (packing the two workspaces into
 * tarballs), `project` blocks in a fresh directory outside it (install from the tarballs and the npm
 * registry, the emulator, `pulumi up`, `imgroups-drift` exiting 0, `imgroups-review`) — so the README
 * and this test cannot drift apart. Also checks what the tarballs hold (no build info, the sources
 * every source map names, bins that exist) and that the committed bin files work in the repository
 * and say clearly when a package is not built.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { repoRoot } from "../support/paths";
import { type PulumiResult, runProcess } from "../support/pulumi";

/** Where a marked README region runs: in the repository, or in a new directory outside it. */
type Where = "repo" | "project";

/**
 * The README's marked regions for `where`, in document order, as one bash script: each `sh` block
 * as it stands, each other fenced block written to the file its introducing line names in
 * backticks (e.g. "`index.ts` — one group …").
 */
function readmeScript(markdown: string, where: Where): string {
  const regions = [
    ...markdown.matchAll(/<!-- own-project:begin (\w+) -->\n([\s\S]*?)<!-- own-project:end -->/g),
  ]
    .filter((match) => match[1] === where)
    .map((match) => match[2]!);
  if (regions.length === 0) throw new Error(`README has no own-project:begin ${where} region`);
  const parts: string[] = [];
  for (const region of regions) {
    const lines = region.split("\n");
    // The first line of the last paragraph before a fence: the one that introduces it.
    let intro: string | undefined;
    let inParagraph = false;
    for (let i = 0; i < lines.length; i++) {
      const fence = /^```(\w+)$/.exec(lines[i]!);
      if (!fence) {
        const blank = lines[i]!.trim() === "";
        if (!blank && !inParagraph) intro = lines[i];
        inParagraph = !blank;
        continue;
      }
      const end = lines.indexOf("```", i + 1);
      if (end < 0) throw new Error(`an unclosed ${fence[1]} block in the ${where} region`);
      const body = lines.slice(i + 1, end).join("\n");
      if (fence[1] === "sh") {
        parts.push(body);
      } else {
        const file = /^`([^`]+)`/.exec(intro ?? "")?.[1];
        if (!file) throw new Error(`a ${fence[1]} block in the ${where} region names no file: "${intro}"`);
        if (body.includes("IMGROUPS_README_EOF")) throw new Error(`${file} holds the heredoc delimiter`);
        parts.push(`cat > '${file}' <<'IMGROUPS_README_EOF'\n${body}\nIMGROUPS_README_EOF`);
      }
      intro = undefined;
      inParagraph = false;
      i = end;
    }
  }
  return `${parts.join("\n")}\n`;
}

/**
 * The environment a reader's shell would have: this one without npm's run-script variables, the
 * repository's node_modules/.bin, any IM connection or Pulumi backend settings, plus `extra`.
 */
function readerEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|TENCENTCLOUD_IM_|PULUMI_|IMGROUPS_|IM_EMULATOR_)/i.test(key) || key === "INIT_CWD") continue;
    env[key] = value;
  }
  const repoBin = path.join(repoRoot, "node_modules", ".bin");
  env.PATH = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((dir) => path.resolve(dir) !== repoBin)
    .join(path.delimiter);
  return { ...env, ...extra };
}

/**
 * Runs a script with bash -euo pipefail in a process group of its own, so that whatever it left
 * running (the emulator it starts in the background) is stopped with it, also after a failure.
 */
function runScript(script: string, cwd: string, env: NodeJS.ProcessEnv, started: ChildProcess[]) {
  return new Promise<PulumiResult>((resolve, reject) => {
    const child = spawn("bash", ["-euo", "pipefail", "-c", script], {
      cwd,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    started.push(child);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    // "exit", not "close": a background process the script failed to stop would hold the pipes open.
    child.on("exit", (code) => {
      stopGroup(child);
      resolve({ code, stdout, stderr });
    });
  });
}

/** SIGTERMs the process group a {@link runScript} child leads (nothing if it is gone). */
function stopGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, "SIGTERM");
  } catch {
    // The group has no processes left.
  }
}

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

describe("@e2e own project: README 'Use it in your own Pulumi project'", function () {
  // npm installs @pulumi/pulumi and its dependencies (from the cache when it has them).
  this.timeout(600_000);
  const scratch = mkdtempSync(path.join(tmpdir(), "imgroups-own-project-"));
  const packages = path.join(scratch, "packages");
  const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const started: ChildProcess[] = [];
  const env = readerEnv({
    IMGROUPS_PACKAGES: packages,
    PULUMI_HOME: path.join(scratch, "pulumi-home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_COLOR: "never",
    NO_COLOR: "1",
    npm_config_prefer_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
  });
  let packed: PulumiResult;

  before(async () => {
    packed = await runScript(readmeScript(readme, "repo"), repoRoot, env, started);
  });
  after(() => {
    for (const child of started) stopGroup(child);
    rmSync(scratch, { recursive: true, force: true });
  });

  it("packs both workspaces with no build info, the sources every source map names, and their bins", () => {
    expect(packed.code, packed.stdout + packed.stderr).to.equal(0);
    const tarballs = readdirSync(packages).filter((name) => name.endsWith(".tgz"));
    expect(tarballs).to.have.length(2);
    for (const tarball of tarballs) {
      const dir = path.join(scratch, "unpacked", tarball);
      mkdirSync(dir, { recursive: true });
      const tar = spawnSync("tar", ["-xzf", path.join(packages, tarball), "-C", dir], { encoding: "utf8" });
      expect(tar.status, `${tarball}: ${tar.stderr}`).to.equal(0);
      const root = path.join(dir, "package");
      const files = filesUnder(root);
      expect(files, tarball).to.include("README.md");
      expect(
        files.filter((file) => file.endsWith(".tsbuildinfo")),
        tarball,
      ).to.deep.equal([]);
      const missing = files
        .filter((file) => file.endsWith(".map"))
        .flatMap((map) => {
          const { sources } = JSON.parse(readFileSync(path.join(root, map), "utf8")) as { sources: string[] };
          return sources
            .map((source) => path.join(path.dirname(map), source))
            .filter((source) => !existsSync(path.join(root, source)))
            .map((source) => `${map} → ${source}`);
        });
      expect(missing, `${tarball}: source maps naming files the package does not ship`).to.deep.equal([]);
      const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
        bin: Record<string, string>;
        engines?: { node?: string };
      };
      expect(manifest.engines?.node, tarball).to.be.a("string");
      for (const bin of Object.values(manifest.bin)) expect(files, tarball).to.include(path.normalize(bin));
      // The topology schema editors point at (README "Bring an existing app under code").
      if (tarball.includes("tencentcloud-im")) {
        expect(files, tarball).to.include(path.normalize("topology/topology.schema.json"));
      }
    }
  });

  it("installs them into a new project, brings its program up against the emulator, and imgroups-drift exits 0", async () => {
    expect(packed.code, "packing failed (previous test)").to.equal(0);
    const projectParent = path.join(scratch, "projects");
    mkdirSync(projectParent);
    const result = await runScript(readmeScript(readme, "project"), projectParent, env, started);
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.code, output).to.equal(0);
    expect(result.stdout).to.include("imported alice, bob, carol");
    expect(result.stdout).to.match(/\+ 3 created/);
    expect(result.stdout).to.match(/No drift in stack dev\./);
    const project = path.join(projectParent, "my-groups");
    expect(JSON.parse(readFileSync(path.join(project, "drift-report.json"), "utf8"))).to.include({
      mode: "drift",
      refreshed: true,
    });
    expect(readFileSync(path.join(project, "pr.md"), "utf8")).to.include("No group changes.");
    // Installed from the tarballs, not linked from this repository.
    const installed = path.join(project, "node_modules", "@imgroups", "tencentcloud-im");
    expect(existsSync(path.join(installed, "dist", "index.js"))).to.equal(true);
    expect(path.relative(repoRoot, realpathSync(installed)).startsWith("..")).to.equal(true);
  });

  it("npx im-emulator, imgroups-drift, imgroups-review and imgroups-export run in the repository after install and build", async () => {
    for (const [bin, usage] of [
      ["im-emulator", "Usage: im-emulator"],
      ["imgroups-drift", "Usage: imgroups-drift"],
      ["imgroups-review", "Usage: imgroups-review"],
      ["imgroups-export", "Usage: imgroups-export"],
    ] as const) {
      const result = await runProcess("npx", [bin, "--help"], { cwd: repoRoot, env });
      expect(result.code, `${bin}: ${result.stdout}${result.stderr}`).to.equal(0);
      expect(result.stdout, bin).to.include(usage);
    }
  });

  it("a bin of a package that is not built says so, names the missing file, and exits 1", async () => {
    const cases = [
      { from: "emulator", files: ["im-emulator.js"], bin: "im-emulator.js", missing: "dist/cli.js" },
      {
        from: "provider",
        files: ["imgroups-drift.js", "run-built.js"],
        bin: "imgroups-drift.js",
        missing: "dist/cli/drift.js",
      },
    ];
    for (const { from, files, bin, missing } of cases) {
      const unbuilt = path.join(scratch, "unbuilt", from);
      mkdirSync(path.join(unbuilt, "bin"), { recursive: true });
      for (const file of files) {
        copyFileSync(path.join(repoRoot, from, "bin", file), path.join(unbuilt, "bin", file));
      }
      const result = await runProcess(process.execPath, [path.join(unbuilt, "bin", bin)], {
        cwd: unbuilt,
        env,
      });
      expect(result.code, from).to.equal(1);
      expect(result.stderr, from).to.include(path.join(unbuilt, missing));
      expect(result.stderr, from).to.include(
        "the package is not built (run `npm run build` in the repository)",
      );
    }
  });
});
