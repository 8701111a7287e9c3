/**
 * The provider process's connection to IM: settings from the stack config (given to `configure`)
 * or the environment, and one shared client per app so every resource of a `pulumi up` draws on the
 * same rate budget and the same get_group_info coalescer. Lives in the {@link ProviderSession}
 * (session.ts) from `configure` until the process ends.
 *
 * Runs only inside the dynamic-provider process (required by the stubs in im-group.ts and
 * im-group-members.ts), so nothing here is ever serialized into state.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { ImClient } from "../../client/client";
import { CONFIG_KEYS, type ConnectionSettings, resolveSettings } from "../../client/settings";

/** Stack-config keys that tune the client (besides the connection settings of CONFIG_KEYS). */
export const TUNING_CONFIG_KEYS = {
  /** Calls per second per API; default 100 (docs/api-reference.md §2.2). */
  rateLimit: "tencentcloud-im:rateLimit",
} as const;

/** The stack config `configure` was given, and the clients made from it (one per app and key). */
export class Connection {
  #configured: Record<string, string | undefined> | undefined;
  readonly #clients = new Map<string, ImClient>();

  /**
   * Records the stack config the engine hands to `configure` (namespaced keys, secrets in plaintext)
   * and checks the connection settings it and the environment give, so a missing or malformed
   * setting stops `pulumi preview` with a message naming it, before any resource is checked.
   */
  configure(req: pulumi.dynamic.ConfigureRequest): void {
    const values: Record<string, string | undefined> = {};
    for (const key of [...Object.values(CONFIG_KEYS), ...Object.values(TUNING_CONFIG_KEYS)]) {
      values[key] = req.config.get(key);
    }
    this.#configured = values;
    resolveSettings({ config: values, env: process.env });
  }

  /** The shared client for the configured app (stack config, then environment). */
  client(): ImClient {
    const configured = this.#configured;
    const settings = resolveSettings({ config: configured, env: process.env });
    const key = cacheKey(settings);
    let client = this.#clients.get(key);
    if (client === undefined) {
      const rate = Number(
        configured?.[TUNING_CONFIG_KEYS.rateLimit] ?? process.env.TENCENTCLOUD_IM_RATE_LIMIT,
      );
      client = new ImClient(
        settings,
        Number.isFinite(rate) && rate > 0 ? { rateLimit: { perSecond: rate } } : {},
      );
      this.#clients.set(key, client);
    }
    return client;
  }
}

function cacheKey(settings: ConnectionSettings): string {
  // The secret is part of the identity (a rotated key needs a new signer) but is hashed, not kept.
  const secret = createHash("sha256").update(settings.secretKey).digest("hex");
  return `${settings.sdkAppId}|${settings.identifier}|${settings.endpoint}|${secret}`;
}

/** Current time in unix seconds (the API's time unit). */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
