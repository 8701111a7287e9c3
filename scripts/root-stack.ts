/**
 * The root project's stack as the main job and the drift check use it: a local file backend under
 * .imgroups/ unless PULUMI_BACKEND_URL says otherwise, the stack selected (created on first use),
 * and — unless stack config or the environment names a real IM app — the embedded emulator started
 * on a free loopback port with a persistent data dir, its accounts imported, and its endpoint
 * handed to Pulumi through TENCENTCLOUD_IM_ENDPOINT (never stored in state).
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "@imgroups/im-emulator";
import { type RunOptions, runProcess, runPulumi } from "@imgroups/tencentcloud-im/cli/pulumi-process";
import { ImClient } from "@imgroups/tencentcloud-im/client/client";
import { CONFIG_KEYS, ENV_VARS } from "@imgroups/tencentcloud-im/client/settings";

/** Repository root: the nearest ancestor holding tsconfig.base.json (scripts compile to scripts/dist/scripts). */
export const repoRoot = findRoot(__dirname);

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "tsconfig.base.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no repository root above ${from}`);
  }
}

/** Local scratch space of the main job: Pulumi state and the emulator's data (gitignored). */
export const localDir = process.env.IMGROUPS_HOME ?? path.join(repoRoot, ".imgroups");

/** SDKAppID the embedded emulator serves. */
const EMULATOR_SDKAPPID = "1400000000";

/** The prepared stack: the environment to run pulumi with, and the emulator if one was started. */
export interface RootStack {
  /** Stack name. */
  stack: string;
  /** Environment for every pulumi call (backend, passphrase, emulator endpoint). */
  env: NodeJS.ProcessEnv;
  /** The embedded emulator, when no real IM app is configured. */
  emulator?: RunningEmulator;
  /** Where the emulator keeps its data. */
  emulatorDataDir: string;
  /** Stops the emulator (flushing its data). */
  close(): Promise<void>;
}

/**
 * Selects (creating if needed) the root stack and starts the embedded emulator unless a real app
 * is configured. `accounts` are imported into the emulator (idempotent), as a real app's users
 * would already exist.
 */
export async function openRootStack(accounts: readonly string[] = []): Promise<RootStack> {
  const stack = process.env.IMGROUPS_STACK ?? "dev";
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_BACKEND_URL: process.env.PULUMI_BACKEND_URL ?? `file://${path.join(localDir, "state")}`,
    // A local demo stack: an empty passphrase unless the user set one. Real stacks should set it.
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    // Diffs in parallel: changed member sets share get_group_info reads (docs/pulumi-notes.md §3.4).
    PULUMI_PARALLEL_DIFF: process.env.PULUMI_PARALLEL_DIFF ?? "true",
  };
  if (env.PULUMI_BACKEND_URL?.startsWith("file://")) {
    mkdirSync(env.PULUMI_BACKEND_URL.slice("file://".length), { recursive: true });
  }
  await pulumi(["stack", "select", "--create", stack], env, { quiet: true });

  const emulatorDataDir = path.join(localDir, "emulator");
  const configured = async (key: string) => (await pulumiOutput(["config", "get", key], env)).trim();
  const real =
    (await configured(CONFIG_KEYS.endpoint)) ||
    (await configured(CONFIG_KEYS.region)) ||
    process.env[ENV_VARS.endpoint] ||
    process.env[ENV_VARS.region];
  if (real) return { stack, env, emulatorDataDir, close: async () => undefined };

  // Embedded emulator: one app whose secret key lives (encrypted) in the stack config.
  let sdkAppId = await configured(CONFIG_KEYS.sdkAppId);
  if (sdkAppId && sdkAppId !== EMULATOR_SDKAPPID) {
    // A real app's id without a host: never provision it into a local emulator by mistake.
    throw new Error(
      `stack config names SDKAppID ${sdkAppId} but no host: set ${CONFIG_KEYS.region} (e.g. china, singapore) ` +
        `or ${CONFIG_KEYS.endpoint} to use that app, or remove ${CONFIG_KEYS.sdkAppId} to use the embedded emulator`,
    );
  }
  if (!sdkAppId) {
    sdkAppId = EMULATOR_SDKAPPID;
    await pulumi(["config", "set", CONFIG_KEYS.sdkAppId, sdkAppId], env, { quiet: true });
  }
  let secretKey = await configured(CONFIG_KEYS.secretKey);
  if (!secretKey) {
    secretKey = randomBytes(32).toString("hex");
    await setSecretConfig(CONFIG_KEYS.secretKey, secretKey, env);
  }
  const emulator = await startEmulator({ dataDir: emulatorDataDir, sdkAppId: Number(sdkAppId), secretKey });
  env[ENV_VARS.endpoint] = emulator.url;
  if (accounts.length > 0) {
    const client = new ImClient({
      sdkAppId: emulator.sdkAppId,
      identifier: emulator.identifier,
      secretKey,
      endpoint: emulator.url,
    });
    const failed = (await client.multiaccountImport(accounts)).filter((result) => !result.ok);
    await client.close();
    if (failed.length > 0)
      throw new Error(`could not import accounts: ${failed.map((f) => f.UserID).join(", ")}`);
  }
  return { stack, env, emulator, emulatorDataDir, close: () => emulator.close() };
}

/**
 * Sets a secret stack-config value. The value goes to `pulumi config set --secret <key>` on stdin,
 * which the CLI reads when no value argument is given, so it never appears in an argv (anyone on
 * the machine can read those in /proc/<pid>/cmdline). Throws, with the CLI's message, unless it
 * succeeds.
 */
async function setSecretConfig(key: string, value: string, env: NodeJS.ProcessEnv): Promise<void> {
  const result = await runPulumi(["config", "set", "--secret", key], { cwd: repoRoot, env, input: value });
  if (result.code !== 0) throw new Error(`pulumi config set --secret ${key} failed: ${result.stderr.trim()}`);
}

/**
 * Runs pulumi in the repository root; resolves with its exit code (1 when killed by a signal).
 * Output is shown unless quiet; `input` is written to its stdin (a secret value, never argv).
 */
export async function pulumi(
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { quiet?: boolean; input?: string } = {},
): Promise<number> {
  const result = await runPulumi(args, {
    cwd: repoRoot,
    env,
    stdio: options.quiet ? "ignore" : "inherit",
    input: options.input,
  });
  return result.code ?? 1;
}

/** Runs pulumi in the repository root and returns its stdout ("" on failure). */
export async function pulumiOutput(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const result = await runPulumi(args, { cwd: repoRoot, env });
  return result.code === 0 ? result.stdout : "";
}

/** Runs a command, resolving with its exit code (1 when killed by a signal). */
export async function run(command: string, args: string[], options: RunOptions): Promise<number> {
  return (await runProcess(command, args, options)).code ?? 1;
}

/**
 * Runs a script's `main`: its result is the exit code; a failure prints `failurePrefix` and the
 * message and exits 1 (never 2, which the drift check uses for "drift").
 */
export function runScript(main: () => Promise<number>, failurePrefix = ""): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`${failurePrefix}${(error as Error).message}`);
      process.exitCode = 1;
    },
  );
}
