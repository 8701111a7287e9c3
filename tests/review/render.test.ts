/**
 * Rendering: golden Markdown for captured previews (regenerate with UPDATE_GOLDEN=1 after a
 * deliberate wording change), the comment-size budget with a 10,000-member change, determinism,
 * and the drift exit rule.
 */
import { writeFileSync } from "node:fs";
import {
  buildReport,
  type ChangeReport,
  hasDrift,
  type PreviewJson,
  parsePreview,
  renderJson,
  renderMarkdown,
  renderText,
} from "@imgroups/tencentcloud-im/review/index";
import { expect } from "chai";
import { accounts, fixturePath, readFixture } from "./support";

const load = (name: string) => parsePreview(readFixture(name));

/** The captured several-group preview with the lobby's new member set grown to `count` accounts. */
function withLobby(count: number): PreviewJson {
  const preview = load("review.json");
  const step = preview.steps.find((s) => s.urn.endsWith("::lobby-members"))!;
  step.newState!.inputs!.members = Object.fromEntries(
    accounts("u", count).map((a) => [a, { role: "Member" }]),
  );
  return preview;
}

function golden(name: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(fixturePath(name), actual);
  expect(actual).to.equal(readFixture(name));
}

describe("review: Markdown", () => {
  it("renders the several-group pull request as in review.md", () => {
    golden("review.md", renderMarkdown(buildReport(load("review.json"), "review")));
  });

  it("renders the drift report as in drift.md", () => {
    golden("drift.md", renderMarkdown(buildReport(load("drift-pending.json"), "drift")));
  });

  it("is deterministic: the same input gives byte-identical output", () => {
    const a = renderMarkdown(buildReport(withLobby(500), "review"));
    const b = renderMarkdown(buildReport(withLobby(500), "review"));
    expect(a).to.equal(b);
    expect(a).to.not.match(/\d{4}-\d\d-\d\dT\d\d:/);
  });

  it("summarises a 10,000-member change: the first accounts, then '… and N more'", () => {
    const report = buildReport(withLobby(10_000), "review");
    const markdown = renderMarkdown(report, { maxAccounts: 10 });
    expect(markdown).to.include(
      "- Added (10,000): `u0`, `u1`, `u2`, `u3`, `u4`, `u5`, `u6`, `u7`, `u8`, `u9`, … and 9,990 more",
    );
    expect(markdown).to.include("Members: 0 → 10,000 members: 10,000 added");
    expect(markdown.length).to.be.below(10_000);
  });

  it("always stays within the budget, shortening lists before leaving groups out", () => {
    const report = buildReport(withLobby(10_000), "review");
    const full = renderMarkdown(report, { maxAccounts: 100_000, budget: 1_000_000 });
    expect(full.length).to.be.greaterThan(65_000);
    const fitted = renderMarkdown(report, { maxAccounts: 100_000 });
    expect(fitted.length).to.be.at.most(65_000);
    expect(fitted).to.match(/… and [\d,]+ more/);
    for (const group of report.groups) expect(fitted).to.include(`\`${group.groupId}\``);

    for (const budget of [4_000, 2_000, 1_000, 500]) {
      const small = renderMarkdown(report, { budget });
      expect(small.length, `budget ${budget}`).to.be.at.most(budget);
      // The headline and the loud warnings come first, so they survive any cut.
      expect(small, `budget ${budget}`).to.include("legacy-room");
    }
    expect(renderMarkdown(report, { budget: 2_000 })).to.match(/left out to stay under 2000 characters/);
  });

  it("flags replacements and deletions loudly", () => {
    const markdown = renderMarkdown(buildReport(load("review.json"), "review"));
    expect(markdown).to.include("> [!CAUTION]");
    expect(markdown).to.match(/`legacy-room`\*\* will be DESTROYED .* message history/);
    expect(markdown).to.match(/`sales-room`\*\* will be DELETED/);
    expect(markdown).to.include("### ⚠️ `legacy-room` → `legacy-room-2`: REPLACE");
  });

  it("escapes table cells and code spans", () => {
    const report: ChangeReport = {
      schemaVersion: 1,
      mode: "review",
      groups: [
        {
          groupId: "a`b",
          action: "update",
          resources: [
            {
              kind: "ImGroup",
              name: "g",
              urn: "urn",
              action: "update",
              replaceReasons: [],
              fields: [
                {
                  field: "name",
                  before: { kind: "value", value: "x|y" },
                  after: { kind: "value", value: "z" },
                },
              ],
              notes: [],
            },
          ],
        },
      ],
      summary: {
        groups: { create: 0, adopt: 0, update: 1, replace: 0, delete: 0, release: 0, gone: 0 },
        members: { added: 0, removed: 0, changed: 0 },
        otherResources: 0,
      },
      errors: [],
    };
    const markdown = renderMarkdown(report);
    expect(markdown).to.include("``a`b``");
    expect(markdown).to.include('| name | `"x\\|y"` | `"z"` |');
  });
});

describe("review: text and JSON", () => {
  it("prints one line per changed field, live → declared, with the cause", () => {
    const text = renderText(buildReport(load("drift.json"), "drift"));
    expect(text).to.include('name: "Team (renamed)" → "Team"  [changed outside Pulumi]');
    expect(text).to.include(
      "Declared, missing from the live group: removed outside Pulumi (up --refresh would add them back) (1): bob",
    );
    expect(text).to.include(
      "On the live group, not declared: added outside Pulumi (up --refresh would remove them) (1): extra",
    );
    expect(text).to.include("alice (role Member → Admin)");
  });

  it("writes the model as JSON that parses back to it", () => {
    const report = buildReport(load("drift.json"), "drift");
    expect(JSON.parse(renderJson(report))).to.deep.equal(report);
  });
});

describe("review: drift verdict", () => {
  it("is drift when anything differs, pending program changes included by default", () => {
    expect(hasDrift(buildReport(load("drift-clean.json"), "drift"))).to.equal(false);
    expect(hasDrift(buildReport(load("drift.json"), "drift"))).to.equal(true);
    expect(hasDrift(buildReport(load("drift-secret-only.json"), "drift"))).to.equal(true);
  });

  it("with ignorePending counts only what changed outside Pulumi (or cannot be told)", () => {
    // review.json is an unrefreshed preview: everything in it is a program change.
    expect(hasDrift(buildReport(load("review.json"), "drift"), { ignorePending: true })).to.equal(false);
    expect(hasDrift(buildReport(load("drift-pending.json"), "drift"), { ignorePending: true })).to.equal(
      true,
    );
    expect(hasDrift(buildReport(load("drift-secret-only.json"), "drift"), { ignorePending: true })).to.equal(
      true,
    );
  });
});
