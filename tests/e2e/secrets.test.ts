/**
 * @e2e Where the IM secret key goes, with the real pulumi CLI against the emulator.
 *
 * Given the recommended way (a key file named by TENCENTCLOUD_IM_SECRET_KEY_FILE, or the key in
 * TENCENTCLOUD_IM_SECRET_KEY) the key appears nowhere: not in any output of up / preview / refresh /
 * destroy at `-v=9 --logtostderr --logflow` or with `--json`, not in the log files `-v=9` writes to
 * TMPDIR (a private one per workspace), not in state, the backend or the stack's files. Given in the
 * stack config, it is recorded where it does appear: only the engine's own `-v=9` RPC and planner
 * lines (README "Secrets"). A `pulumi.secret()` input is recorded likewise: the engine's `-v=9` lines
 * and the Node SDK's "RegisterResource RPC finished" debug event that `--json` streams, nothing of
 * ours. Then: a plain refresh signs with the configuration recorded in state, and no process that
 * `npm run up` starts has the key in its argv.
 */
import {
  accessSync,
  chmodSync,
  constants,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { type ImTestBed, startImTestBed } from "../support/im";
import { programDir, repoRoot } from "../support/paths";
import { type PulumiResult, PulumiWorkspace, runProcess } from "../support/pulumi";

/** A secret input of the program: a group notification wrapped in pulumi.secret(). */
const SECRET_NOTIFICATION = "secret-notification-3f9c1e";

/** The program's spec; the group id is the stack's, as IM never reuses a destroyed group's id. */
const spec = (stack: string, name: string) => ({
  groups: {
    lobby: {
      type: "Public",
      groupId: `secrets-${stack}`,
      name,
      notification: { $secret: SECRET_NOTIFICATION },
      ownerAccount: "alice",
    },
  },
  members: { "lobby-members": { group: "lobby", members: ["bob"] } },
});

/** Five CLI runs at -v=9, which is slow (tens of seconds per run on 2 shared cores). */
const LIFECYCLE_TIMEOUT_MS = 600_000;

/** How the test hands the provider its key. */
type KeyWay = "key file" | "environment" | "stack config";

/** Every text one lifecycle produced, by where it came from. */
type Texts = Map<string, string>;

describe("@e2e secrets", () => {
  let bed: ImTestBed;
  before(async () => {
    bed = await startImTestBed();
    await bed.client.multiaccountImport(["alice", "bob"]);
  });
  /** Scratch dirs made by the tests, removed at the end. */
  const scratch: string[] = [];
  after(async () => {
    await bed?.close();
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });
  const scratchDir = (prefix: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), `imgroups-secrets-${prefix}-`));
    scratch.push(dir);
    return dir;
  };

  /** A key file only its owner may read, holding `key` as `echo` writes it. */
  const writeKeyFile = (key: string) => {
    const file = path.join(scratchDir("key"), "im.key");
    writeFileSync(file, `${key}\n`);
    chmodSync(file, 0o600);
    return file;
  };

  /** A workspace on the emulator with the key given `way`; its CLI's TMPDIR is private (`tmp`). */
  async function workspace(way: KeyWay, stack: string) {
    const tmp = scratchDir("tmpdir");
    const specFile = path.join(scratchDir("spec"), "spec.json");
    writeFileSync(specFile, JSON.stringify(spec(stack, "Lobby")));
    const env: Record<string, string> = { IMGROUPS_SPEC_FILE: specFile, TMPDIR: tmp };
    if (way === "key file") env.TENCENTCLOUD_IM_SECRET_KEY_FILE = writeKeyFile(bed.emulator.secretKey);
    if (way === "environment") env.TENCENTCLOUD_IM_SECRET_KEY = bed.emulator.secretKey;
    const ws = await PulumiWorkspace.create({
      programDir: programDir("groups"),
      stack,
      config: {
        "tencentcloud-im:endpoint": bed.emulator.url,
        "tencentcloud-im:sdkAppId": String(bed.emulator.sdkAppId),
      },
      secretConfig: way === "stack config" ? { "tencentcloud-im:secretKey": bed.emulator.secretKey } : {},
      env,
    });
    return { ws, tmp, specFile };
  }

  /**
   * up, preview, an update, refresh and destroy, each at -v=9 (logs on stderr, or in TMPDIR's log
   * files), with the human display or --json; then every output, log file, the state as exported
   * before destroy, and every file of the backend, PULUMI_HOME and the program directory. `brief`
   * skips the preview and the first up's human display (the CLI is slow at -v=9).
   */
  async function lifecycle(way: KeyWay, stack: string, { brief = false } = {}): Promise<Texts> {
    const { ws, tmp, specFile } = await workspace(way, stack);
    const texts: Texts = new Map();
    const step = async (name: string, args: string[]) => {
      const result: PulumiResult = await ws.run(args);
      expect(result.code, `${name}\n${result.stdout}\n${result.stderr.slice(-4000)}`).to.equal(0);
      texts.set(`${name} stdout`, result.stdout);
      texts.set(`${name} stderr`, result.stderr);
    };
    const logs = ["-v=9", "--logflow"];
    let destroyed = false;
    try {
      if (!brief) {
        await step("up", ["up", "--yes", "--skip-preview", ...logs, "--logtostderr"]);
        await step("preview --json", ["preview", "--json", ...logs]);
      }
      writeFileSync(specFile, JSON.stringify(spec(stack, "Lobby 2")));
      await step("up --json", ["up", "--yes", "--skip-preview", "--json", ...logs, "--logtostderr"]);
      await step("refresh --json", ["refresh", "--yes", "--skip-preview", "--json", ...logs]);
      texts.set("state (stack export)", (await ws.exportState()).text);
      await step("destroy", ["destroy", "--yes", "--skip-preview", ...logs, "--logtostderr"]);
      for (const file of filesUnder(tmp)) texts.set(`TMPDIR/${path.relative(tmp, file)}`, read(file));
      for (const file of filesUnder(ws.dir))
        texts.set(`workspace/${path.relative(ws.dir, file)}`, read(file));
      destroyed = true;
    } finally {
      // Already destroyed: only the scratch space is left (dispose would run destroy once more).
      if (destroyed) rmSync(ws.dir, { recursive: true, force: true });
      else await ws.dispose();
    }
    return texts;
  }

  for (const way of ["key file", "environment"] as const) {
    describe(`the key given the recommended way: ${way === "key file" ? "a key file" : "the environment"}`, () => {
      let texts: Texts;
      before(async function () {
        this.timeout(LIFECYCLE_TIMEOUT_MS);
        // The environment is the older way and passes the key just as the file does (never through
        // the engine), so its run is the brief one.
        texts =
          way === "key file"
            ? await lifecycle(way, "key-file")
            : await lifecycle(way, "key-env", { brief: true });
      });

      it("appears in no output, log file, state, backend or stack file", () => {
        expect(logFileNames(texts), "the -v=9 runs wrote log files to the private TMPDIR").to.not.be.empty;
        expect(
          [...texts.keys()].some((place) => /^workspace\/program\/Pulumi\..+\.yaml$/.test(place)),
        ).to.equal(true);
        reportPlaces(`the secret key (${way})`, texts, bed.emulator.secretKey);
        expect(placesOf(texts, bed.emulator.secretKey)).to.deep.equal([]);
        expect(placesOf(texts, "usersig=")).to.deep.equal([]);
      });

      it("leaves the default provider's state without any key", () => {
        const provider = defaultProvider(texts);
        expect(Object.keys(provider.inputs ?? {}).sort()).to.deep.equal([
          "tencentcloud-im:endpoint",
          "tencentcloud-im:sdkAppId",
        ]);
      });

      it("shows a pulumi.secret() input only in the engine's -v=9 lines and the SDK's debug event", () => {
        expectSecretInputOnlyWhereTheEngineLogs(texts);
      });
    });
  }

  describe("the key in the stack config (recorded)", () => {
    let texts: Texts;
    before(async function () {
      this.timeout(LIFECYCLE_TIMEOUT_MS);
      texts = await lifecycle("stack config", "key-config");
    });

    it("is stored encrypted: ciphertext in the stack file and as the default provider's state", () => {
      const provider = defaultProvider(texts);
      const stored = provider.inputs?.["tencentcloud-im:secretKey"] as { ciphertext?: string } | undefined;
      expect(stored?.ciphertext).to.match(/^v1:/);
      expect(texts.get("workspace/program/Pulumi.key-config.yaml")).to.match(
        /tencentcloud-im:secretKey:\s+secure: v1:/,
      );
    });

    it("appears only in the engine's -v=9 lines about the default provider's configuration", () => {
      const key = bed.emulator.secretKey;
      reportPlaces("the secret key (stack config)", texts, key);
      const places = placesOf(texts, key);
      // Where the engine puts it (README "Secrets"): its log on stderr and in TMPDIR's log files.
      expect(places).to.include.members(["up stderr", "destroy stderr"]);
      expect(places.filter((place) => !place.endsWith(" stderr") && !isLogFile(place))).to.deep.equal([]);
      for (const place of places) {
        for (const line of linesWith(texts.get(place)!, key)) {
          expect(ENGINE_CONFIG_LINE.test(line), `${place}: ${line.slice(0, 300)}`).to.equal(true);
        }
      }
    });

    it("shows a pulumi.secret() input only in the engine's -v=9 lines and the SDK's debug event", () => {
      expectSecretInputOnlyWhereTheEngineLogs(texts);
    });
  });

  describe("which key a refresh signs with", () => {
    const wrongKey = "0000-a-wrong-key-0000";

    it("a plain refresh signs with the stack-config key recorded in state; --run-program uses the current one", async () => {
      const { ws } = await workspace("stack config", "refresh-config");
      try {
        await ws.up();
        await ws.setConfig("tencentcloud-im:secretKey", wrongKey, { secret: true });
        const plain = await ws.run(["refresh", "--yes", "--skip-preview"]);
        expect(plain.code, "the engine's behaviour: the recorded key still works").to.equal(0);
        const current = await ws.run(["preview", "--refresh", "--run-program"]);
        expect(current.code).to.not.equal(0);
        expect(current.stdout + current.stderr).to.match(/70009|UserSig/);
        expect(current.stdout + current.stderr).to.not.include(wrongKey);
      } finally {
        await ws.setConfig("tencentcloud-im:secretKey", bed.emulator.secretKey, { secret: true });
        await ws.dispose();
      }
    });

    it("a plain refresh signs with the current key when it comes from the environment or a key file it names", async () => {
      const { ws } = await workspace("environment", "refresh-env");
      const wrongKeyFile = writeKeyFile(wrongKey);
      try {
        await ws.up();
        const wrongs: Record<string, string>[] = [
          { TENCENTCLOUD_IM_SECRET_KEY: wrongKey },
          { TENCENTCLOUD_IM_SECRET_KEY: "", TENCENTCLOUD_IM_SECRET_KEY_FILE: wrongKeyFile },
        ];
        for (const wrong of wrongs) {
          const refresh = await ws.run(["refresh", "--yes", "--skip-preview"], { env: wrong });
          expect(refresh.code, `${Object.keys(wrong)}\n${refresh.stdout}`).to.not.equal(0);
          expect(refresh.stdout + refresh.stderr).to.match(/70009|UserSig/);
          expect(refresh.stdout + refresh.stderr).to.not.include(wrongKey);
        }
      } finally {
        await ws.dispose();
      }
    });

    it("a key file named in the stack config is read at each run: its current content is used", async () => {
      const { ws } = await workspace("environment", "refresh-config-file");
      const file = writeKeyFile(bed.emulator.secretKey);
      const noEnvKey = { TENCENTCLOUD_IM_SECRET_KEY: "" };
      try {
        await ws.setConfig("tencentcloud-im:secretKeyFile", file);
        expect((await ws.run(["up", "--yes", "--skip-preview"], { env: noEnvKey })).code).to.equal(0);
        writeFileSync(file, wrongKey);
        const refresh = await ws.run(["refresh", "--yes", "--skip-preview"], { env: noEnvKey });
        expect(refresh.code, refresh.stdout).to.not.equal(0);
        expect(refresh.stdout + refresh.stderr).to.match(/70009|UserSig/);
      } finally {
        writeFileSync(file, bed.emulator.secretKey);
        await ws.dispose();
      }
    });
  });

  describe("npm run up", () => {
    const stack = `secrets-${process.pid}`;
    let home: string;
    before(() => {
      home = scratchDir("main");
    });
    after(() => rmSync(path.join(repoRoot, `Pulumi.${stack}.yaml`), { force: true }));

    it("starts no process with the secret key in its argv", async () => {
      // Every program the main job starts by name (pulumi, its plugins, node for the program and the
      // dynamic provider) is found on PATH, so a recording wrapper first on PATH sees each argv.
      const argvDir = path.join(home, "argv");
      const bin = recordingBin(
        ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs", "node"],
        path.join(home, "bin"),
        argvDir,
      );
      const env = {
        ...process.env,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PATH: `${bin}${path.delimiter}${process.env.PATH}`,
        IMGROUPS_HOME: home,
        IMGROUPS_STACK: stack,
        PULUMI_HOME: path.join(home, "pulumi-home"),
        PULUMI_COLOR: "never",
      };
      // scripts/up.js is what `npm run up` runs after installing and building (which precede the key).
      const up = await runProcess(
        path.join(bin, "node"),
        [path.join(repoRoot, "scripts/dist/scripts/up.js")],
        {
          cwd: repoRoot,
          env,
        },
      );
      expect(up.code, up.stdout + up.stderr).to.equal(0);

      const key = (
        await runProcess("pulumi", ["config", "get", "tencentcloud-im:secretKey", "--stack", stack], {
          cwd: repoRoot,
          env: {
            ...process.env,
            PULUMI_HOME: env.PULUMI_HOME,
            PULUMI_BACKEND_URL: `file://${path.join(home, "state")}`,
            PULUMI_CONFIG_PASSPHRASE: "",
            PULUMI_SKIP_UPDATE_CHECK: "true",
          },
        })
      ).stdout.trim();
      expect(key).to.match(/^[0-9a-f]{64}$/);

      const records = readdirSync(argvDir).map((name) => readFileSync(path.join(argvDir, name), "utf8"));
      const argvs = records.map((record) => record.split("\0").slice(0, -1));
      const holding = argvs
        .filter((argv) => argv.some((arg) => arg.includes(key)))
        .map((argv) => argv.map((arg) => arg.replaceAll(key, "<the key>")));
      expect(holding, `${argvs.length} processes recorded`).to.deep.equal([]);
      // Not vacuous: the key was set through the CLI, and the program and the provider were seen.
      expect(argvs).to.deep.include([
        path.join(bin, "pulumi"),
        "--non-interactive",
        "config",
        "set",
        "--secret",
        "tencentcloud-im:secretKey",
      ]);
      expect(argvs.some((argv) => argv.some((arg) => arg.includes("@pulumi/pulumi/cmd/run")))).to.equal(true);
      expect(argvs.some((argv) => argv.some((arg) => arg.includes("cmd/dynamic-provider")))).to.equal(true);
    });
  });
});

/** A log line of the engine about the default provider's configuration (CheckConfig, DiffConfig, Configure, planner). */
const ENGINE_CONFIG_LINE =
  /"msg":"(Marshaling property for RPC\[Provider\[[^\]]*\]\.(CheckConfig|DiffConfig|Configure)\(|Planner decided (not )?to (create|update) 'urn:pulumi:[^']*::pulumi:providers:pulumi-nodejs::default')/;

/** A log line of the engine about resource properties: RPC (un)marshaling, the planner, forwarded SDK debug. */
const ENGINE_PROPERTY_LINE =
  /"msg":"(Marshaling property for RPC|Unmarshaling property for RPC|Planner decided |RegisterResource RPC finished: |eventSink::Debug\(<\{%reset%\}>RegisterResource RPC finished: )/;

/**
 * A secret input appears only where the engine logs properties at -v=9 and in the Node SDK's
 * RegisterResource debug event (node_modules/@pulumi/pulumi/runtime/resource.js, streamed by
 * `--json` for up, refresh and destroy): never in the human display, `preview --json`, state or
 * the backend, and never in a message of ours.
 */
function expectSecretInputOnlyWhereTheEngineLogs(texts: Texts): void {
  for (const place of placesOf(texts, SECRET_NOTIFICATION)) {
    for (const line of linesWith(texts.get(place)!, SECRET_NOTIFICATION)) {
      if (place.endsWith(" stderr") || isLogFile(place)) {
        expect(ENGINE_PROPERTY_LINE.test(line), `${place}: ${line.slice(0, 300)}`).to.equal(true);
        continue;
      }
      expect(place, "only --json streams engine events").to.match(/^(up|refresh) --json stdout$/);
      const event = JSON.parse(line) as { diagnosticEvent?: { severity?: string; message?: string } };
      expect(event.diagnosticEvent?.severity, line.slice(0, 300)).to.equal("debug");
      expect(event.diagnosticEvent?.message).to.match(/^RegisterResource RPC finished: /);
    }
  }
}

/** The places (names in `texts`) whose text contains `needle`, sorted. */
function placesOf(texts: Texts, needle: string): string[] {
  return [...texts.entries()]
    .filter(([, text]) => text.includes(needle))
    .map(([place]) => place)
    .sort();
}

/**
 * Prints the grep a reader of the test log (or an issue note) wants: how many texts were searched
 * and, for each that holds `needle`, how many lines and which kind of engine line they are.
 */
function reportPlaces(label: string, texts: Texts, needle: string): void {
  const places = placesOf(texts, needle);
  console.log(`      grep ${label}: ${texts.size} texts searched, ${places.length} hold it`);
  for (const place of places) {
    const lines = linesWith(texts.get(place)!, needle);
    const kinds = new Set(lines.map((line) => /"msg":"([A-Za-z ]+)/.exec(line)?.[1]?.trim() ?? "other"));
    const name = isLogFile(place) ? place.replace(/\.log\.INFO\..*/, ".log.INFO.*") : place;
    console.log(`        ${name}: ${lines.length} line(s): ${[...kinds].join("; ")}`);
  }
}

function linesWith(text: string, needle: string): string[] {
  return text.split("\n").filter((line) => line.includes(needle));
}

/** The -v=9 log files (glog names: <program>.<host>.<user>.log.INFO.<time>.<pid>). */
function isLogFile(place: string): boolean {
  return /^TMPDIR\/[^/]+\.log\.INFO\./.test(place);
}

function logFileNames(texts: Texts): string[] {
  return [...texts.keys()].filter(isLogFile);
}

/** The default provider's resource from the exported state. */
function defaultProvider(texts: Texts): { inputs?: Record<string, unknown> } {
  const state = JSON.parse(texts.get("state (stack export)")!) as {
    deployment: { resources: { type: string; urn: string; inputs?: Record<string, unknown> }[] };
  };
  const provider = state.deployment.resources.find((r) =>
    r.urn.endsWith("::pulumi:providers:pulumi-nodejs::default"),
  );
  expect(provider, "the default provider is in state").to.not.equal(undefined);
  return provider!;
}

/** Every regular file under `dir`, not descending into links (node_modules). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return entry.isFile() ? [full] : [];
  });
}

function read(file: string): string {
  return readFileSync(file, "latin1");
}

/**
 * A directory of wrappers, one per program name, each recording its argv (NUL-separated, one file
 * per process, so concurrent processes never interleave) before running the real program found on
 * PATH.
 */
function recordingBin(names: readonly string[], bin: string, argvDir: string): string {
  mkdirSync(bin, { recursive: true });
  mkdirSync(argvDir, { recursive: true });
  for (const name of names) {
    const real = onPath(name);
    const wrapper = path.join(bin, name);
    writeFileSync(
      wrapper,
      `#!/bin/sh\nprintf '%s\\0' "$0" "$@" > "$(mktemp '${argvDir}/argv.XXXXXXXX')"\nexec '${real}' "$@"\n`,
    );
    chmodSync(wrapper, 0o755);
  }
  return bin;
}

/** The first executable file called `name` on PATH. */
function onPath(name: string): string {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here.
    }
  }
  throw new Error(`${name} is not on PATH`);
}
