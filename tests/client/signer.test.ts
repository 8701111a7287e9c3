import { createHmac } from "node:crypto";
import { inspect } from "node:util";
import { inflateSync } from "node:zlib";
import { randomUint32, UserSigSigner } from "@imgroups/tencentcloud-im/client/signer";
import { expect } from "chai";
import { startIm } from "./helpers";

/** Decodes and verifies a UserSig as docs/api-reference.md §4.2 describes. */
function verify(userSig: string, secretKey: string): Record<string, unknown> {
  const base64 = userSig.replace(/\*/g, "+").replace(/-/g, "/").replace(/_/g, "=");
  const doc = JSON.parse(inflateSync(Buffer.from(base64, "base64")).toString("utf8")) as Record<
    string,
    unknown
  >;
  const content =
    `TLS.identifier:${doc["TLS.identifier"]}\nTLS.sdkappid:${doc["TLS.sdkappid"]}\n` +
    `TLS.time:${doc["TLS.time"]}\nTLS.expire:${doc["TLS.expire"]}\n`;
  expect(createHmac("sha256", secretKey).update(content).digest("base64")).to.equal(doc["TLS.sig"]);
  return doc;
}

describe("client signing", () => {
  const HOUR = 3_600_000;

  function signer(now: () => number) {
    return new UserSigSigner({
      sdkAppId: 1400000001,
      identifier: "administrator",
      secretKey: "unit-secret",
      lifetimeSeconds: 86_400,
      renewBeforeSeconds: 3_600,
      now,
    });
  }

  it("signs a UserSig v2 for the admin with the configured lifetime", () => {
    const doc = verify(signer(Date.now).userSig(), "unit-secret");
    expect(doc).to.include({
      "TLS.ver": "2.0",
      "TLS.identifier": "administrator",
      "TLS.sdkappid": 1400000001,
    });
    expect(doc["TLS.expire"]).to.equal(86_400);
  });

  it("caches the signature and renews it an hour before expiry (injected clock)", () => {
    let now = 1_000_000;
    const s = signer(() => now);
    const first = s.userSig();
    expect(s.issued).to.equal(1);
    expect(s.expiresAt).to.equal(1_000_000 + 24 * HOUR);

    now += 22 * HOUR;
    expect(s.userSig()).to.equal(first);
    expect(s.issued).to.equal(1);

    now += HOUR; // 23 h: inside the renewal margin
    s.userSig();
    expect(s.issued).to.equal(2);
    expect(s.expiresAt).to.equal(now + 24 * HOUR);
    s.userSig();
    expect(s.issued).to.equal(2);
  });

  it("keeps the secret key out of inspect and JSON output", () => {
    const s = signer(Date.now);
    s.userSig();
    expect(JSON.stringify(s)).not.to.contain("unit-secret");
    expect(inspect(s, { showHidden: true, depth: 10 })).not.to.contain("unit-secret");
  });

  it("draws a fresh uint32 for every request", () => {
    const values = Array.from({ length: 1000 }, randomUint32);
    for (const value of values)
      expect(Number.isInteger(value) && value >= 0 && value <= 0xffffffff).to.equal(true);
    expect(new Set(values).size).to.be.greaterThan(990);
  });

  it("renews the UserSig of a live client with an injected clock, and the emulator accepts both", async () => {
    const im = await startIm();
    let now = Date.now();
    const client = im.client({ now: () => now });
    try {
      await client.accountImport({ UserID: "clock-1" });
      await client.accountImport({ UserID: "clock-2" });
      expect(client.stats().userSigsIssued).to.equal(1);
      now += 23 * HOUR + 1; // past lifetime (24 h) minus the renewal margin (1 h)
      await client.accountImport({ UserID: "clock-3" });
      expect(client.stats().userSigsIssued).to.equal(2);
      const checked = await client.accountCheck(["clock-1", "clock-2", "clock-3"]);
      expect(checked.map((r) => r.AccountStatus)).to.deep.equal(["Imported", "Imported", "Imported"]);
    } finally {
      await im.close();
    }
  });
});
