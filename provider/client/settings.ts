/**
 * Connection settings: which IM app, which admin, which secret, which host. Resolved from explicit
 * values, then Pulumi stack config, then the environment (first source that sets a field wins).
 *
 * The secret key can also come from a file (`secretKeyFile`), read here, in the process that signs:
 * the Pulumi engine then never holds the key, so its `-v=9` logs and the state cannot contain it.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import path from "node:path";
import { ImError } from "./errors";

/** What the client needs to talk to one IM app. */
export interface ConnectionSettings {
  /** The app's SDKAppID (docs/api-reference.md §3.1). */
  sdkAppId: number;
  /** An App admin account (docs/api-reference.md §3.1); every app has the built-in `administrator`. */
  identifier: string;
  /** The app secret key UserSigs are signed with (docs/api-reference.md §4.1). Never logged. */
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
  /**
   * Absolute path of a file holding the app secret key (see {@link readSecretKeyFile}). The key and
   * its file are one setting: naming both in the same source is refused.
   */
  secretKeyFile?: string;
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
  secretKeyFile: "tencentcloud-im:secretKeyFile",
  region: "tencentcloud-im:region",
  endpoint: "tencentcloud-im:endpoint",
} as const;

/** Environment variables read by {@link resolveSettings}. */
export const ENV_VARS = {
  sdkAppId: "TENCENTCLOUD_IM_SDKAPPID",
  identifier: "TENCENTCLOUD_IM_IDENTIFIER",
  secretKey: "TENCENTCLOUD_IM_SECRET_KEY",
  secretKeyFile: "TENCENTCLOUD_IM_SECRET_KEY_FILE",
  region: "TENCENTCLOUD_IM_REGION",
  endpoint: "TENCENTCLOUD_IM_ENDPOINT",
} as const;

/** The built-in App admin of every app (docs/api-reference.md §3.1), used when no identifier is configured. */
export const DEFAULT_IDENTIFIER = "administrator";

/** The region used when neither region nor endpoint is configured: the source docs' only host (docs/api-reference.md §3.2). */
export const DEFAULT_REGION = "china";

/** Primary and backup hosts per region (docs/api-reference.md §3.2); the backup is for hijacked DNS. */
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
  const layers: Layer[] = [
    { values: sources.explicit ?? {}, names: ARGUMENT_NAMES },
    { values: fromMap(sources.config, CONFIG_KEYS), names: CONFIG_KEYS },
    { values: fromMap(sources.env, ENV_VARS), names: ENV_VARS },
  ];
  const pick = <K extends keyof SettingsInput>(key: K) =>
    layers.map(({ values }) => values[key]).find((value) => value !== undefined && value !== "");
  // Region and endpoint are one setting: the first source that names either decides.
  const where = layers.find(({ values }) => nonEmpty(values.endpoint) || nonEmpty(values.region))?.values;

  const problems: string[] = [];
  const sdkAppId = parseSdkAppId(pick("sdkAppId"), problems);
  const secretKey = resolveSecretKey(layers, problems);
  const endpoint = nonEmpty(where?.endpoint) ? where.endpoint : (where?.region ?? DEFAULT_REGION);
  checkEndpoint(endpoint, problems);

  if (problems.length > 0) {
    throw new ImError("IM_CONFIG", `Tencent Cloud IM connection settings: ${problems.join("; ")}`);
  }
  return {
    sdkAppId: sdkAppId!,
    identifier: String(pick("identifier") ?? DEFAULT_IDENTIFIER),
    secretKey: secretKey!,
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

/** One source of settings and the names its fields are set by (for messages). */
interface Layer {
  values: SettingsInput;
  names: Readonly<Record<keyof SettingsInput, string>>;
}

/** Names of the explicit settings: the {@link SettingsInput} fields themselves. */
const ARGUMENT_NAMES: Readonly<Record<keyof SettingsInput, string>> = {
  sdkAppId: "sdkAppId",
  identifier: "identifier",
  secretKey: "secretKey",
  secretKeyFile: "secretKeyFile",
  region: "region",
  endpoint: "endpoint",
};

/**
 * The key and its file are one setting, like region and endpoint: the first source that names
 * either decides, so a stack-config key wins over both environment forms as every field does.
 */
function resolveSecretKey(layers: readonly Layer[], problems: string[]): string | undefined {
  const layer = layers.find(({ values }) => nonEmpty(values.secretKey) || nonEmpty(values.secretKeyFile));
  if (layer === undefined) {
    problems.push(
      `secretKey is missing (${whereToSet("secretKey")}, or name a file holding it with ` +
        `${CONFIG_KEYS.secretKeyFile} or ${ENV_VARS.secretKeyFile})`,
    );
    return undefined;
  }
  const { secretKey, secretKeyFile } = layer.values;
  if (nonEmpty(secretKey) && nonEmpty(secretKeyFile)) {
    problems.push(`${layer.names.secretKey} and ${layer.names.secretKeyFile} are both set: set only one`);
    return undefined;
  }
  if (nonEmpty(secretKey)) return String(secretKey);
  try {
    return readSecretKeyFile(secretKeyFile!, layer.names.secretKeyFile);
  } catch (error) {
    if (!(error instanceof ImError)) throw error;
    problems.push(error.message);
    return undefined;
  }
}

/** Largest secret-key file read, in bytes: a key is one short line. */
const SECRET_KEY_FILE_MAX_BYTES = 4096;

/**
 * Reads the secret key from the file a `secretKeyFile` setting names. The file must be given by an
 * absolute path (a relative one would depend on which process resolves it), be a regular file
 * (symlinks are followed, as Kubernetes secret volumes need), grant no permission to other users
 * (POSIX mode bits `0o007`; the group may read it, e.g. a Kubernetes `fsGroup` with mode 0440; not
 * checked on Windows, which has no such bits), hold at most {@link SECRET_KEY_FILE_MAX_BYTES} bytes of
 * UTF-8, and hold the key on one line without surrounding spaces; trailing line breaks are dropped
 * (`echo "$KEY" > file` works). Throws ImError `IM_CONFIG` naming the setting, the path and the rule
 * broken, never the file's content.
 *
 * @param file The path, as configured.
 * @param setting The setting's name for messages, e.g. `TENCENTCLOUD_IM_SECRET_KEY_FILE`.
 */
function readSecretKeyFile(file: string, setting: string): string {
  const fail = (problem: string): never => {
    throw new ImError("IM_CONFIG", `${setting} ${JSON.stringify(file)} ${problem}`);
  };
  if (file.includes("\0")) fail("must not contain a NUL character");
  if (!path.isAbsolute(file)) fail("must be an absolute path");
  let fd: number;
  try {
    // Non-blocking, so a FIFO opens at once (and is then refused as not a regular file).
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return fail(`cannot be opened: ${describeFsError(error)}`);
  }
  try {
    // Checked on the open descriptor, so the file judged is the file read.
    const stat = fstatSync(fd);
    if (!stat.isFile()) fail("is not a regular file");
    if (process.platform !== "win32" && (stat.mode & 0o007) !== 0) {
      const mode = (stat.mode & 0o777).toString(8).padStart(4, "0");
      fail(`is accessible by other users (mode ${mode}): allow only its owner and group, e.g. chmod 600`);
    }
    if (stat.size > SECRET_KEY_FILE_MAX_BYTES) {
      fail(`is ${stat.size} bytes, over the limit of ${SECRET_KEY_FILE_MAX_BYTES} bytes for a secret key`);
    }
    const bytes = readAtMost(fd, SECRET_KEY_FILE_MAX_BYTES + 1);
    if (bytes.length > SECRET_KEY_FILE_MAX_BYTES) {
      fail(`grew over the limit of ${SECRET_KEY_FILE_MAX_BYTES} bytes for a secret key while read`);
    }
    const text = decodeUtf8(bytes, fail);
    const key = text.replace(/[\r\n]+$/, "");
    if (key === "") fail("is empty");
    if (/\p{Cc}/u.test(key)) fail("must hold the key on one line, without control characters");
    if (key.trim() !== key) fail("must hold the key without spaces around it");
    return key;
  } finally {
    closeSync(fd);
  }
}

/** Reads up to `limit` bytes from the start of an open file. */
function readAtMost(fd: number, limit: number): Buffer {
  const buffer = Buffer.alloc(limit);
  let length = 0;
  while (length < limit) {
    const read = readSync(fd, buffer, length, limit - length, length);
    if (read === 0) break;
    length += read;
  }
  return buffer.subarray(0, length);
}

function decodeUtf8(bytes: Buffer, fail: (problem: string) => never): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail("is not UTF-8 text");
  }
}

/** "ENOENT (no such file or directory)" from a Node fs error, without repeating the path. */
function describeFsError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  const text = /^\w+: ([^,]+)/.exec(String(message))?.[1];
  return [code, text && `(${text})`].filter(Boolean).join(" ") || "unknown error";
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
    secretKeyFile: map[names.secretKeyFile],
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
  // SDKAppIDs are unsigned 32-bit integers (UserSig signs them as uint, docs/api-reference.md §4.1).
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
