/**
 * The drift command's `--unmanaged` listing: connects to the stack's IM app (the stack config, as
 * the provider reads it, then the environment: client/settings.ts), lists the app's groups and
 * keeps those no resource of the preview names, within the `--filters` (a topology's filters,
 * topology/filters.ts). Kept apart from the pure review library, which never opens a connection.
 */
import { statSync } from "node:fs";
import path from "node:path";
import { ImClient } from "../client/client";
import { resolveSettings } from "../client/settings";
import type { UnmanagedGroups } from "../review/model";
import type { PreviewJson } from "../review/preview";
import { findUnmanagedGroups, managedGroupIds } from "../review/unmanaged";
import { FiltersError, hasFilters, parseFilters, type TopologyFilters } from "../topology/filters";
import { TOPOLOGY_FILE, TopologyError, topologyFilters } from "../topology/read";
import { CommandError, UsageError } from "./command";
import { readInput, userPath } from "./locations";
import { readStackConfig, type StackConfig } from "./obtain-report";

/** What `--unmanaged` asks for: nothing (default), a listing, or a listing that fails the check. */
export type UnmanagedMode = "off" | "report" | "fail";

/** `--unmanaged`'s value, checked; throws {@link UsageError} naming the allowed values. */
export function unmanagedMode(flag: string | boolean | undefined): UnmanagedMode {
  if (flag === undefined) return "off";
  if (flag === "off" || flag === "report" || flag === "fail") return flag;
  throw new UsageError(`--unmanaged must be off, report or fail, not ${JSON.stringify(flag)}`);
}

/**
 * The filters `--filters` names: a topology directory or its `topology.yaml` (the filters the
 * export wrote, read as the loader reads them), or a JSON file (`-` = stdin) holding the same
 * filters object, bare or under a `filters` key. Throws {@link CommandError} naming the source,
 * and for a bad filter the file, line or field, the rule and the value.
 */
export function readGroupFilter(source: string, env: NodeJS.ProcessEnv): TopologyFilters {
  const resolved = source === "-" ? source : userPath(source, env);
  const topologyDir =
    resolved !== "-" && isDirectory(resolved)
      ? resolved
      : path.basename(resolved) === TOPOLOGY_FILE
        ? path.dirname(resolved)
        : undefined;
  if (topologyDir !== undefined) {
    if (!isDirectory(topologyDir) || !isFile(path.join(topologyDir, TOPOLOGY_FILE))) {
      throw new CommandError(
        `--filters ${source}: no ${TOPOLOGY_FILE} there (give a topology directory imgroups-export wrote, its ${TOPOLOGY_FILE}, or a JSON file)`,
      );
    }
    try {
      return topologyFilters(topologyDir);
    } catch (error) {
      if (error instanceof TopologyError) throw new CommandError(`--filters ${source}: ${error.message}`);
      throw error;
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(readInput(source, env));
  } catch (error) {
    throw new CommandError(
      `--filters ${source}: cannot read it as JSON (${(error as Error).message}); give a topology directory, its ${TOPOLOGY_FILE}, or a JSON file`,
    );
  }
  const holder =
    value !== null && typeof value === "object" && !Array.isArray(value) && Object.hasOwn(value, "filters")
      ? (value as { filters: unknown }).filters
      : value;
  try {
    return parseFilters(holder, "filters");
  } catch (error) {
    if (error instanceof FiltersError) throw new CommandError(`--filters ${source}: ${error.message}`);
    throw error;
  }
}

function isDirectory(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isDirectory() === true;
}

function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() === true;
}

/**
 * Lists the live groups no resource of `preview` names, within `filter`, reading the app the stack
 * in `cwd` is configured for (its stack config, shown with secrets in memory only, then the
 * environment). Throws {@link CommandError} when the settings are incomplete or a call fails.
 */
export async function listUnmanagedGroups(options: {
  preview: PreviewJson;
  filter: TopologyFilters | undefined;
  cwd: string;
  stack: string | undefined;
  env: NodeJS.ProcessEnv;
  /** The stack config the preview was run with, when it read one (else read here: `--from`). */
  config?: StackConfig;
}): Promise<UnmanagedGroups> {
  const config = configValues(
    options.config ?? (await readStackConfig(options.cwd, options.stack, options.env)),
  );
  let client: ImClient;
  try {
    client = new ImClient(resolveSettings({ config, env: options.env }));
  } catch (error) {
    throw new CommandError(`--unmanaged: ${(error as Error).message}`);
  }
  try {
    const groups = await findUnmanagedGroups(client, managedGroupIds(options.preview), options.filter ?? {});
    return { groups, filtered: options.filter !== undefined && hasFilters(options.filter) };
  } catch (error) {
    throw new CommandError(`--unmanaged: listing the app's groups failed: ${(error as Error).message}`);
  } finally {
    await client.close();
  }
}

/** The plain values of a stack config (`{ key: { value } }` → `{ key: value }`). */
function configValues(config: StackConfig | undefined): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const [key, entry] of Object.entries(config ?? {})) {
    if (entry !== null && typeof entry === "object" && typeof entry.value === "string")
      values[key] = entry.value;
  }
  return values;
}
