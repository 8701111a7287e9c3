/**
 * Secrets stay secret (docs/pulumi-notes.md §5): the secret key, the UserSig and the signed query string never
 * appear in a failing call's error — message, stack, JSON, inspect output, cause chain — nor in any
 * log line, nor in the client's own inspect output.
 */
import { inspect } from "node:util";
import { ImClient, type ImClientOptions, type ImError } from "@imgroups/tencentcloud-im/client/index";
import { expect } from "chai";
import {
  FAKE_SECRET,
  fail,
  fakeServer,
  fakeSettings,
  type ImFixture,
  rejection,
  startIm,
  undici,
} from "./helpers";

/** Every text an error can surface as, down its cause chain. */
function renderings(error: unknown): string[] {
  const out = [JSON.stringify(error), inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true })];
  for (let e: unknown = error; e !== undefined && e !== null; e = (e as { cause?: unknown }).cause) {
    out.push(String(e), (e as Error).message ?? "", (e as Error).stack ?? "", JSON.stringify(e) ?? "");
  }
  return out;
}

/** A client that records the request paths (with their signed queries) and its own log lines. */
function observedClient(settings: ConstructorParameters<typeof ImClient>[0], options: ImClientOptions = {}) {
  const paths: string[] = [];
  const logs: string[] = [];
  const dispatcher = new undici.Agent().compose((dispatch) => (opts, handler) => {
    paths.push(String(opts.path));
    return dispatch(opts, handler);
  });
  const client = new ImClient(settings, {
    dispatcher,
    logger: { debug: (line) => logs.push(line), warn: (line) => logs.push(line) },
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
  /** Secret key, every UserSig and every signed query string sent so far. */
  const secrets = () => {
    const queries = paths.map((path) => path.slice(path.indexOf("?") + 1));
    const userSigs = queries.map((query) => new URLSearchParams(query).get("usersig")!);
    return [settings.secretKey, ...userSigs, ...queries];
  };
  return { client, logs, secrets, close: () => Promise.all([client.close(), dispatcher.close()]) };
}

function expectNoLeak(error: ImError, logs: readonly string[], secrets: readonly string[], client: ImClient) {
  expect(secrets.length).to.be.greaterThan(1);
  const texts = [
    ...renderings(error),
    ...logs,
    inspect(client, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
  ];
  for (const secret of secrets) {
    for (const text of texts)
      expect(text.includes(secret), `leaked into: ${text.slice(0, 300)}`).to.equal(false);
  }
}

describe("client secret redaction", () => {
  it("redacts a gateway that echoes the signed URL into ErrorInfo", async () => {
    const server = await fakeServer((request) =>
      fail(10002, `bad request ${request.url} key=${FAKE_SECRET}`),
    );
    const observed = observedClient(fakeSettings(server.url));
    const error = await rejection(observed.client.destroyGroup({ GroupId: "g" }));
    expect(error).to.include({ code: "IM_API_ERROR", imErrorCode: 10002, attempts: 3 });
    expect(error.imErrorInfo).to.contain("usersig=[REDACTED]").and.contain("key=[REDACTED]");
    expect(observed.logs.length).to.be.greaterThan(0, "retries were logged");
    expectNoLeak(error, observed.logs, observed.secrets(), observed.client);
    await observed.close();
    await server.close();
  });

  it("keeps network errors and their undici causes free of secrets", async () => {
    const server = await fakeServer((_, __, res) => {
      res.socket?.destroy();
      return undefined;
    });
    const observed = observedClient(fakeSettings(server.url));
    const error = await rejection(observed.client.getGroupInfo({ GroupIdList: ["g"] }));
    expect(error).to.include({ code: "IM_TRANSPORT" });
    expect(error.cause).to.be.instanceOf(Error);
    expectNoLeak(error, observed.logs, observed.secrets(), observed.client);
    await observed.close();
    await server.close();
  });

  describe("against the emulator", () => {
    let im: ImFixture;
    before(async () => {
      im = await startIm({ faults: { dropConnectionRate: 1, commands: ["get_group_info"] } });
    });
    after(async () => {
      await im.close();
    });

    it("redacts failed API calls, dropped connections and a rejected signature", async () => {
      const observed = observedClient(im.settings);
      const invalid = await rejection(observed.client.createGroup({ Type: "Public", Name: "" }));
      expect(invalid).to.include({ code: "IM_API_ERROR", imErrorCode: 10004 });
      const dropped = await rejection(observed.client.getGroupInfo({ GroupIdList: ["g"] }));
      expect(dropped.code).to.equal("IM_TRANSPORT");
      for (const error of [invalid, dropped])
        expectNoLeak(error, observed.logs, observed.secrets(), observed.client);
      await observed.close();

      const wrongKey = observedClient({ ...im.settings, secretKey: "wrong-secret-key-0123456789" });
      const denied = await rejection(wrongKey.client.destroyGroup({ GroupId: "g" }));
      expect(denied.code).to.equal("IM_API_ERROR");
      expect(denied.imErrorCode).to.be.within(70001, 70052);
      expectNoLeak(denied, wrongKey.logs, wrongKey.secrets(), wrongKey.client);
      await wrongKey.close();
    });
  });
});
