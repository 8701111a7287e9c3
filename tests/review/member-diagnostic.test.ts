/**
 * The provider's machine-readable member report (provider/review/member-diagnostic.ts): what the
 * provider encodes the report decodes exactly; anything else carrying the marker — malformed,
 * oversized, hostile — is a problem to note, never a crash, and is inflated only up to the cap.
 */
import { deflateRawSync } from "node:zlib";
import {
  decodeMemberDiagnostic,
  encodeMemberDiagnostic,
  isMemberDiagnostic,
  MAX_MEMBER_DIAGNOSTIC_BYTES,
  MEMBER_DIAGNOSTIC_MARKER,
  MEMBER_REPORT_ENV,
  type MemberDiagnostic,
  memberReportRequested,
  readMemberDiagnostic,
} from "@imgroups/tencentcloud-im/review/member-diagnostic";
import { expect } from "chai";
import { diagnostic } from "./previews";
import { accounts } from "./support";

/** A marker message around any JSON text. */
const withPayload = (json: string) =>
  `${MEMBER_DIAGNOSTIC_MARKER} ${deflateRawSync(Buffer.from(json, "utf8")).toString("base64")}\n`;

const problemOf = (message: string): string => {
  const reading = readMemberDiagnostic(message);
  if (reading === undefined || !("problem" in reading))
    throw new Error(`no problem: ${JSON.stringify(reading)}`);
  expect(decodeMemberDiagnostic(message)).to.equal(undefined);
  return reading.problem;
};

const sample: MemberDiagnostic = diagnostic({
  groupId: "eng-room",
  added: [{ account: "dave", role: "Member", origin: "pending" }],
  removed: [{ account: "bob", role: "Member" }],
  changed: [
    {
      account: "alice",
      fields: [
        {
          field: "role",
          before: { kind: "value", value: "Admin" },
          after: { kind: "value", value: "Member" },
        },
      ],
      origin: "outside",
    },
  ],
  before: 3,
  after: 3,
  notes: ["1 member(s) have secret or unknown fields that could not be compared"],
});

describe("review: member report diagnostics", () => {
  it("decodes what the provider encodes, with the newline the engine appends", () => {
    const message = encodeMemberDiagnostic(sample);
    expect(message.startsWith(`${MEMBER_DIAGNOSTIC_MARKER} `)).to.equal(true);
    expect(message).to.match(/^[\w/-]+ [A-Za-z0-9+/]+=*$/);
    expect(decodeMemberDiagnostic(`${message}\n`)).to.deep.equal(sample);
  });

  it("sorts the lists by account in natural order, whatever order the provider sent", () => {
    const shuffled = diagnostic({ groupId: "g", added: ["u10", "u2", "u1"].map((account) => ({ account })) });
    expect(
      decodeMemberDiagnostic(encodeMemberDiagnostic(shuffled))!.added.map((m) => m.account),
    ).to.deep.equal(["u1", "u2", "u10"]);
  });

  it("keeps a 10,000-member report small", () => {
    const big = diagnostic({
      groupId: "lobby",
      added: accounts("u", 10_000).map((account) => ({ account, role: "Member" })),
      after: 10_000,
    });
    const message = encodeMemberDiagnostic(big);
    const json = JSON.stringify(big).length;
    console.log(
      `      10,000 added members: ${json} bytes of JSON, ${message.length} characters of diagnostic`,
    );
    expect(message.length).to.be.below(json / 4);
    expect(decodeMemberDiagnostic(message)!.added).to.have.length(10_000);
  });

  it("takes accounts named like Object.prototype's members as plain accounts", () => {
    const names = ["__proto__", "constructor", "hasOwnProperty", "toString", "valueOf"];
    const report = diagnostic({ groupId: "g", added: names.map((account) => ({ account })) });
    expect(decodeMemberDiagnostic(encodeMemberDiagnostic(report))!.added.map((m) => m.account)).to.deep.equal(
      names,
    );
  });

  it("tells member reports from every other message", () => {
    expect(isMemberDiagnostic(encodeMemberDiagnostic(sample))).to.equal(true);
    expect(isMemberDiagnostic(`${MEMBER_DIAGNOSTIC_MARKER}\n`)).to.equal(true);
    for (const other of [
      "members: 100 added, 3 removed\n",
      `${MEMBER_DIAGNOSTIC_MARKER}x abc`,
      "",
      "error: boom",
    ]) {
      expect(isMemberDiagnostic(other), other).to.equal(false);
      expect(readMemberDiagnostic(other), other).to.equal(undefined);
    }
  });

  it("notes a payload that is not base64, deflate, UTF-8 or JSON", () => {
    expect(problemOf(`${MEMBER_DIAGNOSTIC_MARKER}\n`)).to.match(/not base64/);
    expect(problemOf(`${MEMBER_DIAGNOSTIC_MARKER} not*base64!\n`)).to.match(/not base64/);
    expect(problemOf(`${MEMBER_DIAGNOSTIC_MARKER} abc\n`)).to.match(/not base64/);
    expect(problemOf(`${MEMBER_DIAGNOSTIC_MARKER} ${Buffer.from("plain text").toString("base64")}`)).to.match(
      /not deflate data/,
    );
    const latin1 = deflateRawSync(Buffer.from([0x7b, 0xff, 0x7d])).toString("base64");
    expect(problemOf(`${MEMBER_DIAGNOSTIC_MARKER} ${latin1}`)).to.match(/not UTF-8 JSON/);
    expect(problemOf(withPayload("{ truncated"))).to.match(/not UTF-8 JSON/);
  });

  it("notes a payload that is not exactly a member report, naming where", () => {
    const json = (changes: Record<string, unknown>) => withPayload(JSON.stringify({ ...sample, ...changes }));
    expect(problemOf(json({ groupId: 7 }))).to.match(/\/groupId must be string/);
    expect(problemOf(json({ extra: true }))).to.match(/must NOT have additional properties/);
    expect(problemOf(json({ before: -1 }))).to.match(/\/before/);
    expect(problemOf(json({ added: [{ account: "" }] }))).to.match(/\/added\/0\/account/);
    expect(problemOf(json({ added: [{ account: "a", origin: "elsewhere" }] }))).to.match(
      /\/added\/0\/origin/,
    );
    // JSON.parse makes `__proto__` an own key: an extra property like any other.
    const proto = JSON.stringify(diagnostic({ groupId: "g", added: [{ account: "a" }] })).replace(
      '"account":"a"',
      '"account":"a","__proto__":{"role":"x"}',
    );
    expect(problemOf(withPayload(proto))).to.match(/\/added\/0 must NOT have additional properties/);
    expect(problemOf(json({ added: [{ account: "a" }], removed: [{ account: "a" }] }))).to.match(
      /account twice/,
    );
    expect(problemOf(withPayload("[]"))).to.match(/must be object/);
  });

  it("refuses nested data in member values, however deep, without walking it", () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const field = `{"field":"role","before":{"kind":"value","value":${deep}},"after":{"kind":"absent"}}`;
    const message = withPayload(
      `{"groupId":"g","added":[],"removed":[],"changed":[{"account":"a","fields":[${field}]}],"before":1,"after":1,"notes":[]}`,
    );
    expect(problemOf(message)).to.match(/\/changed\/0\/fields\/0\/before/);
  });

  it(`stops inflating at ${MAX_MEMBER_DIAGNOSTIC_BYTES} bytes: a deflate bomb is a problem, not an allocation`, () => {
    // ~64 KiB of diagnostic that would inflate past the cap.
    const bomb = deflateRawSync(Buffer.alloc(MAX_MEMBER_DIAGNOSTIC_BYTES + 1, 0x20)).toString("base64");
    console.log(
      `      bomb: ${bomb.length} characters inflating to ${MAX_MEMBER_DIAGNOSTIC_BYTES + 1} bytes`,
    );
    expect(problemOf(`${MEMBER_DIAGNOSTIC_MARKER} ${bomb}\n`)).to.equal(
      `it inflates to more than ${MAX_MEMBER_DIAGNOSTIC_BYTES} bytes`,
    );
  });

  it(`is requested with ${MEMBER_REPORT_ENV}=1 only`, () => {
    expect(memberReportRequested({ [MEMBER_REPORT_ENV]: "1" })).to.equal(true);
    for (const value of [undefined, "", "0", "true", "yes"]) {
      expect(memberReportRequested({ [MEMBER_REPORT_ENV]: value }), String(value)).to.equal(false);
    }
  });
});
