/**
 * provider/resources/shared/errors.ts documents only codes something throws: every ResourceErrorCode is
 * passed to `new ResourceError(…)` somewhere in the provider's source, and each has a doc comment
 * saying where it is thrown and what the user does about it. Read from the sources (the union is a
 * type, gone at run time).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { repoRoot } from "../support/paths";

const PROVIDER = path.join(repoRoot, "provider");
const ERRORS = path.join(PROVIDER, "resources", "shared", "errors.ts");

/** The provider's TypeScript sources (not its build output or dependencies). */
function providerSources(): string[] {
  return (readdirSync(PROVIDER, { recursive: true, encoding: "utf8" }) as string[])
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))
    .filter((file) => !file.split(path.sep).some((part) => part === "dist" || part === "node_modules"))
    .map((file) => path.join(PROVIDER, file));
}

/** The codes of the ResourceErrorCode union, each with the doc comment just before it. */
function declaredCodes(): Array<{ code: string; doc: string }> {
  const text = readFileSync(ERRORS, "utf8");
  const union = /export type ResourceErrorCode =([\s\S]*?);\n/.exec(text)?.[1];
  expect(union, "ResourceErrorCode in errors.ts").to.be.a("string");
  return [...union!.matchAll(/(?:\/\*\*([\s\S]*?)\*\/\s*)?\|\s*"([A-Z_]+)"/g)].map((match) => ({
    code: match[2]!,
    doc: (match[1] ?? "").replace(/\s*\*\s*/g, " ").trim(),
  }));
}

describe("ResourceError codes", () => {
  const codes = declaredCodes();
  const thrown = new Set<string>();
  for (const file of providerSources()) {
    if (file === ERRORS) continue;
    for (const match of readFileSync(file, "utf8").matchAll(/new ResourceError\(\s*"([A-Z_]+)"/g)) {
      thrown.add(match[1]!);
    }
  }

  it("lists at least the codes the provider throws", () => {
    expect(codes.map(({ code }) => code)).to.include.members([...thrown]);
  });

  for (const { code, doc } of codes) {
    it(`${code}: thrown by the provider, documented with where and what the user does`, () => {
      expect(thrown.has(code), `${code} is declared in errors.ts but nothing throws it`).to.equal(true);
      // Where: a provider module; what to do: a sentence addressed to the user.
      expect(doc, `${code}'s doc comment`).to.match(/\.ts\b/);
      expect(doc, `${code}'s doc comment`).to.match(/\bthe user\b/i);
    });
  }
});
