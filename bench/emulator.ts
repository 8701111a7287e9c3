/**
 * `npm run bench:emulator`: how fast and how big the emulator is. Runs the `im-emulator` CLI in a
 * child process (so server and load client each get a core and the server's RSS is its own), rate
 * limit off, and drives it over keep-alive loopback connections with undici:
 *
 *   1. get_group_info of one 10-member group            (target ≥ 3,000 req/s on 2 cores)
 *   2. add_group_member, one new member per call, memory store and file store
 *   3. 100,000 members across 1,000 groups: load time, get_group_info of 100-member groups, RSS
 *
 * Every loop is bounded (a fixed number of requests at a fixed concurrency). Prints a table; no
 * timing is asserted. Flags: `--requests <n>` (default 20000), `--concurrency <n>` (default 32).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Pool } from "undici";

/** The official UserSig library; it ships no types. */
const { Api: TlsSigApi } = require("tls-sig-api-v2") as {
  Api: new (sdkAppId: number, key: string) => { genSig(identifier: string, expire: number): string };
};

const CLI = path.join(path.dirname(require.resolve("@imgroups/im-emulator/package.json")), "dist", "cli.js");
const SECRET = "bench-secret-key-not-a-real-one-0123456789abcdef";

const { values } = parseArgs({
  options: { requests: { type: "string", default: "20000" }, concurrency: { type: "string", default: "32" } },
});
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);

/** What the CLI prints once listening. */
interface Endpoint {
  url: string;
  sdkAppId: number;
  identifier: string;
}

/** A running emulator child and a keep-alive client for it. */
interface Server {
  child: ChildProcess;
  endpoint: Endpoint;
  pool: Pool;
  /** POSTs a command and returns the parsed envelope. */
  call(
    command: string,
    body: unknown,
  ): Promise<{ ErrorCode: number; ErrorInfo: string } & Record<string, unknown>>;
  stop(): Promise<void>;
}

async function startServer(extraArgs: string[]): Promise<Server> {
  const child = spawn(
    process.execPath,
    [CLI, "--port", "0", "--rate-limit", "0", "--secret-key", SECRET, ...extraArgs],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const endpoint = await new Promise<Endpoint>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) resolve(JSON.parse(out.slice(0, out.indexOf("\n"))));
    });
    child.once("exit", (code) => reject(new Error(`im-emulator exited with ${code}`)));
  });
  const pool = new Pool(endpoint.url, { connections: CONCURRENCY, keepAliveTimeout: 30_000 });
  const sig = new TlsSigApi(endpoint.sdkAppId, SECRET).genSig(endpoint.identifier, 86_400);
  const query = `sdkappid=${endpoint.sdkAppId}&identifier=${endpoint.identifier}&usersig=${sig}&random=1&contenttype=json`;
  return {
    child,
    endpoint,
    pool,
    async call(command, body) {
      const service =
        command.startsWith("account") || command.startsWith("multiaccount")
          ? "im_open_login_svc"
          : "group_open_http_svc";
      const response = await pool.request({
        path: `/v4/${service}/${command}?${query}`,
        method: "POST",
        body: JSON.stringify(body),
        headers: { "content-type": "application/json" },
      });
      const answer = (await response.body.json()) as { ErrorCode: number; ErrorInfo: string } & Record<
        string,
        unknown
      >;
      if (answer.ErrorCode !== 0) throw new Error(`${command}: ${answer.ErrorCode} ${answer.ErrorInfo}`);
      return answer;
    },
    async stop() {
      await pool.close();
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Resident set size of a process in MiB, from /proc (Linux). */
function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Runs `count` requests with `concurrency` in flight; returns req/s and latency percentiles. */
async function load(count: number, concurrency: number, request: (i: number) => Promise<unknown>) {
  const latencies = new Float64Array(count);
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const t0 = performance.now();
      await request(i);
      latencies[i] = performance.now() - t0;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort();
  return {
    perSecond: count / seconds,
    seconds,
    p50: latencies[Math.floor(count * 0.5)],
    p99: latencies[Math.floor(count * 0.99)],
  };
}

/** Imports `ids` in batches of 100 (multiaccount_import's limit). */
async function importAccounts(server: Server, ids: string[]): Promise<void> {
  const batches = Math.ceil(ids.length / 100);
  await load(batches, 8, (b) =>
    server.call("multiaccount_import", { Accounts: ids.slice(b * 100, b * 100 + 100) }),
  );
}

/** Fails the run unless the groups hold `expected` members in all: the load really happened. */
async function expectMembers(server: Server, groupIds: string[], expected: number): Promise<void> {
  let total = 0;
  for (let i = 0; i < groupIds.length; i += 50) {
    const answer = await server.call("get_group_info", {
      GroupIdList: groupIds.slice(i, i + 50),
      ResponseFilter: { GroupBaseInfoFilter: ["MemberNum"] },
    });
    for (const group of answer.GroupInfo as { MemberNum: number }[]) total += group.MemberNum;
  }
  if (total !== expected) throw new Error(`expected ${expected} members, found ${total}`);
}

const rows: string[][] = [];
function row(name: string, requests: number, result: Awaited<ReturnType<typeof load>>, note = ""): void {
  rows.push([
    name,
    String(requests),
    `${result.seconds.toFixed(2)} s`,
    `${Math.round(result.perSecond)} req/s`,
    `p50 ${result.p50.toFixed(2)} ms`,
    `p99 ${result.p99.toFixed(2)} ms`,
    note,
  ]);
}

async function readBench(): Promise<void> {
  const server = await startServer(["--memory"]);
  try {
    const members = Array.from({ length: 9 }, (_, i) => `m${i}`);
    await importAccounts(server, ["owner", ...members]);
    await server.call("create_group", {
      Type: "Public",
      Name: "bench",
      GroupId: "bench",
      Owner_Account: "owner",
      MemberList: members.map((Member_Account) => ({ Member_Account })),
    });
    const body = { GroupIdList: ["bench"] };
    await load(Math.min(2000, REQUESTS), CONCURRENCY, () => server.call("get_group_info", body)); // warm-up
    row(
      "get_group_info, 1 group of 10 members",
      REQUESTS,
      await load(REQUESTS, CONCURRENCY, () => server.call("get_group_info", body)),
    );
  } finally {
    await server.stop();
  }
}

async function writeBench(store: "memory" | "file"): Promise<void> {
  const dataDir = store === "file" ? await mkdtemp(path.join(tmpdir(), "im-emulator-bench-")) : undefined;
  const server = await startServer(dataDir ? ["--data-dir", dataDir] : ["--memory"]);
  try {
    const accounts = Array.from({ length: REQUESTS }, (_, i) => `w${i}`);
    await importAccounts(server, accounts);
    const groups = Math.ceil(REQUESTS / 1000);
    for (let g = 0; g < groups; g++)
      await server.call("create_group", { Type: "ChatRoom", Name: `w${g}`, GroupId: `w${g}` });
    const result = await load(REQUESTS, CONCURRENCY, (i) =>
      server.call("add_group_member", {
        GroupId: `w${i % groups}`,
        MemberList: [{ Member_Account: accounts[i] }],
      }),
    );
    await expectMembers(
      server,
      Array.from({ length: groups }, (_, g) => `w${g}`),
      REQUESTS,
    );
    row(
      `add_group_member, 1 member per call, ${store} store`,
      REQUESTS,
      result,
      store === "file" ? "journal write per call" : "",
    );
  } finally {
    await server.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function scaleBench(): Promise<string[]> {
  const server = await startServer(["--memory"]);
  try {
    const pid = server.child.pid!;
    const empty = rssMiB(pid);
    const started = performance.now();
    const accounts = Array.from({ length: 100_000 }, (_, i) => `user-${String(i).padStart(6, "0")}`);
    await importAccounts(server, accounts);
    await load(1000, 8, (g) =>
      server.call("create_group", {
        Type: "Public",
        Name: `group ${g}`,
        GroupId: `scale-${g}`,
        Owner_Account: accounts[g * 100],
        MemberList: accounts.slice(g * 100 + 1, g * 100 + 100).map((Member_Account) => ({ Member_Account })),
      }),
    );
    const loadSeconds = (performance.now() - started) / 1000;
    await expectMembers(
      server,
      Array.from({ length: 1000 }, (_, g) => `scale-${g}`),
      100_000,
    );
    const loaded = rssMiB(pid);
    const reads = Math.min(REQUESTS, 10_000);
    const result = await load(reads, CONCURRENCY, (i) =>
      server.call("get_group_info", { GroupIdList: [`scale-${(i * 7919) % 1000}`] }),
    );
    row("get_group_info, 1 of 1,000 groups of 100 members", reads, result, "full member list per answer");
    const served = rssMiB(pid);
    return [
      `100,000 accounts + 1,000 groups x 100 members loaded in ${loadSeconds.toFixed(1)} s over the API`,
      `RSS of the emulator process: ${empty.toFixed(0)} MiB empty, ${loaded.toFixed(0)} MiB loaded, ${served.toFixed(0)} MiB after serving`,
    ];
  } finally {
    await server.stop();
  }
}

function print(lines: string[]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  console.log(
    `im-emulator benchmark — node ${process.version}, ${availableParallelism()} CPUs, loopback keep-alive, ` +
      `rate limit off, ${CONCURRENCY} requests in flight\n`,
  );
  for (const r of rows)
    console.log(
      r
        .map((cell, c) => cell.padEnd(widths[c]))
        .join("  ")
        .trimEnd(),
    );
  console.log("");
  for (const line of lines) console.log(line);
}

async function main(): Promise<void> {
  await readBench();
  await writeBench("memory");
  await writeBench("file");
  print(await scaleBench());
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
