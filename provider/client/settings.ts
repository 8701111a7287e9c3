/**
 * Connection settings: which IM app, which admin, which secret, which host. Resolved from explicit
 * values, then Pulumi stack config, then the environment (first source that sets a field wins).
 */
import { ImError } from "./errors";

/** What the client needs to talk to one IM app. */
export interface ConnectionSettings {
  /** The app's SDKAppID (API.md §3.1). */
  sdkAppId: number;
  /** An App admin account (API.md §3.1); every app has the built-in `administrator`. */
  identifier: string;
  /** The app secret key UserSigs are signed with (API.md §4.1). Never logged. */
  secretKey: string;
  /** A region name of {@link REGION_HOSTS} or an explicit base URL such as the emulator's. */
  endpoint: string;
}

/** One source of settings; every field optional, numbers may arrive as strings. */
export interface SettingsInput {
  /** SDKAppID, as a number or decimal string. */
  sdkAppId?: number | string;
  /** App admin identifier. */
  identifier?: string;
  /** App secret key. */
  secretKey?: string;
  /** Region name (see {@link REGION_HOSTS}); ignored when `endpoint` is set in the same source. */
  region?: string;
  /** Explicit base URL, e.g. `http://127.0.0.1:41234`; wins over `region` in the same source. */
  endpoint?: string;
}

/** Pulumi stack-config keys read by {@link resolveSettings}. */
export const CONFIG_KEYS = {
  sdkAppId: "tencentcloud-im:sdkAppId",
  identifier: "tencentcloud-im:identifier",
  secretKey: "tencentcloud-im:secretKey",
  region: "tencentcloud-im:region",
  endpoint: "tencentcloud-im:endpoint",
} as const;

/** Environment variables read by {@link resolveSettings}. */
export const ENV_VARS = {
  sdkAppId: "TENCENTCLOUD_IM_SDKAPPID",
  identifier: "TENCENTCLOUD_IM_IDENTIFIER",
  secretKey: "TENCENTCLOUD_IM_SECRET_KEY",
  region: "TENCENTCLOUD_IM_REGION",
  endpoint: "TENCENTCLOUD_IM_ENDPOINT",
} as const;

/** The built-in App admin of every app (API.md §3.1), used when no identifier is configured. */
export const DEFAULT_IDENTIFIER = "administrator";

/** The region used when neither region nor endpoint is configured: the source docs' only host (API.md §3.2). */
export const DEFAULT_REGION = "china";

/** Primary and backup hosts per region (API.md §3.2); the backup is for hijacked DNS. */
export const REGION_HOSTS: Readonly<Record<string, readonly string[]>> = {
  china: ["console.tim.qq.com", "adminapi.my-imcloud.com"],
  singapore: ["adminapisgp.im.qcloud.com", "adminapisgp.my-imcloud.com"],
  seoul: ["adminapikr.im.qcloud.com", "adminapikr.my-imcloud.com"],
  frankfurt: ["adminapiger.im.qcloud.com", "adminapiger.my-imcloud.com"],
  mumbai: ["adminapiind.im.qcloud.com", "adminapiind.my-imcloud.com"],
  "silicon-valley": ["adminapiusa.im.qcloud.com", "adminapiusa.my-imcloud.com"],
  jakarta: ["adminapiidn.im.qcloud.com", "adminapiidn.my-imcloud.com"],
  tokyo: ["adminapijpn.im.qcloud.com"],
  riyadh: ["adminapiksa.im.qcloud.com"],
};

/** The three sources, highest precedence first. */
export interface SettingsSources {
  /** Values given in code (e.g. provider arguments). */
  explicit?: SettingsInput;
  /** A Pulumi stack-config map with {@link CONFIG_KEYS} keys (secrets as plaintext). */
  config?: Readonly<Record<string, string | undefined>>;
  /** Environment variables ({@link ENV_VARS}); pass `process.env` explicitly. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Merges the sources field by field (explicit, then config, then env) and validates the result.
 * Throws ImError `IM_CONFIG` naming every missing or invalid setting and where it can be set;
 * the secret key's value is never part of the message.
 */
export function resolveSettings(sources: SettingsSources): ConnectionSettings {
  const layers = [
    sources.explicit ?? {},
    fromMap(sources.config, CONFIG_KEYS),
    fromMap(sources.env, ENV_VARS),
  ];
  const pick = <K extends keyof SettingsInput>(key: K) =>
    layers.map((layer) => layer[key]).find((value) => value !== undefined && value !== "");
  // Region and endpoint are one setting: the first source that names either decides.
  const where = layers.find((layer) => nonEmpty(layer.endpoint) || nonEmpty(layer.region));

  const problems: string[] = [];
  const sdkAppId = parseSdkAppId(pick("sdkAppId"), problems);
  const secretKey = pick("secretKey");
  if (secretKey === undefined) problems.push(`secretKey is missing (${whereToSet("secretKey")})`);
  const endpoint = nonEmpty(where?.endpoint) ? where.endpoint : (where?.region ?? DEFAULT_REGION);
  checkEndpoint(endpoint, problems);

  if (problems.length > 0) {
    throw new ImError("IM_CONFIG", `Tencent Cloud IM connection settings: ${problems.join("; ")}`);
  }
  return {
    sdkAppId: sdkAppId!,
    identifier: String(pick("identifier") ?? DEFAULT_IDENTIFIER),
    secretKey: String(secretKey),
    endpoint,
  };
}

/**
 * Base URLs (no trailing slash) for an endpoint: a region's primary then backup host over HTTPS,
 * or the explicit URL alone.
 */
export function endpointBaseUrls(endpoint: string): string[] {
  const hosts = REGION_HOSTS[regionKey(endpoint)];
  if (hosts !== undefined) return hosts.map((host) => `https://${host}`);
  return [endpoint.replace(/\/+$/, "")];
}

function fromMap(
  map: Readonly<Record<string, string | undefined>> | undefined,
  names: Readonly<Record<keyof SettingsInput, string>>,
): SettingsInput {
  if (map === undefined) return {};
  return {
    sdkAppId: map[names.sdkAppId],
    identifier: map[names.identifier],
    secretKey: map[names.secretKey],
    region: map[names.region],
    endpoint: map[names.endpoint],
  };
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value !== "";
}

function whereToSet(key: keyof SettingsInput): string {
  return `set ${CONFIG_KEYS[key]} or ${ENV_VARS[key]}`;
}

function parseSdkAppId(value: number | string | undefined, problems: string[]): number | undefined {
  if (value === undefined) {
    problems.push(`sdkAppId is missing (${whereToSet("sdkAppId")})`);
    return undefined;
  }
  const number = typeof value === "number" ? value : /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  // SDKAppIDs are unsigned 32-bit integers (UserSig signs them as uint, API.md §4.1).
  if (!Number.isInteger(number) || number <= 0 || number > 0xffffffff) {
    problems.push(`sdkAppId must be a positive integer, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return number;
}

function regionKey(endpoint: string): string {
  return endpoint
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "-");
}

function checkEndpoint(endpoint: string, problems: string[]): void {
  if (REGION_HOSTS[regionKey(endpoint)] !== undefined) return;
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
    problems.push(
      `endpoint must be a region (${Object.keys(REGION_HOSTS).join(", ")}) or an http(s) base URL ` +
        `(${whereToSet("region")}, or ${CONFIG_KEYS.endpoint} / ${ENV_VARS.endpoint})`,
    );
  } else if (url.search !== "" || url.username !== "" || url.password !== "") {
    problems.push("endpoint base URL must not carry a query string or credentials");
  }
}
