/**
 * What one measured CLI run records: wall time, the API calls the emulator saw (server-side, from
 * `control.stats()` after `resetStats()`) with their timeline, and the peak memory and CPU time of
 * every process of the run (the `pulumi` CLI, its Node language host and program, and the
 * dynamic-provider process), sampled from /proc.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import type { RunningEmulator, StatsSnapshot } from "@imgroups/im-emulator";
import type { PulumiResult } from "../tests/support/pulumi";

/** The roles of the processes of one `pulumi` run. */
export type ProcessRole = "cli" | "languageHost" | "program" | "provider" | "exporter" | "other";

/** Peak resident memory and CPU time of the processes of one role. */
export interface ProcessUsage {
  /** Processes seen in this role. */
  processes: number;
  /** Largest VmHWM (peak resident set) of any one process of the role, in MiB. */
  peakRssMiB: number;
  /** User + system CPU seconds, summed over the role's processes (last sample before exit). */
  cpuSeconds: number;
}

/** How the API was used during the run (server-side counts). */
export interface ApiUsage {
  /** Calls per `service/command` (60007 rejections included: they are calls too). */
  calls: Record<string, number>;
  /** Calls answered 60007 (over the rate limit), per `service/command`. */
  rateLimited: Record<string, number>;
  /** Error answers by IM error code. */
  errors: Record<string, number>;
  /** Seconds from the start of the run to the first call the emulator counted (null: no call). */
  firstCallS: number | null;
  /** Seconds from the start of the run to the last call the emulator counted (null: no call). */
  lastCallS: number | null;
  /** Highest calls counted on one API in any sampled one-second span, per `service/command`. */
  peakPerSecond: Record<string, number>;
}

/** Everything one measured run records. */
export interface RunMeasurement {
  /** Wall time of the CLI command, in seconds. */
  wallS: number;
  /** The CLI's exit code and output. */
  result: PulumiResult;
  /** API usage, when an emulator was watched. */
  api?: ApiUsage;
  /** Peak memory and CPU per process role. */
  processes: Partial<Record<ProcessRole, ProcessUsage>>;
  /** CPU seconds of the benchmark's own process (the emulator runs in it) during the run. */
  benchCpuSeconds: number;
}

/** How often /proc is sampled. VmHWM is a high-water mark, so sampling only loses the last interval. */
const PROCESS_SAMPLE_MS = 200;
/** How often the emulator's counters are sampled for the call timeline. */
const API_SAMPLE_MS = 100;

/**
 * The process a run starts, as a child of the benchmark: the `pulumi` CLI (the default, role `cli`)
 * or another command, found by its name (`comm`) and given a role.
 */
export interface RunRoot {
  /** Its process name as /proc/<pid>/stat gives it (`pulumi`, `node`). */
  comm: string;
  /** Its role in the figures. */
  role: ProcessRole;
}

/** The `pulumi` CLI: the root of every measured CLI command. */
const PULUMI_ROOT: RunRoot = { comm: "pulumi", role: "cli" };

/**
 * Runs `run` (one CLI invocation, or the one command `root` names) and measures it. With an
 * emulator, its counters are reset first and read after, so the calls are exactly this run's.
 */
export async function measureRun(
  run: () => Promise<PulumiResult>,
  emulator?: RunningEmulator,
  root: RunRoot = PULUMI_ROOT,
): Promise<RunMeasurement> {
  emulator?.control.resetStats();
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const processes = new ProcessSampler(process.pid, root);
  const api = emulator ? new ApiSampler(emulator, started) : undefined;
  const timers = [setInterval(() => processes.sample(), PROCESS_SAMPLE_MS)];
  if (api) timers.push(setInterval(() => api.sample(), API_SAMPLE_MS));
  let result: PulumiResult;
  try {
    // First samples as soon as the CLI is up.
    setTimeout(() => processes.sample(), 50);
    result = await run();
  } finally {
    for (const timer of timers) clearInterval(timer);
  }
  const wallS = (performance.now() - started) / 1000;
  api?.sample();
  const cpu = process.cpuUsage(cpuStart);
  return {
    wallS,
    result,
    api: api?.finish(),
    processes: processes.usage(),
    benchCpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

/** Samples the emulator's counters to learn when calls happened and the peak per-second rate. */
class ApiSampler {
  readonly #emulator: RunningEmulator;
  readonly #started: number;
  #last: StatsSnapshot | undefined;
  #lastTotal = 0;
  #first: number | null = null;
  #lastChange: number | null = null;
  /** (time, counts) samples of the last second, to compute per-second spans. */
  readonly #recent: Array<{ t: number; calls: Record<string, number> }> = [];
  readonly #peak: Record<string, number> = {};

  constructor(emulator: RunningEmulator, started: number) {
    this.#emulator = emulator;
    this.#started = started;
  }

  sample(): void {
    const now = performance.now();
    const stats = this.#emulator.control.stats();
    const total = sum(stats.calls);
    if (total > this.#lastTotal) {
      // The change happened since the previous sample; take the midpoint-free upper bound (now).
      this.#first ??= now;
      this.#lastChange = now;
      this.#lastTotal = total;
    }
    this.#recent.push({ t: now, calls: stats.calls });
    while (this.#recent.length > 1 && now - this.#recent[0]!.t > 1000) this.#recent.shift();
    const base = this.#recent[0]!;
    for (const [api, count] of Object.entries(stats.calls)) {
      const inSpan = count - (base.calls[api] ?? 0);
      if (inSpan > (this.#peak[api] ?? 0)) this.#peak[api] = inSpan;
    }
    this.#last = stats;
  }

  finish(): ApiUsage {
    const stats = this.#last ?? this.#emulator.control.stats();
    const seconds = (t: number | null) =>
      t === null ? null : Math.round((t - this.#started) / API_SAMPLE_MS) / (1000 / API_SAMPLE_MS);
    return {
      calls: stats.calls,
      rateLimited: stats.rateLimited,
      errors: stats.errors,
      firstCallS: seconds(this.#first),
      lastCallS: seconds(this.#lastChange),
      peakPerSecond: this.#peak,
    };
  }
}

interface SeenProcess {
  role: ProcessRole;
  hwmKiB: number;
  cpuTicks: number;
}

/**
 * Follows the process tree of the `pulumi` CLI the benchmark started (a child of this process named
 * `pulumi`): every descendant's VmHWM (peak RSS) from /proc/<pid>/status and utime+stime from
 * /proc/<pid>/stat. Roles come from the command line: `pulumi-language-nodejs`, the Node program
 * (`@pulumi/pulumi/cmd/run`, which forks a child that runs the program: two processes), the dynamic
 * provider (`@pulumi/pulumi/cmd/dynamic-provider`). Another root (`imgroups-export`, a `node`
 * child) is followed the same way and takes the role it is given.
 */
export class ProcessSampler {
  readonly #parent: number;
  readonly #root: RunRoot;
  readonly #seen = new Map<number, SeenProcess>();

  constructor(parent: number, root: RunRoot = PULUMI_ROOT) {
    this.#parent = parent;
    this.#root = root;
  }

  sample(): void {
    const table = processTable();
    const cli = [...table.values()].find((p) => p.ppid === this.#parent && p.comm === this.#root.comm);
    if (cli === undefined) return;
    const tree = new Set([cli.pid]);
    // Parents precede children in pid order almost always; iterate until no new descendant appears.
    for (let grew = true; grew; ) {
      grew = false;
      for (const p of table.values()) {
        if (!tree.has(p.pid) && tree.has(p.ppid)) {
          tree.add(p.pid);
          grew = true;
        }
      }
    }
    for (const pid of tree) {
      const status = readProc(pid, "status");
      if (status === undefined) continue;
      const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const known = this.#seen.get(pid);
      const role = known?.role ?? (pid === cli.pid ? this.#root.role : roleOf(pid, false));
      this.#seen.set(pid, {
        role,
        hwmKiB: Math.max(hwm, known?.hwmKiB ?? 0),
        cpuTicks: table.get(pid)?.cpuTicks ?? known?.cpuTicks ?? 0,
      });
    }
  }

  usage(): Partial<Record<ProcessRole, ProcessUsage>> {
    const out: Partial<Record<ProcessRole, ProcessUsage>> = {};
    for (const seen of this.#seen.values()) {
      const usage = out[seen.role] ?? { processes: 0, peakRssMiB: 0, cpuSeconds: 0 };
      out[seen.role] = usage;
      usage.processes += 1;
      usage.peakRssMiB = Math.max(usage.peakRssMiB, round1(seen.hwmKiB / 1024));
      usage.cpuSeconds = round1(usage.cpuSeconds + seen.cpuTicks / clockTicks());
    }
    return out;
  }
}

interface ProcEntry {
  pid: number;
  ppid: number;
  comm: string;
  cpuTicks: number;
}

function processTable(): Map<number, ProcEntry> {
  const table = new Map<number, ProcEntry>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProc(Number(name), "stat");
    if (stat === undefined) continue;
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
    const close = stat.lastIndexOf(")");
    const fields = stat.slice(close + 2).split(" ");
    table.set(Number(name), {
      pid: Number(name),
      ppid: Number(fields[1]),
      comm: stat.slice(stat.indexOf("(") + 1, close),
      cpuTicks: Number(fields[11]) + Number(fields[12]),
    });
  }
  return table;
}

function roleOf(pid: number, isCli: boolean): ProcessRole {
  if (isCli) return "cli";
  const cmdline = (readProc(pid, "cmdline") ?? "").split("\0").join(" ");
  if (/pulumi-language-nodejs/.test(cmdline)) return "languageHost";
  // The plugin's launcher script asks node where the dynamic provider is (`node -e require.resolve`).
  if (/require\.resolve/.test(cmdline)) return "other";
  if (/dynamic-provider/.test(cmdline)) return "provider";
  if (/@pulumi[/\\]pulumi[/\\]cmd[/\\]run/.test(cmdline)) return "program";
  return "other";
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return undefined; // exited meanwhile
  }
}

let ticks: number | undefined;
function clockTicks(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

function sum(record: Record<string, number>): number {
  return Object.values(record).reduce((a, b) => a + b, 0);
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
