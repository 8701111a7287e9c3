/**
 * The exporter's YAML emitter (topology/emit.ts): every value it writes parses back to itself with
 * the reader's parser, as YAML 1.2 and as YAML 1.1 (what older editors and tools read), in block and
 * flow context, for hostile strings (indicators, reserved words, numbers, control and format
 * characters, lone surrogates, line separators) and for seeded random strings; and the layout is
 * the one people edit (plain where safe, one member a line, literal blocks for several lines).
 */
import { documentText, type EmitValue, flowText } from "@imgroups/tencentcloud-im/topology/emit";
import { expect } from "chai";
import { parseDocument } from "yaml";
import { mulberry32 } from "../support/seeded-random";

/** Parses like topology/read.ts (unique keys), maps as Maps so key order and odd keys compare. */
function parse(text: string, version: "1.1" | "1.2" = "1.2"): unknown {
  // Only what YAML 1.2 §5.1 allows in a stream (c-printable), and no NEL a 1.1 reader breaks at.
  expect(text).not.to.match(
    /[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]|[\u2028\u2029\ufeff]/u,
  );
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, version });
  expect(
    doc.errors.map((e) => e.message),
    text,
  ).to.deep.equal([]);
  expect(
    doc.warnings.map((e) => e.message),
    text,
  ).to.deep.equal([]);
  return doc.toJS({ mapAsMap: true });
}

/** Strings any YAML writer must get right. */
const HOSTILE = [
  "",
  " ",
  " lead",
  "trail ",
  "a\tb",
  "@TGS#2J4SZEAEL",
  "#comment",
  "a #b",
  "a: b",
  "a:b",
  "key:",
  "- item",
  "-",
  "?",
  "? x",
  "[x]",
  "{x}",
  "a, b",
  "a,b",
  "*alias",
  "&anchor",
  "!tag",
  "%directive",
  "|",
  ">",
  "'single'",
  '"double"',
  "it's",
  "back\\slash",
  "`tick`",
  "<<",
  "=",
  "~",
  "null",
  "Null",
  "NULL",
  "true",
  "False",
  "yes",
  "No",
  "on",
  "OFF",
  "y",
  "N",
  "0",
  "007",
  "0x1F",
  "0o17",
  "1_000",
  "1e3",
  "-1",
  "+1",
  ".5",
  ".inf",
  "-.Inf",
  ".NaN",
  "1:20",
  "2026-12-06",
  "line1\nline2",
  "line1\n\nline3",
  "line1\n  indented\nline3",
  "\nleading newline",
  "trailing newline\n",
  "two trailing\n\n",
  "cr\r\nlf",
  "\u0000nul",
  "bell\u0007",
  "del\u007f",
  "c1\u0085\u009f",
  "ls\u2028ps\u2029",
  "bom\ufeff",
  "nonchar\ufffe\uffff",
  "lone \ud800 surrogate",
  "lone \udfff low",
  "zwj 👨‍👩‍👧",
  "工程部 Engineering",
  "卡 3 🐼",
  "周一开会 📅",
  "__proto__",
  "constructor",
  "a".repeat(5000),
  "x y  z",
];

/** Characters the random strings are drawn from: every class the emitter tells apart. */
const ALPHABET = [
  ..."aZ_09 \t\n\r:#,[]{}&*!|>'\"%@`-?.+=~<\\/()",
  "\u0000",
  "\u001f",
  "\u007f",
  "\u0085",
  "\u00a0",
  "\u2028",
  "\ufeff",
  "\uffff",
  "\ud800",
  "\udc00",
  "工",
  "🐼",
  "\u200d",
  "\u0301",
];

function randomString(next: () => number): string {
  const length = Math.floor(next() * 12);
  let text = "";
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return text;
}

/** `value` in every place the exporter writes a string: a group field, a data key and value, a member. */
function documentWith(value: string): { text: string; expected: unknown } {
  // Keys are at most 16 bytes in the API; the emitter refuses keys too long to be implicit keys.
  const key = value.length > 1000 ? "long" : value;
  const content = new Map<string, EmitValue>([
    [
      "groups",
      [
        new Map<string, EmitValue>([
          ["groupId", value],
          ["appDefinedData", new Map([[key, value]])],
          [
            "members",
            [
              new Map<string, EmitValue>([
                ["account", value],
                ["data", new Map([[key, null]])],
              ]),
              value,
            ],
          ],
        ]),
      ],
    ],
  ]);
  return { text: documentText(" c", content, new Set(["members"])), expected: content };
}

describe("topology emit (the exporter's YAML)", () => {
  it("writes every hostile string so that it parses back to itself, in block and flow context", () => {
    for (const value of HOSTILE) {
      const { text, expected } = documentWith(value);
      expect(parse(text), JSON.stringify(value)).to.deep.equal(expected);
    }
  });

  it("writes nothing a YAML 1.1 reader takes for a boolean, number, null or line break", () => {
    for (const value of HOSTILE) {
      const { text, expected } = documentWith(value);
      expect(parse(text, "1.1"), JSON.stringify(value)).to.deep.equal(expected);
    }
  });

  it("round-trips 20,000 seeded random strings", () => {
    const next = mulberry32(20261206);
    for (let i = 0; i < 20_000; i++) {
      const value = randomString(next);
      const { text, expected } = documentWith(value);
      expect(parse(text), `case ${i}: ${JSON.stringify(value)}`).to.deep.equal(expected);
    }
  });

  it("writes numbers, booleans, null and empty collections as themselves", () => {
    const content = new Map<string, EmitValue>([
      ["count", 200],
      ["neg", -1],
      ["yes", true],
      ["off", false],
      ["none", null],
      ["map", new Map()],
      ["list", []],
    ]);
    const text = documentText(" c", content);
    expect(text).to.equal(
      '# c\n\ncount: 200\nneg: -1\n"yes": true\n"off": false\nnone: null\nmap: {}\nlist: []\n',
    );
    expect(parse(text)).to.deep.equal(content);
    expect(() => flowText(Number.NaN)).to.throw(/NaN is not a YAML number/);
  });

  it("keeps the layout people edit: plain where safe, one member a line, a literal block for several lines", () => {
    const text = documentText(
      " yaml-language-server: $schema=../topology.schema.json",
      new Map([
        [
          "groups",
          [
            new Map<string, EmitValue>([
              ["groupId", "@TGS#1037CLZ5Z"],
              ["name", "工程部 4270 🚀"],
              ["notification", "Stand-up at 10:00\nRetro on Friday"],
              ["appDefinedData", new Map([["tier", "gold"]])],
              [
                "members",
                [
                  new Map<string, EmitValue>([
                    ["account", "user-1"],
                    ["nameCard", ""],
                    ["appMemberDefinedData", new Map([["level", "3"]])],
                  ]),
                  "dave",
                ],
              ],
            ]),
          ],
        ],
      ]),
      new Set(["members"]),
    );
    expect(text).to.equal(
      [
        "# yaml-language-server: $schema=../topology.schema.json",
        "",
        "groups:",
        '  - groupId: "@TGS#1037CLZ5Z"',
        "    name: 工程部 4270 🚀",
        "    notification: |-",
        "      Stand-up at 10:00",
        "      Retro on Friday",
        "    appDefinedData:",
        "      tier: gold",
        "    members:",
        '      - { account: user-1, nameCard: "", appMemberDefinedData: { level: "3" } }',
        "      - dave",
        "",
      ].join("\n"),
    );
  });

  it("refuses a key too long to be an implicit key, naming its length", () => {
    expect(() => documentText(" c", new Map([["k".repeat(1001), 1]]))).to.throw(
      RangeError,
      /a key of 1001 characters is over 1000/,
    );
  });
});
