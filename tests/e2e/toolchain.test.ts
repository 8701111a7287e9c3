/**
 * @e2e Proves the toolchain apart from our code: the real pulumi CLI (pinned version), the Node
 * language host and the dynamic-provider plugin take a tiny program through up and destroy, with
 * state inspected through `pulumi stack export`. Clean previews, updates and refresh through the
 * same toolchain are proven with our providers (im-group.test.ts, drift.test.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { programDir } from "../support/paths";
import { PulumiWorkspace, runProcess } from "../support/pulumi";

describe("@e2e toolchain: the real pulumi CLI runs a dynamic provider end to end", () => {
  let ws: PulumiWorkspace;
  let target: string;

  before(async () => {
    ws = await PulumiWorkspace.create({ programDir: programDir("toolchain") });
    target = path.join(ws.dir, "greeting.txt");
    await ws.setConfig("path", target);
    await ws.setConfig("content", "hello");
  });
  after(async () => ws?.dispose());

  it("is the pinned CLI version", async () => {
    const { stdout } = await runProcess("pulumi", ["version"], {});
    expect(stdout.trim()).to.equal("v3.248.0");
  });

  it("creates the resource on up", async () => {
    await ws.up();
    expect(readFileSync(target, "utf8")).to.equal("hello");
    expect(await ws.outputs()).to.deep.equal({ content: "hello" });
  });

  it("deletes the resource on destroy", async () => {
    await ws.destroy();
    expect(existsSync(target)).to.equal(false);
    const { resources } = await ws.exportState();
    expect(resources).to.have.length(0);
  });
});
