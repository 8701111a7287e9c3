import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  CONFIG_KEYS,
  ENV_VARS,
  endpointBaseUrls,
  ImError,
  resolveSettings,
} from "@imgroups/tencentcloud-im/client/index";
import { expect } from "chai";

describe("client settings", () => {
  const config = {
    [CONFIG_KEYS.sdkAppId]: "1400000002",
    [CONFIG_KEYS.identifier]: "config-admin",
    [CONFIG_KEYS.secretKey]: "config-secret",
    [CONFIG_KEYS.region]: "singapore",
  };
  const env = {
    [ENV_VARS.sdkAppId]: "1400000003",
    [ENV_VARS.identifier]: "env-admin",
    [ENV_VARS.secretKey]: "env-secret",
    [ENV_VARS.endpoint]: "http://127.0.0.1:9999",
  };

  it("takes each field from explicit values, then stack config, then the environment", () => {
    expect(resolveSettings({ explicit: { sdkAppId: 1400000001 }, config, env })).to.deep.equal({
      sdkAppId: 1400000001,
      identifier: "config-admin",
      secretKey: "config-secret",
      endpoint: "singapore",
    });
    expect(resolveSettings({ env })).to.deep.equal({
      sdkAppId: 1400000003,
      identifier: "env-admin",
      secretKey: "env-secret",
      endpoint: "http://127.0.0.1:9999",
    });
  });

  it("treats region and endpoint as one setting: the first source naming either decides, endpoint wins inside it", () => {
    expect(resolveSettings({ config, env }).endpoint).to.equal("singapore");
    const both = { ...config, [CONFIG_KEYS.endpoint]: "https://im.example.test/" };
    expect(resolveSettings({ config: both, env }).endpoint).to.equal("https://im.example.test/");
  });

  it("defaults to the built-in administrator and the China host", () => {
    const settings = resolveSettings({ explicit: { sdkAppId: "1400000001", secretKey: "k" } });
    expect(settings.identifier).to.equal("administrator");
    expect(settings.endpoint).to.equal("china");
    expect(endpointBaseUrls(settings.endpoint)).to.deep.equal([
      "https://console.tim.qq.com",
      "https://adminapi.my-imcloud.com",
    ]);
  });

  it("maps region names to their primary and backup hosts and keeps explicit URLs", () => {
    expect(endpointBaseUrls("Silicon Valley")).to.deep.equal([
      "https://adminapiusa.im.qcloud.com",
      "https://adminapiusa.my-imcloud.com",
    ]);
    expect(endpointBaseUrls("tokyo")).to.deep.equal(["https://adminapijpn.im.qcloud.com"]);
    expect(endpointBaseUrls("http://127.0.0.1:8080/")).to.deep.equal(["http://127.0.0.1:8080"]);
  });

  it("names every missing setting and where to set it", () => {
    const error = catchError(() => resolveSettings({ env: {} }));
    expect(error.code).to.equal("IM_CONFIG");
    for (const name of [
      "sdkAppId",
      "secretKey",
      CONFIG_KEYS.sdkAppId,
      ENV_VARS.sdkAppId,
      CONFIG_KEYS.secretKey,
      ENV_VARS.secretKey,
      CONFIG_KEYS.secretKeyFile,
      ENV_VARS.secretKeyFile,
    ]) {
      expect(error.message).to.contain(name);
    }
  });

  it("rejects a bad SDKAppID or endpoint without echoing the secret key", () => {
    const error = catchError(() =>
      resolveSettings({ explicit: { sdkAppId: "14e8", secretKey: "TOP-SECRET", endpoint: "ftp://x" } }),
    );
    expect(error.message).to.contain("sdkAppId must be a positive integer").and.contain("endpoint must be");
    expect(error.message).not.to.contain("TOP-SECRET");
    const withQuery = catchError(() =>
      resolveSettings({ explicit: { sdkAppId: 1, secretKey: "k", endpoint: "http://h/?usersig=abc" } }),
    );
    expect(withQuery.message).to.contain("must not carry a query string");
  });
});

describe("client settings: the secret key from a file", () => {
  const app = { [ENV_VARS.sdkAppId]: "1400000001", [ENV_VARS.endpoint]: "http://127.0.0.1:9999" };
  let dir: string;
  /** Writes a key file (owner-only unless a mode is given) and returns its path. */
  const keyFile = (name: string, content: string | Buffer, mode = 0o600) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    chmodSync(file, mode);
    return file;
  };
  const fromEnv = (file: string) => resolveSettings({ env: { ...app, [ENV_VARS.secretKeyFile]: file } });

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "imgroups-keyfile-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the key from the file the stack config or the environment names, without trailing line breaks", () => {
    expect(fromEnv(keyFile("plain", "file-secret")).secretKey).to.equal("file-secret");
    expect(fromEnv(keyFile("echoed", "file-secret\n")).secretKey).to.equal("file-secret");
    expect(fromEnv(keyFile("crlf", "file-secret\r\n")).secretKey).to.equal("file-secret");
    const config = { [CONFIG_KEYS.secretKeyFile]: keyFile("config", "config-file-secret") };
    expect(resolveSettings({ config, env: app }).secretKey).to.equal("config-file-secret");
  });

  it("reads the file on every call, so a rotated key is used at once", () => {
    const file = keyFile("rotated", "old-secret");
    expect(fromEnv(file).secretKey).to.equal("old-secret");
    writeFileSync(file, "new-secret");
    expect(fromEnv(file).secretKey).to.equal("new-secret");
  });

  it("treats the key and its file as one setting: the first source naming either decides", () => {
    const file = keyFile("layered", "file-secret");
    const keyInConfig = { [CONFIG_KEYS.secretKey]: "config-secret" };
    const fileInConfig = { [CONFIG_KEYS.secretKeyFile]: file };
    expect(
      resolveSettings({ config: keyInConfig, env: { ...app, [ENV_VARS.secretKeyFile]: file } }).secretKey,
    ).to.equal("config-secret");
    expect(
      resolveSettings({ config: fileInConfig, env: { ...app, [ENV_VARS.secretKey]: "env-secret" } })
        .secretKey,
    ).to.equal("file-secret");
    expect(
      resolveSettings({ explicit: { secretKeyFile: file }, config: keyInConfig, env: app }).secretKey,
    ).to.equal("file-secret");
  });

  it("refuses the key and its file set in the same source, naming both", () => {
    const file = keyFile("both", "file-secret");
    const error = catchError(() =>
      resolveSettings({
        env: { ...app, [ENV_VARS.secretKey]: "env-secret", [ENV_VARS.secretKeyFile]: file },
      }),
    );
    expect(error.code).to.equal("IM_CONFIG");
    expect(error.message).to.contain(`${ENV_VARS.secretKey} and ${ENV_VARS.secretKeyFile} are both set`);
    expect(error.message).not.to.contain("env-secret");
  });

  it("refuses a file other users may access, naming the setting, path and mode; the group may read it", function () {
    if (process.platform === "win32") this.skip();
    for (const mode of [0o644, 0o604, 0o602, 0o601]) {
      const file = keyFile(`open-${mode.toString(8)}`, "KEY-MATERIAL", mode);
      const error = catchError(() => fromEnv(file));
      expect(error.message).to.contain(`${ENV_VARS.secretKeyFile} "${file}" is accessible by other users`);
      expect(error.message)
        .to.contain(`(mode 0${mode.toString(8)})`)
        .and.contain("chmod 600");
      expect(error.message).not.to.contain("KEY-MATERIAL");
    }
    expect(fromEnv(keyFile("group", "group-secret", 0o640)).secretKey).to.equal("group-secret");
    expect(fromEnv(keyFile("read-only", "owner-secret", 0o400)).secretKey).to.equal("owner-secret");
  });

  it("refuses every other bad key file with the rule it breaks, never echoing its content", () => {
    mkdirSync(path.join(dir, "a-directory"));
    execFileSync("mkfifo", [path.join(dir, "a-fifo")]);
    chmodSync(path.join(dir, "a-fifo"), 0o600);
    const cases: [string, string, string][] = [
      ["a relative path", "keys/im.key", "must be an absolute path"],
      ["a NUL in the path", `${dir}/im\0.key`, "must not contain a NUL character"],
      ["a missing file", path.join(dir, "missing"), "cannot be opened: ENOENT (no such file or directory)"],
      ["a directory", path.join(dir, "a-directory"), "is not a regular file"],
      ["a FIFO (refused without blocking)", path.join(dir, "a-fifo"), "is not a regular file"],
      ["an empty file", keyFile("empty", ""), "is empty"],
      ["only a line break", keyFile("newline", "\n"), "is empty"],
      [
        "over 4096 bytes",
        keyFile("big", `KEY-MATERIAL${"x".repeat(4085)}`),
        "is 4097 bytes, over the limit of 4096",
      ],
      [
        "two lines",
        keyFile("two-lines", "KEY-MATERIAL\nmore\n"),
        "must hold the key on one line, without control characters",
      ],
      [
        "a NUL",
        keyFile("nul", "KEY-MATERIAL\0"),
        "must hold the key on one line, without control characters",
      ],
      [
        "spaces around the key",
        keyFile("padded", " KEY-MATERIAL \n"),
        "must hold the key without spaces around it",
      ],
      [
        "bytes that are not UTF-8",
        keyFile("binary", Buffer.from([0x4b, 0xff, 0xfe, 0x45])),
        "is not UTF-8 text",
      ],
    ];
    for (const [what, file, rule] of cases) {
      const error = catchError(() => fromEnv(file));
      expect(error.code, what).to.equal("IM_CONFIG");
      expect(error.message, what).to.contain(`${ENV_VARS.secretKeyFile} ${JSON.stringify(file)} ${rule}`);
      expect(error.message, what).not.to.contain("KEY-MATERIAL");
    }
    const exactly = keyFile("limit", "k".repeat(4096));
    expect(fromEnv(exactly).secretKey).to.have.length(4096);
  });

  it("names the stack-config key when the file comes from the stack config, and reports other problems too", () => {
    const error = catchError(() =>
      resolveSettings({
        config: { [CONFIG_KEYS.secretKeyFile]: "relative.key" },
        env: { [ENV_VARS.endpoint]: "ftp://x" },
      }),
    );
    expect(error.message).to.contain(`${CONFIG_KEYS.secretKeyFile} "relative.key" must be an absolute path`);
    expect(error.message).to.contain("sdkAppId is missing").and.contain("endpoint must be");
  });
});

function catchError(fn: () => unknown): ImError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(ImError);
    return error as ImError;
  }
  throw new Error("expected an ImError");
}
