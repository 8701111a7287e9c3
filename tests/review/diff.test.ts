/**
 * Preview JSON → change model, on previews captured from the real CLI (tests/fixtures/review,
 * see capture-fixtures.ts): which groups, fields and accounts change, and why (drift origins).
 */

import {
  buildReport,
  type ChangeReport,
  type GroupChange,
  PreviewParseError,
  parsePreview,
  parseUrn,
  type ResourceChange,
} from "@imgroups/tencentcloud-im/review/index";
import { expect } from "chai";
import { readFixture } from "./support";

const report = (fixture: string, mode: "drift" | "review") =>
  buildReport(parsePreview(readFixture(fixture)), mode);
const group = (r: ChangeReport, id: string): GroupChange => {
  const found = r.groups.find((g) => g.groupId === id);
  if (!found) throw new Error(`no group ${id} in ${r.groups.map((g) => g.groupId).join(", ")}`);
  return found;
};
const resource = (g: GroupChange, kind: ResourceChange["kind"]): ResourceChange => {
  const found = g.resources.find((r) => r.kind === kind);
  if (!found) throw new Error(`no ${kind} in group ${g.groupId}`);
  return found;
};
const plain = (value: unknown) => ({ kind: "value", value });

describe("review: parsing preview JSON", () => {
  it("reads every captured preview", () => {
    for (const name of [
      "drift-clean",
      "drift",
      "drift-pending",
      "drift-broken-config",
      "review",
      "review-secrets",
    ]) {
      const preview = parsePreview(readFixture(`${name}.json`));
      expect(preview.steps.length, name).to.be.greaterThan(0);
    }
  });

  it("refuses text that is not a preview, so a wrong file is an error and never 'no drift'", () => {
    expect(() => parsePreview("")).to.throw(PreviewParseError);
    expect(() => parsePreview("error: no stack named 'dev' found")).to.throw(PreviewParseError);
    expect(() => parsePreview('{"foo": 1}')).to.throw(PreviewParseError, /not a preview/);
    expect(() => parsePreview('{"steps": [{"urn": "x"}]}')).to.throw(PreviewParseError, /steps\[0\]/);
    expect(() => parsePreview("{ truncated")).to.throw(PreviewParseError, /not valid JSON/);
  });

  it("skips a banner printed before the JSON", () => {
    const text = `Some wrapper banner\n${readFixture("drift-clean.json")}`;
    expect(parsePreview(text).steps.length).to.be.greaterThan(0);
  });

  it("splits URNs, including names that contain ::", () => {
    expect(
      parseUrn("urn:pulumi:dev::proj::pulumi-nodejs:dynamic/tencentcloud-im:ImGroup::a::b"),
    ).to.deep.equal({
      stack: "dev",
      project: "proj",
      type: "pulumi-nodejs:dynamic/tencentcloud-im:ImGroup",
      name: "a::b",
    });
  });
});

describe("review: drift model", () => {
  it("finds nothing in a clean refresh", () => {
    const r = report("drift-clean.json", "drift");
    expect(r.groups).to.deep.equal([]);
    expect(r.errors).to.deep.equal([]);
    expect(r.refreshed).to.equal(true);
    expect(r.stack).to.equal("capture-drift");
  });

  it("names each out-of-band edit: live value → declared value, changed outside Pulumi", () => {
    const r = report("drift.json", "drift");
    expect(r.groups.map((g) => [g.groupId, g.action])).to.deep.equal([
      ["other-room", "gone"],
      ["team-room", "update"],
    ]);
    const team = group(r, "team-room");
    expect(resource(team, "ImGroup").fields).to.deep.equal([
      { field: "name", before: plain("Team (renamed)"), after: plain("Team"), origin: "outside" },
      { field: "notification", before: plain("hijacked"), after: plain("Stand-up at 10"), origin: "outside" },
    ]);
    const members = resource(team, "ImGroupMembers").members!;
    expect(members.added).to.deep.equal([{ account: "bob", role: "Member", origin: "outside" }]);
    expect(members.removed).to.deep.equal([{ account: "extra", role: "Member", origin: "outside" }]);
    expect(members.changed).to.deep.equal([
      {
        account: "alice",
        fields: [{ field: "role", before: plain("Member"), after: plain("Admin") }],
        origin: "outside",
      },
    ]);
    expect([members.before, members.after]).to.deep.equal([3, 3]);
    expect(resource(team, "ImGroupMembers").fields).to.deep.equal([]);
  });

  it("reports a group destroyed outside Pulumi as gone, with its member set", () => {
    const other = group(report("drift.json", "drift"), "other-room");
    expect(other.resources.map((r) => [r.kind, r.action, r.origin])).to.deep.equal([
      ["ImGroup", "gone", "outside"],
      ["ImGroupMembers", "gone", "outside"],
    ]);
    expect(resource(other, "ImGroupMembers").members!.added.map((m) => m.account)).to.deep.equal(["dave"]);
  });

  it("tells program changes not applied yet from out-of-band edits", () => {
    const r = report("drift-pending.json", "drift");
    const team = group(r, "team-room");
    const origins = Object.fromEntries(resource(team, "ImGroup").fields.map((f) => [f.field, f.origin]));
    expect(origins).to.deep.equal({ name: "outside", introduction: "pending", notification: "outside" });
    const members = resource(team, "ImGroupMembers").members!;
    expect(members.added.map((m) => [m.account, m.origin])).to.deep.equal([
      ["bob", "outside"],
      ["erin", "pending"],
    ]);
    const fresh = group(r, "fresh-room");
    expect([fresh.action, resource(fresh, "ImGroup").origin]).to.deep.equal(["create", "pending"]);
  });

  it("keeps the errors of a failed refresh (a wrong secret key)", () => {
    const r = report("drift-broken-config.json", "drift");
    expect(r.errors).to.have.length(1);
    expect(r.errors[0]).to.match(/70009/);
    expect(r.errors[0]).to.not.match(/^error:/);
  });

  it("never compares or shows secret values; says which secret fields it could not compare", () => {
    const r = report("drift-secrets.json", "drift");
    const vault = resource(group(r, "vault-room"), "ImGroup");
    expect(vault.fields.map((f) => f.field)).to.deep.equal(["name"]);
    expect(vault.notes).to.deep.equal(["secret fields not compared: introduction, notification"]);

    // When only a secret field differs, the change is still reported (as uncertain), not dropped.
    const only = resource(group(report("drift-secret-only.json", "drift"), "vault-room"), "ImGroup");
    expect(
      only.fields.map((f) => [f.field, f.before.kind, f.after.kind, f.uncertain, f.origin]),
    ).to.deep.equal([
      ["introduction", "secret", "secret", true, "unknown"],
      ["notification", "secret", "secret", true, "unknown"],
    ]);
  });
});

describe("review: pull-request model", () => {
  const r = report("review.json", "review");

  it("lists every changed group once, ImGroup and member set together, sorted by id", () => {
    expect(
      r.groups.map((g) => [g.groupId, g.action, g.resources.map((x) => `${x.kind}:${x.action}`)]),
    ).to.deep.equal([
      ["eng-room", "update", ["ImGroup:update", "ImGroupMembers:update"]],
      ["legacy-room-2", "replace", ["ImGroup:replace", "ImGroupMembers:replace"]],
      ["lobby", "update", ["ImGroupMembers:create"]],
      ["sales-room", "delete", ["ImGroup:delete", "ImGroupMembers:delete"]],
      ["support-room", "create", ["ImGroup:create", "ImGroupMembers:create"]],
    ]);
    expect(r.summary).to.deep.equal({
      groups: { create: 1, adopt: 0, update: 2, replace: 1, delete: 1, release: 0, gone: 0 },
      members: { added: 15, removed: 3, changed: 2 },
      otherResources: 0,
    });
  });

  it("shows changed fields old → new, and nothing that did not change", () => {
    expect(resource(group(r, "eng-room"), "ImGroup").fields).to.deep.equal([
      { field: "name", before: plain("Engineering"), after: plain("Platform") },
      { field: "introduction", before: { kind: "absent" }, after: plain("Platform engineering") },
      { field: "notification", before: plain("Stand-up at 10"), after: plain("Stand-up at 9:30") },
    ]);
  });

  it("gives a replacement its old id and the inputs that force it", () => {
    const legacy = group(r, "legacy-room-2");
    expect(legacy.previousGroupId).to.equal("legacy-room");
    expect(resource(legacy, "ImGroup").replaceReasons).to.deep.equal(["type", "groupId"]);
  });

  it("diffs members by account: added, removed, role changes", () => {
    const members = resource(group(r, "eng-room"), "ImGroupMembers").members!;
    expect(members.added).to.deep.equal([{ account: "dave", role: "Member" }]);
    expect(members.removed).to.deep.equal([{ account: "bob", role: "Member" }]);
    expect(members.changed.map((c) => [c.account, c.fields[0]!.before, c.fields[0]!.after])).to.deep.equal([
      ["alice", plain("Admin"), plain("Member")],
      ["carol", plain("Member"), plain("Admin")],
    ]);
    const lobby = resource(group(r, "lobby"), "ImGroupMembers").members!;
    // Natural order: u2 before u10.
    expect(lobby.added.map((m) => m.account).slice(0, 3)).to.deep.equal(["u0", "u1", "u2"]);
    expect(lobby.added.at(-1)!.account).to.equal("u11");
  });

  it("reads --show-replacement-steps output the same as the default", () => {
    expect(report("review-replacement-steps.json", "review")).to.deep.equal(r);
  });

  it("keeps a check failure as an error next to the changes that were planned", () => {
    const failed = report("review-check-failure.json", "review");
    expect(failed.errors.join("\n")).to.match(/property name .* over the limit of 30 bytes/);
  });

  it("never turns a secret into text", () => {
    const secrets = report("review-secrets.json", "review");
    expect(JSON.stringify(secrets)).to.not.match(/TOPSECRET|LIVE-EDIT/);
    const vault = resource(group(secrets, "vault-room"), "ImGroup");
    expect(vault.fields.every((f) => f.before.kind === "secret" && f.after.kind === "secret")).to.equal(true);
  });
});
