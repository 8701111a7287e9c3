/**
 * `npm run drift` / `npm run review` entry: runs provider/dist/cli/<tool>.js. For the root project
 * (run from the repository root, no --cwd/--from), the stack is the main job's: the embedded
 * emulator is started first when no real app is configured, exactly as `npm run up` does, so the
 * check reads the groups `npm run up` made. Anywhere else the tool runs as is.
 *
 * Usage: node scripts/dist/scripts/stack-tool.js <drift|review> [tool options]
 */
import path from "node:path";
import { topologyAccounts } from "../examples/topology/topology";
import { openRootStack, repoRoot, run, runScript } from "./root-stack";

async function main(): Promise<number> {
  const [tool, ...args] = process.argv.slice(2);
  if (tool !== "drift" && tool !== "review") {
    console.error("usage: stack-tool.js <drift|review> [options]");
    return 1;
  }
  const script = path.join(repoRoot, "provider", "dist", "cli", `${tool}.js`);
  const invokedFrom = path.resolve(process.env.INIT_CWD ?? process.cwd());
  const ownStack = args.some((arg) => /^--(cwd|from|help)\b|^-h$/.test(arg));
  if (invokedFrom !== repoRoot || ownStack) {
    return run(process.execPath, [script, ...args], { stdio: "inherit" });
  }
  const root = await openRootStack(topologyAccounts());
  try {
    const stackArg = args.some((arg) => arg === "--stack" || arg.startsWith("--stack="))
      ? []
      : ["--stack", root.stack];
    return await run(process.execPath, [script, "--cwd", repoRoot, ...stackArg, ...args], {
      stdio: "inherit",
      env: root.env,
    });
  } finally {
    await root.close();
  }
}

runScript(main);
