/**
 * Hand-made UserSigs for the rejection cases the official library cannot produce: other zlib levels,
 * wrong keys, foreign apps, expired or v1 documents, userbuf signatures, fields as strings.
 */
import { createHmac } from "node:crypto";
import { deflateSync } from "node:zlib";

/** What goes into a forged UserSig; fields left out are omitted from the document. */
export interface ForgeOptions {
  sdkAppId: number;
  identifier: string;
  secretKey: string;
  /** Issue time, Unix seconds. */
  time: number;
  /** Lifetime, seconds. */
  expire: number;
  /** zlib level (the Go library uses 0, others the default 6). */
  level?: number;
  /** `TLS.ver`; default "2.0". */
  version?: string;
  /** Adds `TLS.userbuf` (and signs it), as a PrivateMapKey signature would. */
  userbuf?: string;
  /** Writes the numeric fields as decimal strings. */
  numbersAsStrings?: boolean;
  /** Overrides the computed `TLS.sig`. */
  sig?: string;
}

/** A v2 UserSig per docs/api-reference.md §4.1, with the knobs above. */
export function forgeUserSig(options: ForgeOptions): string {
  const content =
    `TLS.identifier:${options.identifier}\nTLS.sdkappid:${options.sdkAppId}\n` +
    `TLS.time:${options.time}\nTLS.expire:${options.expire}\n` +
    (options.userbuf !== undefined ? `TLS.userbuf:${options.userbuf}\n` : "");
  const number = (value: number) => (options.numbersAsStrings ? String(value) : value);
  const document: Record<string, unknown> = {
    "TLS.ver": options.version ?? "2.0",
    "TLS.identifier": options.identifier,
    "TLS.sdkappid": number(options.sdkAppId),
    "TLS.expire": number(options.expire),
    "TLS.time": number(options.time),
    "TLS.sig": options.sig ?? createHmac("sha256", options.secretKey).update(content).digest("base64"),
  };
  if (options.userbuf !== undefined) document["TLS.userbuf"] = options.userbuf;
  return encodeUserSig(deflateSync(Buffer.from(JSON.stringify(document)), { level: options.level ?? 6 }));
}

/** Base64 with the UserSig alphabet (`+/=` → `*-_`). */
export function encodeUserSig(bytes: Buffer): string {
  return bytes.toString("base64").replace(/\+/g, "*").replace(/\//g, "-").replace(/=/g, "_");
}
