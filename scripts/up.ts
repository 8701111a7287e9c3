/**
 * The main job (`npm run up`): provision the example topology (examples/topology) with
 * `pulumi up`, into the embedded emulator unless the stack is configured for a real IM app, then
 * say what was made and how to look at it. Running it again changes nothing. `--refresh` reads the
 * live groups first, so the run also undoes changes made outside Pulumi (drift), as
 * `pulumi up --refresh` does.
 */
import path from "node:path";
import { topologyAccounts } from "../examples/topology/topology";
import { localDir, openRootStack, pulumi, pulumiOutput, repoRoot, runScript } from "./root-stack";

/** The flags `npm run up -- …` passes on to `pulumi up`. */
const PASSED_FLAGS: ReadonlySet<string> = new Set(["--refresh"]);

async function main(): Promise<number> {
  const flags = process.argv.slice(2);
  const unknown = flags.find((flag) => !PASSED_FLAGS.has(flag));
  if (unknown !== undefined) {
    console.error(`npm run up: unknown argument ${unknown} (usage: npm run up [-- --refresh])`);
    return 2;
  }
  const root = await openRootStack(topologyAccounts());
  try {
    const target = root.emulator
      ? `the embedded emulator at ${root.emulator.url} (data in ${path.relative(repoRoot, root.emulatorDataDir)}/)`
      : "the Tencent Cloud IM app named in the stack config";
    console.log(`\nProvisioning the example topology (stack "${root.stack}") into ${target}.\n`);
    const code = await pulumi(["up", "--yes", ...flags, "--stack", root.stack], root.env);
    if (code !== 0) return code;

    const outputs = JSON.parse(
      (await pulumiOutput(["stack", "output", "--json", "--stack", root.stack], root.env)) || "{}",
    );
    const groups = (outputs.groups ?? {}) as Record<
      string,
      { groupId: string; type: string; members: number }
    >;
    console.log("\nWhat is there now:");
    for (const [name, group] of Object.entries(groups)) {
      console.log(
        `  ${name.padEnd(14)} ${group.type.padEnd(10)} ${group.groupId.padEnd(22)} ${group.members} member${group.members === 1 ? "" : "s"}`,
      );
    }
    console.log(`
How to look at it:
  npm run up                      again: changes nothing (the topology is already in place)
  npm run drift                   compare the live groups with the program (exit 2 on drift)
  npm run up -- --refresh         undo drift: read the live groups, then set them back
  npm run review                  what the next pulumi up would change, as Markdown
  PULUMI_BACKEND_URL=file://${path.relative(repoRoot, localDir)}/state PULUMI_CONFIG_PASSPHRASE= bash scripts/with-pulumi.sh pulumi stack output
  npm run emulator -- --data-dir ${path.relative(repoRoot, root.emulatorDataDir)} --secret-key "$(pulumi config get tencentcloud-im:secretKey)"
                                  serves the same data with the stack's key; GET <url>/__emulator/state dumps it
Point it at a real app instead: pulumi config set tencentcloud-im:region singapore (or :endpoint) and
  tencentcloud-im:sdkAppId, and give the key in a file (TENCENTCLOUD_IM_SECRET_KEY_FILE): README "The main job against a real app".`);
    return 0;
  } finally {
    await root.close();
  }
}

runScript(main, "npm run up failed: ");
