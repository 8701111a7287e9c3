/**
 * The request pipeline of docs/api-reference.md §3.5, step by step and in order: URL, service, command, sdkappid,
 * URL parameters, UserSig, App admin, body JSON, JSON types. Every failure is an HTTP 200 envelope.
 */
import { expect } from "chai";
import { type Case, conformance } from "./support/conformance";
import { officialUserSig, type Target } from "./support/harness";

const group = { Type: "Public", Name: "g" };
const sigOf = (t: Target, identifier: string) =>
  officialUserSig(t.emulator.sdkAppId, t.emulator.secretKey, identifier);

const cases: Case[] = [
  {
    rule: "§3.5 step 1 a method other than POST is 60002",
    command: "create_group",
    body: group,
    options: { method: "PUT" },
    code: 60002,
    info: "expected POST /v4/<service>/<command>",
  },
  {
    rule: "§3.5 step 1 a path that is not /v4/<service>/<command> is 60002",
    command: "group_open_http_svc/create_group/extra",
    body: group,
    code: 60002,
  },
  {
    rule: "§3.5 step 2 an unknown service is 60009",
    command: "group_open_attr_http_svc/get_group_attr",
    body: {},
    code: 60009,
    info: 'service "group_open_attr_http_svc" is not known',
  },
  {
    rule: "§3.5 step 2 an unknown command is 10003",
    command: "group_open_http_svc/no_such_command",
    body: {},
    code: 10003,
    info: 'command "no_such_command" is not known',
  },
  {
    rule: "§3.5 step 2 an out-of-scope login command is 10003",
    command: "im_open_login_svc/account_delete",
    body: {},
    code: 10003,
  },
  {
    rule: "§3.5 step 2 comes before step 3: unknown command without sdkappid is 10003",
    command: "group_open_http_svc/nope",
    body: {},
    options: { sdkappid: null },
    code: 10003,
  },
  {
    rule: "§3.5 step 3 sdkappid missing is 60012",
    command: "create_group",
    body: group,
    options: { sdkappid: null },
    code: 60012,
    info: "sdkappid: missing",
  },
  {
    rule: "§3.5 step 3 sdkappid empty is 60012",
    command: "create_group",
    body: group,
    options: { sdkappid: "" },
    code: 60012,
  },
  {
    rule: "§3.5 step 3 an unknown sdkappid is 70020",
    command: "create_group",
    body: group,
    options: { sdkappid: "1400000001" },
    code: 70020,
    info: 'sdkappid: "1400000001" is not a known SDKAppID',
  },
  {
    rule: "§3.5 step 4 identifier missing is 60025",
    command: "create_group",
    body: group,
    options: { identifier: null },
    code: 60025,
    info: "identifier: missing",
  },
  {
    rule: "§3.5 step 4 usersig missing is 60025",
    command: "create_group",
    body: group,
    options: { usersig: null },
    code: 60025,
    info: "usersig: missing",
  },
  {
    rule: "§3.5 step 4 contenttype missing is 60025",
    command: "create_group",
    body: group,
    options: { contenttype: null },
    code: 60025,
    info: "contenttype: missing",
  },
  {
    rule: "§3.5 step 4 contenttype other than json is 60025",
    command: "create_group",
    body: group,
    options: { contenttype: "xml" },
    code: 60025,
    info: 'contenttype: "xml" is not "json"',
  },
  {
    rule: "§3.5 step 4 + §4.3 an empty usersig is 70002",
    command: "create_group",
    body: group,
    options: { usersig: "" },
    code: 70002,
    info: "usersig: empty",
  },
  {
    rule: "§3.5 step 5 an undecodable usersig is 70003",
    command: "create_group",
    body: group,
    options: { usersig: "not-a-sig" },
    code: 70003,
  },
  {
    rule: "§3.5 step 5 comes before step 8: bad usersig with a bad body is 70003",
    command: "create_group",
    body: group,
    options: { usersig: "garbage", rawBody: "{" },
    code: 70003,
  },
  {
    rule: "§3.5 step 6 a valid UserSig of a non-admin identifier is 60010",
    command: "create_group",
    body: group,
    options: (t) => ({ identifier: "bob", usersig: sigOf(t, "bob") }),
    code: 60010,
    info: 'identifier: "bob" is not an App admin',
  },
  {
    rule: "§3.5 step 8 an empty body is 60003 (send {})",
    command: "create_group",
    body: group,
    options: { rawBody: "" },
    code: 60003,
    info: "body: empty",
  },
  {
    rule: "§3.5 step 8 malformed JSON is 60003",
    command: "create_group",
    body: group,
    options: { rawBody: '{"Type": "Public",' },
    code: 60003,
    info: "body:",
  },
  {
    rule: "§3.5 step 8 JSON that is not an object is 60003",
    command: "create_group",
    body: group,
    options: { rawBody: "[1,2]" },
    code: 60003,
    info: "is not a JSON object",
  },
  {
    rule: "§3.5 step 8 a body nested 100,000 levels deep in a checked field is 60003 naming the limit and the depth",
    command: "get_group_info",
    body: {},
    options: { rawBody: `{"GroupIdList":${nested(100_000)}}` },
    code: 60003,
    info: "body: nesting depth 100001 exceeds the limit of 64",
  },
  {
    rule: "§3.5 step 8 a body nested 100,000 levels deep in an unknown field is 60003 too",
    command: "create_group",
    body: {},
    options: { rawBody: `{"Type":"Public","Name":"deep","Extra":${nested(100_000)}}` },
    code: 60003,
    info: "body: nesting depth 100001 exceeds the limit of 64",
  },
  {
    rule: "§3.5 step 8 brackets inside strings do not count towards the depth",
    command: "create_group",
    body: { ...group, GroupId: "brackets", Introduction: "[".repeat(200), Extra: nested(63) },
    check(response) {
      expect(response.GroupId).to.equal("brackets");
    },
  },
  { rule: "§3.3 an API without fields takes {}", command: "get_appid_group_list", body: {} },
  {
    rule: "§3.3 unknown body fields are ignored",
    command: "create_group",
    body: { ...group, GroupId: "extra-fields", Whatever: [1, 2, 3] },
    check(response) {
      expect(response.GroupId).to.equal("extra-fields");
    },
  },
  {
    rule: "§3.1 random is not checked",
    command: "get_appid_group_list",
    body: {},
    options: { random: null },
  },
  {
    rule: "§3.1 any of the (up to 10) App admins may call",
    command: "create_group",
    body: group,
    options: (t) => ({ identifier: "ops-admin", usersig: sigOf(t, "ops-admin") }),
  },
];

/** `depth` nested JSON arrays, as text. */
function nested(depth: number): string {
  return "[".repeat(depth) + "]".repeat(depth);
}

conformance("docs/api-reference.md §3.5 request pipeline", cases);
