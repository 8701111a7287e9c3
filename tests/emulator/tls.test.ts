/**
 * HTTPS (`tls` option, `im-emulator --tls`): a self-signed certificate made into the data dir (or a
 * private temp dir) or given as files; its path and SHA-256 fingerprint in the ready line; clients
 * that trust only that certificate connect by 127.0.0.1 or localhost (Node https, undici, curl, a
 * Java client with only its trust store set, as the doocs SDK is), and clients that do not trust it
 * are refused.
 */
import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import path from "node:path";
import { promisify } from "node:util";
import { type RunningEmulator, startEmulator } from "@imgroups/im-emulator";
import { expect } from "chai";
import { Agent, fetch as undiciFetch } from "undici";
import { killChildren, startCli } from "./support/child";
import { officialUserSig, tempDir } from "./support/harness";

const run = promisify(execFile);

/** The query string of an API call signed as the emulator's admin. */
function query(emulator: { sdkAppId: number; identifier: string; secretKey: string }): string {
  const sig = officialUserSig(emulator.sdkAppId, emulator.secretKey, emulator.identifier);
  return `sdkappid=${emulator.sdkAppId}&identifier=${emulator.identifier}&usersig=${sig}&random=1&contenttype=json`;
}

/** POSTs `{}` to get_appid_group_list over node:https trusting only `ca` (or the system roots). */
function nodeHttpsCall(url: string, ca: string | undefined): Promise<{ ErrorCode: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", ca }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      res.on("end", () => resolve(JSON.parse(text)));
    });
    req.on("error", reject);
    req.end("{}");
  });
}

/** Whether a binary runs here (tests that need curl or java skip without them). */
async function has(binary: string, ...args: string[]): Promise<boolean> {
  return run(binary, args).then(
    () => true,
    () => false,
  );
}

describe("HTTPS", () => {
  const dirs: string[] = [];
  const running: RunningEmulator[] = [];
  const start = async (options: Parameters<typeof startEmulator>[0]) => {
    const emulator = await startEmulator({ rateLimitPerSecond: 0, ...options });
    running.push(emulator);
    return emulator;
  };
  const dir = () => {
    const made = tempDir();
    dirs.push(made);
    return made;
  };
  afterEach(async () => {
    for (const emulator of running.splice(0)) await emulator.close();
    killChildren();
  });
  after(() => {
    for (const made of dirs) rmSync(made, { recursive: true, force: true });
  });

  it("tls: true serves https:// with a self-signed certificate for 127.0.0.1, ::1 and localhost", async () => {
    const emulator = await start({ tls: true });
    expect(emulator.url).to.match(/^https:\/\/127\.0\.0\.1:\d+$/);
    const { certFile, fingerprint256, cert } = emulator.tls!;
    const x509 = new X509Certificate(readFileSync(certFile));
    expect(x509.fingerprint256).to.equal(fingerprint256);
    expect(x509.toString()).to.equal(new X509Certificate(cert).toString());
    expect(x509.subjectAltName).to.include("IP Address:127.0.0.1").and.include("DNS:localhost");
    expect(x509.subjectAltName).to.include("IP Address:0:0:0:0:0:0:0:1");
    expect(x509.checkHost("localhost")).to.equal("localhost");
    const path4 = `/v4/group_open_http_svc/get_appid_group_list?${query(emulator)}`;
    expect((await nodeHttpsCall(`${emulator.url}${path4}`, cert)).ErrorCode).to.equal(0);
    const port = new URL(emulator.url).port;
    expect((await nodeHttpsCall(`https://localhost:${port}${path4}`, cert)).ErrorCode, "by name").to.equal(0);
    const agent = new Agent({ connect: { ca: cert } });
    const answer = await undiciFetch(`${emulator.url}${path4}`, {
      method: "POST",
      body: "{}",
      dispatcher: agent,
    });
    expect(((await answer.json()) as { ErrorCode: number }).ErrorCode, "undici").to.equal(0);
    await agent.close();
    const control = await undiciFetch(`${emulator.url}/__emulator/stats`, {
      dispatcher: new Agent({ connect: { ca: cert } }),
    });
    expect(control.status, "the control plane is on HTTPS too").to.equal(200);
  });

  it("a client that does not trust the certificate is refused, and plain HTTP is not served", async () => {
    const emulator = await start({ tls: true });
    const url = `${emulator.url}/v4/group_open_http_svc/get_appid_group_list?${query(emulator)}`;
    let refused: unknown;
    await nodeHttpsCall(url, undefined).catch((error) => {
      refused = error;
    });
    expect(String((refused as { code?: string })?.code)).to.match(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
    const other = await start({ tls: true });
    await nodeHttpsCall(url, other.tls!.cert).then(
      () => expect.fail("a certificate of another emulator must not be accepted"),
      (error: { code?: string }) => expect(String(error.code)).to.match(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/),
    );
    const plain = await fetch(emulator.url.replace("https:", "http:"), { method: "POST", body: "{}" }).then(
      () => "answered",
      () => "refused",
    );
    expect(plain).to.equal("refused");
  });

  it("with a data dir the certificate is kept in <dataDir>/tls (key 0600) and reused on restart", async () => {
    const dataDir = dir();
    const first = await start({ tls: true, dataDir });
    const { certFile, fingerprint256 } = first.tls!;
    expect(certFile).to.equal(path.join(dataDir, "tls", "cert.pem"));
    expect(statSync(path.join(dataDir, "tls", "key.pem")).mode & 0o777).to.equal(0o600);
    await first.close();
    const second = await start({ tls: true, dataDir });
    expect(second.tls!.fingerprint256).to.equal(fingerprint256);
    await second.close();
    const other = await start({ tls: true, dataDir, host: "127.0.0.2" });
    expect(other.tls!.fingerprint256, "a new host needs a new certificate").not.to.equal(fingerprint256);
    expect(new X509Certificate(other.tls!.cert).subjectAltName).to.include("IP Address:127.0.0.2");
  });

  it("in memory the certificate lives in a private temp dir removed on close", async () => {
    const emulator = await start({ tls: true });
    const { certFile } = emulator.tls!;
    expect(existsSync(certFile)).to.equal(true);
    await emulator.close();
    expect(existsSync(path.dirname(certFile))).to.equal(false);
  });

  it("tls: { certFile, keyFile } serves a given certificate; a key of another certificate is refused", async () => {
    const made = await start({ tls: true, dataDir: dir() });
    const files = {
      certFile: made.tls!.certFile,
      keyFile: path.join(path.dirname(made.tls!.certFile), "key.pem"),
    };
    const given = await start({ tls: files });
    expect(given.tls!.fingerprint256).to.equal(made.tls!.fingerprint256);
    const url = `${given.url}/v4/group_open_http_svc/get_appid_group_list?${query(given)}`;
    expect((await nodeHttpsCall(url, made.tls!.cert)).ErrorCode).to.equal(0);
    const stranger = await start({ tls: true, dataDir: dir() });
    const mixed = {
      certFile: files.certFile,
      keyFile: path.join(path.dirname(stranger.tls!.certFile), "key.pem"),
    };
    const error = await startEmulator({ tls: mixed }).then(
      (unexpected) => unexpected.close().then(() => "started"),
      (caught: Error) => caught.message,
    );
    expect(error).to.equal(`tls: ${mixed.keyFile} is not the private key of ${files.certFile}`);
    const missing = await startEmulator({
      tls: { certFile: "/nonexistent/cert.pem", keyFile: files.keyFile },
    }).then(
      (unexpected) => unexpected.close().then(() => "started"),
      (caught: Error) => caught.message,
    );
    expect(missing).to.include("tls: cannot read the certificate file /nonexistent/cert.pem");
  });

  it("curl --cacert connects; curl without it is refused", async function () {
    if (!(await has("curl", "--version"))) this.skip();
    const emulator = await start({ tls: true });
    const url = `${emulator.url}/v4/group_open_http_svc/get_appid_group_list?${query(emulator)}`;
    const { stdout } = await run("curl", ["-sS", "--cacert", emulator.tls!.certFile, "-d", "{}", url]);
    expect(JSON.parse(stdout)).to.include({ ActionStatus: "OK", ErrorCode: 0 });
    const untrusted = await run("curl", ["-sS", "-d", "{}", url]).then(
      () => 0,
      (error: { code: number }) => error.code,
    );
    expect(untrusted, "curl exit code 60: peer certificate cannot be authenticated").to.equal(60);
  });

  it("a Java client with only its trust store set connects to https://127.0.0.1:<port>/v4/... (as the doocs SDK does)", async function () {
    this.timeout(60_000);
    if (!(await has("java", "-version")) || !(await has("keytool", "-help"))) this.skip();
    const emulator = await start({ tls: true });
    const work = dir();
    const trustStore = path.join(work, "truststore.p12");
    await run("keytool", [
      "-importcert",
      "-noprompt",
      "-alias",
      "im-emulator",
      "-file",
      emulator.tls!.certFile,
      "-keystore",
      trustStore,
      "-storetype",
      "PKCS12",
      "-storepass",
      "changeit",
    ]);
    const source = path.join(work, "Call.java");
    writeFileSync(
      source,
      `import java.io.*; import java.net.*; import java.nio.charset.StandardCharsets;
public class Call {
  public static void main(String[] args) throws Exception {
    HttpURLConnection c = (HttpURLConnection) new URL(args[0]).openConnection();
    c.setRequestMethod("POST"); c.setDoOutput(true);
    c.setRequestProperty("Content-Type", "application/json; charset=utf-8");
    try (OutputStream o = c.getOutputStream()) { o.write("{}".getBytes(StandardCharsets.UTF_8)); }
    try (InputStream i = c.getInputStream()) { System.out.print(new String(i.readAllBytes(), StandardCharsets.UTF_8)); }
  }
}
`,
    );
    const url = `${emulator.url}/v4/group_open_http_svc/get_appid_group_list?${query(emulator)}`;
    const java = (extra: string[]) => run("java", [...extra, source, url]);
    const trusted = await java([
      `-Djavax.net.ssl.trustStore=${trustStore}`,
      "-Djavax.net.ssl.trustStorePassword=changeit",
    ]);
    expect(JSON.parse(trusted.stdout)).to.include({ ActionStatus: "OK", ErrorCode: 0 });
    const refused = await java([]).then(
      () => "connected",
      (error: { stderr: string }) => error.stderr,
    );
    expect(refused).to.include("PKIX path building failed");
  });

  it("im-emulator --tls prints https url, certificate path and fingerprint in the ready line", async () => {
    const dataDir = dir();
    const cli = await startCli(["--port", "0", "--tls", "--data-dir", dataDir, "--secret-key", "tls-key"]);
    const info = cli.info as typeof cli.info & { tls: { certFile: string; fingerprint256: string } };
    expect(info.url).to.match(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(info.tls.certFile).to.equal(path.join(dataDir, "tls", "cert.pem"));
    expect(info.tls.fingerprint256).to.equal(
      new X509Certificate(readFileSync(info.tls.certFile)).fingerprint256,
    );
    expect(JSON.stringify(info)).not.to.include("PRIVATE KEY");
    const url = `${info.url}/v4/group_open_http_svc/get_appid_group_list?${query(info)}`;
    expect((await nodeHttpsCall(url, readFileSync(info.tls.certFile, "utf8"))).ErrorCode).to.equal(0);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).to.equal(0);
    const files = { cert: info.tls.certFile, key: path.join(dataDir, "tls", "key.pem") };
    const given = await startCli(["--port", "0", "--tls-cert", files.cert, "--tls-key", files.key]);
    expect((given.info as typeof info).tls.fingerprint256).to.equal(info.tls.fingerprint256);
    given.child.kill("SIGTERM");
    expect(await given.exited).to.equal(0);
  });
});
