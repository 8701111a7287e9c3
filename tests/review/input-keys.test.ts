/**
 * Any string is input (issue 14.1, the review/drift part): accounts and custom-data keys named
 * like Object.prototype's members are compared, listed and rendered like any other name; names
 * with control characters cannot break a report's lines; a preview nested 100,000 levels deep is
 * refused, not a stack overflow. The maps are built with JSON.parse, as the preview's are (an
 * object literal `{ __proto__: … }` would set the prototype instead of making a key).
 */
import {
  buildReport,
  diffMembers,
  PreviewParseError,
  parsePreview,
  renderMarkdown,
  renderText,
} from "@imgroups/tencentcloud-im/review/index";
import { expect } from "chai";
import { previewText, step } from "./previews";

/** The names that collide with Object.prototype (and `__proto__`, its accessor). */
const PROTOTYPE_NAMES = ["__proto__", "constructor", "hasOwnProperty", "toString", "valueOf"];

/** A members map (account → spec) as JSON.parse builds it. */
const membersOf = (accounts: string[], role = "Member"): Record<string, unknown> =>
  JSON.parse(JSON.stringify(Object.fromEntries(accounts.map((a) => [a, { role }]))));

describe("review: any string is input (issue 14.1)", () => {
  it("lists such accounts as added when they are declared and not present", () => {
    const result = diffMembers(membersOf(["alice"]), membersOf(["alice", ...PROTOTYPE_NAMES]));
    expect(result.added.map((m) => m.account)).to.deep.equal([...PROTOTYPE_NAMES].sort());
    expect(result.removed).to.deep.equal([]);
    expect(result.changed).to.deep.equal([]);
    expect([result.before, result.after]).to.deep.equal([1, 6]);
  });

  it("lists such accounts as removed when they are present and not declared", () => {
    const result = diffMembers(membersOf(PROTOTYPE_NAMES), membersOf([]));
    expect(result.removed.map((m) => m.account)).to.deep.equal([...PROTOTYPE_NAMES].sort());
    expect(result.added).to.deep.equal([]);
  });

  it("compares such accounts' fields when both sides have them", () => {
    const result = diffMembers(membersOf(PROTOTYPE_NAMES), membersOf(PROTOTYPE_NAMES, "Admin"));
    expect(result.changed.map((m) => [m.account, m.fields.map((f) => f.field)])).to.deep.equal(
      [...PROTOTYPE_NAMES].sort().map((a) => [a, ["role"]]),
    );
  });

  it("gives such accounts their drift origin from the recorded state, not from Object.prototype", () => {
    // Live has them, the last update recorded none of them, the program declares none: added outside.
    const live = membersOf(["alice", ...PROTOTYPE_NAMES]);
    const result = diffMembers(live, membersOf(["alice"]), membersOf(["alice"]));
    expect(result.removed.map((m) => [m.account, m.origin])).to.deep.equal(
      [...PROTOTYPE_NAMES].sort().map((a) => [a, "outside"]),
    );
    // Declared and recorded, not live: removed outside Pulumi.
    const gone = diffMembers(membersOf([]), membersOf(PROTOTYPE_NAMES), membersOf(PROTOTYPE_NAMES));
    expect(gone.added.map((m) => m.origin)).to.deep.equal(PROTOTYPE_NAMES.map(() => "outside"));
  });

  it("shows a custom-data key added or removed as not set on the other side", () => {
    const data = (keys: string[]) =>
      JSON.parse(JSON.stringify(Object.fromEntries(keys.map((k) => [k, "v"]))));
    const preview = parsePreview(
      previewText([
        step("update", "ImGroup", "g", {
          old: { groupId: "g-room", name: "G", appDefinedData: data(["tier"]) },
          new: { groupId: "g-room", name: "G", appDefinedData: data(["tier", ...PROTOTYPE_NAMES]) },
        }),
        step("update", "ImGroup", "h", {
          old: { groupId: "h-room", name: "H", appDefinedData: data(PROTOTYPE_NAMES) },
          new: { groupId: "h-room", name: "H", appDefinedData: data([]) },
        }),
      ]),
    );
    const report = buildReport(preview, "review");
    const fields = (id: string) =>
      report.groups
        .find((g) => g.groupId === id)!
        .resources[0]!.fields.map((f) => [f.field, f.before, f.after]);
    const absent = { kind: "absent" };
    const v = { kind: "value", value: "v" };
    const names = [...PROTOTYPE_NAMES].sort().map((k) => `appDefinedData.${k}`);
    expect(fields("g-room")).to.deep.equal(names.map((n) => [n, absent, v]));
    expect(fields("h-room")).to.deep.equal(names.map((n) => [n, v, absent]));
  });

  it("gives a custom-data key its drift origin from the recorded state", () => {
    const data = (entries: Record<string, string>) => JSON.parse(JSON.stringify(entries));
    const text = previewText([
      {
        ...step("refresh", "ImGroup", "g", {
          old: { groupId: "g-room", appDefinedData: data({ tier: "gold" }) },
          new: { groupId: "g-room", appDefinedData: data({ tier: "gold", constructor: "x" }) },
        }),
      },
      step("update", "ImGroup", "g", {
        old: { groupId: "g-room", appDefinedData: data({ tier: "gold", constructor: "x" }) },
        new: { groupId: "g-room", appDefinedData: data({ tier: "gold" }) },
      }),
    ]);
    const [field] = buildReport(parsePreview(text), "drift").groups[0]!.resources[0]!.fields;
    expect(field).to.deep.equal({
      field: "appDefinedData.constructor",
      before: { kind: "value", value: "x" },
      after: { kind: "absent" },
      origin: "outside",
    });
  });

  it("finds the recorded value of a custom-data key that contains a dot", () => {
    const data = (entries: Record<string, string>) => ({ appDefinedData: entries, groupId: "g-room" });
    const text = previewText([
      step("refresh", "ImGroup", "g", { old: data({ "a.b": "declared" }), new: data({ "a.b": "edited" }) }),
      step("update", "ImGroup", "g", { old: data({ "a.b": "edited" }), new: data({ "a.b": "declared" }) }),
    ]);
    const [field] = buildReport(parsePreview(text), "drift").groups[0]!.resources[0]!.fields;
    expect([field!.field, field!.origin]).to.deep.equal(["appDefinedData.a.b", "outside"]);
  });

  it("renders such names literally: Markdown never reads `__proto__` as emphasis", () => {
    const data = JSON.parse('{"__proto__": "v"}');
    const members = (accounts: string[]) => membersOf(accounts);
    const preview = parsePreview(
      previewText([
        step("update", "ImGroup", "g", {
          old: { groupId: "g-room", name: "G", appDefinedData: {} },
          new: { groupId: "g-room", name: "G", appDefinedData: data },
        }),
        step("update", "ImGroupMembers", "g-members", {
          old: { groupId: "g-room", members: members(["alice"]) },
          new: { groupId: "g-room", members: members(["alice", "__proto__", "toString"]) },
        }),
      ]),
    );
    const report = buildReport(preview, "review");
    const markdown = renderMarkdown(report);
    expect(markdown).to.include('| appDefinedData.\\_\\_proto\\_\\_ | _(not set)_ | `"v"` |');
    expect(markdown).to.include("- Added (2): `__proto__`, `toString`");
    const text = renderText(report);
    expect(text).to.include('appDefinedData.__proto__: (not set) → "v"');
    expect(text).to.include("Added (2): __proto__, toString");
  });

  it("shows control characters in names as \\u escapes: no name ends a line or colours a terminal", () => {
    const hostile = ["evil\n\n## Approved, merge away", "nul\u0000", "red\u001b[31m", "sep\u2028x"];
    const preview = parsePreview(
      previewText([
        step("update", "ImGroupMembers", "g\nmembers", {
          old: { groupId: "g\u001b[0mroom", members: membersOf([]) },
          new: { groupId: "g\u001b[0mroom", members: membersOf(hostile) },
        }),
      ]),
    );
    const report = buildReport(preview, "review");
    for (const output of [renderMarkdown(report), renderText(report)]) {
      expect(output).to.not.match(/[\p{Cc}\u2028\u2029](?<!\n)/u);
      expect(output.split("\n").filter((line) => line.startsWith("## Approved"))).to.deep.equal([]);
      expect(output).to.include("evil\\u000a\\u000a## Approved, merge away");
      expect(output).to.include("g\\u001b[0mroom");
      expect(output).to.include("nul\\u0000");
    }
  });

  it("refuses a preview nested 100,000 levels deep with a parse error, not a stack overflow", () => {
    const text = previewText([
      step("update", "ImGroup", "g", {
        old: { groupId: "g", appDefinedData: { k: "a" } },
        new: { groupId: "g", appDefinedData: { k: "DEEP" } },
      }),
    ]).replace('"DEEP"', `${"[".repeat(100_000)}${"]".repeat(100_000)}`);
    expect(() => parsePreview(text)).to.throw(PreviewParseError, /nested deeper than 256 levels/);
  });
});
