/**
 * UserSig v2 verification (docs/api-reference.md §4.2, in the order of the Go library's VerifyUserSig; codes per
 * §4.3). A UserSig is `base64(zlib(JSON))` with `+/=` replaced by `*-_`; the JSON carries an
 * HMAC-SHA256, keyed by the app secret's UTF-8 bytes, over four `TLS.<field>:<value>\n` lines.
 * Any zlib level is accepted (the Go library does not compress). Old v1 (ECDSA) signatures are refused.
 */

import { createHmac, timingSafeEqual } from "node:crypto";
import { inflateSync } from "node:zlib";
import { ApiRefusal } from "../errors";
import { type Clock, nowSeconds } from "../model/clock";

/** The fields of a decoded v2 UserSig. */
export interface DecodedUserSig {
  /** `TLS.identifier`: whom it was issued to. */
  identifier: string;
  /** `TLS.sdkappid`: which app it was issued for. */
  sdkAppId: number;
  /** Issue time, Unix seconds. */
  time: number;
  /** Lifetime in seconds (not an absolute time). */
  expire: number;
  /** Base64 HMAC-SHA256. */
  sig: string;
  /** Present only on userbuf (PrivateMapKey) signatures, which are not valid as a plain UserSig. */
  userbuf?: string;
}

const ALPHABET = /^[A-Za-z0-9*\-_]+$/;

/** Decodes a UserSig; anything that is not base64 → zlib → v2 JSON is 70003. */
export function decodeUserSig(userSig: string): DecodedUserSig {
  if (!ALPHABET.test(userSig)) throw new ApiRefusal(70003, "usersig: not in the UserSig base64 alphabet");
  let document: Record<string, unknown>;
  try {
    const base64 = userSig.replace(/\*/g, "+").replace(/-/g, "/").replace(/_/g, "=");
    document = JSON.parse(inflateSync(Buffer.from(base64, "base64")).toString("utf8"));
  } catch {
    throw new ApiRefusal(70003, "usersig: not a zlib-compressed JSON document");
  }
  if (typeof document !== "object" || document === null)
    throw new ApiRefusal(70003, "usersig: not a JSON object");
  if (document["TLS.ver"] !== "2.0") {
    throw new ApiRefusal(70003, `usersig: TLS.ver ${JSON.stringify(document["TLS.ver"])} is not "2.0"`);
  }
  const identifier = document["TLS.identifier"];
  const sig = document["TLS.sig"];
  const userbuf = document["TLS.userbuf"];
  const sdkAppId = numeric(document["TLS.sdkappid"]);
  const time = numeric(document["TLS.time"]);
  const expire = numeric(document["TLS.expire"]);
  if (
    typeof identifier !== "string" ||
    typeof sig !== "string" ||
    sdkAppId === undefined ||
    time === undefined ||
    expire === undefined
  ) {
    throw new ApiRefusal(
      70003,
      "usersig: a TLS.identifier, TLS.sdkappid, TLS.time, TLS.expire or TLS.sig field is missing",
    );
  }
  return { identifier, sdkAppId, time, expire, sig, ...(typeof userbuf === "string" ? { userbuf } : {}) };
}

/** The libraries write numbers; a decimal string is tolerated. */
function numeric(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/** The base64 HMAC a v2 UserSig must carry (docs/api-reference.md §4.1 step 3–4). */
export function userSigHmac(secretKey: string, sig: Omit<DecodedUserSig, "sig">): string {
  const content =
    `TLS.identifier:${sig.identifier}\n` +
    `TLS.sdkappid:${sig.sdkAppId}\n` +
    `TLS.time:${sig.time}\n` +
    `TLS.expire:${sig.expire}\n` +
    (sig.userbuf !== undefined ? `TLS.userbuf:${sig.userbuf}\n` : "");
  return createHmac("sha256", secretKey).update(content).digest("base64");
}

/** Bound on remembered good signatures; clients reuse one admin UserSig, so this is generous. */
const CACHE_LIMIT = 1024;

/**
 * Verifies UserSigs for one app. Signatures whose HMAC checked out are remembered, so the hot path is
 * a map lookup plus the cheap identity and expiry checks that must run on every call.
 */
export class UserSigVerifier {
  private readonly good = new Map<string, DecodedUserSig>();

  constructor(
    private readonly sdkAppId: number,
    private readonly secretKey: string,
    private readonly clock: Clock,
  ) {}

  /** Throws the matching 700xx ApiRefusal unless `userSig` is a valid v2 signature of `identifier`. */
  verify(userSig: string, identifier: string): void {
    const known = this.good.get(userSig);
    const sig = known ?? decodeUserSig(userSig);
    if (sig.sdkAppId !== this.sdkAppId) {
      throw new ApiRefusal(70014, `usersig: TLS.sdkappid ${sig.sdkAppId} is not ${this.sdkAppId}`);
    }
    if (sig.identifier !== identifier) {
      throw new ApiRefusal(
        70013,
        `usersig: TLS.identifier ${JSON.stringify(sig.identifier)} is not the identifier ${JSON.stringify(identifier)}`,
      );
    }
    const expiredAt = sig.time + sig.expire;
    const now = nowSeconds(this.clock);
    if (now > expiredAt) throw new ApiRefusal(70001, `usersig: expired at ${expiredAt}, now ${now}`);
    if (known) return;
    if (sig.userbuf !== undefined)
      throw new ApiRefusal(70003, "usersig: a userbuf signature is not a UserSig");
    const expected = Buffer.from(userSigHmac(this.secretKey, sig), "base64");
    const actual = Buffer.from(sig.sig, "base64");
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      throw new ApiRefusal(70009, "usersig: signature does not match the app's secret key");
    }
    if (this.good.size >= CACHE_LIMIT) this.good.clear();
    this.good.set(userSig, sig);
  }
}
