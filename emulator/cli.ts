#!/usr/bin/env node
/**
 * `im-emulator`: runs the emulator until SIGINT/SIGTERM. Once listening it prints ONE JSON line to
 * stdout — `{"url", "sdkAppId", "identifier", "adminIdentifiers", "secretKey", "dataDir",
 * "console"}`, plus `"tls": {"certFile", "fingerprint256"}` with `--tls` — so a script can start it
 * with `--port 0` and read where it is. Nothing else goes to stdout; errors go to
 * stderr. See emulator/README.md for every flag.
 */

import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { type EmulatorOptions, type FaultOptions, startEmulator } from "./index";

const USAGE = `Usage: im-emulator [options]

  --port <n>                        TCP port, 0 = any free port (default 0)
  --host <addr>                     interface to listen on (default 127.0.0.1)
  --data-dir <dir>                  keep state in <dir> (journal + snapshot); survives restarts
  --memory                          keep state in memory only (the default)
  --sdkappid <n>                    the app's SDKAppID (default 1400000000)
  --admin <id>                      an App admin identifier; repeat for more (default administrator)
  --secret-key <key>                secret key for UserSig (default: env IM_EMULATOR_SECRET_KEY, else random)
  --rate-limit <n>                  calls/s per API, 0 = off (default 100)
  --auto-import-accounts            accept accounts that were never imported
  --newest-names-only               emit MuteAllMember / MuteUntil without the legacy ShutUp names
  --durability <write|fsync>        with --data-dir: fsync before acknowledging (default write)
  --tls                             serve HTTPS with a self-signed certificate (kept in <data-dir>/tls)
  --tls-cert <file> --tls-key <file> serve HTTPS with this certificate and key (PEM)
  --fault-latency-ms <n>            add latency to every API call
  --fault-latency-after-commit-ms <n> hold the answer of a call that changed state
  --fault-system-error-rate <p>     share of calls answered 10002
  --fault-bad-gateway-rate <p>      share of calls answered HTTP 502
  --fault-drop-connection-rate <p>  share of calls dropped before any effect
  --fault-drop-after-commit-rate <p> share of calls dropped after taking effect
  --fault-commands <a,b>            inject faults only on these commands
  --console-token <token>           token that unlocks the web console's edits (default: random, printed)
  --config <file.json>              any startEmulator options as JSON (flags override it)
  --help                            print this help
`;

/** The flags; `--emit-legacy-names` (0.1.0) is still accepted, see {@link DEPRECATED}. */
const OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  "data-dir": { type: "string" },
  memory: { type: "boolean" },
  sdkappid: { type: "string" },
  admin: { type: "string", multiple: true },
  "secret-key": { type: "string" },
  "rate-limit": { type: "string" },
  "auto-import-accounts": { type: "boolean" },
  "newest-names-only": { type: "boolean" },
  durability: { type: "string" },
  tls: { type: "boolean" },
  "tls-cert": { type: "string" },
  "tls-key": { type: "string" },
  "fault-latency-ms": { type: "string" },
  "fault-latency-after-commit-ms": { type: "string" },
  "fault-system-error-rate": { type: "string" },
  "fault-bad-gateway-rate": { type: "string" },
  "fault-drop-connection-rate": { type: "string" },
  "fault-drop-after-commit-rate": { type: "string" },
  "fault-commands": { type: "string" },
  "console-token": { type: "string" },
  config: { type: "string" },
  help: { type: "boolean" },
  "emit-legacy-names": { type: "boolean" },
} as const;

/**
 * Flags of earlier versions that are accepted with a notice on stderr rather than refused, so a
 * script written for them keeps starting. `--emit-legacy-names` (0.1.0) asked for ShutUpAllMember /
 * ShutUpUntil next to the Mute names; that is the default since commit 4a910fd (DECISIONS.md, "Both
 * mute spellings by default"), so it only matters against a config file's `emitLegacyNames: false`
 * (flags override the file).
 */
const DEPRECATED: ReadonlyMap<string, string> = new Map([
  [
    "emit-legacy-names",
    "--emit-legacy-names is deprecated: ShutUpAllMember / ShutUpUntil are emitted by default (--newest-names-only turns them off)",
  ],
]);

const values = parseFlags();

/**
 * The command line parsed. A flag parseArgs refuses (unknown, missing value, stray argument) is
 * the user's input error: one line naming it, then the usage, exit 2 — not a stack trace.
 */
function parseFlags() {
  const parsed = (() => {
    try {
      return parseArgs({ options: OPTIONS, strict: true });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== "string" || !code.startsWith("ERR_PARSE_ARGS_")) throw error;
      return usageError(parseArgsMessage(error as Error & { code: string }));
    }
  })().values;
  if (parsed["emit-legacy-names"] && parsed["newest-names-only"]) {
    fail("--emit-legacy-names and --newest-names-only exclude each other");
  }
  for (const [flag, notice] of DEPRECATED) {
    if (parsed[flag as keyof typeof parsed] !== undefined) process.stderr.write(`im-emulator: ${notice}\n`);
  }
  return parsed;
}

/**
 * parseArgs' refusal in our words (its own messages are several lines with hints about `--`). The
 * codes are Node's (ERR_PARSE_ARGS_*, node:util parseArgs); any other keeps Node's first line.
 */
function parseArgsMessage(error: Error & { code: string }): string {
  const quoted = /'([^']*)'/.exec(error.message)?.[1];
  switch (error.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option ${quoted ?? error.message}`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument ${JSON.stringify(quoted ?? error.message)}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
      // "Option '--memory' does not take an argument", else "Option '--port <value>' argument
      // missing" or "Option '--port' argument is ambiguous" (the next word is another flag).
      const flag = quoted?.split(" ")[0] ?? "";
      return /does not take an argument/.test(error.message)
        ? `${flag} takes no value`
        : `${flag} needs a value`;
    }
    default:
      return error.message.split("\n")[0]!;
  }
}

/** A command-line mistake: the message, then the usage, on stderr; exit 2. */
function usageError(message: string): never {
  process.stderr.write(`im-emulator: ${message}\n\n${USAGE}`);
  process.exit(2);
}

/** A numeric flag, or undefined when absent; exits on a non-number. */
function number(flag: string): number | undefined {
  const text = values[flag as keyof typeof values] as string | undefined;
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value))
    fail(`--${flag}: ${JSON.stringify(text)} is not a number`);
  return value;
}

function fail(message: string): never {
  process.stderr.write(`im-emulator: ${message}\n`);
  process.exit(2);
}

/** Drops undefined fields so they do not override the config file's. */
function defined<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function options(): EmulatorOptions {
  if (values["data-dir"] !== undefined && values.memory) fail("--data-dir and --memory exclude each other");
  if (values.durability !== undefined && values.durability !== "write" && values.durability !== "fsync") {
    fail(`--durability: ${JSON.stringify(values.durability)} is not write or fsync`);
  }
  if ((values["tls-cert"] === undefined) !== (values["tls-key"] === undefined)) {
    fail("--tls-cert and --tls-key go together");
  }
  const config: EmulatorOptions = values.config ? JSON.parse(readFileSync(values.config, "utf8")) : {};
  const faults: FaultOptions = defined({
    latencyMs: number("fault-latency-ms"),
    latencyAfterCommitMs: number("fault-latency-after-commit-ms"),
    systemErrorRate: number("fault-system-error-rate"),
    badGatewayRate: number("fault-bad-gateway-rate"),
    dropConnectionRate: number("fault-drop-connection-rate"),
    dropAfterCommitRate: number("fault-drop-after-commit-rate"),
    commands: values["fault-commands"]?.split(",").filter(Boolean),
  });
  return {
    ...config,
    ...defined({
      port: number("port"),
      host: values.host,
      dataDir: values["data-dir"],
      sdkAppId: number("sdkappid"),
      adminIdentifiers: values.admin,
      secretKey: values["secret-key"] ?? process.env.IM_EMULATOR_SECRET_KEY ?? config.secretKey,
      rateLimitPerSecond: number("rate-limit"),
      autoImportAccounts: values["auto-import-accounts"],
      emitLegacyNames: values["newest-names-only"] ? false : values["emit-legacy-names"] ? true : undefined,
      durability: values.durability as EmulatorOptions["durability"],
      tls: tlsOption(),
    }),
    faults: { ...config.faults, ...faults },
    ...(values["console-token"] === undefined
      ? {}
      : { console: { ...(config.console || {}), token: values["console-token"] } }),
    // --memory wins over a data dir in the config file.
    ...(values.memory ? { dataDir: undefined } : {}),
  };
}

/** `--tls-cert`/`--tls-key` files, or `--tls` alone (self-signed); undefined when neither is given. */
function tlsOption(): EmulatorOptions["tls"] {
  const certFile = values["tls-cert"];
  const keyFile = values["tls-key"];
  if (certFile !== undefined && keyFile !== undefined) return { certFile, keyFile };
  return values.tls ? true : undefined;
}

async function main(): Promise<void> {
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const emulator = await startEmulator(options());
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      (error) => fail(`close failed: ${error}`),
    );
  };
  // Before the ready line: a supervisor may signal the moment it reads it, and without a handler
  // SIGTERM kills the process (143) with the LOCK and an unfolded journal left behind.
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const { url, sdkAppId, identifier, adminIdentifiers, secretKey, dataDir } = emulator;
  const tls = emulator.tls && {
    certFile: emulator.tls.certFile,
    fingerprint256: emulator.tls.fingerprint256,
  };
  process.stdout.write(
    `${JSON.stringify({ url, sdkAppId, identifier, adminIdentifiers, secretKey, dataDir, tls, console: emulator.console })}\n`,
  );
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
