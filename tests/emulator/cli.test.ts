/**
 * The `im-emulator` command: one JSON line once listening, flags, and a clean stop (with the data
 * flushed) on SIGTERM and SIGINT.
 */
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { BIN, killChildren, runCli, startCli } from "./support/child";
import { apiCaller, tempDir } from "./support/harness";

describe("im-emulator CLI", () => {
  const dirs: string[] = [];
  afterEach(killChildren);
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("prints one JSON line with url, sdkAppId, identifier, secretKey; serves; SIGTERM stops it cleanly and keeps the data", async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const args = [
      "--port",
      "0",
      "--data-dir",
      dataDir,
      "--sdkappid",
      "1400000042",
      "--admin",
      "ops",
      "--admin",
      "second",
      "--secret-key",
      "cli-key",
    ];
    const cli = await startCli(args);
    expect(cli.info).to.include({ sdkAppId: 1400000042, identifier: "ops", secretKey: "cli-key", dataDir });
    expect(cli.info.adminIdentifiers).to.deep.equal(["ops", "second"]);
    expect(cli.info.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    const call = apiCaller(cli.info);
    expect(
      (await call("create_group", { Type: "Public", Name: "kept", GroupId: "kept" })).ErrorCode,
    ).to.equal(0);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).to.equal(0);

    const again = await startCli(args);
    const info = await apiCaller(again.info)("get_group_info", { GroupIdList: ["kept"] });
    expect(info.GroupInfo[0]).to.include({ ErrorCode: 0, Name: "kept" });
    again.child.kill("SIGINT");
    expect(await again.exited).to.equal(0);
  });

  it("takes the secret key from IM_EMULATOR_SECRET_KEY, and fault, rate-limit and name flags", async () => {
    const cli = await startCli(
      [
        "--fault-system-error-rate",
        "1",
        "--fault-commands",
        "create_group",
        "--rate-limit",
        "0",
        "--newest-names-only",
      ],
      {
        IM_EMULATOR_SECRET_KEY: "from-env",
      },
    );
    expect(cli.info.secretKey).to.equal("from-env");
    expect(cli.info.dataDir).to.equal(undefined);
    const call = apiCaller(cli.info);
    expect((await call("create_group", { Type: "Public", Name: "x" })).ErrorCode).to.equal(10002);
    for (let i = 0; i < 3; i++) expect((await call("get_appid_group_list", {})).ErrorCode).to.equal(0);
    expect((await call("import_group", { Type: "Public", Name: "y", GroupId: "y" })).ErrorCode).to.equal(0);
    const group = (await call("get_group_info", { GroupIdList: ["y"] })).GroupInfo[0];
    expect(group).to.include({ MuteAllMember: "Off" }).and.not.to.have.property("ShutUpAllMember");
    cli.child.kill("SIGTERM");
    expect(await cli.exited).to.equal(0);
  });

  it("--help prints the usage; bad flags exit with status 2", async () => {
    const help = await runCli(["--help"]);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.include("Usage: im-emulator");
    const both = await runCli(["--memory", "--data-dir", "x"]);
    expect(both).to.include({ code: 2 });
    expect(both.stderr).to.include("--data-dir and --memory exclude each other");
    const notNumber = await runCli(["--port", "abc"]);
    expect(notNumber.stderr).to.include('--port: "abc" is not a number');
  });

  // The bin npm links (bin/im-emulator.js), as a user runs it: parseArgs' refusals are input errors.
  for (const [args, message] of [
    [["--no-such-flag"], "im-emulator: unknown option --no-such-flag"],
    [["-x"], "im-emulator: unknown option -x"],
    [["stray"], 'im-emulator: unexpected argument "stray"'],
    [["--port"], "im-emulator: --port needs a value"],
  ] as const) {
    it(`${args.join(" ")}: one error line and the usage on stderr, exit 2, no stack trace`, async () => {
      const run = await runCli([...args], BIN);
      expect(run.code).to.equal(2);
      expect(run.stdout).to.equal("");
      const [first, ...rest] = run.stderr.split("\n");
      expect(first).to.equal(message);
      expect(rest.join("\n"))
        .to.include("Usage: im-emulator")
        .and.not.match(/\bat .*\.js:\d+/);
      expect(run.stderr).not.to.match(/TypeError|ERR_PARSE_ARGS|node:internal/);
    });
  }

  it("--emit-legacy-names (0.1.0; both spellings are the default now): accepted, one deprecation line on stderr", async () => {
    // A config file asking for the newest-only form: the flag, as in 0.1.0, brings the ShutUp names back.
    const dir = tempDir();
    dirs.push(dir);
    const config = path.join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ emitLegacyNames: false, rateLimitPerSecond: 0 }));
    const plain = await startCli(["--config", config], {}, BIN);
    const plainCall = apiCaller(plain.info);
    expect((await plainCall("import_group", { Type: "Public", Name: "y", GroupId: "y" })).ErrorCode).to.equal(
      0,
    );
    expect((await plainCall("get_group_info", { GroupIdList: ["y"] })).GroupInfo[0]).not.to.have.property(
      "ShutUpAllMember",
    );
    plain.child.kill("SIGTERM");
    expect(await plain.exited).to.equal(0);

    const cli = await startCli(["--config", config, "--emit-legacy-names"], {}, BIN);
    const call = apiCaller(cli.info);
    expect((await call("import_group", { Type: "Public", Name: "y", GroupId: "y" })).ErrorCode).to.equal(0);
    const group = (await call("get_group_info", { GroupIdList: ["y"] })).GroupInfo[0];
    expect(group).to.include({ MuteAllMember: "Off", ShutUpAllMember: "Off" });
    cli.child.kill("SIGTERM");
    expect(await cli.exited).to.equal(0);
    expect(cli.stderr().split("\n").filter(Boolean)).to.deep.equal([
      "im-emulator: --emit-legacy-names is deprecated: ShutUpAllMember / ShutUpUntil are emitted by default (--newest-names-only turns them off)",
    ]);
    const both = await runCli(["--emit-legacy-names", "--newest-names-only"], BIN);
    expect(both.code).to.equal(2);
    expect(both.stderr.split("\n")[0]).to.equal(
      "im-emulator: --emit-legacy-names and --newest-names-only exclude each other",
    );
  });

  it("SIGTERM the moment the ready line is read exits 0, releases LOCK and folds the journal (20 times)", async function () {
    this.timeout(120_000);
    const dataDir = tempDir();
    dirs.push(dataDir);
    const args = ["--port", "0", "--data-dir", dataDir, "--secret-key", "cli-key"];
    // A journal with content and no snapshot: what a killed emulator leaves behind.
    const first = await startCli(args);
    const created = await apiCaller(first.info)("create_group", { Type: "Public", Name: "k", GroupId: "k" });
    expect(created.ErrorCode).to.equal(0);
    first.child.kill("SIGKILL");
    await first.exited;
    for (let round = 0; round < 20; round++) {
      const cli = await startCli(args);
      cli.child.kill("SIGTERM");
      expect(await cli.exited, `round ${round}: ${cli.stderr()}`).to.equal(0);
      const names = readdirSync(dataDir);
      expect(names, `round ${round}`).not.to.include("LOCK");
      expect(names, `round ${round}`).to.include("snapshot.json");
      const journals = names.filter((name) => name.startsWith("journal-"));
      expect(journals, `round ${round}`).to.have.length(1);
      expect(statSync(path.join(dataDir, journals[0])).size, `round ${round}: journal folded`).to.equal(0);
    }
    const last = await startCli(args);
    const info = await apiCaller(last.info)("get_group_info", { GroupIdList: ["k"] });
    expect(info.GroupInfo[0]).to.include({ ErrorCode: 0, Name: "k" });
    last.child.kill("SIGTERM");
    expect(await last.exited).to.equal(0);
    expect(existsSync(path.join(dataDir, "LOCK"))).to.equal(false);
  });
});
