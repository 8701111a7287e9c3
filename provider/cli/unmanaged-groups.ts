/**
 * The drift command's `--unmanaged` listing: connects to the stack's IM app (the stack config, as
 * the provider reads it, then the environment: client/settings.ts), lists the app's groups and
 * keeps those no resource of the preview names, within the `--filters` group filter
 * (review/unmanaged.ts). Kept apart from the pure review library, which never opens a connection.
 */
import { ImClient } from "../client/client";
import { resolveSettings } from "../client/settings";
import type { UnmanagedGroups } from "../review/model";
import type { PreviewJson } from "../review/preview";
import {
  findUnmanagedGroups,
  type GroupFilter,
  GroupFilterError,
  managedGroupIds,
  parseGroupFilter,
} from "../review/unmanaged";
import { CommandError, UsageError } from "./command";
import { readInput } from "./locations";
import { runPulumi } from "./pulumi-process";

/** What `--unmanaged` asks for: nothing (default), a listing, or a listing that fails the check. */
export type UnmanagedMode = "off" | "report" | "fail";

/** `--unmanaged`'s value, checked; throws {@link UsageError} naming the allowed values. */
export function unmanagedMode(flag: string | boolean | undefined): UnmanagedMode {
  if (flag === undefined) return "off";
  if (flag === "off" || flag === "report" || flag === "fail") return flag;
  throw new UsageError(`--unmanaged must be off, report or fail, not ${JSON.stringify(flag)}`);
}

/**
 * The group filter in `file` (JSON): a filter object, or an object whose `filters` holds one (the
 * shape an exported topology keeps it in). Throws {@link CommandError} naming the file and field.
 */
export function readGroupFilter(file: string, env: NodeJS.ProcessEnv): GroupFilter {
  let value: unknown;
  try {
    value = JSON.parse(readInput(file, env));
  } catch (error) {
    throw new CommandError(`--filters ${file}: cannot read it as JSON (${(error as Error).message})`);
  }
  const holder =
    value !== null && typeof value === "object" && !Array.isArray(value) && Object.hasOwn(value, "filters")
      ? (value as { filters: unknown }).filters
      : value;
  try {
    return parseGroupFilter(holder, "filters");
  } catch (error) {
    if (error instanceof GroupFilterError) throw new CommandError(`--filters ${file}: ${error.message}`);
    throw error;
  }
}

/**
 * Lists the live groups no resource of `preview` names, within `filter`, reading the app the stack
 * in `cwd` is configured for (its stack config, shown with secrets in memory only, then the
 * environment). Throws {@link CommandError} when the settings are incomplete or a call fails.
 */
export async function listUnmanagedGroups(options: {
  preview: PreviewJson;
  filter: GroupFilter | undefined;
  cwd: string;
  stack: string | undefined;
  env: NodeJS.ProcessEnv;
}): Promise<UnmanagedGroups> {
  const config = await stackConfig(options.cwd, options.stack, options.env);
  let client: ImClient;
  try {
    client = new ImClient(resolveSettings({ config, env: options.env }));
  } catch (error) {
    throw new CommandError(`--unmanaged: ${(error as Error).message}`);
  }
  try {
    const groups = await findUnmanagedGroups(client, managedGroupIds(options.preview), options.filter ?? {});
    return { groups, filtered: options.filter !== undefined };
  } catch (error) {
    throw new CommandError(`--unmanaged: listing the app's groups failed: ${(error as Error).message}`);
  } finally {
    await client.close();
  }
}

/** The stack config as plain values (`pulumi config --json --show-secrets`); empty if unreadable. */
async function stackConfig(
  cwd: string,
  stack: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<Record<string, string | undefined>> {
  const result = await runPulumi(
    [
      "config",
      "--json",
      "--show-secrets",
      ...(stack !== undefined && stack !== "" ? ["--stack", stack] : []),
    ],
    { cwd, env },
  ).catch(() => undefined);
  if (result?.code !== 0) return {};
  try {
    const parsed = JSON.parse(result.stdout) as Record<string, { value?: unknown }>;
    const values: Record<string, string | undefined> = {};
    for (const [key, entry] of Object.entries(parsed)) {
      if (entry !== null && typeof entry === "object" && typeof entry.value === "string")
        values[key] = entry.value;
    }
    return values;
  } catch {
    return {};
  }
}
