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

function catchError(fn: () => unknown): ImError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(ImError);
    return error as ImError;
  }
  throw new Error("expected an ImError");
}
