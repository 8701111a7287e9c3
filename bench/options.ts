/**
 * Benchmark options: scenario sizes, which scenarios run, the rate limit and where results go.
 * Every option is a flag (`--create-groups 50` or `--create-groups=50`) and an environment variable
 * (`BENCH_CREATE_GROUPS=50`); the flag wins. `--quick` switches the defaults to the CI sizes.
 */
import { TYPE_RULES } from "@imgroups/tencentcloud-im/schemas/limits";

/** The scenarios, in the order they run. */
export const SCENARIO_IDS = [
  "create",
  "noop-up",
  "migrate",
  "refresh",
  "change",
  "chatrooms",
  "many-groups",
  "adopt",
] as const;

/** A scenario id. */
export type ScenarioId = (typeof SCENARIO_IDS)[number];

/** How the adopting `up` of (7) checkpoints; see {@link BenchOptions.adoptCheckpoints}. */
export type AdoptCheckpoints = "skip" | "default" | "both";

const ADOPT_CHECKPOINTS: readonly AdoptCheckpoints[] = ["skip", "default", "both"];

/** Resolved options. */
export interface BenchOptions {
  /** CI mode: small sizes. */
  quick: boolean;
  /** (1) and (5): groups created, and members per group. */
  createGroups: number;
  createMembers: number;
  /** (2): groups migrated, and members imported per group. */
  migrateGroups: number;
  migrateMembers: number;
  /** (3): ImGroups on the refreshed stack. */
  refreshGroups: number;
  /** (3): `--parallel` values to refresh with, one row each. */
  refreshParallel: number[];
  /** (4): members of the big group, and the share of them exchanged. */
  bigMembers: number;
  changeShare: number;
  /** (6): ChatRooms, members per ChatRoom, and the share of each one's members exchanged in (6d). */
  chatroomGroups: number;
  chatroomMembers: number;
  chatroomChangeShare: number;
  /** (8): groups, members per group, and the share of groups changed in (8d). */
  manyGroups: number;
  manyMembers: number;
  manyChangeShare: number;
  /**
   * (8): the baselines run beside the real program: `noop` (the same-shape no-op provider) and
   * `floor` (the smallest dynamic resources, bench/programs/floor). None in the quick mode, where (8)
   * only joins the call-count gate.
   */
  manyBaselines: Array<"noop" | "floor">;
  /** (8e): also create the stack again with PULUMI_SKIP_CHECKPOINTS=true (real program only). */
  manySkipCheckpoints: boolean;
  /**
   * (8d) also renames the changed groups (ImGroup updates). Off in the quick mode: an ImGroup update
   * reads the group before and after its modify, reads that share a call only when they arrive
   * together, so a handful of renames on a loaded machine makes the gate depend on timing.
   */
  manyRenames: boolean;
  /** (7): groups of the app adopted, and memberships across them (bench/adopt-scenario.ts). */
  adoptGroups: number;
  adoptMembers: number;
  /**
   * (7): how the adopting `up` checkpoints: `skip` (PULUMI_SKIP_CHECKPOINTS=true, one write at the
   * end: what README advises for an adoption), `default` (a checkpoint after every step), `both`
   * (each on a stack of its own, to show the difference).
   */
  adoptCheckpoints: AdoptCheckpoints;
  /** `--parallel` for the `pulumi up` runs; undefined: the CLI's default. */
  parallel: number | undefined;
  /** Calls per second per API, on the emulator and in the provider's client. */
  rateLimit: number;
  /** Scenarios to report (others still run when a reported one needs their stack). */
  only: ScenarioId[];
  /** Also run every command against the no-op program (the engine's own time). */
  engine: boolean;
  /** Run every CLI command with PULUMI_SKIP_CHECKPOINTS=true (not the default users get). */
  skipCheckpoints: boolean;
  /**
   * Run every CLI command with PULUMI_NODEJS_TRANSPILE_ONLY=true: the program is compiled without
   * type checking (about 3 s less per command on 2 cores; the quick mode's default).
   */
  transpileOnly: boolean;
  /**
   * Run every CLI command with PULUMI_PARALLEL_DIFF=true (the default here, and what README asks of
   * stacks with many member sets): the engine then asks for diffs without waiting for the one
   * before, so the member-list reads of a change share get_group_info calls. false measures the
   * engine's default, one diff at a time: one read per changed member set.
   */
  parallelDiff: boolean;
  /**
   * Where CPU profiles of every measured command go (the CLI's `--profiling`, Node's `--cpu-prof`),
   * relative to the repo root; undefined: no profiling (profiling slows every process).
   */
  profileDir: string | undefined;
  /** Directory for the JSON results. */
  outDir: string;
}

/** The most members a ChatRoom holds (002 field table; provider/schemas/limits.ts TYPE_RULES). */
const CHATROOM_MAX_MEMBERS = TYPE_RULES.ChatRoom.maxMembers ?? 10_000;

interface Spec {
  flag: string;
  full: string;
  quick: string;
}

const SPECS = {
  createGroups: { flag: "create-groups", full: "200", quick: "10" },
  createMembers: { flag: "create-members", full: "200", quick: "20" },
  migrateGroups: { flag: "migrate-groups", full: "100", quick: "5" },
  migrateMembers: { flag: "migrate-members", full: "2000", quick: "100" },
  refreshGroups: { flag: "refresh-groups", full: "1000", quick: "60" },
  refreshParallel: { flag: "refresh-parallel", full: "8,64", quick: "64" },
  bigMembers: { flag: "big-members", full: "10000", quick: "1000" },
  changeShare: { flag: "change-share", full: "0.01", quick: "0.01" },
  chatroomGroups: { flag: "chatroom-groups", full: "100", quick: "3" },
  chatroomMembers: { flag: "chatroom-members", full: "10000", quick: "1000" },
  chatroomChangeShare: { flag: "chatroom-change-share", full: "0.005", quick: "0.005" },
  manyGroups: { flag: "many-groups", full: "2000", quick: "10" },
  manyMembers: { flag: "many-members", full: "5", quick: "5" },
  manyChangeShare: { flag: "many-change-share", full: "0.01", quick: "0.5" },
  manyBaselines: { flag: "many-baselines", full: "noop,floor", quick: "" },
  manySkipCheckpoints: { flag: "many-skip-checkpoints", full: "true", quick: "false" },
  manyRenames: { flag: "many-renames", full: "true", quick: "false" },
  adoptGroups: { flag: "adopt-groups", full: "5000", quick: "10" },
  adoptMembers: { flag: "adopt-members", full: "100000", quick: "200" },
  adoptCheckpoints: { flag: "adopt-checkpoints", full: "skip", quick: "skip" },
  parallel: { flag: "parallel", full: "", quick: "" },
  rateLimit: { flag: "rate-limit", full: "100", quick: "100" },
  only: { flag: "only", full: SCENARIO_IDS.join(","), quick: SCENARIO_IDS.join(",") },
  engine: { flag: "engine", full: "true", quick: "true" },
  skipCheckpoints: { flag: "skip-checkpoints", full: "false", quick: "false" },
  transpileOnly: { flag: "transpile-only", full: "false", quick: "true" },
  parallelDiff: { flag: "parallel-diff", full: "true", quick: "true" },
  profileDir: { flag: "profile", full: "", quick: "" },
  outDir: { flag: "out", full: "bench-results", quick: "bench-results" },
} as const satisfies Record<string, Spec>;

/** The usage text of `--help`. */
export function usage(): string {
  const lines = Object.values(SPECS).map((spec: Spec) => {
    const env = `BENCH_${spec.flag.toUpperCase().replace(/-/g, "_")}`;
    const name = `--${spec.flag} <value>`.padEnd(28);
    const none = spec.flag === "parallel" ? "(CLI default)" : "(none)";
    return `  ${name} env ${env.padEnd(24)} default ${spec.full || none}; quick ${spec.quick || none}`;
  });
  return [
    "usage: node bench/dist/bench/index.js [--quick] [options]",
    "  --quick                      CI sizes; exit 1 only when a call-count target is missed",
    "  --no-engine                  skip the no-op-provider baseline runs",
    "  --skip-checkpoints           run the CLI with PULUMI_SKIP_CHECKPOINTS=true (engine cost without checkpoints)",
    "  --transpile-only[=false]     run the CLI with PULUMI_NODEJS_TRANSPILE_ONLY=true (no type check of the program)",
    "  --parallel-diff=false        run the CLI without PULUMI_PARALLEL_DIFF=true (the engine's default serial diffs)",
    "  --many-skip-checkpoints[=false] (8e): create the (8) stack again with PULUMI_SKIP_CHECKPOINTS=true",
    "  --many-renames[=false]       (8d) also renames the changed groups",
    ...lines,
  ].join("\n");
}

/** Parses argv and the environment. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) throw new Error(`unexpected argument ${arg}\n${usage()}`);
    const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    if (name === "quick" || name === "help" || name === "skip-checkpoints") flags.set(name, "true");
    else if (["transpile-only", "parallel-diff", "many-skip-checkpoints", "many-renames"].includes(name)) {
      flags.set(name, inline ?? "true");
    } else if (name === "no-engine") flags.set("engine", "false");
    else if (inline !== undefined) flags.set(name, inline);
    else {
      const next = argv[++i];
      if (next === undefined) throw new Error(`--${name} needs a value\n${usage()}`);
      flags.set(name, next);
    }
  }
  if (flags.has("help")) {
    console.log(usage());
    process.exit(0);
  }
  const known = new Set(["quick", ...Object.values(SPECS).map((s: Spec) => s.flag)]);
  for (const name of flags.keys()) {
    if (!known.has(name)) throw new Error(`unknown option --${name}\n${usage()}`);
  }
  const quick = flags.get("quick") === "true" || env.BENCH_QUICK === "1" || env.BENCH_QUICK === "true";
  const raw = (spec: Spec): string =>
    flags.get(spec.flag) ??
    env[`BENCH_${spec.flag.toUpperCase().replace(/-/g, "_")}`] ??
    (quick ? spec.quick : spec.full);
  const count = (spec: Spec): number => {
    const value = Number(raw(spec));
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`--${spec.flag}: a positive integer, got ${raw(spec)}`);
    return value;
  };
  const share = (spec: Spec): number => {
    const value = Number(raw(spec));
    if (!(value > 0 && value <= 0.5))
      throw new Error(`--${spec.flag}: a number in (0, 0.5], got ${raw(spec)}`);
    return value;
  };
  const bool = (spec: Spec): boolean => {
    const value = raw(spec);
    if (value !== "true" && value !== "false") throw new Error(`--${spec.flag}: true or false, got ${value}`);
    return value === "true";
  };
  const chatroomMembers = count(SPECS.chatroomMembers);
  // 002 field table: a ChatRoom holds at most 10,000 members (these ChatRooms have no owner).
  if (chatroomMembers > CHATROOM_MAX_MEMBERS) {
    throw new Error(
      `--chatroom-members: at most ${CHATROOM_MAX_MEMBERS} (a ChatRoom's limit), got ${chatroomMembers}`,
    );
  }
  const adoptCheckpoints = raw(SPECS.adoptCheckpoints) as AdoptCheckpoints;
  if (!ADOPT_CHECKPOINTS.includes(adoptCheckpoints)) {
    throw new Error(`--adopt-checkpoints: one of ${ADOPT_CHECKPOINTS.join(", ")}, got ${adoptCheckpoints}`);
  }
  const only = raw(SPECS.only)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of only) {
    if (!(SCENARIO_IDS as readonly string[]).includes(id)) {
      throw new Error(`--only: unknown scenario ${id} (known: ${SCENARIO_IDS.join(", ")})`);
    }
  }
  const manyBaselines = raw(SPECS.manyBaselines)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const baseline of manyBaselines) {
    if (baseline !== "noop" && baseline !== "floor") {
      throw new Error(`--many-baselines: noop, floor or both, got ${baseline}`);
    }
  }
  const parallelRaw = raw(SPECS.parallel);
  return {
    quick,
    createGroups: count(SPECS.createGroups),
    createMembers: count(SPECS.createMembers),
    migrateGroups: count(SPECS.migrateGroups),
    migrateMembers: count(SPECS.migrateMembers),
    refreshGroups: count(SPECS.refreshGroups),
    refreshParallel: raw(SPECS.refreshParallel)
      .split(",")
      .map((s) => {
        const p = Number(s.trim());
        if (!Number.isInteger(p) || p < 1) throw new Error(`--refresh-parallel: positive integers, got ${s}`);
        return p;
      }),
    bigMembers: count(SPECS.bigMembers),
    changeShare: share(SPECS.changeShare),
    chatroomGroups: count(SPECS.chatroomGroups),
    chatroomMembers,
    chatroomChangeShare: share(SPECS.chatroomChangeShare),
    manyGroups: count(SPECS.manyGroups),
    manyMembers: count(SPECS.manyMembers),
    manyChangeShare: share(SPECS.manyChangeShare),
    manyBaselines: manyBaselines as Array<"noop" | "floor">,
    manySkipCheckpoints: bool(SPECS.manySkipCheckpoints),
    manyRenames: bool(SPECS.manyRenames),
    adoptGroups: count(SPECS.adoptGroups),
    adoptMembers: count(SPECS.adoptMembers),
    adoptCheckpoints,
    parallel: parallelRaw === "" ? undefined : count(SPECS.parallel),
    rateLimit: count(SPECS.rateLimit),
    only: only as ScenarioId[],
    engine: raw(SPECS.engine) !== "false",
    skipCheckpoints: raw(SPECS.skipCheckpoints) === "true",
    transpileOnly: bool(SPECS.transpileOnly),
    parallelDiff: bool(SPECS.parallelDiff),
    profileDir: raw(SPECS.profileDir) === "" ? undefined : raw(SPECS.profileDir),
    outDir: raw(SPECS.outDir),
  };
}
