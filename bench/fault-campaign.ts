/**
 * `npm run campaign`: the fault-and-crash campaign. Every trial runs the real pulumi CLI on the
 * `groups` test program (tests/fixtures/programs/groups, the bench's and the e2e tests' program)
 * against one emulator in this process, kept in a data dir (.work/campaign/emulator) with a seeded
 * fault source, and counts what a user would meet afterwards:
 *
 *   - a stack of 20 ImGroups (Public, Private, ChatRoom; custom and auto-named ids; two migrated
 *     with createTime) and 11 ImGroupMembers (10–400 members, admins, name cards, imported members);
 *   - each stack goes through three phases — create, update (renames, notifications, an owner
 *     transfer, members added, removed and re-roled, 3 groups deleted, 2 created) and destroy —
 *     each phase with one disruption: a fault mix (IM 10002, HTTP 502, connections cut before and
 *     after the effect, answers held after the commit; 5–30 % in all), a SIGKILL of the whole
 *     pulumi process tree at a point the emulator's counters show (after N calls of a command,
 *     optionally into an answer held after its commit), or answers held longer than the client's
 *     10 s header timeout (the provider has no timeout setting: client/defaults.ts);
 *   - then faults OFF and plain `pulumi up --yes --skip-preview` (or `pulumi destroy --yes
 *     --skip-preview`) until a run reports no changes, following README "After an interrupted
 *     `pulumi up`" to the letter: `pulumi cancel` only when a run says the stack is locked, the
 *     recover command (`node provider/dist/cli/recover.js`, npx imgroups-recover) only when a run
 *     names it;
 *   - then the emulator's state against the declaration: duplicate groups (more than one live group
 *     for a declared resource, or a group of the stack that state does not hold), missing groups,
 *     lost members (declared, not live), extra members (live, undeclared, not the owner), profile /
 *     role / name-card mismatches, pending operations left in state, and
 *     `pulumi preview --expect-no-changes --refresh`; after destroy, no group of the stack left.
 *
 * "Runs to converge" is the number of plain runs after the disrupted one that failed or changed
 * something; the run that then reports no changes proves convergence and is not counted (0: the
 * disrupted run itself left nothing to do). Runs refused because the stack was locked are not
 * counted (they do nothing); the `pulumi cancel` and recover steps are listed as user steps.
 *
 * Prints the table and totals, writes them to .work/campaign/report.md (and results.json, and each
 * CLI run's output under logs/). Exit 1 when a trial shows a defect. Flags: `--seed N`, `--only
 * id,id` (stacks), `--quick`, `--keep` (keep every workspace), `--out DIR`.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { type FaultOptions, type StateSnapshot, startEmulator } from "@imgroups/im-emulator";
import { pulumiCommand } from "@imgroups/tencentcloud-im/cli/pulumi-process";
import { type ImTestBed, type SpecWorkspace, startImTestBed } from "../tests/support/im";
import { repoRoot } from "../tests/support/paths";
import { killProcessTree, type PulumiResult, runProcess } from "../tests/support/pulumi";
import { mulberry32 } from "../tests/support/seeded-random";
import { runBenchMain } from "./bed";

// ---- options ------------------------------------------------------------------------------------

const { values: flags } = parseArgs({
  options: {
    seed: { type: "string", default: "20261201" },
    only: { type: "string" },
    quick: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    out: { type: "string", default: ".work/campaign" },
    help: { type: "boolean", short: "h", default: false },
  },
});

const USAGE = `usage: node bench/dist/bench/fault-campaign.js [--seed N] [--only id,id] [--quick] [--keep] [--out DIR]
  --seed N       seed of the emulator's fault decisions (each trial reseeds from seed, stack and phase)
  --only id,id   run only these stacks (ids as in the table: f05m, ka, …)
  --quick        a few stacks only (f10m, f30c, ka, kc, ki)
  --keep         keep every Pulumi workspace (default: only those of stacks with a defect)
  --out DIR      report, results and logs (default .work/campaign, relative to the repository)`;

const SEED = Number(flags.seed);
const OUT_DIR = path.resolve(repoRoot, flags.out ?? ".work/campaign");
const LOG_DIR = path.join(OUT_DIR, "logs");
const DATA_DIR = path.join(OUT_DIR, "emulator");
/** The emulator's secret key: fixed, so the data dir can be reopened by the restart check. */
const SECRET_KEY = "campaign-secret-key-not-a-real-one-0123456789abcdef";
/** Plain runs after a disruption before a stack counts as not converging. */
const MAX_PLAIN_RUNS = 6;
/** Any pulumi run taking longer than this is killed and reported as a hang. */
const RUN_TIMEOUT_MS = 6 * 60_000;
/** Longer than the client's 10 s header timeout (provider/client/defaults.ts; undici's timers tick per second). */
const PAST_CLIENT_TIMEOUT_MS = 12_000;
/** How long an answer is held after its commit for a kill that must land between commit and state write. */
const HOLD_MS = 3_000;

// ---- the stacks and their disruptions -----------------------------------------------------------

type Phase = "create" | "update" | "destroy";
const PHASES: readonly Phase[] = ["create", "update", "destroy"];

/** When the pulumi process tree is killed: once `after` calls of `command` arrived in the run. */
interface KillPoint {
  /** An API command name, or `mutating` for any command that changes state. */
  command: string;
  /** Calls (arrivals) of it in this run. */
  after: number;
  /** Then wait this long before SIGKILL (e.g. into an answer held after its commit). */
  delayMs?: number;
}

/** What a phase's first run suffers. */
interface Disruption {
  /** For the table. */
  label: string;
  /** Faults during the disrupted run (off afterwards). */
  faults?: FaultOptions;
  /** SIGKILL of the run's process tree. */
  kill?: KillPoint;
  /** SIGKILL of the first plain run (after the README's steps) that reaches this point: a second crash. */
  secondKill?: KillPoint;
  /**
   * Plain runs are `pulumi up --yes` (preview first, as README's "the preview stops" reads) instead of
   * `pulumi up --yes --skip-preview`.
   */
  previewFirst?: boolean;
}

/** One stack: its id (also the prefix of its groups) and a disruption per phase. */
interface StackPlan {
  id: string;
  phases: Record<Phase, Disruption>;
}

const MUTATING = [
  "create_group",
  "import_group",
  "add_group_member",
  "import_group_member",
  "delete_group_member",
  "modify_group_base_info",
  "modify_group_member_info",
  "change_group_owner",
  "destroy_group",
];

/** A combined fault mix of `total` (share of calls) split by `variant`, answers held total × 1 s. */
function faultMix(total: number, variant: "mix" | "after-commit"): Disruption {
  const [sys, bad, drop, dac] = variant === "mix" ? [0.3, 0.25, 0.25, 0.2] : [0.1, 0.1, 0.1, 0.7];
  const share = (part: number) => Math.round(total * part * 10_000) / 10_000;
  const faults: FaultOptions = {
    systemErrorRate: share(sys),
    badGatewayRate: share(bad),
    dropConnectionRate: share(drop),
    dropAfterCommitRate: share(dac),
    latencyAfterCommitMs: Math.round(total * 1000),
  };
  const p = (rate: number | undefined) => `${Math.round((rate ?? 0) * 1000) / 10}`;
  return {
    label:
      `${Math.round(total * 100)}% ${variant}: 10002 ${p(faults.systemErrorRate)}%, 502 ${p(faults.badGatewayRate)}%, ` +
      `drop ${p(faults.dropConnectionRate)}%, drop-after-commit ${p(faults.dropAfterCommitRate)}%, ` +
      `+${faults.latencyAfterCommitMs} ms after commit`,
    faults,
  };
}

/** Holds the answers of `commands` for `ms` after their commit. */
function hold(commands: string[], ms: number): FaultOptions {
  return { latencyAfterCommitMs: ms, commands };
}

function killAfter(command: string, after: number, delayMs = 0): KillPoint {
  return { command, after, delayMs };
}

function killLabel(kill: KillPoint): string {
  return `kill -9 after ${kill.command} #${kill.after}${kill.delayMs ? ` +${kill.delayMs} ms` : ""}`;
}

function killed(kill: KillPoint, faults?: FaultOptions, extra?: string): Disruption {
  const parts = [killLabel(kill)];
  if (faults?.commands && faults.latencyAfterCommitMs) {
    parts.push(`(answers of ${faults.commands.join(",")} held ${faults.latencyAfterCommitMs / 1000} s)`);
  }
  if (extra) parts.push(extra);
  return { label: parts.join(" "), faults, kill };
}

function withFaults(base: Disruption, mix: Disruption): Disruption {
  return { ...base, faults: mix.faults, label: `${mix.label.split(":")[0]} faults + ${base.label}` };
}

function plans(): StackPlan[] {
  const out: StackPlan[] = [];
  for (const total of [0.05, 0.1, 0.2, 0.3]) {
    for (const variant of ["mix", "after-commit"] as const) {
      const mix = faultMix(total, variant);
      const id = `f${String(Math.round(total * 100)).padStart(2, "0")}${variant === "mix" ? "m" : "c"}`;
      out.push({ id, phases: { create: mix, update: mix, destroy: mix } });
    }
  }
  const timeoutCreate = ["create_group", "import_group", "add_group_member", "import_group_member"];
  const timeoutUpdate = [
    "create_group",
    "modify_group_base_info",
    "change_group_owner",
    "add_group_member",
    "delete_group_member",
    "modify_group_member_info",
    "destroy_group",
  ];
  out.push(
    {
      id: "ka",
      phases: {
        create: killed(killAfter("create_group", 1, 150)),
        update: killed(killAfter("modify_group_base_info", 3)),
        destroy: killed(killAfter("destroy_group", 3)),
      },
    },
    {
      id: "kb",
      phases: {
        create: killed(killAfter("create_group", 8)),
        update: killed(killAfter("delete_group_member", 2)),
        destroy: killed(killAfter("destroy_group", 12)),
      },
    },
    {
      id: "kc",
      phases: {
        create: killed(killAfter("create_group", 4, 300), hold(["create_group"], HOLD_MS)),
        update: killed(
          killAfter("modify_group_base_info", 2, 300),
          hold(["modify_group_base_info"], HOLD_MS),
        ),
        destroy: killed(killAfter("destroy_group", 2, 300), hold(["destroy_group"], HOLD_MS)),
      },
    },
    {
      id: "kd",
      phases: {
        create: killed(killAfter("create_group", 16)),
        update: killed(killAfter("add_group_member", 1, 50)),
        destroy: faultMix(0.2, "mix"),
      },
    },
    {
      id: "ke",
      phases: {
        create: killed(killAfter("add_group_member", 2, 300), hold(["add_group_member"], HOLD_MS)),
        update: killed(killAfter("change_group_owner", 1, 300), hold(["change_group_owner"], HOLD_MS)),
        destroy: killed(killAfter("destroy_group", 1)),
      },
    },
    {
      id: "kf",
      phases: {
        create: killed(killAfter("import_group_member", 1, 300), hold(["import_group_member"], HOLD_MS)),
        update: withFaults(killed(killAfter("modify_group_base_info", 4)), faultMix(0.2, "mix")),
        destroy: withFaults(killed(killAfter("destroy_group", 6)), faultMix(0.3, "mix")),
      },
    },
    {
      id: "kg",
      phases: {
        create: {
          label: `client timeout after commit: answers of ${timeoutCreate.join(",")} held ${PAST_CLIENT_TIMEOUT_MS / 1000} s`,
          faults: hold(timeoutCreate, PAST_CLIENT_TIMEOUT_MS),
        },
        update: {
          label: `client timeout after commit: answers of ${timeoutUpdate.join(",")} held ${PAST_CLIENT_TIMEOUT_MS / 1000} s`,
          faults: hold(timeoutUpdate, PAST_CLIENT_TIMEOUT_MS),
        },
        destroy: {
          label: `client timeout after commit: answers of destroy_group held ${PAST_CLIENT_TIMEOUT_MS / 1000} s`,
          faults: hold(["destroy_group"], PAST_CLIENT_TIMEOUT_MS),
        },
      },
    },
    {
      id: "kh",
      phases: {
        create: killed(
          killAfter("create_group", 3, 5_000),
          hold(["create_group"], PAST_CLIENT_TIMEOUT_MS),
          "(while the client waits)",
        ),
        update: killed(
          killAfter("add_group_member", 1, 5_000),
          hold(["add_group_member"], PAST_CLIENT_TIMEOUT_MS),
          "(while the client waits)",
        ),
        destroy: killed(
          killAfter("destroy_group", 4, 5_000),
          hold(["destroy_group"], PAST_CLIENT_TIMEOUT_MS),
          "(while the client waits)",
        ),
      },
    },
    {
      id: "ki",
      phases: {
        create: {
          ...killed(killAfter("create_group", 5)),
          label: "kill -9 after create_group #5, then the first recovery run after mutating call #3",
          secondKill: killAfter("mutating", 3),
        },
        update: {
          ...killed(killAfter("modify_group_base_info", 1)),
          label:
            "kill -9 after modify_group_base_info #1, then the first recovery run after mutating call #2",
          secondKill: killAfter("mutating", 2),
        },
        destroy: {
          ...killed(killAfter("destroy_group", 2)),
          label: "kill -9 after destroy_group #2, then the first recovery run after destroy_group #2",
          secondKill: killAfter("destroy_group", 2),
        },
      },
    },
    {
      // kc's kills, with plain runs that preview first (README: "the preview stops").
      id: "kk",
      phases: {
        create: {
          ...killed(killAfter("create_group", 4, 300), hold(["create_group"], HOLD_MS)),
          previewFirst: true,
        },
        update: {
          ...killed(killAfter("modify_group_base_info", 2, 300), hold(["modify_group_base_info"], HOLD_MS)),
          previewFirst: true,
        },
        destroy: killed(killAfter("destroy_group", 3)),
      },
    },
    {
      id: "kj",
      phases: {
        create: withFaults(killed(killAfter("create_group", 10)), faultMix(0.2, "mix")),
        update: withFaults(killed(killAfter("mutating", 4)), faultMix(0.3, "after-commit")),
        destroy: withFaults(killed(killAfter("destroy_group", 6)), faultMix(0.2, "after-commit")),
      },
    },
  );
  return out;
}

// ---- the declared stack ---------------------------------------------------------------------------

type GroupType = "Public" | "Private" | "ChatRoom";
type Role = "Admin" | "Member";

interface GroupDecl {
  type: GroupType;
  groupId?: string;
  name: string;
  notification: string;
  ownerAccount?: string;
  createTime?: number;
}

type MemberDecl =
  | string
  | { account: string; role?: Role; nameCard?: string; joinTime?: number; unreadMsgNum?: number };

/** The `groups` program's spec format. */
interface Spec {
  groups: Record<string, GroupDecl>;
  members: Record<string, { group: string; members: MemberDecl[] }>;
}

/** One group of the layout; `v2` is what the update phase does to it. */
interface Row {
  key: string;
  type: GroupType;
  custom: boolean;
  members: number;
  admins?: number;
  migrate?: boolean;
  ownerless?: boolean;
  v2?: "rename" | "notify" | "owner" | "remove" | "add";
}

/** 20 groups in version 1 (11 with members, 1,500 members); version 2 removes 3 and adds 2. */
const LAYOUT: readonly Row[] = [
  { key: "pub0", type: "Public", custom: true, members: 350, admins: 5, v2: "rename" },
  { key: "pub1", type: "Public", custom: true, members: 120, admins: 3, v2: "notify" },
  { key: "pub2", type: "Public", custom: true, members: 40, v2: "owner" },
  { key: "pub3", type: "Public", custom: true, members: 0 },
  { key: "apub4", type: "Public", custom: false, members: 200, admins: 2, v2: "rename" },
  { key: "apub5", type: "Public", custom: false, members: 10, v2: "notify" },
  { key: "apub6", type: "Public", custom: false, members: 0 },
  { key: "apub7", type: "Public", custom: false, members: 0, v2: "remove" },
  { key: "prv8", type: "Private", custom: true, members: 60, v2: "rename" },
  { key: "prv9", type: "Private", custom: true, members: 0, v2: "notify" },
  { key: "prv10", type: "Private", custom: true, members: 0 },
  { key: "aprv11", type: "Private", custom: false, members: 30 },
  { key: "aprv12", type: "Private", custom: false, members: 0, v2: "remove" },
  { key: "room13", type: "ChatRoom", custom: true, members: 400, admins: 4, v2: "rename" },
  { key: "room14", type: "ChatRoom", custom: true, members: 0, ownerless: true, v2: "notify" },
  { key: "aroom15", type: "ChatRoom", custom: false, members: 80, admins: 1, ownerless: true, v2: "rename" },
  { key: "aroom16", type: "ChatRoom", custom: false, members: 0, v2: "notify" },
  { key: "mig17", type: "Public", custom: true, members: 150, migrate: true },
  { key: "mig18", type: "ChatRoom", custom: true, members: 60, migrate: true },
  { key: "apub19", type: "Public", custom: false, members: 0, v2: "remove" },
  { key: "new20", type: "Public", custom: true, members: 50, admins: 2, v2: "add" },
  { key: "anew21", type: "ChatRoom", custom: false, members: 20, v2: "add" },
];

const OWNER = "cowner";
const OWNER2 = "cowner2";
const POOL = 1000;
const NEW_POOL = 200;
const poolAccount = (i: number) => `cu${String(i).padStart(4, "0")}`;
const newAccount = (i: number) => `cn${String(i).padStart(4, "0")}`;
const ACCOUNTS = [
  OWNER,
  OWNER2,
  ...Array.from({ length: POOL }, (_, i) => poolAccount(i)),
  ...Array.from({ length: NEW_POOL }, (_, i) => newAccount(i)),
];

/** The resource name of a row in stack `tag` (also the custom id, and the auto-named id's prefix). */
const resourceName = (tag: string, row: Row) => `${tag}-${row.key}`;

function buildSpec(tag: string, version: 1 | 2, createTime: number): Spec {
  const spec: Spec = { groups: {}, members: {} };
  LAYOUT.forEach((row, i) => {
    if (version === 1 && row.v2 === "add") return;
    if (version === 2 && row.v2 === "remove") return;
    const name = resourceName(tag, row);
    const changed = version === 2 ? row.v2 : undefined;
    const group: GroupDecl = {
      type: row.type,
      ...(row.custom && { groupId: name }),
      name: `${tag} ${row.key}${changed === "rename" ? " v2" : ""}`,
      notification: `${tag} ${row.key} note${changed === "notify" ? " v2" : ""}`,
      ...(!row.ownerless && { ownerAccount: changed === "owner" ? OWNER2 : OWNER }),
      ...(row.migrate && { createTime }),
    };
    spec.groups[name] = group;
    if (row.members > 0) {
      spec.members[`${name}-members`] = { group: name, members: membersOf(row, i, version, createTime) };
    }
  });
  return spec;
}

/**
 * A row's members: a window of the pool (admins first). Version 2 drops the 10% after the admins,
 * adds as many new accounts, demotes the first admin and promotes the first member kept; Private
 * groups carry name cards instead of roles; migrated members have join times and unread counts.
 */
function membersOf(row: Row, index: number, version: 1 | 2, createTime: number): MemberDecl[] {
  const n = row.members;
  const admins = row.admins ?? 0;
  const start = (index * 53) % POOL;
  const accounts = Array.from({ length: n }, (_, j) => poolAccount((start + j) % POOL));
  if (row.key === "pub2") accounts[n - 1] = OWNER2;
  const k = Math.ceil(n / 10);
  let entries = accounts.map((account, j) => ({ account, j }));
  if (version === 2) {
    entries = [
      ...entries.slice(0, admins),
      ...entries.slice(admins + k),
      ...Array.from({ length: k }, (_, x) => ({ account: newAccount((index * 17 + x) % NEW_POOL), j: -1 })),
    ];
  }
  return entries.map(({ account, j }): MemberDecl => {
    if (row.migrate && j >= 0) return { account, joinTime: createTime + 60 + j, unreadMsgNum: j % 5 };
    if (row.type === "Private") {
      if (j === 0) return { account, nameCard: version === 1 ? "lead" : "lead v2" };
      if (j === 1 && version === 2) return { account, nameCard: "deputy" };
      return account;
    }
    const admin =
      j >= 0 && (version === 1 ? j < admins : (j < admins && j !== 0) || (admins > 0 && j === admins + k));
    return admin ? { account, role: "Admin" } : account;
  });
}

// ---- running the CLI --------------------------------------------------------------------------------

/** One CLI run: its result, whether this campaign killed it, its wall time. */
interface CliRun extends PulumiResult {
  killed: boolean;
  hung: boolean;
  wallS: number;
}

let logCounter = 0;

/**
 * Runs `pulumi <args>` in the workspace, output captured (tests/support's `start` drops the output,
 * `run` cannot be interrupted), and SIGKILLs its whole process tree (tests/support
 * `killProcessTree`) once `kill` is reached, or after {@link RUN_TIMEOUT_MS}.
 */
function runCli(
  bed: ImTestBed,
  ws: SpecWorkspace,
  args: string[],
  kill: KillPoint | undefined,
  logName: string,
): Promise<CliRun> {
  const started = performance.now();
  const baseline = bed.emulator.control.stats().calls;
  const countOf = (calls: Record<string, number>, command: string) => {
    const names = command === "mutating" ? MUTATING : [command];
    return names.reduce((sum, name) => {
      const key = `group_open_http_svc/${name}`;
      return sum + (calls[key] ?? 0) - (baseline[key] ?? 0);
    }, 0);
  };
  return new Promise((resolve, reject) => {
    const env = { PULUMI_SKIP_UPDATE_CHECK: "true", ...ws.env };
    const child = spawn(pulumiCommand(env), ["--non-interactive", "--stack", ws.stack, ...args], {
      cwd: ws.programDir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    let wasKilled = false;
    let hung = false;
    let armed = false;
    const stop = () => {
      if (child.pid !== undefined && child.exitCode === null) killProcessTree(child.pid);
    };
    const watch =
      kill &&
      setInterval(() => {
        if (armed || countOf(bed.emulator.control.stats().calls, kill.command) < kill.after) return;
        armed = true;
        setTimeout(() => {
          if (child.exitCode === null && child.signalCode === null) {
            wasKilled = true;
            stop();
          }
        }, kill.delayMs ?? 0);
      }, 10);
    const timeout = setTimeout(() => {
      hung = true;
      stop();
    }, RUN_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      if (watch) clearInterval(watch);
      clearTimeout(timeout);
      const result: CliRun = {
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        killed: wasKilled,
        hung,
        wallS: (performance.now() - started) / 1000,
      };
      const header = `$ pulumi ${args.join(" ")}\n# exit ${code}${wasKilled ? " (killed by the campaign)" : ""}${hung ? " (hung: killed)" : ""}, ${result.wallS.toFixed(1)} s\n`;
      writeFileSync(
        path.join(LOG_DIR, `${String(++logCounter).padStart(4, "0")}-${logName}.log`),
        `${header}--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}\n`,
      );
      resolve(result);
    });
  });
}

/** What the run's "Resources:" summary counts, e.g. { created: 3, unchanged: 28 }. */
function resourceSummary(output: string): Record<string, number> {
  const at = output.lastIndexOf("\nResources:\n");
  const counts: Record<string, number> = {};
  if (at < 0) return counts;
  for (const line of output.slice(at + 12).split("\n")) {
    if (line.trim() === "") break;
    const match = /^\s+(?:[+~-]+\s*)?(\d+) ([a-z ]+?)\s*$/.exec(line);
    if (match) counts[match[2]!] = (counts[match[2]!] ?? 0) + Number(match[1]);
  }
  return counts;
}

/** True when the summary names nothing but unchanged resources. */
function changedNothing(output: string): boolean {
  return Object.keys(resourceSummary(output)).every((kind) => kind === "unchanged");
}

function summaryText(output: string): string {
  const counts = Object.entries(resourceSummary(output)).filter(([kind]) => kind !== "unchanged");
  return counts.length === 0 ? "no changes" : counts.map(([kind, n]) => `${n} ${kind}`).join(", ");
}

/** The first error line of a failed run, shortened ("ka-pub0: groupId: is already used by …"). */
function firstError(output: string): string {
  const line =
    output
      .split("\n")
      .map((text) => text.trim())
      .find((text) => /^error:|error: /.test(text) && !/^error: update failed/.test(text)) ?? "";
  const problem = /resource '([^']+)' has a problem: (.*)$/.exec(line);
  const text = problem
    ? `${problem[1]}: ${problem[2]}`
    : line.replace(/pulumi-nodejs:dynamic\/tencentcloud-im:/g, "").replace(/\s+/g, " ");
  return text.length > 110 ? `${text.slice(0, 107)}…` : text;
}

// ---- convergence ---------------------------------------------------------------------------------

interface Convergence {
  converged: boolean;
  /** Plain runs that failed or changed something (locked refusals and runs we killed excluded). */
  runs: number;
  /** What the user did, in order: runs (with their outcome), cancel, recover. */
  steps: string[];
  cancels: number;
  recovers: number;
  /**
   * imgroups-recover failures, each a defect. The campaign repairs nothing in their place: the
   * procedure is imgroups-recover's alone (provider/cli/recover.ts), and a copy here could only
   * fail the same way or hide a defect of the real one.
   */
  recoverFailures: string[];
  /** Unreadable checkpoints (a kill mid-write) repaired by hand (see {@link repairCheckpoint}). */
  checkpointRepairs: string[];
  hung: boolean;
}

/**
 * Plain runs of `command` with faults off until one reports no changes, doing what README says
 * after an interrupted run: `pulumi cancel` when a run says the stack is locked, the recover command
 * when a run names it.
 */
async function converge(
  bed: ImTestBed,
  ws: SpecWorkspace,
  phase: Phase,
  secondKill: KillPoint | undefined,
  previewFirst: boolean,
  logName: string,
): Promise<Convergence> {
  const verb = phase === "destroy" ? "destroy" : "up";
  const result: Convergence = {
    converged: false,
    runs: 0,
    steps: [],
    cancels: 0,
    recovers: 0,
    recoverFailures: [],
    checkpointRepairs: [],
    hung: false,
  };
  let pendingKill = secondKill;
  const args = [verb, "--yes", ...(previewFirst && verb === "up" ? [] : ["--skip-preview"])];
  for (let attempt = 0; attempt < MAX_PLAIN_RUNS + 4 && result.runs <= MAX_PLAIN_RUNS; attempt++) {
    const run = await runCli(bed, ws, args, pendingKill, `${logName}-plain`);
    const output = `${run.stdout}\n${run.stderr}`;
    if (run.hung) {
      result.hung = true;
      result.steps.push(`${verb}: HUNG`);
      return result;
    }
    if (run.killed) {
      pendingKill = undefined;
      result.steps.push(`${verb}: killed (second crash)`);
      continue;
    }
    if (run.code !== 0 && /currently locked/i.test(output)) {
      result.steps.push(`${verb}: locked`);
      const cancel = await runCli(bed, ws, ["cancel", "--yes"], undefined, `${logName}-cancel`);
      result.cancels++;
      result.steps.push(
        cancel.code === 0
          ? "pulumi cancel"
          : `pulumi cancel FAILED: ${firstError(cancel.stdout + cancel.stderr)}`,
      );
      continue;
    }
    if (run.code !== 0 && /failed to load checkpoint/.test(output)) {
      // Not this package's: the CLI was killed while its file backend wrote the checkpoint. Nothing
      // in README covers it; make the smallest repair by hand, counted and reported.
      const repair = repairCheckpoint(ws);
      result.steps.push(`${verb}: ${firstError(output)}`, `MANUAL REPAIR: ${repair ?? "none found"}`);
      if (repair === undefined) return result;
      result.checkpointRepairs.push(repair);
      continue;
    }
    if (run.code === 0 && changedNothing(output)) {
      result.converged = true;
      result.steps.push(`${verb}: no changes`);
      return result;
    }
    result.runs++;
    if (run.code === 0) {
      result.steps.push(`${verb}: ${summaryText(output)}`);
      continue;
    }
    result.steps.push(`${verb}: exit ${run.code} (${firstError(output) || summaryText(output)})`);
    if (output.includes("imgroups-recover")) {
      const recover = await runRecover(ws, logName);
      result.recovers++;
      result.steps.push(recover.step);
      if (recover.failure !== undefined) result.recoverFailures.push(recover.failure);
    }
  }
  return result;
}

/** Runs imgroups-recover as README says (in this repository `node provider/dist/cli/recover.js`). */
async function runRecover(ws: SpecWorkspace, logName: string): Promise<{ step: string; failure?: string }> {
  const env: NodeJS.ProcessEnv = { ...ws.env };
  // The tool would take npm's INIT_CWD as the stack directory; --cwd says which it is.
  delete env.INIT_CWD;
  const recover = await runProcess(
    process.execPath,
    [
      path.join(repoRoot, "provider", "dist", "cli", "recover.js"),
      "--cwd",
      ws.programDir,
      "--stack",
      ws.stack,
    ],
    { cwd: ws.programDir, env },
  );
  writeFileSync(
    path.join(LOG_DIR, `${String(++logCounter).padStart(4, "0")}-${logName}-recover.log`),
    `# exit ${recover.code}\n--- stdout ---\n${recover.stdout}\n--- stderr ---\n${recover.stderr}\n`,
  );
  if (recover.code === 0) {
    const recorded = (recover.stdout.match(/recorded group/g) ?? []).length;
    return { step: `imgroups-recover (${recorded} recorded)` };
  }
  const failure = (recover.stderr || recover.stdout).trim().replace(/\s+/g, " ");
  return { step: `imgroups-recover FAILED (exit ${recover.code})`, failure: failure.slice(0, 300) };
}

/**
 * Repairs a stack checkpoint a kill left unreadable ("failed to load checkpoint: EOF"): the file
 * backend (gocloud fileblob, `no_tmp_dir=true`) writes `<stack>.json` and then its `.attrs` sidecar
 * in place, so a kill between the two leaves an empty sidecar. Removing it (the checkpoint itself is
 * whole) is the least lossy repair; without one, `<stack>.json.bak` is restored. Returns what was done.
 */
function repairCheckpoint(ws: SpecWorkspace): string | undefined {
  const stacks = path.join(ws.dir, "backend", ".pulumi", "stacks");
  const files = readdirSync(stacks, { recursive: true, encoding: "utf8" }).map((file) =>
    path.join(stacks, file),
  );
  const emptySidecar = files.find(
    (file) => file.endsWith(`${ws.stack}.json.attrs`) && statSync(file).size === 0,
  );
  if (emptySidecar !== undefined) {
    rmSync(emptySidecar);
    return `removed the empty checkpoint sidecar ${path.relative(ws.dir, emptySidecar)}`;
  }
  const checkpoint = files.find((file) => file.endsWith(`${ws.stack}.json`));
  if (checkpoint === undefined || !existsSync(`${checkpoint}.bak`)) return undefined;
  copyFileSync(`${checkpoint}.bak`, checkpoint);
  if (existsSync(`${checkpoint}.bak.attrs`)) copyFileSync(`${checkpoint}.bak.attrs`, `${checkpoint}.attrs`);
  return `restored ${path.relative(ws.dir, checkpoint)} from its .bak`;
}

// ---- checks ----------------------------------------------------------------------------------------

type LiveGroup = StateSnapshot["groups"][number];

interface Check {
  duplicates: number;
  missing: number;
  lost: number;
  extra: number;
  mismatched: number;
  pendingOps: number;
  /** Groups of the stack still live after destroy (destroy phase only). */
  left: number;
  /** `pulumi preview --expect-no-changes --refresh` exit code (null: not run). */
  previewCode: number | null;
  problems: string[];
  /** Left-overs that do not make the figures wrong (pending operations in state). */
  findings: string[];
}

/** The live groups of stack `tag`: its ids and names all start with the tag. */
function stackGroups(bed: ImTestBed, tag: string): LiveGroup[] {
  return bed.emulator.control
    .state()
    .groups.filter((group) => group.GroupId.startsWith(`${tag}-`) || group.Name.startsWith(`${tag} `));
}

async function stateOf(
  ws: SpecWorkspace,
): Promise<{ ids: Map<string, string>; resources: number; pending: number }> {
  const { text, resources } = await ws.exportState();
  const deployment = (JSON.parse(text) as { deployment: { pending_operations?: unknown[] } }).deployment;
  const ids = new Map<string, string>();
  for (const resource of resources) {
    if (resource.type.endsWith(":ImGroup") && resource.id)
      ids.set(resource.urn.split("::").pop()!, resource.id);
  }
  const managed = resources.filter((resource) => resource.type.startsWith("pulumi-nodejs:dynamic/"));
  return { ids, resources: managed.length, pending: deployment.pending_operations?.length ?? 0 };
}

/** A check that has found nothing yet. */
function emptyCheck(): Check {
  return {
    duplicates: 0,
    missing: 0,
    lost: 0,
    extra: 0,
    mismatched: 0,
    pendingOps: 0,
    left: 0,
    previewCode: null,
    problems: [],
    findings: [],
  };
}

/** The live groups against the declaration, after a converged create or update. */
async function checkDeclared(bed: ImTestBed, ws: SpecWorkspace, tag: string, spec: Spec): Promise<Check> {
  const check = emptyCheck();
  const state = await stateOf(ws);
  check.pendingOps = state.pending;
  if (state.pending > 0) check.findings.push(`${state.pending} pending operation(s) left in state`);
  const live = stackGroups(bed, tag);
  const claimed = new Set<string>();
  const byId = new Map(live.map((group) => [group.GroupId, group]));
  for (const [name, decl] of Object.entries(spec.groups)) {
    const autoId = new RegExp(`^${name.replace(/[^A-Za-z0-9]/g, "\\$&")}-[0-9a-f]{8}$`);
    const row = LAYOUT.find((r) => resourceName(tag, r) === name)!;
    const names = new Set([`${tag} ${row.key}`, `${tag} ${row.key} v2`]);
    const mine = live.filter(
      (group) => group.GroupId === decl.groupId || autoId.test(group.GroupId) || names.has(group.Name),
    );
    for (const group of mine) claimed.add(group.GroupId);
    if (mine.length > 1) {
      check.duplicates += mine.length - 1;
      check.problems.push(`${name}: ${mine.length} live groups (${mine.map((g) => g.GroupId).join(", ")})`);
    }
    const id = state.ids.get(name);
    if (id === undefined) check.problems.push(`${name}: not in state`);
    const group = id !== undefined ? byId.get(id) : undefined;
    if (group === undefined) {
      check.missing++;
      check.problems.push(`${name}: no live group${id ? ` ${id}` : ""}`);
      continue;
    }
    const wrong: string[] = [];
    if (group.Type !== decl.type) wrong.push(`type ${group.Type}`);
    if (group.Name !== decl.name) wrong.push(`name ${JSON.stringify(group.Name)}`);
    if (group.Notification !== decl.notification)
      wrong.push(`notification ${JSON.stringify(group.Notification)}`);
    if (group.Owner_Account !== (decl.ownerAccount ?? ""))
      wrong.push(`owner ${JSON.stringify(group.Owner_Account)}`);
    if (wrong.length > 0) {
      check.mismatched += wrong.length;
      check.problems.push(`${name} (${group.GroupId}): ${wrong.join(", ")}`);
    }
  }
  for (const group of live) {
    if (!claimed.has(group.GroupId)) {
      check.duplicates++;
      check.problems.push(
        `orphan group ${group.GroupId} (${group.Type} ${JSON.stringify(group.Name)}), not declared`,
      );
    }
  }
  for (const [setName, set] of Object.entries(spec.members)) {
    const decl = spec.groups[set.group]!;
    const group = byId.get(state.ids.get(set.group) ?? "");
    if (group === undefined) continue;
    const liveMembers = new Map(group.MemberList.map((member) => [member.Member_Account, member]));
    const declared = new Map<string, { role?: Role; nameCard?: string }>(
      set.members.map((entry) => (typeof entry === "string" ? [entry, {}] : [entry.account, entry])),
    );
    const lost = [...declared.keys()].filter((account) => !liveMembers.has(account));
    const extra = [...liveMembers.values()].filter(
      (member) => !declared.has(member.Member_Account) && member.Member_Account !== decl.ownerAccount,
    );
    const wrong: string[] = [];
    for (const [account, entry] of declared) {
      const member = liveMembers.get(account);
      if (member === undefined) continue;
      const role = account === decl.ownerAccount ? "Owner" : (entry.role ?? "Member");
      const nameCard = entry.nameCard ?? "";
      if (member.Role !== role) wrong.push(`${account} role ${member.Role} (declared ${role})`);
      if (member.NameCard !== nameCard) wrong.push(`${account} name card ${JSON.stringify(member.NameCard)}`);
    }
    check.lost += lost.length;
    check.extra += extra.length;
    check.mismatched += wrong.length;
    if (lost.length > 0)
      check.problems.push(
        `${setName}: ${lost.length} declared member(s) missing, e.g. ${lost.slice(0, 3).join(", ")}`,
      );
    if (extra.length > 0) {
      check.problems.push(
        `${setName}: ${extra.length} undeclared member(s), e.g. ${extra
          .slice(0, 3)
          .map((m) => `${m.Member_Account} (${m.Role})`)
          .join(", ")}`,
      );
    }
    if (wrong.length > 0)
      check.problems.push(
        `${setName}: ${wrong.slice(0, 3).join("; ")}${wrong.length > 3 ? ` … ${wrong.length} in all` : ""}`,
      );
  }
  const preview = await runCli(
    bed,
    ws,
    ["preview", "--expect-no-changes", "--refresh"],
    undefined,
    `${tag}-preview-refresh`,
  );
  check.previewCode = preview.code;
  if (preview.code !== 0) {
    check.problems.push(
      `preview --expect-no-changes --refresh exited ${preview.code}: ${firstError(preview.stdout + preview.stderr) || summaryText(preview.stdout)}`,
    );
  }
  return check;
}

/** After a converged destroy: no group of the stack left, nothing in state. */
async function checkDestroyed(bed: ImTestBed, ws: SpecWorkspace, tag: string): Promise<Check> {
  const state = await stateOf(ws);
  const left = stackGroups(bed, tag);
  const problems: string[] = [];
  if (left.length > 0)
    problems.push(`${left.length} group(s) left: ${left.map((g) => g.GroupId).join(", ")}`);
  if (state.resources > 0) problems.push(`${state.resources} resource(s) left in state`);
  const findings =
    state.pending > 0 ? [`${state.pending} pending operation(s) left in state`] : ([] as string[]);
  return { ...emptyCheck(), pendingOps: state.pending, left: left.length, problems, findings };
}

// ---- trials ----------------------------------------------------------------------------------------

interface TrialResult {
  n: number;
  stack: string;
  phase: Phase;
  disruption: string;
  seed: number;
  /** How the disrupted run ended. */
  disrupted: string;
  faultsInjected: Record<string, number>;
  convergence: Convergence;
  check: Check;
  wallS: number;
  defects: string[];
  /** Left-overs that are not defects of the figures (pending operations, manual checkpoint repairs). */
  findings: string[];
}

/** Deterministic 32-bit seed of a trial. */
function trialSeed(stack: string, phase: Phase): number {
  return createHash("sha256").update(`${SEED}/${stack}/${phase}`).digest().readUInt32BE(0);
}

let draw = mulberry32(SEED);

async function runTrial(
  bed: ImTestBed,
  ws: SpecWorkspace,
  plan: StackPlan,
  phase: Phase,
  spec: Spec,
  n: number,
): Promise<TrialResult> {
  const started = performance.now();
  const disruption = plan.phases[phase];
  const seed = trialSeed(plan.id, phase);
  draw = mulberry32(seed);
  const logName = `${plan.id}-${phase}`;
  const verb = phase === "destroy" ? "destroy" : "up";
  const control = bed.emulator.control;
  control.resetStats();
  control.setFaults(disruption.faults ?? {});
  let first: CliRun;
  try {
    first = await runCli(bed, ws, [verb, "--yes", "--skip-preview"], disruption.kill, `${logName}-disrupted`);
  } finally {
    control.setFaults({});
  }
  const stats = control.stats();
  const faultsInjected = Object.fromEntries(Object.entries(stats.faults).filter(([, count]) => count > 0));
  const firstOutput = `${first.stdout}\n${first.stderr}`;
  const disrupted = first.hung
    ? "HUNG"
    : first.killed
      ? `killed (${first.wallS.toFixed(1)} s)`
      : first.code === 0
        ? `exit 0, ${summaryText(firstOutput)}${disruption.kill ? " (kill point not reached)" : ""}`
        : `exit ${first.code}${disruption.kill ? " (kill point not reached)" : ""}`;
  const convergence = await converge(
    bed,
    ws,
    phase,
    disruption.secondKill,
    disruption.previewFirst === true,
    logName,
  );
  const check =
    phase === "destroy"
      ? await checkDestroyed(bed, ws, plan.id)
      : await checkDeclared(bed, ws, plan.id, spec);
  const defects: string[] = [];
  if (first.hung || convergence.hung) defects.push("a pulumi run hung");
  if (!convergence.converged) defects.push(`no convergence within ${MAX_PLAIN_RUNS} plain runs`);
  else if (convergence.runs > 2) defects.push(`${convergence.runs} plain runs to converge (> 2)`);
  for (const failure of convergence.recoverFailures) defects.push(`imgroups-recover failed: ${failure}`);
  defects.push(...check.problems);
  const findings = [
    ...convergence.checkpointRepairs.map(
      (repair) => `checkpoint unreadable after the kill (Pulumi file backend): ${repair}`,
    ),
    ...check.findings,
  ];
  return {
    n,
    stack: plan.id,
    phase,
    disruption: `${disruption.label}${disruption.previewFirst && phase !== "destroy" ? "; plain runs: up --yes (preview first)" : ""}`,
    seed,
    disrupted,
    faultsInjected,
    convergence,
    check,
    wallS: (performance.now() - started) / 1000,
    defects,
    findings,
  };
}

// ---- report ----------------------------------------------------------------------------------------

const FAULT_NAMES: Record<string, string> = {
  systemError: "10002",
  badGateway: "502",
  dropConnection: "drop",
  dropAfterCommit: "dac",
  latencyAfterCommit: "held",
};

function faultsText(faults: Record<string, number>): string {
  const parts = Object.entries(faults).map(([kind, n]) => `${FAULT_NAMES[kind] ?? kind}×${n}`);
  return parts.length > 0 ? `injected ${parts.join(" ")}` : "";
}

function stepsText(c: Convergence): string {
  const parts = [];
  if (c.cancels > 0) parts.push(`cancel×${c.cancels}`);
  if (c.recovers > 0) parts.push(`recover×${c.recovers}`);
  return parts.length > 0 ? parts.join(" ") : "-";
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function markdownTable(results: TrialResult[]): string {
  const lines = [
    "| # | trial | fault mix / kill point | disrupted run | runs | user steps | dup | missing | lost | extra | mismatch | preview --refresh | s | notes |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of results) {
    const c = r.check;
    const notes = [
      faultsText(r.faultsInjected),
      `runs: ${r.convergence.steps.join(" → ")}`,
      ...(r.phase === "destroy" ? [`left ${c.left}`] : []),
      ...r.defects.map((d) => `DEFECT: ${d}`),
      ...r.findings.map((f) => `FINDING: ${f}`),
    ]
      .filter(Boolean)
      .join("; ");
    lines.push(
      `| ${r.n} | ${r.stack}/${r.phase} | ${cell(r.disruption)} | ${cell(r.disrupted)} | ` +
        `${r.convergence.converged ? r.convergence.runs : `>${r.convergence.runs}`} | ${stepsText(r.convergence)} | ` +
        `${c.duplicates} | ${c.missing} | ${c.lost} | ${c.extra} | ${c.mismatched} | ` +
        `${c.previewCode === null ? "-" : c.previewCode === 0 ? "pass" : `FAIL (${c.previewCode})`} | ` +
        `${r.wallS.toFixed(0)} | ${cell(notes)} |`,
    );
  }
  return lines.join("\n");
}

function totalsText(results: TrialResult[], extra: string[]): string {
  const sum = (pick: (r: TrialResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  const converged = results.filter((r) => r.convergence.converged);
  const runsHistogram = new Map<number, number>();
  for (const r of converged)
    runsHistogram.set(r.convergence.runs, (runsHistogram.get(r.convergence.runs) ?? 0) + 1);
  const faults = new Map<string, number>();
  for (const r of results) {
    for (const [kind, n] of Object.entries(r.faultsInjected)) faults.set(kind, (faults.get(kind) ?? 0) + n);
  }
  const previews = results.filter((r) => r.check.previewCode !== null);
  const kills = results.filter((r) => r.disrupted.startsWith("killed")).length;
  const secondKills = results.filter((r) =>
    r.convergence.steps.some((s) => s.includes("second crash")),
  ).length;
  return [
    `- trials: ${results.length} (${results.filter((r) => r.phase === "create").length} create, ` +
      `${results.filter((r) => r.phase === "update").length} update, ${results.filter((r) => r.phase === "destroy").length} destroy); ` +
      `kills: ${kills} disrupted runs killed, ${secondKills} recovery runs killed`,
    `- duplicates: ${sum((r) => r.check.duplicates)}; missing groups: ${sum((r) => r.check.missing)}; ` +
      `lost members: ${sum((r) => r.check.lost)}; extra members: ${sum((r) => r.check.extra)}; ` +
      `mismatches: ${sum((r) => r.check.mismatched)}; pending operations left: ${sum((r) => r.check.pendingOps)}; ` +
      `groups left after destroy: ${sum((r) => r.check.left)}`,
    `- converged: ${converged.length}/${results.length}; plain runs to converge: ` +
      `${[...runsHistogram.entries()]
        .sort(([a], [b]) => a - b)
        .map(([runs, n]) => `${runs} run(s) × ${n}`)
        .join(", ")}; max ${Math.max(0, ...converged.map((r) => r.convergence.runs))}`,
    `- user steps: pulumi cancel × ${sum((r) => r.convergence.cancels)}, imgroups-recover × ${sum((r) => r.convergence.recovers)} ` +
      `(${sum((r) => r.convergence.recoverFailures.length)} failed)`,
    `- preview --expect-no-changes --refresh: ${previews.filter((r) => r.check.previewCode === 0).length}/${previews.length} pass`,
    `- faults injected: ${[...faults.entries()].map(([kind, n]) => `${FAULT_NAMES[kind] ?? kind} ${n}`).join(", ") || "none"}`,
    ...extra,
    `- checkpoints left unreadable by a kill and repaired by hand: ${sum((r) => r.convergence.checkpointRepairs.length)}`,
    `- trials with a defect: ${results.filter((r) => r.defects.length > 0).length}; ` +
      `with a finding only: ${results.filter((r) => r.defects.length === 0 && r.findings.length > 0).length}`,
  ].join("\n");
}

// ---- main ------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  const started = performance.now();
  const quick = ["f10m", "f30c", "ka", "kc", "ki"];
  const wanted = flags.only?.split(",").map((id) => id.trim()) ?? (flags.quick ? quick : undefined);
  const selected = plans().filter((plan) => wanted === undefined || wanted.includes(plan.id));
  if (selected.length === 0) throw new Error(`no stack matches --only ${flags.only}`);
  rmSync(DATA_DIR, { recursive: true, force: true });
  rmSync(LOG_DIR, { recursive: true, force: true });
  mkdirSync(LOG_DIR, { recursive: true });
  const log = (message: string) => console.error(`[campaign] ${message}`);
  log(
    `seed ${SEED}; ${selected.length} stacks × 3 phases; emulator data dir ${path.relative(repoRoot, DATA_DIR)}`,
  );

  const bed = await startImTestBed({ dataDir: DATA_DIR, secretKey: SECRET_KEY, random: () => draw() });
  const results: TrialResult[] = [];
  let finalState = "";
  const kept: string[] = [];
  const extra: string[] = [];
  try {
    await bed.client.multiaccountImport(ACCOUNTS);
    const createTime = Math.floor(Date.now() / 1000) - 30 * 86_400;
    for (const plan of selected) {
      const specs = { 1: buildSpec(plan.id, 1, createTime), 2: buildSpec(plan.id, 2, createTime) };
      const ws = await bed.workspace(specs[1], { stack: plan.id });
      let stackDefect = false;
      for (const phase of PHASES) {
        const spec = phase === "create" ? specs[1] : specs[2];
        if (phase === "update") ws.writeSpec(specs[2]);
        const trialStarted = performance.now();
        const result = await runTrial(bed, ws, plan, phase, spec, results.length + 1).catch(
          (error: unknown): TrialResult => ({
            n: results.length + 1,
            stack: plan.id,
            phase,
            disruption: plan.phases[phase].label,
            seed: trialSeed(plan.id, phase),
            disrupted: "-",
            faultsInjected: {},
            convergence: {
              converged: false,
              runs: 0,
              steps: ["campaign error"],
              cancels: 0,
              recovers: 0,
              recoverFailures: [],
              checkpointRepairs: [],
              hung: false,
            },
            check: emptyCheck(),
            wallS: (performance.now() - trialStarted) / 1000,
            defects: [
              `the trial stopped: ${(error instanceof Error ? error.message : String(error)).slice(0, 400)}`,
            ],
            findings: [],
          }),
        );
        bed.emulator.control.setFaults({});
        results.push(result);
        stackDefect ||= result.defects.length > 0;
        log(
          `#${result.n} ${plan.id}/${phase}: ${result.disrupted}; ` +
            `${result.convergence.converged ? `${result.convergence.runs} run(s)` : "NOT CONVERGED"} ` +
            `[${result.convergence.steps.join(" → ")}]; dup ${result.check.duplicates}, lost ${result.check.lost}, ` +
            `extra ${result.check.extra}, missing ${result.check.missing}, mismatch ${result.check.mismatched}` +
            `${result.defects.length > 0 ? `; DEFECTS: ${result.defects.join(" | ")}` : ""}` +
            `${result.findings.length > 0 ? `; FINDINGS: ${result.findings.join(" | ")}` : ""} (${result.wallS.toFixed(0)} s)`,
        );
        if (!result.convergence.converged && phase !== "destroy") {
          log(`${plan.id}: ${phase} did not converge; the stack's later phases are skipped (destroying it)`);
          await ws.run(["destroy", "--yes", "--skip-preview"]).catch(() => undefined);
          break;
        }
      }
      if (stackDefect || flags.keep) kept.push(`${plan.id}: ${ws.dir} (spec ${ws.env.IMGROUPS_SPEC_FILE})`);
      else {
        rmSync(ws.dir, { recursive: true, force: true });
        rmSync(path.dirname(ws.env.IMGROUPS_SPEC_FILE!), { recursive: true, force: true });
      }
    }
    const allLeft = bed.emulator.control.state().groups.length;
    extra.push(`- live groups in the emulator after every stack's destroy: ${allLeft}`);
  } finally {
    finalState = persisted(bed.emulator.control.state());
    await bed.client.close();
    await bed.emulator.close();
  }

  // The data dir survives a restart: the reopened emulator holds exactly what the campaign's held.
  const reopened = persisted(await reopenState());
  extra.push(
    `- data dir reopened after the campaign: ${reopened === finalState ? "same state (groups, accounts, destroyed ids)" : "STATE DIFFERS"}`,
  );

  const totalS = (performance.now() - started) / 1000;
  const table = markdownTable(results);
  const totals = totalsText(results, extra);
  const defects = results.filter((r) => r.defects.length > 0);
  const command = `npm run campaign -- --seed ${SEED}${flags.only ? ` --only ${flags.only}` : flags.quick ? " --quick" : ""}`;
  const report = [
    "# Fault-and-crash campaign",
    "",
    `Seed ${SEED}; ${results.length} trials; ${(totalS / 60).toFixed(1)} minutes; rerun: \`${command}\``,
    "(a single stack: `npm run campaign -- --seed N --only <stack>`; fault decisions are drawn from a",
    "seeded source reseeded per trial, but which call meets which draw depends on the engine's timing).",
    "",
    "Faults are off for every run after the disrupted one. `runs`: plain runs after the disrupted run that",
    "failed or changed something (the run reporting no changes then is not counted); `user steps`: the",
    "README's after-crash steps taken (`pulumi cancel` when a run said the stack was locked, imgroups-recover",
    "when a run named it). dup: live groups beyond one per declared resource, plus groups of the stack",
    "not declared; lost: declared members not live; extra: live members neither declared nor owner;",
    "mismatch: name, notification, owner, role or name card different from the declaration.",
    "",
    table,
    "",
    "## Totals",
    "",
    totals,
    `- total runtime: ${totalS.toFixed(0)} s`,
    "",
    ...(defects.length > 0
      ? [
          "## Defects",
          "",
          ...defects.map(
            (r) =>
              `- #${r.n} ${r.stack}/${r.phase} (trial seed ${r.seed}; rerun \`npm run campaign -- --seed ${SEED} --only ${r.stack}\`; ` +
              `logs ${path.relative(repoRoot, LOG_DIR)}/*-${r.stack}-*): ${r.defects.join("; ")}`,
          ),
          "",
        ]
      : []),
    ...(results.some((r) => r.findings.length > 0)
      ? [
          "## Findings (not defects of the figures)",
          "",
          ...results
            .filter((r) => r.findings.length > 0)
            .map((r) => `- #${r.n} ${r.stack}/${r.phase} (trial seed ${r.seed}): ${r.findings.join("; ")}`),
          "",
        ]
      : []),
    ...(kept.length > 0 ? ["Workspaces kept:", "", ...kept.map((k) => `- ${k}`), ""] : []),
  ].join("\n");
  console.log(report);
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(path.join(OUT_DIR, "report.md"), `${report}\n`);
  writeFileSync(
    path.join(OUT_DIR, "results.json"),
    `${JSON.stringify({ seed: SEED, totalS, results, extra }, null, 2)}\n`,
  );
  log(`report: ${path.relative(process.cwd(), path.join(OUT_DIR, "report.md"))}`);
  return defects.length > 0 ? 1 : 0;
}

/** What a data dir must keep: groups with their members, accounts, destroyed ids. */
function persisted(state: StateSnapshot): string {
  return JSON.stringify([state.groups, state.accounts, state.destroyedGroupIds]);
}

/** Opens the campaign's data dir in a fresh emulator and returns its state. */
async function reopenState(): Promise<StateSnapshot> {
  const emulator = await startEmulator({ dataDir: DATA_DIR, secretKey: SECRET_KEY, console: false });
  try {
    return emulator.control.state();
  } finally {
    await emulator.close();
  }
}

runBenchMain(main);
