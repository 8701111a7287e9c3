/**
 * The one process runner of the tools, the scripts and the tests
 * (@imgroups/tencentcloud-im/cli/pulumi-process): output collected whole and decoded once, input
 * on stdin (never argv), stdin closed otherwise, exit codes and signals reported rather than
 * thrown, and `pulumi` always run non-interactively — with a clear error when it is missing.
 */
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pulumiCommand, runProcess, runPulumi } from "@imgroups/tencentcloud-im/cli/pulumi-process";
import { expect } from "chai";

const node = (script: string, options: Parameters<typeof runProcess>[2] = {}) =>
  runProcess(process.execPath, ["-e", script], options);

describe("review: running processes (cli/pulumi-process)", () => {
  it("collects stdout and stderr whole, with a character split across writes intact", async () => {
    const bytes = Buffer.from("群", "utf8");
    const result = await node(
      `process.stdout.write(Buffer.from([${bytes[0]}]));` +
        `setImmediate(() => { process.stdout.write(Buffer.from([${bytes[1]}, ${bytes[2]}])); process.stderr.write("warn"); process.exitCode = 3; });`,
    );
    expect(result).to.deep.equal({ code: 3, stdout: "群", stderr: "warn" });
  });

  it("writes `input` to stdin and closes it; without input stdin is closed at once", async () => {
    const echo =
      "let s = ''; process.stdin.on('data', (c) => (s += c)).on('end', () => process.stdout.write('[' + s + ']'));";
    expect((await node(echo, { input: "k3y\nsecret" })).stdout).to.equal("[k3y\nsecret]");
    expect((await node(echo)).stdout).to.equal("[]");
    // A child that never reads its input is not an error of the caller.
    expect((await node("process.exit(0)", { input: "x".repeat(1 << 20) })).code).to.equal(0);
  });

  it("reports a signal as code null, and drops output with stdio ignore", async () => {
    expect((await node("process.kill(process.pid, 'SIGKILL')")).code).to.equal(null);
    expect(await node("console.log('hidden')", { stdio: "ignore" })).to.deep.equal({
      code: 0,
      stdout: "",
      stderr: "",
    });
  });

  it("runs pulumi with --non-interactive and no update check, from PULUMI_CLI when set", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "imgroups-fake-pulumi-"));
    const fake = path.join(dir, "pulumi");
    writeFileSync(fake, '#!/bin/sh\necho "$@|$PULUMI_SKIP_UPDATE_CHECK|$PWD"\n');
    chmodSync(fake, 0o755);
    const env = { ...process.env, PULUMI_CLI: fake };
    expect(pulumiCommand(env)).to.equal(fake);
    expect(pulumiCommand({})).to.equal("pulumi");
    const result = await runPulumi(["stack", "ls"], { cwd: dir, env });
    expect(result.stdout).to.equal(`--non-interactive stack ls|true|${dir}\n`);
    // The caller's environment wins.
    const checked = await runPulumi(["version"], {
      cwd: dir,
      env: { ...env, PULUMI_SKIP_UPDATE_CHECK: "false" },
    });
    expect(checked.stdout).to.match(/\|false\|/);
  });

  it("says how to get the CLI when it cannot be found, and never rejects for a non-zero exit", async () => {
    const nowhere: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: mkdtempSync(path.join(tmpdir(), "imgroups-empty-path-")),
    };
    delete nowhere.PULUMI_CLI;
    let error: Error | undefined;
    await runPulumi(["version"], { env: nowhere }).catch((e: Error) => {
      error = e;
    });
    expect(error?.message).to.match(
      /the pulumi CLI was not found on PATH: install Pulumi .* or set PULUMI_CLI/,
    );
    await runPulumi(["version"], { env: { ...process.env, PULUMI_CLI: "/nonexistent/pulumi" } }).catch(
      (e: Error) => {
        error = e;
      },
    );
    expect(error?.message).to.equal("the pulumi CLI /nonexistent/pulumi (PULUMI_CLI) was not found");
    expect((await node("process.exit(7)")).code).to.equal(7);
  });
});
