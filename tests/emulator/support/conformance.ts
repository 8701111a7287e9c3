/**
 * The conformance table runner: every case names the document rule it comes from, and runs against
 * both stores (memory and file) on a fresh state with a fixed clock, so results are deterministic.
 */
import { ManualClock } from "@imgroups/im-emulator";
import { expect } from "chai";
import { type CallOptions, type Envelope, type Json, STORES, startTarget, type Target } from "./harness";

export type { Json } from "./harness";

/** "Now" of every conformance run, Unix seconds (2025-06-15T15:06:40Z). */
export const NOW = 1_750_000_000;

/** Accounts imported before every case. */
export const ACCOUNTS = ["leckie", "bob", "peter", "tommy", "jared", "amy", "lily"];

/** One row of the table. */
export interface Case {
  /** The rule, citing its document: e.g. `002 10004 #7 custom GroupId longer than 49 bytes`. */
  rule: string;
  /** Prepares state; its result is passed to `body` and `check`. */
  setup?: (t: Target) => Promise<unknown>;
  /** `service/command`, or a bare group_open_http_svc command. */
  command: string;
  /** URL parameter overrides (pipeline cases), or a function of the target that makes them. */
  options?: CallOptions | ((t: Target) => CallOptions);
  /** The request body, or a function of the setup's result. */
  body: unknown | ((prepared: Json) => unknown);
  /** Expected ErrorCode of a failure. */
  code?: number;
  /** A substring the failure's ErrorInfo must contain (its detail names field, limit and value). */
  info?: string;
  /** Checks a success (ActionStatus OK, ErrorCode 0 are checked first). */
  check?: (response: Envelope, t: Target, prepared: Json) => Promise<void> | void;
}

/** Runs a table of cases against both stores. */
export function conformance(title: string, cases: Case[]): void {
  for (const kind of STORES) {
    describe(`${title} [${kind} store]`, () => {
      let t: Target;
      before(async () => {
        t = await startTarget(kind, {
          clock: new ManualClock(NOW * 1000),
          rateLimitPerSecond: 0,
          adminIdentifiers: ["administrator", "ops-admin"],
        });
      });
      after(async () => {
        await t.close();
      });
      beforeEach(async () => {
        await t.emulator.control.reset();
        await expectOk(t.call("im_open_login_svc/multiaccount_import", { Accounts: ACCOUNTS }));
      });
      for (const c of cases) {
        it(c.rule, async () => {
          const prepared = c.setup ? await c.setup(t) : undefined;
          const body = typeof c.body === "function" ? c.body(prepared) : c.body;
          const options = typeof c.options === "function" ? c.options(t) : c.options;
          const response = await t.call(c.command, body, options);
          if (c.code !== undefined) {
            expect(response, JSON.stringify(response)).to.include({
              ActionStatus: "FAIL",
              ErrorCode: c.code,
            });
            expect(response.ErrorInfo).to.be.a("string");
            if (c.info) expect(response.ErrorInfo).to.include(c.info);
            expect(Object.keys(response)).to.have.members(["ActionStatus", "ErrorCode", "ErrorInfo"]);
          } else {
            expect(response, JSON.stringify(response)).to.include({
              ActionStatus: "OK",
              ErrorCode: 0,
              ErrorInfo: "",
            });
          }
          await c.check?.(response, t, prepared);
        });
      }
    });
  }
}

/** Awaits a call and asserts it succeeded. */
export async function expectOk(response: Promise<Envelope>): Promise<Envelope> {
  const answer = await response;
  expect(answer, JSON.stringify(answer)).to.include({ ActionStatus: "OK", ErrorCode: 0 });
  return answer;
}

/** Creates a group and returns its ID. */
export async function createGroup(t: Target, body: Record<string, unknown>): Promise<string> {
  const answer = await expectOk(t.call("create_group", { Type: "Public", Name: "g", ...body }));
  return answer.GroupId as string;
}

/** Imports a group and returns its ID. */
export async function importGroup(t: Target, body: Record<string, unknown>): Promise<string> {
  const answer = await expectOk(t.call("import_group", { Type: "Public", Name: "g", ...body }));
  return answer.GroupId as string;
}

/** Imports accounts (in batches of 100). */
export async function importAccounts(t: Target, accounts: string[]): Promise<void> {
  for (let i = 0; i < accounts.length; i += 100) {
    const answer = await expectOk(
      t.call("im_open_login_svc/multiaccount_import", { Accounts: accounts.slice(i, i + 100) }),
    );
    expect(answer.FailAccounts).to.deep.equal([]);
  }
}

/** One group's get_group_info entry (asserting it has ErrorCode 0). */
export async function groupInfo(t: Target, groupId: string, filter?: object): Promise<Json> {
  const answer = await expectOk(t.call("get_group_info", { GroupIdList: [groupId], ResponseFilter: filter }));
  const entry = (answer.GroupInfo as Json[])[0];
  expect(entry.ErrorCode, entry.ErrorInfo).to.equal(0);
  return entry;
}

/** A group's members as get_group_info reports them, by account. */
export async function members(t: Target, groupId: string): Promise<Map<string, Json>> {
  const entry = await groupInfo(t, groupId);
  return new Map((entry.MemberList as Json[]).map((m) => [m.Member_Account, m]));
}

/** `count` distinct UserIDs with a prefix. */
export function ids(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
}

/** A string of `bytes` UTF-8 bytes. */
export function bytes(count: number, unit = "a"): string {
  return unit.repeat(count / Buffer.byteLength(unit));
}

/** Every base field get_group_info returns without a filter (003 sample, docs/api-reference.md §6.7). */
export const BASE_FIELDS = [
  "Type",
  "Name",
  "Introduction",
  "Notification",
  "FaceUrl",
  "Owner_Account",
  "CreateTime",
  "InfoSeq",
  "LastInfoTime",
  "LastMsgTime",
  "NextMsgSeq",
  "MemberNum",
  "MaxMemberNum",
  "ApplyJoinOption",
  "MuteAllMember",
  "ShutUpAllMember",
];

/** Every member field without a filter (003 sample, docs/api-reference.md §6.8). */
export const MEMBER_FIELDS = [
  "Member_Account",
  "Role",
  "JoinTime",
  "MsgSeq",
  "MsgFlag",
  "LastSendMsgTime",
  "MuteUntil",
  "ShutUpUntil",
  "NameCard",
  "AppMemberDefinedData",
];
