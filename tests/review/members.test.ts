/** The member-set diff in isolation: by account, origins in drift mode, secrets, order. */

import { diffMembers, naturalCompare } from "@imgroups/tencentcloud-im/review/index";
import { expect } from "chai";

const m = (role = "Member") => ({ role });

describe("review: member diff", () => {
  it("compares by account, so order and unchanged members never show", () => {
    const before = { a: m(), b: m("Admin"), c: m() };
    const after = { c: m(), b: m("Admin"), a: m() };
    expect(diffMembers(before, after)).to.deep.equal({
      added: [],
      removed: [],
      changed: [],
      before: 3,
      after: 3,
      notes: [],
    });
  });

  it("lists added, removed and changed accounts with their fields", () => {
    const result = diffMembers({ a: m(), b: m() }, { b: { role: "Member", nameCard: "Bee" }, c: m("Admin") });
    expect(result.added).to.deep.equal([{ account: "c", role: "Admin" }]);
    expect(result.removed).to.deep.equal([{ account: "a", role: "Member" }]);
    expect(result.changed).to.deep.equal([
      {
        account: "b",
        fields: [{ field: "nameCard", before: { kind: "absent" }, after: { kind: "value", value: "Bee" } }],
      },
    ]);
  });

  it("in drift mode says whether each difference was made outside Pulumi or is pending", () => {
    const recorded = { a: m(), b: m("Admin"), gone: m() };
    const live = { a: m(), b: m(), intruder: m() };
    const declared = { a: m(), b: m("Admin"), gone: m(), added: m() };
    const result = diffMembers(live, declared, recorded);
    expect(result.added.map((x) => [x.account, x.origin])).to.deep.equal([
      ["added", "pending"],
      ["gone", "outside"],
    ]);
    expect(result.removed.map((x) => [x.account, x.origin])).to.deep.equal([["intruder", "outside"]]);
    expect(result.changed.map((x) => [x.account, x.origin])).to.deep.equal([["b", "outside"]]);
  });

  it("does not list a secret member set, and says why", () => {
    const result = diffMembers({ a: m() }, "[secret]");
    expect(result.added).to.deep.equal([]);
    expect(result.after).to.equal(null);
    expect(result.notes).to.deep.equal(["the declared member set is secret: accounts are not listed"]);
  });

  it("does not compare members whose fields are secret", () => {
    const result = diffMembers({ a: { role: "[secret]" } }, { a: { role: "[secret]" } });
    expect(result.changed).to.deep.equal([]);
    expect(result.notes[0]).to.match(/1 member\(s\) have secret or unknown fields/);
  });

  it("handles 10,000 accounts in natural order", () => {
    const after = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`u${9_999 - i}`, m()]));
    const result = diffMembers({}, after);
    expect(result.added).to.have.length(10_000);
    expect(result.added.slice(0, 3).map((x) => x.account)).to.deep.equal(["u0", "u1", "u2"]);
    expect(result.added.at(-1)!.account).to.equal("u9999");
  });

  it("orders naturally and totally", () => {
    const names = ["u10", "u2", "U1", "u02", "a", "u1b", "u1", "99999999999999999999", "100"];
    expect([...names].sort(naturalCompare)).to.deep.equal([
      "100",
      "99999999999999999999",
      "U1",
      "a",
      "u1",
      "u1b",
      "u02",
      "u2",
      "u10",
    ]);
  });
});
