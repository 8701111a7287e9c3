/**
 * UserSig v2 verification (docs/api-reference.md §4.2, codes per §4.3): signatures from the official
 * tls-sig-api-v2 package pass, any zlib level passes, and every rejection gets its code.
 */
import { deflateSync } from "node:zlib";
import { ManualClock } from "@imgroups/im-emulator";
import { expect } from "chai";
import { encodeUserSig, type ForgeOptions, forgeUserSig } from "./support/forge";
import { officialUserSig, startTarget, type Target } from "./support/harness";

const KEY = "a-secret-key-only-tests-know-0123456789abcdef0123456789abcdef";
const NOW = 1_750_000_000;

describe("UserSig v2 verification", () => {
  let t: Target;
  let clock: ManualClock;
  const base = (): ForgeOptions => ({
    sdkAppId: t.emulator.sdkAppId,
    identifier: "administrator",
    secretKey: KEY,
    time: NOW - 60,
    expire: 86_400,
  });
  /** Calls get_appid_group_list as `identifier` with `usersig`. */
  const callWith = (usersig: string, identifier = "administrator") =>
    t.call("get_appid_group_list", {}, { usersig, identifier });

  before(async () => {
    clock = new ManualClock(NOW * 1000);
    t = await startTarget("memory", {
      secretKey: KEY,
      clock,
      rateLimitPerSecond: 0,
      adminIdentifiers: ["administrator", "ops"],
    });
  });
  beforeEach(() => clock.set(NOW * 1000));
  after(async () => {
    await t.close();
  });

  describe("accepted", () => {
    it("a UserSig from the official tls-sig-api-v2 package", async () => {
      clock.set(Date.now()); // the package stamps the real time
      const sig = officialUserSig(t.emulator.sdkAppId, KEY, "administrator", 3600);
      expect(sig.startsWith("eJ"), "default zlib level").to.equal(true);
      expect(await callWith(sig)).to.include({ ActionStatus: "OK", ErrorCode: 0 });
    });

    it("a UserSig from the official package for a second App admin", async () => {
      clock.set(Date.now());
      expect(await callWith(officialUserSig(t.emulator.sdkAppId, KEY, "ops", 3600), "ops")).to.include({
        ErrorCode: 0,
      });
    });

    for (const level of [0, 1, 9]) {
      it(`zlib level ${level}${level === 0 ? " (what the Go library emits)" : ""}`, async () => {
        const sig = forgeUserSig({ ...base(), level });
        if (level === 0) expect(sig.startsWith("eA")).to.equal(true);
        expect(await callWith(sig)).to.include({ ErrorCode: 0 });
      });
    }

    it("numeric fields written as decimal strings", async () => {
      expect(await callWith(forgeUserSig({ ...base(), numbersAsStrings: true }))).to.include({
        ErrorCode: 0,
      });
    });

    it("up to and including the last second of its lifetime", async () => {
      clock.set((NOW - 60 + 86_400) * 1000);
      expect(await callWith(forgeUserSig(base()))).to.include({ ErrorCode: 0 });
    });
  });

  describe("rejected", () => {
    const cases: [rule: string, sig: () => string, code: number, info: string, identifier?: string][] = [
      [
        "§4.3 70001 expired: now > TLS.time + TLS.expire",
        () => forgeUserSig({ ...base(), time: NOW - 100, expire: 99 }),
        70001,
        `expired at ${NOW - 1}`,
      ],
      [
        "§4.3 70003 not in the UserSig alphabet",
        () => "abc+def/==",
        70003,
        "not in the UserSig base64 alphabet",
      ],
      [
        "§4.3 70003 base64 but not zlib",
        () => encodeUserSig(Buffer.from("plain text, not compressed")),
        70003,
        "not a zlib-compressed JSON document",
      ],
      [
        "§4.3 70003 zlib but not JSON",
        () => encodeUserSig(deflateSync(Buffer.from("{not json"))),
        70003,
        "not a zlib-compressed JSON document",
      ],
      [
        "§4.2 v1 (ECDSA) signatures are refused",
        () => forgeUserSig({ ...base(), version: "1.0" }),
        70003,
        'TLS.ver "1.0" is not "2.0"',
      ],
      [
        "§4.2 step 5 a userbuf signature is not a plain UserSig",
        () => forgeUserSig({ ...base(), userbuf: "AAAA" }),
        70003,
        "a userbuf signature is not a UserSig",
      ],
      [
        "§4.3 70003 a required field is missing",
        () =>
          encodeUserSig(
            deflateSync(Buffer.from(JSON.stringify({ "TLS.ver": "2.0", "TLS.identifier": "administrator" }))),
          ),
        70003,
        "field is missing",
      ],
      [
        "§4.3 70009 signed with another key",
        () => forgeUserSig({ ...base(), secretKey: "another-key" }),
        70009,
        "does not match the app's secret key",
      ],
      [
        "§4.3 70009 a tampered TLS.sig",
        () => forgeUserSig({ ...base(), sig: "AAAA" }),
        70009,
        "does not match",
      ],
      [
        "§4.3 70013 signed for another identifier",
        () => forgeUserSig({ ...base(), identifier: "ops" }),
        70013,
        'TLS.identifier "ops" is not the identifier "administrator"',
      ],
      [
        "§4.2 step 3 identifiers compare case-sensitively",
        () => forgeUserSig({ ...base(), identifier: "Administrator" }),
        70013,
        'TLS.identifier "Administrator"',
      ],
      [
        "§4.3 70014 signed for another SDKAppID",
        () => forgeUserSig({ ...base(), sdkAppId: 1400000001 }),
        70014,
        "TLS.sdkappid 1400000001 is not 1400000000",
      ],
      [
        "§4.2 a signature by the wrong key for the wrong identifier fails on the identifier first (Go order)",
        () => forgeUserSig({ ...base(), identifier: "ops", secretKey: "nope" }),
        70013,
        "TLS.identifier",
      ],
    ];
    for (const [rule, sig, code, info, identifier] of cases) {
      it(rule, async () => {
        const answer = await callWith(sig(), identifier);
        expect(answer, JSON.stringify(answer)).to.include({ ActionStatus: "FAIL", ErrorCode: code });
        expect(answer.ErrorInfo).to.include(info);
      });
    }

    it("a good signature keeps failing once it expires (no stale cache)", async () => {
      const sig = forgeUserSig({ ...base(), expire: 120 });
      expect(await callWith(sig)).to.include({ ErrorCode: 0 });
      clock.set((NOW + 61) * 1000);
      expect(await callWith(sig)).to.include({ ErrorCode: 70001 });
    });

    it("a good signature of one identifier is not accepted for another (no stale cache)", async () => {
      const sig = forgeUserSig(base());
      expect(await callWith(sig)).to.include({ ErrorCode: 0 });
      expect(await callWith(sig, "ops")).to.include({ ErrorCode: 70013 });
    });

    it("ErrorInfo never contains the secret key or the UserSig", async () => {
      const sig = forgeUserSig({ ...base(), secretKey: "another-key" });
      const answer = await callWith(sig);
      expect(answer.ErrorInfo).not.to.include(KEY);
      expect(answer.ErrorInfo).not.to.include(sig);
    });
  });
});
