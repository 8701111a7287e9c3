/**
 * Network failures name the host and port they tried, never the URL's query (issue 15): a DNS
 * failure on the default region's hosts, a refused loopback port and a timeout, each as one clear
 * ImError without stack frames; retries over a region's two hosts say which were unreachable.
 */
import type { LookupFunction } from "node:net";
import { ImClient, resolveSettings } from "@imgroups/tencentcloud-im/client/index";
import { expect } from "chai";
import { FAKE_SECRET, type FakeServer, fakeServer, fakeSettings, rejection, undici } from "./helpers";

/** A DNS that knows no name: every lookup fails as getaddrinfo does for an unknown host. */
const noSuchHost: LookupFunction = (hostname, _options, callback) => {
  const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
    code: "ENOTFOUND",
    syscall: "getaddrinfo",
    hostname,
  });
  process.nextTick(() => callback(error, "", 0));
};

/** What no network error may show: the signed query and its parts, and our own call frames. */
function expectCleanMessage(error: Error): void {
  for (const text of [error.message, String(error.stack)]) {
    expect(text).not.to.match(/usersig|sdkappid=|identifier=|\?/i);
    expect(text).not.to.contain(FAKE_SECRET);
  }
  expect(error.stack).to.equal(`ImError: ${error.message}`);
}

describe("client network errors", () => {
  const closing: Array<{ close(): Promise<unknown> }> = [];
  afterEach(async () => {
    await Promise.all(closing.splice(0).map((c) => c.close()));
  });

  it("names the default region's hosts when an SDKAppID without endpoint cannot be resolved", async () => {
    const settings = resolveSettings({
      env: { TENCENTCLOUD_IM_SDKAPPID: "1400000001", TENCENTCLOUD_IM_SECRET_KEY: FAKE_SECRET },
    });
    expect(settings.endpoint).to.equal("china");
    const dispatcher = new undici.Agent({ connect: { lookup: noSuchHost } });
    const logs: string[] = [];
    const client = new ImClient(settings, {
      dispatcher,
      retry: { retries: 2, minDelayMs: 1, maxDelayMs: 1 },
      logger: { debug: (line) => logs.push(line), warn: (line) => logs.push(line) },
    });
    closing.push(client, dispatcher);

    const error = await rejection(client.getGroup("g"));
    // Attempts alternate between the primary and the backup host (docs/api-reference.md §3.2): 1, 3 primary.
    expect(error).to.include({
      code: "IM_TRANSPORT",
      host: "console.tim.qq.com:443",
      attempts: 3,
      retryable: true,
      outcomeUnknown: false,
    });
    expect(error.message).to.equal(
      "group_open_http_svc/get_group_info: cannot reach console.tim.qq.com:443 " +
        "(ENOTFOUND: the host name does not resolve) on attempt 3; " +
        "also unreachable: adminapi.my-imcloud.com:443; check the region or endpoint setting",
    );
    expectCleanMessage(error);
    expect(logs.join("\n")).to.contain("cannot reach adminapi.my-imcloud.com:443 (ENOTFOUND");
    expect(JSON.parse(JSON.stringify(error))).to.include({ host: "console.tim.qq.com:443" });
  });

  it("names the loopback host and port that refused the connection", async () => {
    const closed = await fakeServer(() => ({}));
    await closed.close();
    const client = new ImClient(fakeSettings(closed.url), { retry: { retries: 0 } });
    closing.push(client);
    const port = new URL(closed.url).port;
    const error = await rejection(client.destroyGroup({ GroupId: "g" }));
    expect(error).to.include({ code: "IM_TRANSPORT", host: `127.0.0.1:${port}`, attempts: 1 });
    expect(error.message).to.equal(
      `group_open_http_svc/destroy_group: cannot reach 127.0.0.1:${port} ` +
        "(ECONNREFUSED: the connection was refused) on attempt 1; check the region or endpoint setting",
    );
    expectCleanMessage(error);
  });

  it("names the host that did not answer in time, and the limit that ran out", async () => {
    const silent: FakeServer = await fakeServer(() => undefined);
    closing.push(silent);
    const client = new ImClient(fakeSettings(silent.url), {
      timeouts: { headersMs: 100 },
      retry: { retries: 0 },
    });
    closing.push(client);
    const port = new URL(silent.url).port;
    const error = await rejection(client.getGroupInfo({ GroupIdList: ["g"] }));
    expect(error).to.include({ code: "IM_TIMEOUT", host: `127.0.0.1:${port}`, outcomeUnknown: true });
    expect(error.message).to.equal(
      `group_open_http_svc/get_group_info: 127.0.0.1:${port} did not answer in time ` +
        "(UND_ERR_HEADERS_TIMEOUT: no response headers within 100 ms) on attempt 1",
    );
    expectCleanMessage(error);
  });
});
