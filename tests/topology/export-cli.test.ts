/**
 * The installed `imgroups-export` command (the committed bin file, run as npm links it) against the
 * emulator: settings from the environment, a clear error naming the missing setting, the progress
 * line on stderr, the summary on stdout with the calls made, flags checked before any call.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runProcess } from "@imgroups/tencentcloud-im/cli/pulumi-process";
import { expect } from "chai";
import { type ImFixture, startIm } from "../client/helpers";
import { repoRoot } from "../support/paths";
import { seedApp } from "./seed";

const BIN = path.join(repoRoot, "provider", "bin", "imgroups-export.js");

/** The environment without any IM connection setting, plus `extra`. */
function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("TENCENTCLOUD_IM_")) delete env[key];
  return { ...env, ...extra };
}

describe("imgroups-export command", () => {
  let im: ImFixture;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    im = await startIm({ rateLimitPerSecond: 0 });
    await seedApp(im.client(), { perType: 2, prefix: "cli" });
    env = envWith({
      TENCENTCLOUD_IM_SDKAPPID: String(im.settings.sdkAppId),
      TENCENTCLOUD_IM_SECRET_KEY: im.settings.secretKey,
      TENCENTCLOUD_IM_ENDPOINT: im.settings.endpoint,
    });
  });
  after(async () => {
    await im.close();
  });

  it("exports the app, with a progress line on stderr and the calls in the summary", async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "imgroups-export-cli-")), "topology");
    const result = await runProcess(process.execPath, [BIN, "--dir", dir], { env });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.match(
      /^Exported 7 of 7 groups \(\d+ members\) to .*: 7 group file\(s\), topology\.yaml, topology\.schema\.json\. Calls: get_appid_group_list 1, get_group_info 2\.\n$/,
    );
    expect(result.stderr).to.contain("imgroups-export: 7 listed, 7 read, 7 written");
    expect(readdirSync(path.join(dir, "groups"))).to.have.length(7);
    expect(readFileSync(path.join(dir, "topology.yaml"), "utf8")).to.contain("version: 1");
    // The secret never reaches the output.
    expect(result.stdout + result.stderr).not.to.contain(im.settings.secretKey);
  });

  it("names the missing connection setting, before any call", async () => {
    const result = await runProcess(process.execPath, [BIN, "--dir", tmpdir()], {
      env: envWith({ TENCENTCLOUD_IM_ENDPOINT: im.settings.endpoint }),
    });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(
      /^imgroups-export: Tencent Cloud IM connection settings: .*TENCENTCLOUD_IM_SDKAPPID/,
    );
    expect(result.stderr).to.contain("TENCENTCLOUD_IM_SECRET_KEY");
  });

  it("refuses bad flags with the usage", async () => {
    for (const [args, message] of [
      [[], "--dir is required"],
      [["--dir", "x", "--types", "Public,Group"], '--types: "Group" is not a group type'],
      [["--dir", "x", "--id-pattern", "("], "--id-pattern is not a valid regular expression"],
      [["--dir", "x", "--layout", "tree"], '--layout must be one of group, type, single, not "tree"'],
    ] as const) {
      const result = await runProcess(process.execPath, [BIN, ...args], { env });
      expect(result.code, args.join(" ")).to.equal(1);
      expect(result.stderr).to.contain(message);
      expect(result.stderr).to.contain("Usage: imgroups-export --dir <dir>");
    }
  });
});
