#!/usr/bin/env node
/**
 * `imgroups-recover`: after a `pulumi up` was interrupted (killed, crashed, lost its connection)
 * between creating IM groups and recording them, records those groups in the stack so the next
 * `pulumi up` converges instead of meeting "groupId already used".
 *
 * The proof that a group is the stack's own is the engine's: an interrupted create leaves a pending
 * operation in the checkpoint naming the resource and the GroupId it was creating. This command
 * moves each pending create of an ImGroup into the stack's resources with that id (`pulumi stack
 * export` / `import`, the procedure Pulumi documents for pending creates; `refresh
 * --import-pending-creates` only relabels the operation on 3.248), then refreshes exactly those
 * resources: the provider keeps one only if the group there is the one the create asked for (type,
 * name, owner), and drops anyone else's group from the stack, never taking it. Other pending creates
 * are cleared (the next up creates them again, idempotently). Auto-named groups need none of this:
 * their id proves them the stack's own.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CommandError, type CommandSpec, runAsScript, runCommand } from "./command";
import { stackDir } from "./locations";
import { runPulumi } from "./pulumi-process";

const IM_GROUP_TYPE = "pulumi-nodejs:dynamic/tencentcloud-im:ImGroup";

const USAGE = `Usage: imgroups-recover [options]

After an interrupted pulumi up (the CLI lists "pending operations"), records in the stack every IM
group that run created but could not record: its pending creates of ImGroup become resources with
their GroupIds (pulumi stack export / import), then a refresh of just those keeps each one only when
the group there is the one the create asked for (type, name, owner); other pending creates are
cleared. Then run pulumi up.
In a project that installed @imgroups/tencentcloud-im, run it as: npx imgroups-recover [options]

Options:
  --cwd <dir>      stack directory (holds Pulumi.yaml); default: the current directory
  --stack <name>   stack to repair; default: the selected stack
  --dry-run        print what would be recorded and the pulumi command, change nothing
  -h, --help       this text

Exit codes: 0 done (or nothing to do) · 1 error. The pulumi CLI is taken from PATH, or PULUMI_CLI.`;

const FLAGS = {
  cwd: { type: "string" },
  stack: { type: "string" },
  "dry-run": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const COMMAND: CommandSpec<typeof FLAGS> = { name: "imgroups-recover", usage: USAGE, flags: FLAGS };

/** One pending operation of a `pulumi stack export`. */
interface PendingOperation {
  type?: string;
  resource?: { urn?: string; type?: string; inputs?: Record<string, unknown> };
}

/** Runs the command; resolves to the exit code. Exported for in-process tests. */
export function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return runCommand(COMMAND, argv, async ({ flags }) => {
    const cwd = stackDir(typeof flags.cwd === "string" ? flags.cwd : undefined, env);
    const stackArgs = typeof flags.stack === "string" ? ["--stack", flags.stack] : [];
    const pulumi = async (args: string[]) => {
      const result = await runPulumi(["--non-interactive", ...args, ...stackArgs], { cwd, env });
      if (result.code !== 0) {
        throw new CommandError(
          `pulumi ${args[0]} ${args[1] ?? ""} failed: ${result.stderr.trim() || result.stdout.trim()}`,
        );
      }
      return result.stdout;
    };
    const exported = await pulumi(["stack", "export"]);
    const repair = planRepair(exported);
    if (repair.pending === 0) {
      process.stdout.write("No pending creates: nothing to recover.\n");
      return 0;
    }
    for (const op of repair.groups) {
      process.stdout.write(`pending create of group ${groupIdOf(op)} (${op.resource!.urn})\n`);
    }
    for (const op of repair.alreadyRecorded) {
      process.stdout.write(
        `already recorded: group ${groupIdOf(op)} (${op.resource!.urn}); its pending create is cleared\n`,
      );
    }
    if (repair.others > 0) {
      process.stdout.write(
        `${repair.others} other pending create(s) will be cleared: the next pulumi up creates them again.\n`,
      );
    }
    if (flags["dry-run"]) return 0;
    const file = path.join(mkdtempSync(path.join(tmpdir(), "imgroups-recover-")), "state.json");
    writeFileSync(file, JSON.stringify(repair.state, null, 2));
    await pulumi(["stack", "import", "--file", file]);
    if (repair.groups.length > 0) {
      const targets = repair.groups.flatMap((op) => ["--target", op.resource!.urn!]);
      await pulumi(["refresh", "--yes", "--skip-preview", ...targets]);
    }
    const present = new Set(resourcesOf(await pulumi(["stack", "export"])));
    for (const op of repair.groups) {
      process.stdout.write(
        present.has(op.resource!.urn!)
          ? `recorded group ${groupIdOf(op)}\n`
          : `not recorded: group ${groupIdOf(op)} does not exist, or is not the one the create asked for\n`,
      );
    }
    process.stdout.write("Now run: pulumi up\n");
    return 0;
  });
}

/** What {@link planRepair} found in an export, and the deployment to import. */
export interface Repair {
  /** The exported state with every pending create removed and the groups to record added. */
  state: unknown;
  /** Pending creates of ImGroups to record as resources (one per URN). */
  groups: PendingOperation[];
  /**
   * Pending creates of ImGroups whose URN the state already records as a resource (the create's
   * result was saved, or an earlier recovery recorded it): only the operation is cleared, since a
   * second resource with that URN would make the import fail ("duplicate resource").
   */
  alreadyRecorded: PendingOperation[];
  /** Other pending creates, cleared (the next up creates them again). */
  others: number;
  /** All pending creates found. */
  pending: number;
}

/**
 * Plans the repair of an exported deployment: every pending create removed, and each pending
 * create of an ImGroup not yet recorded added as a resource with its GroupId as id and its inputs
 * as outputs (the provider's read then checks it against the group and fills in the rest).
 */
export function planRepair(exported: string): Repair {
  const state = JSON.parse(exported) as {
    deployment: { resources?: Array<Record<string, unknown>>; pending_operations?: PendingOperation[] };
  };
  const deployment = state.deployment;
  const creates = (deployment.pending_operations ?? []).filter((op) => op.type === "creating");
  deployment.pending_operations = (deployment.pending_operations ?? []).filter(
    (op) => op.type !== "creating",
  );
  // A resource marked for deletion is an old copy being replaced; the live one is the other.
  const recordedUrns = new Set(
    (deployment.resources ?? []).filter((r) => r.delete !== true).map((r) => String(r.urn ?? "")),
  );
  const groups: PendingOperation[] = [];
  const alreadyRecorded: PendingOperation[] = [];
  let others = 0;
  for (const op of creates) {
    const resource = op.resource;
    if (resource?.type !== IM_GROUP_TYPE || typeof resource.inputs?.groupId !== "string") {
      others += 1;
      continue;
    }
    if (recordedUrns.has(resource.urn ?? "")) {
      alreadyRecorded.push(op);
      continue;
    }
    recordedUrns.add(resource.urn ?? "");
    groups.push(op);
    deployment.resources = [
      ...(deployment.resources ?? []),
      { ...resource, id: resource.inputs.groupId, outputs: { ...resource.inputs } },
    ];
  }
  return { state, groups, alreadyRecorded, others, pending: creates.length };
}

function groupIdOf(op: PendingOperation): string {
  return JSON.stringify(op.resource?.inputs?.groupId);
}

/** The URNs of the resources a `pulumi stack export` records. */
function resourcesOf(exported: string): string[] {
  const deployment = (JSON.parse(exported) as { deployment?: { resources?: Array<{ urn?: string }> } })
    .deployment;
  return (deployment?.resources ?? []).map((r) => r.urn ?? "");
}

if (require.main === module) runAsScript("imgroups-recover", main);
