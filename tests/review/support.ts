/**
 * Helpers for the drift/review tool tests: fixture paths, running the built commands as child
 * processes, and Pulumi workspaces whose full environment is known, so the tools (separate
 * processes) can be pointed at the same private backend, home and program.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ImTestBed } from "../support/im";
import { programDir, repoRoot } from "../support/paths";
import { type PulumiResult, PulumiWorkspace, runProcess } from "../support/pulumi";

/** tests/fixtures/review, where captured previews and expected Markdown live. */
export const fixturesDir = path.join(repoRoot, "tests", "fixtures", "review");

/** Path of a file in tests/fixtures/review. */
export function fixturePath(name: string): string {
  return path.join(fixturesDir, name);
}

/** Text of a file in tests/fixtures/review. */
export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), "utf8");
}

/** The built command of a tool. */
export function toolPath(tool: "drift" | "review" | "recover"): string {
  return path.join(repoRoot, "provider", "dist", "cli", `${tool}.js`);
}

/** Runs a tool with node; never throws for a non-zero exit. */
export function runTool(
  tool: "drift" | "review" | "recover",
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<PulumiResult> {
  const env = { ...(options.env ?? process.env) };
  // Under `npm test` npm sets INIT_CWD to the repository root; the tools would take that as the
  // stack directory. Tests say what they mean with --cwd, or set INIT_CWD themselves.
  if (options.env?.INIT_CWD === undefined) delete env.INIT_CWD;
  return runProcess(process.execPath, [toolPath(tool), ...args], { cwd: options.cwd ?? tmpdir(), env });
}

/** A workspace on the `groups` fixture program (or another) plus what the tools need to reach it. */
export interface ToolWorkspace extends PulumiWorkspace {
  /** Environment for a separate process to use this workspace's home, backend and spec. */
  cliEnv: NodeJS.ProcessEnv;
  /** Rewrites the spec the `groups` program reads. */
  writeSpec(spec: unknown): void;
}

/** Options of {@link toolWorkspace}. */
export interface ToolWorkspaceOptions {
  /** Stack name. */
  stack: string;
  /** Program directory; default the `groups` fixture program (which reads the spec). */
  programDir?: string;
  /** Extra plain config. */
  config?: Record<string, string>;
  /** Extra secret config. */
  secretConfig?: Record<string, string>;
}

/**
 * Like `bed.workspace`, plus the environment the drift and review commands (separate processes)
 * reach the same stack with. Disposed by the caller.
 */
export async function toolWorkspace(
  bed: ImTestBed,
  spec: unknown,
  options: ToolWorkspaceOptions,
): Promise<ToolWorkspace> {
  const specFile = path.join(mkdtempSync(path.join(tmpdir(), "imgroups-review-spec-")), "spec.json");
  writeFileSync(specFile, JSON.stringify(spec));
  const ws = await PulumiWorkspace.create({
    programDir: options.programDir ?? programDir("groups"),
    stack: options.stack,
    config: {
      "tencentcloud-im:endpoint": bed.emulator.url,
      "tencentcloud-im:sdkAppId": String(bed.emulator.sdkAppId),
      ...options.config,
    },
    secretConfig: { "tencentcloud-im:secretKey": bed.emulator.secretKey, ...options.secretConfig },
    env: { IMGROUPS_SPEC_FILE: specFile },
  });
  // The tools get the workspace's own environment (home, backend, spec file), minus INIT_CWD (runTool).
  const cliEnv: NodeJS.ProcessEnv = { ...ws.env };
  delete cliEnv.INIT_CWD;
  return Object.assign(ws, {
    cliEnv,
    writeSpec: (next: unknown) => writeFileSync(specFile, JSON.stringify(next)),
  });
}

/** `count` accounts named `<prefix>0` … `<prefix><count-1>`. */
export function accounts(prefix: string, count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${from + i}`);
}
