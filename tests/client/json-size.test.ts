/** jsonByteLength (json-size.ts): the bytes JSON.stringify would write, without its stack limit. */
import { jsonByteLength } from "@imgroups/tencentcloud-im/client/json-size";
import { expect } from "chai";

describe("client jsonByteLength", () => {
  it("matches Buffer.byteLength(JSON.stringify(value)) for JSON-shaped values", () => {
    const samples: unknown[] = [
      null,
      0,
      -1.5e-7,
      9_999_999_999,
      true,
      "",
      'quote " backslash \\ newline \n NUL \u0000 名前 😀',
      [],
      {},
      [1, "two", null, [3], { four: 4 }],
      { GroupId: "g", ErrorCode: 0, MemberList: [{ Member_Account: "__proto__", Role: "Member" }] },
      JSON.parse('{"__proto__":{"a":1},"constructor":[],"":""}'),
      { skipped: undefined, fn: () => 1, kept: 1 },
      [undefined, () => 1],
    ];
    for (const value of samples) {
      expect(jsonByteLength(value), JSON.stringify(value)).to.equal(Buffer.byteLength(JSON.stringify(value)));
    }
  });

  it("measures a value nested 100,000 levels deep, which JSON.stringify cannot", () => {
    const deep = JSON.parse(`${"[".repeat(100_000)}${"]".repeat(100_000)}`);
    expect(() => JSON.stringify(deep)).to.throw(RangeError);
    expect(jsonByteLength(deep)).to.equal(200_000);
  });
});
