/**
 * The shape of a command: strict flag parsing (node:util parseArgs), the usage and `--help` text,
 * and how the outcome becomes an exit code — a usage mistake prints the message and the usage, a
 * {@link CommandError} its message, both exit 1; anything else is a crash with its stack.
 */
import { parseArgs } from "node:util";
import { EXIT } from "../review/outcome";
import { MARKDOWN_DEFAULTS } from "../review/render-markdown";

/** A command-line mistake: reported with the usage text, exit code 1. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * A failure that ends a command with exit 1 and its message (already cleared of secrets) on stderr,
 * without the usage text.
 */
export class CommandError extends Error {
  override readonly name = "CommandError";
}

/** Flags of a command, as parseArgs declares them. */
export type FlagSpec = Record<string, { type: "string" | "boolean"; short?: string }>;

/** Flag values as {@link parseFlags} returns them. */
export type Flags<T extends FlagSpec> = Record<keyof T, string | boolean | undefined>;

/**
 * Parses argv against `spec`; numbers are checked by {@link intFlag}. Unknown flags and stray
 * positional arguments are usage errors (a typo must not silently run a different check).
 */
export function parseFlags<T extends FlagSpec>(argv: string[], spec: T): Flags<T> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: spec,
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
    // parseArgs types its values through conditional types TypeScript cannot relate to Flags<T>;
    // reading each declared flag keeps the check (a flag is a string, a boolean or absent).
    const given = values as Record<string, unknown>;
    const flags: Partial<Flags<T>> = {};
    for (const name of Object.keys(spec) as (keyof T & string)[]) {
      const value = given[name];
      flags[name] = typeof value === "string" || typeof value === "boolean" ? value : undefined;
    }
    return flags as Flags<T>;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message);
  }
}

/** A whole-number flag (`65000`, `65_000` or `65,000`), or the default when absent. */
export function intFlag(value: string | boolean | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const text = typeof value === "string" ? value.replace(/[_,]/g, "") : "";
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`--${name} needs a whole number, not ${JSON.stringify(value)}`);
  }
  return Number(text);
}

/** One command: its name (the installed command, the prefix of its messages), usage text and flags. */
export interface CommandSpec<T extends FlagSpec> {
  /** The installed command's name, e.g. `imgroups-drift`. */
  name: string;
  /** The `--help` text (also printed after a usage error). */
  usage: string;
  /** The flags it takes. */
  flags: T;
  /** Further checks of the flags; throws {@link UsageError}. */
  check?: (flags: Flags<T>) => void;
}

/** A parsed command line: the flags, and the two numbers both commands' Markdown takes. */
export interface CommandLine<T extends FlagSpec> {
  /** The flags as given. */
  flags: Flags<T>;
  /** `--max-accounts`, or the Markdown default. */
  maxAccounts: number;
  /** `--budget`, or the Markdown default. */
  budget: number;
}

/**
 * Runs a command's body after parsing its flags (which must include `max-accounts`, `budget` and
 * `help`). A usage error prints the message and the usage, exit 1; `--help` prints the usage, exit
 * 0; a {@link CommandError} from the body prints its message, exit 1. Other errors propagate.
 */
export async function runCommand<T extends FlagSpec>(
  command: CommandSpec<T>,
  argv: string[],
  body: (line: CommandLine<T>) => Promise<number>,
): Promise<number> {
  let line: CommandLine<T>;
  try {
    const flags = parseFlags(argv, command.flags);
    line = {
      flags,
      maxAccounts: intFlag(flags["max-accounts"], "max-accounts", MARKDOWN_DEFAULTS.maxAccounts),
      budget: intFlag(flags.budget, "budget", MARKDOWN_DEFAULTS.budget),
    };
    command.check?.(flags);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${command.name}: ${error.message}\n\n${command.usage}\n`);
    return EXIT.error;
  }
  if (line.flags.help) {
    process.stdout.write(`${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await body(line);
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    process.stderr.write(`${command.name}: ${error.message}\n`);
    return EXIT.error;
  }
}

/** Runs `main` as the process's command: its result is the exit code; a crash prints its stack, exit 1. */
export function runAsScript(name: string, main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${name}: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = EXIT.error;
    },
  );
}
