/**
 * HTTPS for the emulator (`tls` option, `im-emulator --tls`): the real service is HTTPS only
 * (docs/api-reference.md §3.1), and some SDKs hard-code `https://<domain>/v4/...` (the doocs Java
 * SDK), so they can reach the emulator with nothing but a trust store holding its certificate.
 *
 * The certificate is either given (PEM files) or self-signed by the `openssl` binary (DECISIONS.md):
 * an EC P-256 key and a certificate whose subjectAltName covers the listen host, `127.0.0.1`, `::1`
 * and `localhost`. A generated pair lives in `<dataDir>/tls/` and is reused across restarts while it
 * is valid and covers the host, so a trust store set up once keeps working; without a data dir it
 * goes to a private temp dir removed on close.
 */

import { execFileSync } from "node:child_process";
import { createPrivateKey, X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import { isIP } from "node:net";
import * as os from "node:os";
import * as path from "node:path";

/** PEM files of a certificate and its private key. */
export interface TlsFiles {
  /** The certificate (PEM), e.g. the one clients trust. */
  certFile: string;
  /** Its private key (PEM, unencrypted). */
  keyFile: string;
}

/** How the emulator serves HTTPS: `true` makes (or reuses) a self-signed certificate. */
export type TlsOption = true | TlsFiles;

/** The TLS material of a running emulator. */
export interface TlsCredentials {
  /** Absolute path of the certificate file (PEM). */
  certFile: string;
  /** The certificate's SHA-256 fingerprint, colon-separated upper-case hex (as `openssl x509 -fingerprint -sha256`). */
  fingerprint256: string;
  /** The certificate, PEM. */
  cert: string;
  /** The private key, PEM (never printed). */
  key: string;
  /** Removes what was made only for this run (a temp dir); a no-op otherwise. */
  dispose(): void;
}

/** Generated certificates live this long (825 days: the longest lifetime Apple platforms accept). */
const VALID_DAYS = 825;
/** A generated certificate this close to expiry is replaced. */
const RENEW_BEFORE_MS = 7 * 86_400_000;

/** Loads or makes the certificate for `host`; `dataDir` (absolute) keeps a generated one. */
export function prepareTls(option: TlsOption, host: string, dataDir: string | undefined): TlsCredentials {
  if (option !== true) return load(option, () => undefined);
  if (dataDir) {
    const dir = path.join(dataDir, "tls");
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const files = { certFile: path.join(dir, "cert.pem"), keyFile: path.join(dir, "key.pem") };
    if (!reusable(files, host)) generate(files, host);
    return load(files, () => undefined);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "im-emulator-tls-"));
  try {
    const files = { certFile: path.join(dir, "cert.pem"), keyFile: path.join(dir, "key.pem") };
    generate(files, host);
    return load(files, () => fs.rmSync(dir, { recursive: true, force: true }));
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Reads a certificate and key pair, checking that they are PEM and belong together. */
function load(files: TlsFiles, dispose: () => void): TlsCredentials {
  const certFile = path.resolve(files.certFile);
  const cert = readPem(certFile, "certificate");
  const key = readPem(path.resolve(files.keyFile), "key");
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (error) {
    throw new Error(`tls: ${certFile}: not a PEM certificate (${(error as Error).message})`);
  }
  let matches: boolean;
  try {
    matches = x509.checkPrivateKey(createPrivateKey(key));
  } catch (error) {
    throw new Error(
      `tls: ${files.keyFile}: not an unencrypted PEM private key (${(error as Error).message})`,
    );
  }
  if (!matches) throw new Error(`tls: ${files.keyFile} is not the private key of ${certFile}`);
  return { certFile, fingerprint256: x509.fingerprint256, cert, key, dispose };
}

function readPem(file: string, what: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`tls: cannot read the ${what} file ${file}: ${(error as Error).message}`);
  }
}

/** The subjectAltName entries a certificate for `host` must carry. */
function altNames(host: string): string[] {
  const names = ["IP:127.0.0.1", "IP:::1", "DNS:localhost"];
  // A wildcard listen address names no host a client would use; the loopback names cover local use.
  if (host !== "0.0.0.0" && host !== "::" && host !== "") {
    const own = isIP(host) ? `IP:${host}` : `DNS:${host}`;
    if (!names.some((name) => normalizeAltName(name) === normalizeAltName(own))) names.push(own);
  }
  return names;
}

/** Whether an existing generated pair can serve `host`: readable, matching, valid for a while, right names. */
function reusable(files: TlsFiles, host: string): boolean {
  if (!fs.existsSync(files.certFile) || !fs.existsSync(files.keyFile)) return false;
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(fs.readFileSync(files.certFile));
    if (!x509.checkPrivateKey(createPrivateKey(fs.readFileSync(files.keyFile)))) return false;
  } catch {
    return false;
  }
  if (Date.parse(x509.validTo) - Date.now() < RENEW_BEFORE_MS) return false;
  const present = new Set((x509.subjectAltName ?? "").split(", ").map(normalizeAltName));
  return altNames(host).every((name) => present.has(normalizeAltName(name)));
}

/** `IP Address:0:0:0:0:0:0:0:1` (X509Certificate's spelling) and `IP:::1` (openssl's) compare equal. */
function normalizeAltName(name: string): string {
  const [kind, ...rest] = name.split(":");
  const value = rest.join(":");
  if (kind === "IP Address" || kind === "IP") {
    return `IP:${isIP(value) === 6 ? expandIPv6(value) : value}`;
  }
  return `${kind}:${value.toLowerCase()}`;
}

function expandIPv6(address: string): string {
  const [head, tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::")
    ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right]
    : left;
  return groups.map((group) => Number.parseInt(group, 16).toString(16)).join(":");
}

/** Self-signs an EC P-256 certificate for `host` with the openssl binary (OpenSSL ≥ 1.1.1, LibreSSL ≥ 3.1). */
function generate(files: TlsFiles, host: string): void {
  const args = [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-keyout",
    files.keyFile,
    "-out",
    files.certFile,
    "-days",
    String(VALID_DAYS),
    "-subj",
    "/CN=im-emulator",
    "-addext",
    `subjectAltName=${altNames(host).join(",")}`,
    "-addext",
    "extendedKeyUsage=serverAuth",
  ];
  try {
    execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    const { code, stderr } = error as NodeJS.ErrnoException & { stderr?: Buffer };
    if (code === "ENOENT") {
      throw new Error(
        "tls: making a self-signed certificate needs the openssl binary, which is not on PATH; " +
          "install it or give a certificate and key (tls: { certFile, keyFile }, --tls-cert/--tls-key)",
      );
    }
    throw new Error(`tls: openssl could not make a certificate: ${stderr?.toString().trim() || error}`);
  }
  fs.chmodSync(files.keyFile, 0o600);
}
