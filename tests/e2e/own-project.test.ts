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
import { type ChildProcess, spawnSync } from "node:child_process";
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
import { readerEnv, readmeScript, runScript, stopGroup } from "../support/readme";

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
    packed = await runScript(readmeScript(readme, "own-project", "repo"), repoRoot, env, started);
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
    const result = await runScript(
      readmeScript(readme, "own-project", "project"),
      projectParent,
      env,
      started,
    );
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
