/**
 * Request signing (docs/api-reference.md §3.1, §4): one cached admin UserSig, renewed well before it expires, and a
 * fresh uint32 `random` per request.
 */
import { randomBytes } from "node:crypto";
import { Api as TlsSigApi } from "tls-sig-api-v2";

/** What the signer needs; the secret key stays in a private field, out of inspect/JSON output. */
export interface SignerOptions {
  /** The app's SDKAppID. */
  sdkAppId: number;
  /** The App admin identifier the signature is for. */
  identifier: string;
  /** The app secret key. */
  secretKey: string;
  /** Signature lifetime in seconds. */
  lifetimeSeconds: number;
  /** Renew this many seconds before expiry. */
  renewBeforeSeconds: number;
  /** Clock in milliseconds; decides when to renew. Injected by tests. */
  now: () => number;
}

/** Issues and caches the admin UserSig. */
export class UserSigSigner {
  readonly #api: TlsSigApi;
  readonly #secretKey: string;
  readonly #options: Omit<SignerOptions, "secretKey" | "sdkAppId">;
  #cached: { userSig: string; renewAt: number; expiresAt: number } | undefined;
  #issued = 0;

  constructor(options: SignerOptions) {
    const { secretKey, sdkAppId, ...rest } = options;
    this.#api = new TlsSigApi(sdkAppId, secretKey);
    this.#secretKey = secretKey;
    this.#options = rest;
  }

  /** The current UserSig, signing a new one when none is cached or the cached one is due for renewal. */
  userSig(): string {
    const now = this.#options.now();
    if (this.#cached === undefined || now >= this.#cached.renewAt) {
      const { identifier, lifetimeSeconds, renewBeforeSeconds } = this.#options;
      this.#cached = {
        userSig: this.#api.genSig(identifier, lifetimeSeconds),
        renewAt: now + (lifetimeSeconds - renewBeforeSeconds) * 1000,
        expiresAt: now + lifetimeSeconds * 1000,
      };
      this.#issued += 1;
    }
    return this.#cached.userSig;
  }

  /** When the cached signature expires (by the injected clock), or undefined before the first call. */
  get expiresAt(): number | undefined {
    return this.#cached?.expiresAt;
  }

  /** How many signatures this signer has generated. */
  get issued(): number {
    return this.#issued;
  }

  /** Values that must never appear in errors or logs: the secret key and the cached UserSig. */
  secrets(): string[] {
    return this.#cached === undefined ? [this.#secretKey] : [this.#secretKey, this.#cached.userSig];
  }
}

/** A fresh uint32 for the `random` query parameter (docs/api-reference.md §3.1). */
export function randomUint32(): number {
  return randomBytes(4).readUInt32BE(0);
}
