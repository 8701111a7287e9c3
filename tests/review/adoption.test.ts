/**
 * The review model and renderers for adoption and release: an adopting ImGroup shows what the first
 * `up` changes on the live group (from the provider's adoption report), never its declared inputs
 * as a create; deleting an ImGroup that releases its group reads RELEASE, distinct from a DELETE
 * that destroys it.
 */
import { encodeAdoptionDiagnostic } from "@imgroups/tencentcloud-im/review/adoption-diagnostic";
import { buildReport } from "@imgroups/tencentcloud-im/review/diff";
import { parsePreview } from "@imgroups/tencentcloud-im/review/preview";
import { renderMarkdown } from "@imgroups/tencentcloud-im/review/render-markdown";
import { renderText } from "@imgroups/tencentcloud-im/review/render-text";
import { expect } from "chai";
import { previewText, step, urnOf } from "./previews";

const declared = { type: "Public", groupId: "@TGS#2AAAAAAAA", name: "After", notification: "n", adopt: true };

function report(steps: unknown[], diagnostics: unknown[] = []) {
  return buildReport(parsePreview(previewText(steps, diagnostics)), "review");
}

describe("review: adoption and release", () => {
  it("an adoption shows exactly the fields its first up changes, old → new", () => {
    const built = report(
      [step("create", "ImGroup", "legacy", { new: declared })],
      [
        {
          urn: urnOf("ImGroup", "legacy"),
          severity: "info",
          message: encodeAdoptionDiagnostic({
            groupId: "@TGS#2AAAAAAAA",
            changes: [
              { field: "name", before: "Before", after: "After" },
              { field: "notification", secret: true },
            ],
          }),
        },
      ],
    );
    expect(built.errors).to.deep.equal([]);
    expect(built.summary.groups.adopt).to.equal(1);
    const [resource] = built.groups[0]!.resources;
    expect(resource!.action).to.equal("adopt");
    expect(resource!.fields).to.deep.equal([
      { field: "name", before: { kind: "value", value: "Before" }, after: { kind: "value", value: "After" } },
      { field: "notification", before: { kind: "secret" }, after: { kind: "secret" } },
    ]);
    const text = renderText(built);
    expect(text).to.include("@TGS#2AAAAAAAA: adopt");
    expect(text).to.not.include("type");
  });

  it("a new member set of an adopted group is part of the adoption: its member report, not its declared settings", () => {
    const built = report([
      step("create", "ImGroup", "legacy", { new: declared }),
      step("create", "ImGroupMembers", "legacy-members", {
        new: { groupId: "@TGS#2AAAAAAAA", mode: "authoritative", members: "2 members · sha256:1f2e3d4c5b6a" },
      }),
    ]);
    const [, members] = built.groups[0]!.resources;
    expect(members!.action).to.equal("adopt");
    expect(members!.fields).to.deep.equal([]);
    expect(renderText(built)).to.not.include("mode");
  });

  it("an adoption that changes nothing says so, and one without a report says it is not known", () => {
    const quiet = report(
      [step("create", "ImGroup", "legacy", { new: declared })],
      [
        {
          urn: urnOf("ImGroup", "legacy"),
          severity: "info",
          message: encodeAdoptionDiagnostic({ groupId: "@TGS#2AAAAAAAA", changes: [] }),
        },
      ],
    );
    const [resource] = quiet.groups[0]!.resources;
    expect(resource!.fields).to.deep.equal([]);
    expect(resource!.notes).to.deep.equal([
      "adopts the live group as it is: the first up writes nothing to it",
    ]);
    const unknown = report([step("create", "ImGroup", "legacy", { new: declared })]);
    expect(unknown.groups[0]!.resources[0]!.notes[0]).to.match(/carries no adoption report/);
    // A malformed report is ignored, never thrown.
    const malformed = report(
      [step("create", "ImGroup", "legacy", { new: declared })],
      [{ urn: urnOf("ImGroup", "legacy"), severity: "info", message: "imgroups-adoption/v1 {not json" }],
    );
    expect(malformed.groups[0]!.resources[0]!.notes[0]).to.match(/carries no adoption report/);
  });

  it("release and destroy read distinctly: an adopted group is released by default, onDelete decides", () => {
    const built = report([
      step("delete", "ImGroup", "adopted", { old: { ...declared } }),
      step("delete", "ImGroup", "made", { old: { type: "Public", groupId: "made", name: "Made" } }),
      step("delete", "ImGroup", "kept", {
        old: { type: "Public", groupId: "kept", name: "Kept", onDelete: "release" },
      }),
      step("delete", "ImGroup", "doomed", {
        old: { ...declared, groupId: "@TGS#2BBBBBBBB", onDelete: "destroy" },
      }),
    ]);
    expect(built.groups.map((g) => [g.groupId, g.action])).to.deep.equal([
      ["@TGS#2AAAAAAAA", "release"],
      ["@TGS#2BBBBBBBB", "delete"],
      ["kept", "release"],
      ["made", "delete"],
    ]);
    const text = renderText(built);
    expect(text).to.include("@TGS#2AAAAAAAA: RELEASE");
    expect(text).to.include("will be RELEASED, not destroyed: the group stays live");
    expect(text).to.include("made: DELETE");
    expect(text).to.include("will be DELETED with its message history and members.");
    const markdown = renderMarkdown(built);
    expect(markdown).to.include("RELEASE");
    expect(markdown).to.include("DELETE");
  });
});
