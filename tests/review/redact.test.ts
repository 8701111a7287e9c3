/** Clearing stack secrets from messages, and the value helpers every renderer relies on. */

import { formatCount, redactorFor, secretsOfConfig, showValue } from "@imgroups/tencentcloud-im/review/index";
import { expect } from "chai";

describe("review: redaction", () => {
  it("clears a secret in plain, JSON-escaped and URL-encoded form, longest first", () => {
    const redact = redactorFor(['k3y"/+x', "k3y"]);
    expect(redact('a k3y"/+x b')).to.equal("a [secret] b");
    expect(redact('a "k3y\\"/+x" b')).to.equal('a "[secret]" b');
    expect(redact("a k3y%22%2F%2Bx b")).to.equal("a [secret] b");
    expect(redact("k3y alone")).to.equal("[secret] alone");
  });

  it("takes the secret values of `pulumi config --json --show-secrets`, structured ones too", () => {
    const config = {
      "tencentcloud-im:secretKey": { value: "abc123", secret: true },
      "tencentcloud-im:endpoint": { value: "http://x", secret: false },
      "app:nested": { value: "{...}", objectValue: { a: ["deep-secret"] }, secret: true },
    };
    expect(secretsOfConfig(config).sort()).to.deep.equal(["abc123", "deep-secret", "{...}"]);
    expect(secretsOfConfig(null)).to.deep.equal([]);
  });

  it("ignores empty secrets instead of matching everywhere", () => {
    expect(redactorFor(["", ""])("text")).to.equal("text");
  });
});

describe("review: values", () => {
  it("formats counts without the machine's locale", () => {
    expect([0, 999, 1000, 9990, 1234567].map(formatCount)).to.deep.equal([
      "0",
      "999",
      "1,000",
      "9,990",
      "1,234,567",
    ]);
  });

  it("shows special values as words and cuts long ones", () => {
    expect(showValue({ kind: "secret" })).to.equal("[secret]");
    expect(showValue({ kind: "unknown" })).to.equal("(known after apply)");
    expect(showValue({ kind: "absent" })).to.equal("(not set)");
    expect(showValue({ kind: "value", value: { b: 1, a: 2 } })).to.equal('{"a":2,"b":1}');
    expect(showValue({ kind: "value", value: "群".repeat(300) }, { maxLength: 10 })).to.equal(
      `"${"群".repeat(8)}…`,
    );
  });
});
