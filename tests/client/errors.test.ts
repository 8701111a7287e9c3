/**
 * The package's error base (provider/errors.ts): `instanceof` holds across two loaded copies of the
 * package (a real second copy of the compiled modules, required from a temp dir), classes stay
 * apart, JSON is log-safe and causes cannot carry secrets in.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inspect } from "node:util";
import { hasImErrorCode, ImError } from "@imgroups/tencentcloud-im/client/index";
import { ImGroupsError } from "@imgroups/tencentcloud-im/errors";
import { expect } from "chai";

type ErrorsModule = typeof import("@imgroups/tencentcloud-im/errors");
type ClientErrorsModule = typeof import("@imgroups/tencentcloud-im/client/errors");

/** A second, independent copy of the compiled error modules, as a duplicate install would load. */
function secondCopy(dir: string): { base: ErrorsModule; client: ClientErrorsModule } {
  const dist = path.dirname(require.resolve("@imgroups/tencentcloud-im/errors"));
  mkdirSync(path.join(dir, "client"));
  cpSync(path.join(dist, "errors.js"), path.join(dir, "errors.js"));
  cpSync(path.join(dist, "client", "errors.js"), path.join(dir, "client", "errors.js"));
  return {
    base: require(path.join(dir, "errors.js")) as ErrorsModule,
    client: require(path.join(dir, "client", "errors.js")) as ClientErrorsModule,
  };
}

describe("package errors", () => {
  let dir: string;
  let copy: { base: ErrorsModule; client: ClientErrorsModule };
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "imgroups-errors-"));
    copy = secondCopy(dir);
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("recognises an ImError from another copy of the package, both ways", () => {
    expect(copy.client.ImError).not.to.equal(ImError, "the copy is a distinct class");
    const foreign = new copy.client.ImError("IM_API_ERROR", "get_group_info failed", { imErrorCode: 10010 });
    const local = new ImError("IM_TIMEOUT", "timed out");
    expect(foreign instanceof ImError).to.equal(true);
    expect(foreign instanceof ImGroupsError).to.equal(true);
    expect(local instanceof copy.client.ImError).to.equal(true);
    expect(local instanceof copy.base.ImGroupsError).to.equal(true);
    expect(hasImErrorCode(foreign, 10010)).to.equal(true);
    expect(copy.client.hasImErrorCode(local, 10010)).to.equal(false);
    // Still Errors with their own prototype chain.
    expect(foreign).to.be.instanceOf(Error);
    expect(Object.getPrototypeOf(foreign)).to.equal(copy.client.ImError.prototype);
  });

  it("keeps classes apart: another kind on the same base, and look-alikes, are not ImErrors", () => {
    class RemovalGuardError extends ImGroupsError {
      static override readonly errorKind: string = "RemovalGuardError";
    }
    const guard = new RemovalGuardError("REMOVAL_GUARD", "would remove 60% of the members");
    expect(guard instanceof ImGroupsError).to.equal(true);
    expect(guard instanceof copy.base.ImGroupsError).to.equal(true);
    expect(guard instanceof ImError).to.equal(false);
    expect(guard instanceof copy.client.ImError).to.equal(false);
    expect(new ImError("IM_CONFIG", "x") instanceof RemovalGuardError).to.equal(false);

    const lookAlike = Object.assign(new Error("get_group_info failed"), {
      name: "ImError",
      code: "IM_API_ERROR",
      imErrorCode: 10010,
    });
    expect(lookAlike instanceof ImError).to.equal(false);
    expect(hasImErrorCode(lookAlike, 10010)).to.equal(false);
    for (const value of [null, undefined, 0, "ImError", {}, Object.create(null)]) {
      expect(value instanceof ImGroupsError).to.equal(false);
    }
  });

  it("serialises to a short log-safe object and keeps the brand out of it", () => {
    const error = new ImError("IM_API_ERROR", "destroy_group failed with IM error 10010: gone", {
      imErrorCode: 10010,
      command: "destroy_group",
      attempts: 2,
    });
    expect(JSON.parse(JSON.stringify(error))).to.deep.equal({
      name: "ImError",
      code: "IM_API_ERROR",
      message: "destroy_group failed with IM error 10010: gone",
      imErrorCode: 10010,
      command: "destroy_group",
      attempts: 2,
      retryable: false,
      outcomeUnknown: false,
    });
    expect(Object.keys(error)).not.to.include("stack");
    expect(inspect(error)).not.to.contain("error-kinds");
  });

  it("reduces a foreign cause to name, code and a redacted message", () => {
    const userSig = "eJwtzF0LgjAUxvGvMs61";
    const low = Object.assign(new Error(`connect to https://h/v4/x?sdkappid=1&usersig=${userSig}&random=2`), {
      code: "ECONNRESET",
      socket: { secret: "never travels" },
    });
    const error = new ImError("IM_TRANSPORT", "network error", { cause: low });
    const cause = error.cause as Error & { code?: string; socket?: unknown };
    expect(cause).not.to.equal(low);
    expect(cause).to.include({ name: "Error", code: "ECONNRESET" });
    expect(cause.socket).to.equal(undefined);
    expect(cause.message).to.contain("usersig=[REDACTED]").and.not.contain(userSig);
    expect(cause.stack).not.to.contain(userSig);

    const wrapped = new ImError("IM_CONFLICT", "taken", { cause: error });
    expect(wrapped.cause).to.equal(error, "our own errors are already safe and kept as they are");
    const odd = new ImError("IM_TRANSPORT", "odd", { cause: Object.create(null) });
    expect((odd.cause as Error).message).to.equal("[object Object]");
  });
});
