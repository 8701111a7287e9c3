/**
 * Member changes once state holds member summaries (`"3 members · sha256:…"`): taken from the
 * provider's member reports by URN, from v1 member maps when the inputs still hold them, and as
 * counts with a note when neither is there. Deleted member sets say what happens to their members.
 * Synthetic previews (tests/review/previews.ts); the captured v1 fixtures keep their goldens
 * (render.test.ts).
 */
import {
  buildReport,
  type ChangeReport,
  hasDrift,
  type MemberChanges,
  parsePreview,
  type ResourceChange,
  renderJson,
  renderMarkdown,
  renderText,
} from "@imgroups/tencentcloud-im/review/index";
import {
  encodeMemberDiagnostic,
  MEMBER_DIAGNOSTIC_MARKER,
} from "@imgroups/tencentcloud-im/review/member-diagnostic";
import { expect } from "chai";
import { diagnostic, memberReport, previewText, reportMessage, step, summary } from "./previews";

const build = (steps: unknown[], diagnostics: unknown[] = [], mode: "drift" | "review" = "review") =>
  buildReport(parsePreview(previewText(steps, diagnostics)), mode);

const membersOf = (report: ChangeReport, name: string): ResourceChange => {
  for (const group of report.groups) {
    const found = group.resources.find((r) => r.kind === "ImGroupMembers" && r.name === name);
    if (found) return found;
  }
  throw new Error(`no member set ${name}`);
};

/** Everything the tools print or write for a report. */
const everything = (report: ChangeReport) => [renderMarkdown(report), renderText(report), renderJson(report)];

const entries = (...accounts: string[]) => accounts.map((account) => ({ account, role: "Member" }));
const engUpdate = (before: unknown, after: unknown) =>
  step("update", "ImGroupMembers", "eng-members", {
    old: { groupId: "eng-room", members: before, mode: "authoritative" },
    new: { groupId: "eng-room", members: after, mode: "authoritative" },
  });
const engReport = diagnostic({
  groupId: "eng-room",
  added: entries("dave"),
  removed: entries("bob"),
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
    },
  ],
  before: 3,
  after: 3,
});

describe("review: member changes from the provider's member reports", () => {
  it("takes an update's accounts from its report, never from the summaries", () => {
    const report = build(
      [engUpdate(summary(3, "aaaaaaaaaaaa"), summary(3, "bbbbbbbbbbbb"))],
      [
        reportMessage("eng-members", "members: 1 added, 1 removed, 1 changed\n"),
        memberReport("eng-members", engReport),
      ],
    );
    const members = membersOf(report, "eng-members");
    expect(members.members).to.deep.equal({
      added: engReport.added,
      removed: engReport.removed,
      changed: engReport.changed,
      before: 3,
      after: 3,
      notes: [],
    });
    expect(members.fields).to.deep.equal([]);
    expect(report.summary.members).to.deep.equal({ added: 1, removed: 1, changed: 1 });
    const markdown = renderMarkdown(report);
    expect(markdown).to.include("Members: 3 → 3 members: 1 added, 1 removed, 1 changed");
    expect(markdown).to.include("- Changed (1): `alice` (role Admin → Member)");
  });

  it("takes a new member set's accounts from the report its check made", () => {
    const report = build(
      [
        step("create", "ImGroupMembers", "lobby-members", {
          new: { groupId: "lobby", members: summary(3), mode: "authoritative" },
        }),
      ],
      [
        memberReport(
          "lobby-members",
          diagnostic({ groupId: "lobby", added: entries("u10", "u2", "u1"), after: 3 }),
        ),
      ],
    );
    expect(membersOf(report, "lobby-members").members!.added.map((m) => m.account)).to.deep.equal([
      "u1",
      "u2",
      "u10",
    ]);
    expect(renderMarkdown(report)).to.include("- Added (3): `u1`, `u2`, `u10`");
  });

  it("never shows a member report itself: not in errors, notes or any output, whatever its severity", () => {
    const message = `${encodeMemberDiagnostic(engReport)}\n`;
    const report = build(
      [engUpdate(summary(3, "aaaaaaaaaaaa"), summary(3, "bbbbbbbbbbbb"))],
      [
        {
          urn: membersOf(build([engUpdate(summary(3), summary(4))]), "eng-members").urn,
          message,
          severity: "error",
        },
        { message: `${MEMBER_DIAGNOSTIC_MARKER} %%%\n`, severity: "error" },
        reportMessage("eng-members", `${MEMBER_DIAGNOSTIC_MARKER} not-base64!\n`),
      ],
    );
    expect(report.errors).to.deep.equal([]);
    for (const text of everything(report)) {
      expect(text).to.not.include(MEMBER_DIAGNOSTIC_MARKER);
      expect(text).to.not.include(message.slice(MEMBER_DIAGNOSTIC_MARKER.length + 1, 40));
    }
  });

  it("in drift mode keeps the origins the provider set, so --ignore-pending can tell them apart", () => {
    const refreshed = (members: string) => ({ groupId: "eng-room", members, mode: "authoritative" });
    const steps = [
      step("refresh", "ImGroupMembers", "eng-members", {
        old: refreshed(summary(3, "a")),
        new: refreshed(summary(3, "b")),
      }),
      step("update", "ImGroupMembers", "eng-members", {
        old: refreshed(summary(3, "b")),
        new: refreshed(summary(4, "c")),
      }),
    ];
    const pendingOnly = diagnostic({
      groupId: "eng-room",
      added: [{ account: "erin", role: "Member", origin: "pending" }],
      before: 3,
      after: 4,
    });
    const pending = build(steps, [memberReport("eng-members", pendingOnly)], "drift");
    expect(membersOf(pending, "eng-members").members!.added).to.deep.equal(pendingOnly.added);
    expect(renderText(pending)).to.include("Declared, not added yet (up adds them) (1): erin");
    expect(hasDrift(pending)).to.equal(true);
    expect(hasDrift(pending, { ignorePending: true })).to.equal(false);

    const outside = diagnostic({
      ...pendingOnly,
      removed: [{ account: "extra", role: "Member", origin: "outside" }],
    });
    expect(
      hasDrift(build(steps, [memberReport("eng-members", outside)], "drift"), { ignorePending: true }),
    ).to.equal(true);
  });

  it("marks a reported member set of a group deleted outside Pulumi as removed outside", () => {
    const inputs = { groupId: "other-room", members: summary(1), mode: "authoritative" };
    const report = build(
      [
        step("refresh", "ImGroupMembers", "other-members", { old: inputs }),
        step("create", "ImGroupMembers", "other-members", { new: inputs }),
      ],
      [
        memberReport(
          "other-members",
          diagnostic({ groupId: "other-room", added: entries("dave"), after: 1 }),
        ),
      ],
      "drift",
    );
    const members = membersOf(report, "other-members");
    expect([members.action, members.members!.added]).to.deep.equal([
      "gone",
      [{ account: "dave", role: "Member", origin: "outside" }],
    ]);
  });

  it("prefers a report to v1 member maps, and falls back to the maps when a report is unreadable", () => {
    const maps = engUpdate(
      { alice: { role: "Admin" } },
      { alice: { role: "Admin" }, zed: { role: "Member" } },
    );
    const reported = build([maps], [memberReport("eng-members", engReport)]);
    expect(membersOf(reported, "eng-members").members!.added.map((m) => m.account)).to.deep.equal(["dave"]);

    const broken = build([maps], [reportMessage("eng-members", `${MEMBER_DIAGNOSTIC_MARKER} AAAA\n`)]);
    const members = membersOf(broken, "eng-members").members!;
    expect(members.added.map((m) => m.account)).to.deep.equal(["zed"]);
    expect(members.notes).to.deep.equal(["a member report was ignored: its payload is not deflate data"]);
  });

  it("counts only, with a note saying how to get the accounts, when a preview has no report", () => {
    const report = build([engUpdate(summary(10, "aaaaaaaaaaaa"), summary(12, "bbbbbbbbbbbb"))]);
    const members = membersOf(report, "eng-members").members!;
    expect(members).to.deep.include({
      added: [],
      removed: [],
      changed: [],
      before: 10,
      after: 12,
      unlisted: true,
    });
    expect(members.notes).to.have.length(1);
    expect(members.notes[0]).to.match(/IMGROUPS_MEMBER_REPORT=1/);
    const markdown = renderMarkdown(report);
    expect(markdown).to.include("Members: 10 → 12 members: accounts not listed");
    expect(markdown).to.include("IMGROUPS\\_MEMBER\\_REPORT=1");
    expect(renderText(report)).to.include("members: 10 → 12 members: accounts not listed");
    // Refreshed, the change cannot be itemised, so it cannot be told pending: it counts as drift.
    const live = { groupId: "eng-room", members: summary(2, "live"), mode: "authoritative" };
    const drift = build(
      [
        step("refresh", "ImGroupMembers", "eng-members", {
          old: { ...live, members: summary(2, "recorded") },
          new: live,
        }),
        engUpdate(summary(2, "live"), summary(2, "declared")),
      ],
      [],
      "drift",
    );
    expect(membersOf(drift, "eng-members").members!.unlisted).to.equal(true);
    expect(hasDrift(drift, { ignorePending: true })).to.equal(true);
  });

  it("reads large counts from the summaries, and says when a summary is not one", () => {
    expect(
      membersOf(build([engUpdate(summary(9_999), summary(10_000))]), "eng-members").members,
    ).to.deep.include({
      before: 9_999,
      after: 10_000,
    });
    const odd = membersOf(build([engUpdate("whatever", summary(2))]), "eng-members").members!;
    expect([odd.before, odd.after]).to.deep.equal([null, 2]);
    expect(odd.notes).to.include(
      "a member summary in the preview has an unexpected form: the count is not known",
    );
  });

  it("needs no report when the summaries are equal: the member set does not change", () => {
    const report = build([engUpdate(summary(3), summary(3))]);
    const members = membersOf(report, "eng-members").members!;
    expect(members).to.deep.equal({ added: [], removed: [], changed: [], before: 3, after: 3, notes: [] });
    expect(renderMarkdown(report)).to.include("Members: 3 → 3 members: no account changes");
  });

  it("counts right after the upgrade: a v1 map in state, a summary declared", () => {
    const members = membersOf(build([engUpdate({ a: {}, b: {} }, summary(3))]), "eng-members").members!;
    expect(members).to.deep.include({ before: 2, after: 3, unlisted: true });
  });

  it("never lists the accounts of a secret member set, even when a report names them", () => {
    const report = build([engUpdate("[secret]", "[secret]")], [memberReport("eng-members", engReport)]);
    const members = membersOf(report, "eng-members").members!;
    expect([members.added, members.removed, members.changed]).to.deep.equal([[], [], []]);
    for (const text of everything(report)) expect(text).to.not.match(/dave|bob|alice/);
  });

  it("ignores a report about another group, with a note", () => {
    const elsewhere = { ...engReport, groupId: "other-room" };
    const members = membersOf(
      build([engUpdate(summary(3, "a"), summary(3, "b"))], [memberReport("eng-members", elsewhere)]),
      "eng-members",
    ).members!;
    expect(members).to.deep.include({ added: [], unlisted: true });
    expect(members.notes).to.deep.equal(["a member report was ignored: it is about another group"]);
  });

  it("notes two different reports on one member set and shows the last", () => {
    const first = diagnostic({ groupId: "eng-room", added: entries("x"), before: 3, after: 4 });
    const members = membersOf(
      build(
        [engUpdate(summary(3, "a"), summary(3, "b"))],
        [memberReport("eng-members", first), memberReport("eng-members", engReport)],
      ),
      "eng-members",
    ).members!;
    expect(members.added.map((m) => m.account)).to.deep.equal(["dave"]);
    expect(members.notes[0]).to.match(/more than once, differently: the last report is shown/);
  });
});

describe("review: deleted member sets", () => {
  const groupInputs = { type: "Public", groupId: "eng-room", name: "Eng" };
  const deleted = (members: unknown, extra: Record<string, unknown> = {}) =>
    step("delete", "ImGroupMembers", "eng-members", {
      old: { groupId: "eng-room", members, mode: "authoritative", ...extra },
    });
  const groupDeleted = step("delete", "ImGroup", "eng", { old: groupInputs });
  const only = (report: ChangeReport): MemberChanges => membersOf(report, "eng-members").members!;

  it("leaves the members in the group (summary in state): shown as deleted with its count, no one removed", () => {
    const report = build([deleted(summary(3))]);
    expect(only(report)).to.deep.equal({
      added: [],
      removed: [],
      changed: [],
      before: 3,
      after: 0,
      notes: [],
      onDelete: "kept",
    });
    expect(report.summary.members.removed).to.equal(0);
    const markdown = renderMarkdown(report);
    expect(markdown).to.include("**ImGroupMembers** `eng-members`: DELETE");
    expect(markdown).to.include(
      "Members: 3 members stay in the group (deleting a member set removes no one unless removeMembersOnDelete is set)",
    );
  });

  it("leaves the members in the group (v1 map in state): none is listed as removed", () => {
    const report = build([deleted({ alice: { role: "Admin" }, bob: { role: "Member" } })]);
    expect(only(report)).to.deep.include({ removed: [], before: 2, onDelete: "kept" });
    expect(renderText(report)).to.not.include("Removed");
    expect(report.summary.members.removed).to.equal(0);
  });

  it("removes them with removeMembersOnDelete, counted even when the accounts are not listed", () => {
    const report = build([deleted(summary(3), { removeMembersOnDelete: true })]);
    expect(only(report)).to.deep.include({ before: 3, onDelete: "removed", unlisted: true });
    expect(only(report).notes).to.deep.equal([
      "the accounts are not listed: state records a summary of the members",
    ]);
    expect(report.summary.members.removed).to.equal(3);
    expect(renderMarkdown(report)).to.include("Members: 3 → 0 members: all removed (removeMembersOnDelete)");

    const listed = build([deleted({ a: {}, b: {} }, { removeMembersOnDelete: true })]);
    expect(only(listed).removed.map((m) => m.account)).to.deep.equal(["a", "b"]);
    expect(renderMarkdown(listed)).to.include("- Removed (2): `a`, `b`");
  });

  it("says the members go with a group that is deleted too", () => {
    const report = build([groupDeleted, deleted(summary(3))]);
    expect(only(report)).to.deep.include({ onDelete: "group-deleted", unlisted: true });
    expect(report.summary.members.removed).to.equal(3);
    expect(renderMarkdown(report)).to.include("Members: 3 → 0 members: removed with the group");
  });
});
