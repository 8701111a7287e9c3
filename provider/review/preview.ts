/**
 * The shape of `pulumi preview --json` (CLI 3.248) as far as the review tools read it, and a parser
 * that checks just enough of it to fail clearly on anything else.
 *
 * Verified on real runs against the emulator (fixtures in tests/fixtures/review/):
 * - every step has `op` and `urn`; `oldState` / `newState` carry `inputs` and `outputs`;
 * - dynamic providers return no detailed diff: `detailedDiff` is null and `diffReasons` absent, so
 *   the field-level diff is ours to compute from the inputs; `replaceReasons` is set on replaces;
 * - with `--refresh` every resource in state first gets an `op: "refresh"` step whose `oldState` is
 *   the state recorded by the last update; the following step's `oldState` is the refreshed (live)
 *   state and its `newState` the program's declaration;
 * - secret values are the string `"[secret]"` anywhere in a value (never the plaintext, unless the
 *   CLI was given `--show-secrets`, which these tools never pass);
 * - values not known until apply are the string `04da6b54-80e4-46f7-96ec-b56ff0331ba9`;
 * - errors are `diagnostics` with `severity: "error"`; the JSON is printed even when the preview
 *   fails (exit 1), possibly with no steps.
 */

/** Type token of the ImGroup dynamic resource. */
export const IM_GROUP_TYPE = "pulumi-nodejs:dynamic/tencentcloud-im:ImGroup";
/** Type token of the ImGroupMembers dynamic resource. */
export const IM_GROUP_MEMBERS_TYPE = "pulumi-nodejs:dynamic/tencentcloud-im:ImGroupMembers";

/** What the CLI prints in place of a secret value. */
export const SECRET_MARKER = "[secret]";
/** The engine's sentinel for a value that is only known after apply. */
export const UNKNOWN_MARKER = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A resource state inside a step. */
export interface PreviewState {
  /** The resource URN. */
  urn?: string;
  /** The resource type token. */
  type?: string;
  /** The provider id (absent before create). */
  id?: string | null;
  /** Inputs: recorded (old state) or declared by the program (new state). */
  inputs?: Record<string, unknown> | null;
  /** Outputs (null in a new state during preview). */
  outputs?: Record<string, unknown> | null;
  /** Per-input dependencies: input name → URNs it was computed from. */
  propertyDependencies?: Record<string, string[]> | null;
}

/** One step of the plan. */
export interface PreviewStep {
  /** `same`, `create`, `update`, `delete`, `replace`, `create-replacement`, `delete-replaced`, `refresh`, `read`, … */
  op: string;
  /** The resource URN. */
  urn: string;
  /** State before the step (absent for creates). */
  oldState?: PreviewState | null;
  /** State after the step (absent for deletes). */
  newState?: PreviewState | null;
  /** Inputs whose change forces a replacement. */
  replaceReasons?: string[] | null;
  /** Inputs that changed, when the provider reports them (dynamic providers do not). */
  diffReasons?: string[] | null;
}

/** One diagnostic message. */
export interface PreviewDiagnostic {
  /** The message text (may end with newlines). */
  message: string;
  /** `error`, `warning`, `info`, `info#err`, `debug`. */
  severity: string;
  /** The resource it is about, if any. */
  urn?: string;
}

/** The whole document. */
export interface PreviewJson {
  /** Stack config as shown (secrets as `[secret]`). */
  config?: Record<string, unknown>;
  /** The plan. */
  steps: PreviewStep[];
  /** Messages of the run. */
  diagnostics: PreviewDiagnostic[];
  /** Count of steps per op. */
  changeSummary?: Record<string, number>;
}

/**
 * Deepest nesting accepted. The CLI's documents nest about ten levels (document → step → state →
 * inputs → members → member → field); the comparisons and renderers walk values recursively, so a
 * file nested 100,000 levels deep must be refused here rather than overflow the stack there.
 */
export const MAX_PREVIEW_DEPTH = 256;

/** Thrown when a text is not a `pulumi preview --json` document. */
export class PreviewParseError extends Error {
  override readonly name = "PreviewParseError";
}

/**
 * Parses the CLI's JSON. Tolerates text before the document (some wrappers print a banner) by
 * starting at the first line that opens an object; refuses anything without a steps/diagnostics
 * shape so a wrong file is an error, never "no changes".
 */
export function parsePreview(text: string): PreviewJson {
  const start = text.search(/^\{/m);
  if (start < 0)
    throw new PreviewParseError("no JSON object found (is this `pulumi preview --json` output?)");
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start));
  } catch (error) {
    throw new PreviewParseError(`not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new PreviewParseError("the JSON is not an object");
  }
  if (nestedDeeperThan(value, MAX_PREVIEW_DEPTH)) {
    throw new PreviewParseError(`the JSON is nested deeper than ${MAX_PREVIEW_DEPTH} levels: not a preview`);
  }
  const doc = value as Record<string, unknown>;
  if (doc.steps === undefined && doc.diagnostics === undefined && doc.changeSummary === undefined) {
    throw new PreviewParseError("the JSON has no steps, diagnostics or changeSummary: not a preview");
  }
  const steps = Array.isArray(doc.steps) ? doc.steps : [];
  for (const [index, step] of steps.entries()) {
    const s = step as Record<string, unknown> | null;
    if (s === null || typeof s !== "object" || typeof s.op !== "string" || typeof s.urn !== "string") {
      throw new PreviewParseError(`steps[${index}] has no op or urn`);
    }
  }
  const diagnostics = (Array.isArray(doc.diagnostics) ? doc.diagnostics : []).filter(
    (d): d is PreviewDiagnostic =>
      d !== null && typeof d === "object" && typeof (d as PreviewDiagnostic).message === "string",
  );
  return {
    config: isRecord(doc.config) ? doc.config : undefined,
    steps: steps as PreviewStep[],
    diagnostics,
    changeSummary: isRecord(doc.changeSummary) ? (doc.changeSummary as Record<string, number>) : undefined,
  };
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>` split into its parts. */
export interface UrnParts {
  /** Stack name. */
  stack: string;
  /** Project name. */
  project: string;
  /** Type token (the last type of a parent chain). */
  type: string;
  /** Resource name. */
  name: string;
}

/** Splits a URN; resource names may contain `::`, so the name is everything after the type. */
export function parseUrn(urn: string): UrnParts {
  const parts = urn.split("::");
  const stack = (parts[0] ?? "").replace(/^urn:pulumi:/, "");
  const typeChain = parts[2] ?? "";
  return {
    stack,
    project: parts[1] ?? "",
    type: typeChain.split("$").pop() ?? typeChain,
    name: parts.slice(3).join("::"),
  };
}

/** True when arrays and objects nest more than `max` levels; iterative, so any depth is safe to ask about. */
function nestedDeeperThan(value: unknown, max: number): boolean {
  const pending: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 1 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.node === null || typeof next.node !== "object") continue;
    if (next.depth > max) return true;
    for (const child of Object.values(next.node)) pending.push({ node: child, depth: next.depth + 1 });
  }
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
