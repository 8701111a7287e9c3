/**
 * @e2e Proves the toolchain: the real pulumi CLI (pinned version), the Node language host and the
 * dynamic-provider plugin take a tiny program through up, a clean preview, an update, refresh and
 * destroy, with state inspected through `pulumi stack export`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
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

  it("previews no changes when nothing changed", async () => {
    const result = await ws.preview("--expect-no-changes");
    expect(result.code, result.stdout + result.stderr).to.equal(0);
  });

  it("updates in place when an input changes", async () => {
    await ws.setConfig("content", "hello again");
    const preview = await ws.preview("--diff");
    expect(preview.stdout).to.match(/~ content: "hello" => "hello again"/);
    expect(preview.stdout).to.match(/1 to update/);
    await ws.up();
    expect(readFileSync(target, "utf8")).to.equal("hello again");
  });

  it("records out-of-band changes on refresh", async () => {
    writeFileSync(target, "edited by hand");
    await ws.refresh();
    const { resources } = await ws.exportState();
    const file = resources.find((r) => r.type === "pulumi-nodejs:dynamic:Resource");
    expect(file?.outputs?.content).to.equal("edited by hand");
    // The program still says "hello again", so the next preview must show the drift back.
    const preview = await ws.preview("--expect-no-changes");
    expect(preview.code).to.not.equal(0);
  });

  it("deletes the resource on destroy", async () => {
    await ws.destroy();
    expect(existsSync(target)).to.equal(false);
    const { resources } = await ws.exportState();
    expect(resources).to.have.length(0);
  });
});
