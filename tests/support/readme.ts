/**
 * Running README steps as a reader would: the marked fenced blocks of a README section as a bash
 * script, in a reader's environment (none of this repository's npm, IM or Pulumi settings), in a
 * process group of its own. Used by the e2e tests that run README sections verbatim
 * (own-project.test.ts, bring-app.test.ts).
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { repoRoot } from "./paths";
import type { PulumiResult } from "./pulumi";

/**
 * The README's regions marked `<!-- <marker>:begin <where> -->` … `<!-- <marker>:end -->` for
 * `where`, in document order, as one bash script: each `sh` block as it stands, each other fenced
 * block written to the file its introducing line names in backticks (e.g. "`index.ts` — one
 * group …"). Tests run README steps verbatim through it, so the README and they cannot drift apart.
 */
export function readmeScript(markdown: string, marker: string, where: string): string {
  const regions = [
    ...markdown.matchAll(
      new RegExp(`<!-- ${marker}:begin (\\w+) -->\\n([\\s\\S]*?)<!-- ${marker}:end -->`, "g"),
    ),
  ]
    .filter((match) => match[1] === where)
    .map((match) => match[2]!);
  if (regions.length === 0) throw new Error(`README has no ${marker}:begin ${where} region`);
  const parts: string[] = [];
  for (const region of regions) {
    const lines = region.split("\n");
    // The first line of the last paragraph before a fence: the one that introduces it.
    let intro: string | undefined;
    let inParagraph = false;
    for (let i = 0; i < lines.length; i++) {
      const fence = /^```(\w+)$/.exec(lines[i]!);
      if (!fence) {
        const blank = lines[i]!.trim() === "";
        if (!blank && !inParagraph) intro = lines[i];
        inParagraph = !blank;
        continue;
      }
      const end = lines.indexOf("```", i + 1);
      if (end < 0) throw new Error(`an unclosed ${fence[1]} block in the ${where} region`);
      const body = lines.slice(i + 1, end).join("\n");
      if (fence[1] === "sh") {
        parts.push(body);
      } else {
        const file = /^`([^`]+)`/.exec(intro ?? "")?.[1];
        if (!file) throw new Error(`a ${fence[1]} block in the ${where} region names no file: "${intro}"`);
        if (body.includes("IMGROUPS_README_EOF")) throw new Error(`${file} holds the heredoc delimiter`);
        parts.push(`cat > '${file}' <<'IMGROUPS_README_EOF'\n${body}\nIMGROUPS_README_EOF`);
      }
      intro = undefined;
      inParagraph = false;
      i = end;
    }
  }
  return `${parts.join("\n")}\n`;
}

/**
 * The environment a reader's shell would have: this one without npm's run-script variables, the
 * repository's node_modules/.bin, any IM connection or Pulumi backend settings, plus `extra`.
 */
export function readerEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|TENCENTCLOUD_IM_|PULUMI_|IMGROUPS_|IM_EMULATOR_)/i.test(key) || key === "INIT_CWD") continue;
    env[key] = value;
  }
  const repoBin = path.join(repoRoot, "node_modules", ".bin");
  env.PATH = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((dir) => path.resolve(dir) !== repoBin)
    .join(path.delimiter);
  return { ...env, ...extra };
}

/**
 * Runs a script with bash -euo pipefail in a process group of its own, so that whatever it left
 * running (the emulator it starts in the background) is stopped with it, also after a failure.
 */
export function runScript(script: string, cwd: string, env: NodeJS.ProcessEnv, started: ChildProcess[]) {
  return new Promise<PulumiResult>((resolve, reject) => {
    const child = spawn("bash", ["-euo", "pipefail", "-c", script], {
      cwd,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    started.push(child);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    // "exit", not "close": a background process the script failed to stop would hold the pipes open.
    child.on("exit", (code) => {
      stopGroup(child);
      resolve({ code, stdout, stderr });
    });
  });
}

/** SIGTERMs the process group a {@link runScript} child leads (nothing if it is gone). */
export function stopGroup(child: ChildProcess): void {
  try {
    if (child.pid) process.kill(-child.pid, "SIGTERM");
  } catch {
    // The group has no processes left.
  }
}
