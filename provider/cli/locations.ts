/**
 * Where things are for a command: the directory the user ran it in (npm records it in INIT_CWD),
 * the stack directory, a saved preview to read, and the report files to write. Relative paths are
 * always taken from where the user ran the command, never from where npm runs the script.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * The directory the user ran the command in: npm runs scripts in the package root but records the
 * caller's directory in INIT_CWD, so `npm run drift` from a stack directory means that directory.
 */
export function invocationDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.INIT_CWD && env.INIT_CWD !== "" ? env.INIT_CWD : process.cwd();
}

/** A path the user gave, resolved against {@link invocationDir}. */
export function userPath(file: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(invocationDir(env), file);
}

/** The stack directory: `--cwd` (relative to where the user ran the command), else that directory. */
export function stackDir(
  cwdFlag: string | boolean | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  return typeof cwdFlag === "string" ? userPath(cwdFlag, env) : invocationDir(env);
}

/** A path as the user should read it in a message: relative to where they ran the command. */
export function shownPath(file: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.relative(invocationDir(env), file) || file;
}

/** Reads a saved preview: a file path (relative to the invocation directory) or `-` for stdin. */
export function readInput(from: string, env: NodeJS.ProcessEnv = process.env): string {
  if (from === "-") return readFileSync(0, "utf8");
  return readFileSync(userPath(from, env), "utf8");
}

/** Writes a report file (creating its directory) and returns the path written. */
export function writeOutput(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}
