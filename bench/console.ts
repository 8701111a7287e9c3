/**
 * `npm run bench:console`: the web console's requests against a whole app — 10,000 groups of 200
 * members (2,000,000 members) by default. Runs the `im-emulator` CLI in a child process (memory
 * store, rate limit off), seeds the app in one `POST /__emulator/seed` streamed from here (the
 * snapshot is never one string in this process), fills the recent calls with a drift check's worth
 * of REST reads and some writes, then sends each console request `--repeat` times after a warm-up.
 *
 * Prints one row per request: the server's own time (the `Server-Timing` header every console
 * answer carries: from arrival to the answer's JSON being ready) as p50 / p95 / max, the round trip
 * p50 seen here, and the answer's size in bytes. Nothing is asserted about time; the run fails only
 * when the app did not load as asked. Flags: `--groups <n>` (10000), `--members <n>` (200),
 * `--repeat <n>` (30).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { Pool } from "undici";

/** The official UserSig library; it ships no types. */
const { Api: TlsSigApi } = require("tls-sig-api-v2") as {
  Api: new (sdkAppId: number, key: string) => { genSig(identifier: string, expire: number): string };
};

const CLI = path.join(path.dirname(require.resolve("@imgroups/im-emulator/package.json")), "dist", "cli.js");
const SECRET = "bench-secret-key-not-a-real-one-0123456789abcdef";
const TOKEN = "bench-console-token";
const TYPES = ["Public", "Private", "ChatRoom"] as const;
/** Accounts in the app: each is a member of about groups × members / ACCOUNTS groups. */
const ACCOUNTS = 100_000;
/** Calls the console keeps in this run (the default is 200): filters are measured over a full ring. */
const RECENT_CALLS = 10_000;

const { values } = parseArgs({
  options: {
    groups: { type: "string", default: "10000" },
    members: { type: "string", default: "200" },
    repeat: { type: "string", default: "30" },
  },
});
const GROUPS = positive("groups");
const MEMBERS = positive("members");
if (MEMBERS < 2) throw new Error("--members: at least 2 (the owner and one member to edit)");
const REPEAT = positive("repeat");

function positive(name: "groups" | "members" | "repeat"): number {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name}: ${values[name]} is not a whole number ≥ 1`);
  return value;
}

/** What the CLI prints once listening. */
interface ReadyLine {
  url: string;
  sdkAppId: number;
  identifier: string;
  console: { url: string; token: string };
}

const account = (i: number) => `u${String(i % ACCOUNTS).padStart(6, "0")}`;
const groupId = (g: number) => `g-${String(g).padStart(5, "0")}`;
/** The m-th member of group g (0 is its owner). */
const memberOf = (g: number, m: number) => account(g * MEMBERS + (m % MEMBERS));
/** Creation times a minute apart, ending an hour ago; JoinTimes after them. */
const NOW = Math.floor(Date.now() / 1000);
const createTime = (g: number) => NOW - 3600 - (GROUPS - g) * 60;

/**
 * The snapshot, as JSON text in chunks of one group each. Group g is owned by account g×members and
 * has the next members−1 accounts; every tenth member has a name card and a custom-data key, every
 * fiftieth is an admin. Names repeat a word list so searches match some groups, not all.
 */
function* snapshotChunks(): Generator<string> {
  const words = ["Sales", "Support", "Project", "Team", "Live", "Ops", "Design", "Launch"];
  const accounts: string[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    accounts.push(JSON.stringify({ UserID: account(i), Nick: "", FaceUrl: "", ImportTime: NOW - 86_400 }));
  }
  yield `{"accounts":[${accounts.join(",")}],"groups":[`;
  for (let g = 0; g < GROUPS; g++) {
    const created = createTime(g);
    const owner = memberOf(g, 0);
    const base = {
      GroupId: groupId(g),
      Seq: g + 1,
      Type: TYPES[g % TYPES.length],
      Name: `${words[g % words.length]} ${g}`,
      Introduction: "",
      Notification: "",
      FaceUrl: "",
      Owner_Account: owner,
      CreateTime: created,
      InfoSeq: 1,
      LastInfoTime: created,
      LastMsgTime: 0,
      NextMsgSeq: 1,
      MaxMemberNum: 2000,
      ApplyJoinOption: "NeedPermission",
      MuteAllMember: "Off",
      AppDefinedData: [],
    };
    const members: string[] = [];
    for (let m = 0; m < MEMBERS; m++) {
      const extra = m % 10 === 5;
      members.push(
        JSON.stringify({
          Member_Account: memberOf(g, m),
          Role: m === 0 ? "Owner" : m % 50 === 1 ? "Admin" : "Member",
          JoinTime: created + m,
          MsgSeq: 0,
          MsgFlag: "AcceptAndNotify",
          LastSendMsgTime: 0,
          MuteUntil: 0,
          NameCard: extra ? `Card ${m}` : "",
          AppMemberDefinedData: extra ? [{ Key: "level", Value: String(m % 7) }] : [],
        }),
      );
    }
    const text = JSON.stringify(base);
    yield `${g === 0 ? "" : ","}${text.slice(0, -1)},"MemberList":[${members.join(",")}]}`;
  }
  yield `],"destroyedGroupIds":[],"counters":{"nextGroupSeq":${GROUPS + 1},"quotaDay":0,"quotaCount":0}}`;
}

/** Starts the CLI with a body limit that fits the snapshot and a bigger heap; resolves with its ready line. */
async function startCli(dir: string): Promise<{ child: ChildProcess; ready: ReadyLine }> {
  const config = path.join(dir, "config.json");
  writeFileSync(
    config,
    JSON.stringify({
      limits: { requestBytes: 1024 ** 3 },
      console: { token: TOKEN, recentCalls: RECENT_CALLS },
    }),
  );
  const child = spawn(
    process.execPath,
    [
      "--max-old-space-size=8192",
      CLI,
      "--port",
      "0",
      "--memory",
      "--rate-limit",
      "0",
      "--secret-key",
      SECRET,
      "--config",
      config,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const ready = await new Promise<ReadyLine>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) resolve(JSON.parse(out.slice(0, out.indexOf("\n"))));
    });
    child.once("exit", (code) => reject(new Error(`im-emulator exited with ${code}`)));
  });
  return { child, ready };
}

/** Resident set size of a process in MiB, from /proc (Linux). */
function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** One answer: status, body, the server's time from Server-Timing, the round trip. */
interface Answer {
  status: number;
  text: string;
  serverMs: number;
  roundTripMs: number;
}

async function send(
  pool: Pool,
  method: "GET" | "POST",
  pathAndQuery: string,
  body?: unknown,
): Promise<Answer> {
  const started = performance.now();
  const response = await pool.request({
    path: pathAndQuery,
    method,
    headers:
      body === undefined ? {} : { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  const roundTripMs = performance.now() - started;
  const timing = /dur=([\d.]+)/.exec(String(response.headers["server-timing"] ?? ""));
  return {
    status: response.statusCode,
    text,
    serverMs: timing ? Number(timing[1]) : Number.NaN,
    roundTripMs,
  };
}

/** The value at quantile q of sorted numbers. */
function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "im-console-bench-"));
  const { child, ready } = await startCli(dir);
  const pool = new Pool(ready.url, {
    connections: 4,
    keepAliveTimeout: 60_000,
    bodyTimeout: 0,
    headersTimeout: 0,
  });
  try {
    const empty = rssMiB(child.pid!);
    const seedStarted = performance.now();
    const seeded = await pool.request({
      path: "/__emulator/seed",
      method: "POST",
      headers: { "content-type": "application/json" },
      body: Readable.from(snapshotChunks()),
    });
    const seedAnswer = await seeded.body.text();
    if (seeded.statusCode !== 200) throw new Error(`seed: HTTP ${seeded.statusCode} ${seedAnswer}`);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const loaded = rssMiB(child.pid!);

    // Fails the run unless the app holds what was asked.
    const first = JSON.parse((await send(pool, "GET", "/console/api/groups")).text);
    if (first.total !== GROUPS)
      throw new Error(`expected ${GROUPS} groups, the console lists ${first.total}`);
    const middle = groupId(Math.floor(GROUPS / 2));
    const members = JSON.parse((await send(pool, "GET", `/console/api/members?GroupId=${middle}`)).text);
    if (members.MemberNum !== MEMBERS)
      throw new Error(`expected ${MEMBERS} members, ${middle} has ${members.MemberNum}`);

    // A drift check's reads of the whole app (get_group_info of 50 groups at a time, then every
    // group's first member page), and a few writes, through the REST API: the recent calls fill up.
    const sig = new TlsSigApi(ready.sdkAppId, SECRET).genSig(ready.identifier, 86_400);
    const query = `sdkappid=${ready.sdkAppId}&identifier=${ready.identifier}&usersig=${sig}&random=1&contenttype=json`;
    const api = async (command: string, body: unknown) => {
      const answer = JSON.parse(
        (await send(pool, "POST", `/v4/group_open_http_svc/${command}?${query}`, body)).text,
      );
      if (answer.ErrorCode !== 0) throw new Error(`${command}: ${answer.ErrorCode} ${answer.ErrorInfo}`);
    };
    let restCalls = 0;
    for (let g = 0; g < GROUPS; g += 50) {
      const ids = Array.from({ length: Math.min(50, GROUPS - g) }, (_, i) => groupId(g + i));
      await api("get_group_info", {
        GroupIdList: ids,
        ResponseFilter: { GroupBaseInfoFilter: ["Name", "MemberNum"] },
      });
      restCalls++;
    }
    for (let g = 0; g < GROUPS && restCalls < RECENT_CALLS - 100; g++) {
      await api("get_group_member_info", { GroupId: groupId(g), Limit: 100 });
      restCalls++;
    }
    for (let i = 0; i < 100; i++) {
      await api("modify_group_member_info", {
        GroupId: middle,
        Member_Account: memberOf(Math.floor(GROUPS / 2), 1 + (i % (MEMBERS - 1))),
        NameCard: `n${i}`,
      });
      restCalls++;
    }

    const owner = memberOf(7, 0);
    const lastPage = Math.max(0, GROUPS - 50);
    const requests: [name: string, method: "GET" | "POST", path: string, body?: unknown][] = [
      ["session", "GET", "/console/api/session"],
      ["groups: first page (50, creation time)", "GET", "/console/api/groups"],
      [`groups: last page (offset ${lastPage})`, "GET", `/console/api/groups?offset=${lastPage}`],
      ["groups: 1,000 a page", "GET", "/console/api/groups?limit=1000"],
      ["groups: sort by name", "GET", "/console/api/groups?sort=name"],
      ["groups: sort by members, descending", "GET", "/console/api/groups?sort=members&order=desc"],
      ["groups: sort by creation time, descending", "GET", "/console/api/groups?sort=created&order=desc"],
      ['groups: search "team 12"', "GET", "/console/api/groups?q=team%2012"],
      ["groups: search, no match", "GET", "/console/api/groups?q=nothing-like-this"],
      ["groups: type Private", "GET", "/console/api/groups?type=Private"],
      ["groups: owner filter", "GET", `/console/api/groups?owner=${owner}`],
      ["groups: search + type + sort by name", "GET", "/console/api/groups?q=sales&type=Public&sort=name"],
      ["group profile", "GET", `/console/api/group?GroupId=${middle}`],
      ["members: first page (50)", "GET", `/console/api/members?GroupId=${middle}`],
      [
        "members: last page",
        "GET",
        `/console/api/members?GroupId=${middle}&offset=${Math.max(0, MEMBERS - 50)}`,
      ],
      ["members: 200 a page", "GET", `/console/api/members?GroupId=${middle}&limit=200`],
      ["calls: newest 200", "GET", "/console/api/calls"],
      ["calls: one group", "GET", `/console/api/calls?group=${middle}`],
      ["calls: reads hidden", "GET", "/console/api/calls?reads=hide"],
      ["calls: one API", "GET", "/console/api/calls?api=group_open_http_svc%2Fmodify_group_member_info"],
      [
        "edit: member name card (modify_group_member_info)",
        "POST",
        "/console/api/edit/member",
        { GroupId: middle, Member_Account: memberOf(Math.floor(GROUPS / 2), 1), NameCard: "bench" },
      ],
    ];
    const rows: string[][] = [["request", "p50 ms", "p95 ms", "max ms", "round trip p50", "bytes"]];
    for (const [name, method, url, body] of requests) {
      for (let i = 0; i < 3; i++) await send(pool, method, url, body); // warm-up
      const server: number[] = [];
      const roundTrips: number[] = [];
      let bytes = 0;
      for (let i = 0; i < REPEAT; i++) {
        const answer = await send(pool, method, url, body);
        if (answer.status !== 200)
          throw new Error(`${name}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
        server.push(answer.serverMs);
        roundTrips.push(answer.roundTripMs);
        bytes = Buffer.byteLength(answer.text);
      }
      server.sort((a, b) => a - b);
      roundTrips.sort((a, b) => a - b);
      rows.push([
        name,
        quantile(server, 0.5).toFixed(2),
        quantile(server, 0.95).toFixed(2),
        server.at(-1)!.toFixed(2),
        quantile(roundTrips, 0.5).toFixed(2),
        bytes.toLocaleString("en-US"),
      ]);
    }
    const served = rssMiB(child.pid!);

    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    console.log(
      `im-emulator console benchmark — node ${process.version}, ${availableParallelism()} CPUs, ` +
        `${GROUPS.toLocaleString("en-US")} groups × ${MEMBERS} members ` +
        `(${(GROUPS * MEMBERS).toLocaleString("en-US")} members, ${ACCOUNTS.toLocaleString("en-US")} accounts), ` +
        `${REPEAT} timed requests each after 3 warm-ups, server time from Server-Timing\n`,
    );
    for (const [index, row] of rows.entries()) {
      console.log(
        row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  "),
      );
      if (index === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
    }
    console.log("");
    console.log(`seeded through POST /__emulator/seed in ${seedSeconds.toFixed(1)} s`);
    console.log(
      `recent calls: ${restCalls.toLocaleString("en-US")} REST calls made, ring of ${RECENT_CALLS.toLocaleString("en-US")}`,
    );
    console.log(
      `RSS of the emulator process: ${empty.toFixed(0)} MiB empty, ${loaded.toFixed(0)} MiB seeded, ${served.toFixed(0)} MiB after serving`,
    );
  } finally {
    await pool.close();
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
