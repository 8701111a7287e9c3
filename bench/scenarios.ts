/**
 * The five scenarios of issue 8, the million members of issue 12 (6) and the many small groups of
 * issue 20 (8), each a real `pulumi` CLI
 * command against the emulator (rate limit on), and — for the engine's own cost — the same command
 * on the same spec with the no-op program. The spec files use the `groups` test program's format
 * ({ groups: { name: ImGroupArgs }, members: { name: { group, members } } }).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { REFRESH_PARALLEL } from "@imgroups/tencentcloud-im/cli/obtain-report";
import { repoRoot } from "../tests/support/paths";
import type { BenchBed, BenchWorkspace, RealProgram } from "./bed";
import { measureRun, type RunMeasurement } from "./measure";
import { describeMemberListReads, memberListBytes, minimumCalls } from "./minimum";
import type { BenchOptions, ScenarioId } from "./options";
import type { StateParts } from "./state-parts";

/**
 * Which wall-time target a command has: `api`, ≤ 1.5 × max(time bound, engine time) (commands whose
 * API work is large); `engine`, ≤ 1.5 × the engine time (commands that should cost about what the
 * engine does: a no-op up, a drift check); `api-floor` and `floor`, the same against the floor
 * baseline's time instead of the same-shape engine's ((8), issue 20); `bound`, ≤ 1.2 × the time
 * bound (a command with no engine: (7)'s export); `limit`, ≤ `timeLimitS` ((7)'s adopting up: 10
 * minutes); `none`.
 */
export type TimeTarget = "api" | "engine" | "api-floor" | "floor" | "bound" | "limit" | "none";

/** One row of results: one measured command. */
export interface ScenarioResult {
  /** Scenario id. */
  id: ScenarioId;
  /** Number in issue 8 (1–5), 12 (6), 21 (7) or 20 (8). */
  number: number;
  /** The command's letter within a scenario of several commands ((6a)–(6d)). */
  part?: string;
  /** Short title with sizes, e.g. "create 200 groups x 200 members". */
  title: string;
  /** The measured CLI command. */
  command: string;
  /** `--parallel` in effect (the CLI's default when none was given). */
  parallel: number;
  /** Whether `parallel` is the CLI's default (no --parallel flag was passed). */
  parallelDefault: boolean;
  /** Pulumi resources in the stack (without the Stack resource). */
  resources: number;
  /** The real run (provider + emulator). */
  real?: RunMeasurement;
  /** The same command with the no-op provider. */
  engine?: RunMeasurement;
  /** The same command with the floor baseline (the smallest dynamic resources; (8) only). */
  floor?: RunMeasurement;
  /** Bytes per resource of each type in the checkpoint after the command ((8) only). */
  stateParts?: { real: StateParts[]; engine?: StateParts[]; floor?: StateParts[] };
  /** Extra CLI environment this command ran with (e.g. PULUMI_SKIP_CHECKPOINTS=true in (8e)). */
  env?: Record<string, string>;
  /** Minimum calls per API. */
  minimum: Record<string, number>;
  /** The wall-time target of this command. */
  timeTarget: TimeTarget;
  /** The wall-time limit in seconds of a `limit` target. */
  timeLimitS?: number;
  /** Whether any write call fails the command (a gating target): (7)'s adoption writes nothing. */
  readOnly?: boolean;
  /** Whether the command ran with PULUMI_SKIP_CHECKPOINTS=true (one checkpoint write, at the end). */
  skipCheckpoints?: boolean;
  /**
   * get_group_info reads the engine's order of calls forces, when it is more than the minimum's:
   * reads made in `check`, which the engine calls one resource at a time (docs/pulumi-notes.md
   * §3.4), cannot share a call. Then the gating call target is ≤ 1.1 × `reads` get_group_info
   * calls, and the all-API target against the minimum is shown but does not gate (like (3) at
   * `--parallel` < 50).
   */
  serialReads?: { reads: number; why: string };
  /** Whether issue 12's peak-memory targets apply (CLI ≤ 1 GiB, program and provider ≤ 512 MiB). */
  memoryTargets: boolean;
  /** Checkpoint size after the run, real and engine (and floor in (8)), in bytes. */
  stateBytes: { real: number; engine: number; floor?: number };
  /** Members declared in the stack after the command (for the state size per member; 0: not shown). */
  members: number;
  /** How the minimum was counted, where it is not the plain per-call arithmetic. */
  minimumNotes: string[];
  /** Seconds spent preparing the stacks before the measured command (real and engine). */
  setupS: number;
  /** Problems found: a failed command, or the emulator's state not matching the spec afterwards. */
  errors: string[];
}

/**
 * A scenario kept in a module of its own (e.g. (7), bench/adopt-scenario.ts), run after the ones
 * here; it decides from `options.only` whether it runs, and reports each command it measures.
 */
export type ScenarioRunner = (
  bed: BenchBed,
  options: BenchOptions,
  upArgs: string[],
  parallel: number,
  report: (result: ScenarioResult) => void,
) => Promise<void>;

/** Runs the scenarios in `options.only` (and any a selected one depends on), then `more`. */
export async function runScenarios(
  bed: BenchBed,
  options: BenchOptions,
  onResult: (result: ScenarioResult) => void,
  more: readonly ScenarioRunner[] = [],
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  const report = (result: ScenarioResult) => {
    results.push(result);
    onResult(result);
  };
  const wanted = new Set(options.only);
  const upArgs = ["up", "--yes", "--skip-preview", ...parallelArgs(options.parallel)];
  const parallel = options.parallel ?? cliDefaultParallel();
  const pool = accountPool(options);

  const log = (message: string) => console.error(`[bench] ${message}`);
  const accounts = [
    "owner",
    ...pool.all(),
    ...(wanted.has("chatrooms") ? chatroomAccounts(options).all() : []),
  ];
  log(`importing ${accounts.length.toLocaleString("en-US")} accounts`);
  await bed.importAccounts(accounts);

  // (1) create, then (5) a no-op up on its result.
  if (wanted.has("create") || wanted.has("noop-up")) {
    const { createGroups: g, createMembers: m } = options;
    const spec = createSpec(g, m, pool);
    log(`(1) create ${g} groups x ${m} members`);
    const pair = await Pair.open(bed, options, "create", spec);
    const create: ScenarioResult = {
      ...base("create", 1, `create ${g} groups x ${m} members`, "pulumi up", parallel, 2 * g),
      parallelDefault: options.parallel === undefined,
      minimum: minimumCalls({
        creates: g,
        added: Array(g).fill(m),
        groupReads: g,
        accountChecks: Array(g).fill(m),
      }),
      timeTarget: "api",
    };
    await pair.measure(create, upArgs);
    create.errors.push(...verifyGroups(bed, expectedCreate(g, m)));
    if (wanted.has("create")) report(create);

    if (wanted.has("noop-up")) {
      log(`(5) no-op up on the ${2 * g} resources of (1)`);
      const noop: ScenarioResult = {
        ...base("noop-up", 5, `no-op up on (1): ${2 * g} resources`, "pulumi up", parallel, 2 * g),
        parallelDefault: options.parallel === undefined,
        minimum: {},
        timeTarget: "none",
      };
      if (create.errors.length > 0) noop.errors.push("skipped: (1) failed");
      else await pair.measure(noop, [...upArgs, "--expect-no-changes"]);
      report(noop);
    }
    pair.discard();
  }

  // (2) migrate groups with their history.
  if (wanted.has("migrate")) {
    const { migrateGroups: g, migrateMembers: m } = options;
    log(`(2) migrate ${g} groups x ${m} members with history`);
    const pair = await Pair.open(bed, options, "migrate", migrateSpec(g, m, pool));
    const result: ScenarioResult = {
      ...base("migrate", 2, `migrate ${g} groups x ${m} members (history)`, "pulumi up", parallel, 2 * g),
      parallelDefault: options.parallel === undefined,
      minimum: minimumCalls({
        imports: g,
        imported: Array(g).fill(m),
        groupReads: g,
        accountChecks: Array(g).fill(m),
      }),
      timeTarget: "api",
    };
    await pair.measure(result, upArgs);
    result.errors.push(...verifyGroups(bed, expectedMigrate(g, m)));
    report(result);
    pair.discard();
  }

  // (3) drift check of unchanged groups: preview --refresh, once per --parallel value.
  if (wanted.has("refresh")) {
    const g = options.refreshGroups;
    log(`(3) setup: ${g} groups`);
    const pair = await Pair.open(bed, options, "refresh", refreshSpec(g));
    const setupStarted = performance.now();
    const setupErrors = await pair.setup(upArgs);
    const setupS = (performance.now() - setupStarted) / 1000;
    for (const p of options.refreshParallel) {
      log(`(3) preview --refresh of ${g} groups, --parallel ${p}`);
      const result: ScenarioResult = {
        ...base("refresh", 3, `refresh ${g} unchanged groups`, "pulumi preview --refresh", p, g),
        parallelDefault: false,
        minimum: minimumCalls({ groupReads: g }),
        timeTarget: "none",
        setupS,
      };
      if (setupErrors.length > 0) result.errors.push(...setupErrors);
      else
        await pair.measure(result, ["preview", "--refresh", "--expect-no-changes", "--parallel", String(p)]);
      report(result);
    }
    pair.discard();
  }

  // (4) exchange a share of a big group's members.
  if (wanted.has("change")) {
    const n = options.bigMembers;
    const k = changeCount(options);
    log(`(4) setup: one group of ${n} members`);
    const pair = await Pair.open(bed, options, "change", bigSpec(n, 0));
    const setupStarted = performance.now();
    const setupErrors = await pair.setup(upArgs);
    // The update reads the group's member list (its base fields come in the same answer).
    const lists = [memberListBytes(bigAccounts(n, 0))];
    const result: ScenarioResult = {
      ...base("change", 4, `change ${k} of ${n} members (${pct(k / n)})`, "pulumi up", parallel, 2),
      parallelDefault: options.parallel === undefined,
      minimum: minimumCalls({ added: [k], deleted: [k], memberLists: lists, accountChecks: [k] }),
      timeTarget: "api",
      setupS: (performance.now() - setupStarted) / 1000,
      members: n,
      minimumNotes: [describeMemberListReads(lists)],
    };
    if (setupErrors.length > 0) result.errors.push(...setupErrors);
    else {
      log(`(4) up: remove ${k}, add ${k}`);
      pair.writeSpec(bigSpec(n, k));
      await pair.measure(result, upArgs);
      result.errors.push(...verifyGroups(bed, new Map([["bench-big", { members: n, owner: false }]])));
    }
    report(result);
    pair.discard();
  }

  if (wanted.has("chatrooms")) await runChatrooms(bed, options, upArgs, parallel, report);
  if (wanted.has("many-groups")) await runManyGroups(bed, options, upArgs, parallel, report);
  for (const run of more) await run(bed, options, upArgs, parallel, report);
  return results;
}

/**
 * (8) issue 20: many small groups (2,000 groups × 5 members: 4,000 resources) — create, a no-op up,
 * the drift check and a 1% change — each command on the real program, the same-shape no-op
 * baseline and the floor (the least any dynamic provider costs the engine for as many resources);
 * (8e) creates the stack again with PULUMI_SKIP_CHECKPOINTS=true (real program), the option
 * README gives big creates. A command is skipped when the one before it failed.
 */
async function runManyGroups(
  bed: BenchBed,
  options: BenchOptions,
  upArgs: string[],
  parallel: number,
  report: (result: ScenarioResult) => void,
): Promise<void> {
  const { manyGroups: g, manyMembers: m } = options;
  const k = Math.max(1, Math.round(g * options.manyChangeShare));
  const renames = options.manyRenames;
  const size = `${g.toLocaleString("en-US")} groups x ${m} members`;
  const log = (message: string) => console.error(`[bench] ${message}`);
  const accounts = manyAccounts(options);
  await bed.importAccounts(accounts.all());
  const baselines = {
    noop: options.manyBaselines.includes("noop"),
    floor: options.manyBaselines.includes("floor"),
  };
  // Member lists as get_group_info answers them (the owner's entry aside, as in (1)).
  const changedLists = Array.from({ length: k }, (_, i) => memberListBytes(accounts.members(i, 0)));
  const listNote = describeMemberListReads(changedLists);
  const allLists = Array.from({ length: g }, (_, i) => memberListBytes(accounts.members(i, 0)));
  const row = rowMaker("many-groups", 8, g, m, options);

  log(`(8a) create ${size}`);
  const pair = await Pair.open(bed, options, "many", manySpec(g, 0, accounts), baselines);
  const steps: ScenarioStep[] = [
    ...createNoopDriftSteps({
      row,
      scenario: 8,
      size,
      g,
      m,
      upArgs,
      parallel,
      lists: allLists,
      profiles: "the profiles",
      targets: { create: "api-floor", steady: "floor" },
      verify: () => verifyGroups(bed, expectedMany(g, m, 0, accounts)),
    }),
    {
      result: row(
        "d",
        `${pct(k / g)} change: ${k} groups ${renames ? "renamed, " : ""}-1 +1 member each`,
        "pulumi up",
        parallel,
        {
          // One member out and one in per changed set, planned from the read of its member list;
          // with renames, one modify each after the update's read of the profile.
          minimum: {
            ...minimumCalls({
              added: Array(k).fill(1),
              deleted: Array(k).fill(1),
              groupReads: renames ? k : 0,
              memberLists: changedLists,
              accountChecks: Array(k).fill(1),
            }),
            ...(renames && { "group_open_http_svc/modify_group_base_info": k }),
          },
          timeTarget: "api-floor",
          minimumNotes: [listNote],
        },
      ),
      args: upArgs,
      before: () => pair.writeSpec(manySpec(g, k, accounts, "bench-n", renames)),
      after: () => verifyGroups(bed, expectedMany(g, m, k, accounts)),
    },
  ];
  await runSteps(pair, steps, report);
  pair.discard();

  if (options.manySkipCheckpoints) {
    log(`(8e) create ${size} with PULUMI_SKIP_CHECKPOINTS=true (real program only)`);
    const skip = await Pair.open(bed, options, "many-skip", manySpec(g, 0, accounts, "bench-s"), {
      noop: false,
      floor: false,
      env: { PULUMI_SKIP_CHECKPOINTS: "true" },
    });
    const result = row("e", `create ${size}, PULUMI_SKIP_CHECKPOINTS=true`, "pulumi up", parallel, {
      minimum: minimumCalls({
        creates: g,
        added: Array(g).fill(m),
        groupReads: g,
        accountChecks: Array(g).fill(m),
      }),
      timeTarget: "none",
      env: { PULUMI_SKIP_CHECKPOINTS: "true" },
    });
    await skip.measure(result, upArgs);
    if (result.errors.length === 0)
      result.errors.push(...verifyGroups(bed, expectedMany(g, m, 0, accounts, "bench-s")));
    report(result);
    skip.discard();
  }
}

/**
 * (6) issue 12: ChatRooms of many members each (100 × 10,000: a million members) — create, a no-op
 * up, the drift check, and a change of a share of every ChatRoom's members — each command on the
 * real program and on the no-op baseline. A command is skipped when the one before it failed.
 */
async function runChatrooms(
  bed: BenchBed,
  options: BenchOptions,
  upArgs: string[],
  parallel: number,
  report: (result: ScenarioResult) => void,
): Promise<void> {
  const { chatroomGroups: g, chatroomMembers: m } = options;
  const k = chatroomChangeCount(options);
  const rooms = chatroomAccounts(options);
  const size = `${g} ChatRooms x ${m.toLocaleString("en-US")} members`;
  const log = (message: string) => console.error(`[bench] ${message}`);
  // Member lists as get_group_info answers them, before (6d) changes them.
  const lists = Array.from({ length: g }, (_, i) => memberListBytes(rooms.members(i, 0)));
  const listNote = describeMemberListReads(lists);
  const row = rowMaker("chatrooms", 6, g, m, options);

  log(`(6a) create ${size}`);
  const pair = await Pair.open(bed, options, "chatrooms", chatroomSpec(g, 0, rooms));
  const steps: ScenarioStep[] = [
    ...createNoopDriftSteps({
      row,
      scenario: 6,
      size,
      g,
      m,
      upArgs,
      parallel,
      lists,
      profiles: "the ChatRooms' profiles",
      targets: { create: "api", steady: "engine" },
      verify: () => verifyGroups(bed, expectedChatrooms(g, m, 0, rooms)),
    }),
    {
      result: row(
        "d",
        `${pct((2 * k) / m)} change: -${k} +${k} in each of ${g} ChatRooms`,
        "pulumi up",
        parallel,
        {
          // One delete and one add per ChatRoom (k ≤ 100), and the read of each changed member list.
          minimum: minimumCalls({
            added: Array(g).fill(k),
            deleted: Array(g).fill(k),
            memberLists: lists,
            accountChecks: Array(g).fill(k),
          }),
          timeTarget: "api",
          minimumNotes: [listNote],
        },
      ),
      args: upArgs,
      before: () => pair.writeSpec(chatroomSpec(g, k, rooms)),
      after: () => verifyGroups(bed, expectedChatrooms(g, m, k, rooms)),
    },
  ];
  await runSteps(pair, steps, report);
  pair.discard();
}

/** One command of a scenario of several ((6), (8)): its result row, its arguments, and its checks. */
/** Makes a row of scenario `id` (number `n`) on a stack of `g` groups of `m` members each. */
type RowMaker = (
  part: string,
  title: string,
  command: string,
  parallel: number,
  fields: Pick<ScenarioResult, "minimum" | "timeTarget"> & Partial<ScenarioResult>,
) => ScenarioResult;

/** The row maker of (6) and (8): memory targets on, members counted, 2 × g resources. */
function rowMaker(id: ScenarioId, n: number, g: number, m: number, options: BenchOptions): RowMaker {
  return (part, title, command, parallel, fields) => ({
    ...base(id, n, title, command, parallel, 2 * g),
    part,
    parallelDefault: command === "pulumi up" && options.parallel === undefined,
    memoryTargets: true,
    members: g * m,
    ...fields,
  });
}

/**
 * The first three commands of (6) and (8) on `g` groups of `m` members: the create, a no-op up
 * and the drift check (what provider/cli/drift.ts runs, at its --parallel). `lists` are the member
 * lists' bytes as get_group_info answers them; `targets` the create's and the steady commands'
 * time targets.
 */
function createNoopDriftSteps(o: {
  row: RowMaker;
  scenario: number;
  size: string;
  g: number;
  m: number;
  upArgs: string[];
  parallel: number;
  lists: number[];
  profiles: string;
  targets: { create: TimeTarget; steady: TimeTarget };
  verify: () => string[];
}): ScenarioStep[] {
  const { row, g, m } = o;
  return [
    {
      result: row("a", `create ${o.size}`, "pulumi up", o.parallel, {
        minimum: minimumCalls({
          creates: g,
          added: Array(g).fill(m),
          groupReads: g,
          accountChecks: Array(g).fill(m),
        }),
        timeTarget: o.targets.create,
      }),
      args: o.upArgs,
      after: o.verify,
    },
    {
      result: row("b", `no-op up on (${o.scenario}a): ${2 * g} resources`, "pulumi up", o.parallel, {
        minimum: {},
        timeTarget: o.targets.steady,
      }),
      args: [...o.upArgs, "--expect-no-changes"],
    },
    {
      result: row("c", `drift check of ${o.size}`, "pulumi preview --refresh", REFRESH_PARALLEL, {
        minimum: minimumCalls({ groupReads: g, memberLists: o.lists }),
        timeTarget: o.targets.steady,
        minimumNotes: [`${describeMemberListReads(o.lists)}; plus ceil(${g} / 50) for ${o.profiles}`],
      }),
      args: ["preview", "--refresh", "--expect-no-changes", "--parallel", String(REFRESH_PARALLEL)],
    },
  ];
}

interface ScenarioStep {
  /** The row the command's measures go to. */
  result: ScenarioResult;
  /** The pulumi command's arguments. */
  args: string[];
  /** What to do before it (e.g. write the changed spec). */
  before?: () => void;
  /** Checks of the app afterwards; each string is an error. */
  after?: () => string[];
}

/**
 * Runs a scenario's commands in order on one pair, each reported; once one fails, the ones after it
 * are reported as skipped (each builds on the state the one before left).
 */
async function runSteps(
  pair: Pair,
  steps: readonly ScenarioStep[],
  report: (result: ScenarioResult) => void,
): Promise<void> {
  let failed: string | undefined;
  for (const step of steps) {
    const { result } = step;
    const label = `(${result.number}${result.part ?? ""})`;
    if (failed !== undefined) result.errors.push(`skipped: (${result.number}${failed}) failed`);
    else {
      if (result.part !== "a") console.error(`[bench] ${label} ${result.title}`);
      step.before?.();
      await pair.measure(result, step.args);
      if (result.errors.length === 0) result.errors.push(...(step.after?.() ?? []));
      if (result.errors.length > 0) failed = result.part;
    }
    report(result);
  }
}

/** `4`, or `6a` for a command of a scenario of several. */
export function numberOf(result: ScenarioResult): string {
  return `${result.number}${result.part ?? ""}`;
}

/** The fields every result starts with. */
export function base(
  id: ScenarioId,
  number: number,
  title: string,
  command: string,
  parallel: number,
  resources: number,
): Omit<ScenarioResult, "minimum" | "timeTarget" | "parallelDefault"> {
  return {
    id,
    number,
    title,
    command,
    parallel,
    resources,
    memoryTargets: false,
    stateBytes: { real: 0, engine: 0 },
    members: 0,
    minimumNotes: [],
    setupS: 0,
    errors: [],
  };
}

/** The `--parallel` the CLI uses when given none, as `pulumi up --help` states it ("(default 8)"). */
function cliDefaultParallel(): number {
  const help = execFileSync("pulumi", ["up", "--help"], { encoding: "utf8" });
  const match = /--parallel int32.*\(default (\d+)\)/.exec(help);
  if (!match) throw new Error("cannot read the default --parallel from `pulumi up --help`");
  return Number(match[1]);
}

/** Preloaded into the Node processes of a profiled run (Node 20 refuses --cpu-prof in NODE_OPTIONS). */
const CPU_PROFILE_PRELOAD = path.join(repoRoot, "bench", "cpu-profile-preload.js");

/** A real workspace and its no-op twin on the same spec. */
export class Pair {
  private constructor(
    private readonly bed: BenchBed,
    private readonly real: BenchWorkspace,
    private readonly noop: BenchWorkspace | undefined,
    private readonly env: Record<string, string>,
    private readonly profileDir: string | undefined,
    private readonly floor?: BenchWorkspace,
  ) {}

  /**
   * The real workspace and its baselines: the no-op one when `options.engine` (or as `baselines`
   * says), the floor only when asked ((8)); `baselines.env` is added to every command's environment.
   * `real`: the real program, when not the `groups` test program ((7)).
   */
  static async open(
    bed: BenchBed,
    options: BenchOptions,
    stack: string,
    spec: unknown,
    baselines: { noop?: boolean; floor?: boolean; env?: Record<string, string> } = {},
    real?: RealProgram,
  ): Promise<Pair> {
    const workspace = await bed.workspace("real", stack, spec, real);
    const noop = (baselines.noop ?? options.engine) ? await bed.workspace("noop", stack, spec) : undefined;
    const floor = baselines.floor ? await bed.workspace("floor", stack, spec) : undefined;
    const env = {
      ...(options.skipCheckpoints && { PULUMI_SKIP_CHECKPOINTS: "true" }),
      ...(options.transpileOnly && { PULUMI_NODEJS_TRANSPILE_ONLY: "true" }),
      PULUMI_PARALLEL_DIFF: String(options.parallelDiff),
      ...baselines.env,
    };
    const profileDir =
      options.profileDir === undefined ? undefined : path.resolve(repoRoot, options.profileDir);
    return new Pair(bed, workspace, noop, env, profileDir, floor);
  }

  writeSpec(spec: unknown): void {
    this.real.writeSpec(spec);
    this.noop?.writeSpec(spec);
    this.floor?.writeSpec(spec);
  }

  /** Runs an unmeasured command on both; returns the errors. */
  async setup(args: string[]): Promise<string[]> {
    const errors: string[] = [];
    for (const workspace of [this.real, this.noop, this.floor]) {
      if (workspace === undefined) continue;
      const result = await workspace.ws.run(args, { env: this.env });
      if (result.code !== 0)
        errors.push(failure(`setup ${workspace.kind}: pulumi ${args.join(" ")}`, result));
    }
    return errors;
  }

  /**
   * Measures `args` on the real program (calls counted), then on the no-op one; `env` is added to
   * the run's environment (e.g. PULUMI_SKIP_CHECKPOINTS for one command).
   */
  async measure(into: ScenarioResult, args: string[], env: Record<string, string> = {}): Promise<void> {
    const run = (workspace: BenchWorkspace) => {
      const profile = this.profile(into, workspace);
      return workspace.ws.run([...args, ...profile.args], {
        env: { ...this.env, ...env, ...profile.env },
      });
    };
    into.real = await measureRun(() => run(this.real), this.bed.emulator);
    into.stateBytes.real = this.real.stateBytes();
    if (into.real.result.code !== 0) into.errors.push(failure(`pulumi ${args.join(" ")}`, into.real.result));
    if (this.noop) {
      into.engine = await measureRun(() => run(this.noop!));
      into.stateBytes.engine = this.noop.stateBytes();
      if (into.engine.result.code !== 0) {
        into.errors.push(failure(`no-op baseline: pulumi ${args.join(" ")}`, into.engine.result));
      }
    }
    if (this.floor) {
      into.floor = await measureRun(() => run(this.floor!));
      into.stateBytes.floor = this.floor.stateBytes();
      if (into.floor.result.code !== 0) {
        into.errors.push(failure(`floor baseline: pulumi ${args.join(" ")}`, into.floor.result));
      }
    }
    if (into.id === "many-groups") {
      into.stateParts = {
        real: this.real.stateParts(),
        ...(this.noop && { engine: this.noop.stateParts() }),
        ...(this.floor && { floor: this.floor.stateParts() }),
      };
    }
  }

  /**
   * With `--profile DIR`: the CLI's `--profiling` (CPU and memory profiles and a trace, for
   * `go tool pprof`) and a CPU profile of every Node process of the run (program, dynamic provider;
   * bench/cpu-profile-preload.js), under DIR/<6a>-<real|noop>/. Nothing otherwise.
   */
  private profile(
    into: ScenarioResult,
    workspace: BenchWorkspace,
  ): { args: string[]; env: Record<string, string> } {
    if (this.profileDir === undefined) return { args: [], env: {} };
    const dir = path.join(
      this.profileDir,
      `${numberOf(into)}${into.id === "refresh" ? `-p${into.parallel}` : ""}-${workspace.kind}`,
    );
    mkdirSync(path.join(dir, "node"), { recursive: true });
    return {
      args: ["--profiling", path.join(dir, "cli")],
      env: {
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${CPU_PROFILE_PRELOAD}`.trim(),
        BENCH_CPU_PROFILE_DIR: path.join(dir, "node"),
      },
    };
  }

  discard(): void {
    this.bed.discard(this.real);
    if (this.noop) this.bed.discard(this.noop);
    if (this.floor) this.bed.discard(this.floor);
  }
}

/** A failed command as an error line: what ran, its exit code and the last lines of its output. */
export function failure(
  what: string,
  result: { code: number | null; stdout: string; stderr: string },
): string {
  const tail = `${result.stdout}\n${result.stderr}`.trim().split("\n").slice(-15).join("\n");
  return `${what} exited ${result.code}:\n${tail}`;
}

function parallelArgs(parallel: number | undefined): string[] {
  return parallel === undefined ? [] : ["--parallel", String(parallel)];
}

// ---- specs ----------------------------------------------------------------------------------------

/** Accounts u0…u<size-1>, shared by every scenario; each group takes a window of them. */
interface AccountPool {
  size: number;
  all(): string[];
  /** `count` distinct accounts for group `index` (a window that wraps around the pool). */
  window(index: number, count: number): string[];
}

function accountPool(options: BenchOptions): AccountPool {
  const size = Math.max(
    options.createMembers,
    options.migrateMembers,
    options.bigMembers + changeCount(options),
  );
  return {
    size,
    all: () => Array.from({ length: size }, (_, i) => `u${i}`),
    window: (index, count) => Array.from({ length: count }, (_, j) => `u${(index * count + j) % size}`),
  };
}

/**
 * The accounts of (6): a range of its own (`m0…`), so (1)–(5) keep theirs. ChatRoom `i` has the
 * window of `members + exchanged` accounts from `i × stride`; `shift` = k drops its first k and
 * takes the k after its last, so every member of every ChatRoom is a distinct account.
 */
interface ChatroomAccounts {
  /** Every account (to import). */
  all(): string[];
  /** The members of ChatRoom `index` after `shift` exchanges. */
  members(index: number, shift: number): string[];
}

function chatroomAccounts(options: BenchOptions): ChatroomAccounts {
  const { chatroomGroups: groups, chatroomMembers: members } = options;
  const stride = members + chatroomChangeCount(options);
  return {
    all: () => Array.from({ length: groups * stride }, (_, n) => `m${n}`),
    members: (index, shift) => Array.from({ length: members }, (_, j) => `m${index * stride + shift + j}`),
  };
}

/** Members removed from (and as many added to) each ChatRoom in (6d), at least one. */
function chatroomChangeCount(options: BenchOptions): number {
  return Math.max(1, Math.round(options.chatroomMembers * options.chatroomChangeShare));
}

/** Members exchanged in (4): the share of the big group, at least one. */
function changeCount(options: Pick<BenchOptions, "bigMembers" | "changeShare">): number {
  return Math.max(1, Math.round(options.bigMembers * options.changeShare));
}

/** A Public group holds 2000 members, the owner included; bigger ones are ChatRooms with a raised limit. */
function sized(members: number, withOwner: boolean): Record<string, unknown> {
  const total = members + (withOwner ? 1 : 0);
  if (total <= 2000) return { type: "Public" };
  return { type: "ChatRoom", ...(total > 2000 && { maxMemberCount: total }) };
}

function createSpec(groups: number, members: number, pool: AccountPool): unknown {
  const spec = { groups: {} as Record<string, unknown>, members: {} as Record<string, unknown> };
  for (let i = 0; i < groups; i++) {
    spec.groups[`g${i}`] = {
      ...sized(members, true),
      groupId: `bench-c-${i}`,
      name: `Group ${i}`,
      ownerAccount: "owner",
    };
    spec.members[`g${i}-members`] = { group: `g${i}`, members: pool.window(i, members) };
  }
  return spec;
}

function migrateSpec(groups: number, members: number, pool: AccountPool): unknown {
  // Created a year ago; members joined one a second after that, with a few unread messages each.
  const createTime = Math.floor(Date.now() / 1000) - 365 * 86_400;
  const spec = { groups: {} as Record<string, unknown>, members: {} as Record<string, unknown> };
  for (let i = 0; i < groups; i++) {
    spec.groups[`m${i}`] = {
      ...sized(members, true),
      groupId: `bench-m-${i}`,
      name: `Migrated ${i}`,
      ownerAccount: "owner",
      createTime,
    };
    spec.members[`m${i}-members`] = {
      group: `m${i}`,
      members: pool.window(i, members).map((account, j) => ({
        account,
        joinTime: createTime + 60 + j,
        unreadMsgNum: j % 10,
      })),
    };
  }
  return spec;
}

function refreshSpec(groups: number): unknown {
  const spec = { groups: {} as Record<string, unknown> };
  for (let i = 0; i < groups; i++) {
    spec.groups[`r${i}`] = {
      type: "Public",
      groupId: `bench-r-${i}`,
      name: `Refreshed ${i}`,
      ownerAccount: "owner",
    };
  }
  return spec;
}

/** One ownerless ChatRoom (10,000 members fill a ChatRoom, so no owner) with members u<shift>…. */
function bigSpec(members: number, shift: number): unknown {
  return {
    groups: { big: { ...sized(members, false), groupId: "bench-big", name: "Big" } },
    members: { "big-members": { group: "big", members: bigAccounts(members, shift) } },
  };
}

function bigAccounts(members: number, shift: number): string[] {
  return Array.from({ length: members }, (_, j) => `u${shift + j}`);
}

/** `groups` ownerless ChatRooms (a full one has no room for an owner) with the members of `rooms`. */
function chatroomSpec(groups: number, shift: number, rooms: ChatroomAccounts): unknown {
  const spec = { groups: {} as Record<string, unknown>, members: {} as Record<string, unknown> };
  for (let i = 0; i < groups; i++) {
    spec.groups[`room${i}`] = { type: "ChatRoom", groupId: `bench-room-${i}`, name: `ChatRoom ${i}` };
    spec.members[`room${i}-members`] = { group: `room${i}`, members: rooms.members(i, shift) };
  }
  return spec;
}

/**
 * The accounts of (8): a range of their own (`n0…`). Group `i` has 5 (m) of them from `i × (m + 1)`;
 * `shift` 1 drops its first and takes the one after its last, so groups share no account.
 */
function manyAccounts(options: BenchOptions): ChatroomAccounts {
  const { manyGroups: groups, manyMembers: members } = options;
  const stride = members + 1;
  return {
    all: () => Array.from({ length: groups * stride }, (_, n) => `n${n}`),
    members: (index, shift) => Array.from({ length: members }, (_, j) => `n${index * stride + shift + j}`),
  };
}

/** (8): Public groups with the owner; the first `changed` with one member exchanged (and renamed). */
function manySpec(
  groups: number,
  changed: number,
  accounts: ChatroomAccounts,
  prefix = "bench-n",
  renames = false,
): unknown {
  const spec = { groups: {} as Record<string, unknown>, members: {} as Record<string, unknown> };
  for (let i = 0; i < groups; i++) {
    const change = i < changed;
    spec.groups[`n${i}`] = {
      type: "Public",
      groupId: `${prefix}-${i}`,
      name: change && renames ? `Group ${i} (renamed)` : `Group ${i}`,
      ownerAccount: "owner",
    };
    spec.members[`n${i}-members`] = { group: `n${i}`, members: accounts.members(i, change ? 1 : 0) };
  }
  return spec;
}

function expectedMany(
  groups: number,
  members: number,
  changed: number,
  accounts: ChatroomAccounts,
  prefix = "bench-n",
): Map<string, Expected> {
  return new Map(
    Array.from({ length: groups }, (_, i) => [
      `${prefix}-${i}`,
      { members, owner: true, accounts: accounts.members(i, i < changed ? 1 : 0) },
    ]),
  );
}

// ---- verification ---------------------------------------------------------------------------------

interface Expected {
  members: number;
  owner: boolean;
  /** The exact members (the owner aside), when the check is by account. */
  accounts?: string[];
}

function expectedCreate(groups: number, members: number): Map<string, Expected> {
  return new Map(Array.from({ length: groups }, (_, i) => [`bench-c-${i}`, { members, owner: true }]));
}

function expectedMigrate(groups: number, members: number): Map<string, Expected> {
  return new Map(Array.from({ length: groups }, (_, i) => [`bench-m-${i}`, { members, owner: true }]));
}

function expectedChatrooms(
  groups: number,
  members: number,
  shift: number,
  rooms: ChatroomAccounts,
): Map<string, Expected> {
  return new Map(
    Array.from({ length: groups }, (_, i) => [
      `bench-room-${i}`,
      { members, owner: false, accounts: rooms.members(i, shift) },
    ]),
  );
}

/** Checks the emulator holds every expected group with the expected member count (or members). */
function verifyGroups(bed: BenchBed, expected: Map<string, Expected>): string[] {
  const state = bed.emulator.control.state();
  const byId = new Map(state.groups.map((group) => [group.GroupId, group]));
  const problems: string[] = [];
  for (const [groupId, want] of expected) {
    const group = byId.get(groupId);
    const count = want.members + (want.owner ? 1 : 0);
    if (group === undefined) problems.push(`group ${groupId} does not exist`);
    else if (group.MemberList.length !== count) {
      problems.push(`group ${groupId} has ${group.MemberList.length} members, expected ${count}`);
    } else if (want.accounts !== undefined) {
      const live = new Set(group.MemberList.map((member) => member.Member_Account));
      const missing = want.accounts.filter((account) => !live.has(account));
      if (missing.length > 0) {
        problems.push(`group ${groupId} lacks ${missing.length} declared member(s), e.g. ${missing[0]}`);
      }
    }
    if (problems.length >= 5) break;
  }
  return problems.length > 0 ? [`emulator state after the run: ${problems.join("; ")}`] : [];
}

function pct(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
