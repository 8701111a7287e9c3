/**
 * The YAML the exporter writes: group files in the layout a person edits (block maps for a group,
 * one flow map a line for each member), emitted directly as text.
 *
 * Why not the `yaml` library's Document: an export of 5,000 groups and 100,000 members spent 3 s of
 * its 5.6 s building and stringifying node trees (and their garbage), more than the whole API time
 * bound (DECISIONS.md 2026-12-06, "the exporter emits its YAML itself"). The shape written here is
 * fixed and small: strings, integers, booleans, null, string maps and lists of such maps. The
 * reader is still the `yaml` library (topology/read.ts), and tests/topology/emit.test.ts proves
 * every emitted value parses back to itself, hostile strings included.
 *
 * Scalars: a string is written plain only when no YAML reader (1.1 or 1.2, block or flow context)
 * could take it for anything else: it starts with a letter or `_`, holds no indicator that matters
 * in flow context, no `:` or `#`, no control or format character, no trailing space, and is not a
 * word a schema resolves (`null`, `true`, `yes`, `off`, …). Every other string is double-quoted with
 * JSON's escapes (a subset of YAML's, YAML 1.2 §7.3.1) plus `\uXXXX` for what YAML does not allow
 * raw in a stream (C1 controls, U+2028/2029, U+FEFF, U+FFFE/FFFF; §5.1). A string of several lines
 * in block context is a literal block (`|-`) when it can be one exactly, so a notification reads as
 * written in a pull request.
 */

/** A value the emitter writes. Maps keep their insertion order. */
export type EmitValue =
  | string
  | number
  | boolean
  | null
  | ReadonlyMap<string, EmitValue>
  | readonly EmitValue[];

/** Words a YAML 1.1 or 1.2 schema resolves to something other than a string, in each spelling it accepts. */
const RESERVED_WORDS = new Set(
  ["null", "true", "false", "yes", "no", "on", "off", "y", "n"].flatMap((word) => [
    word,
    word.toUpperCase(),
    word[0]!.toUpperCase() + word.slice(1),
  ]),
);

/**
 * A string that may stay plain: a letter or `_` first, then letters, marks, digits, symbols
 * (emoji among them), spaces and a few safe punctuation marks; nothing that is an indicator in flow
 * context (`,[]{}`), starts a comment (`#`), ends a key (`:`) or needs an escape (`"`, `\`); no
 * control, format or line-separator character. Trailing spaces are refused in {@link isPlain}.
 */
const PLAIN = /^[\p{L}_][\p{L}\p{M}\p{N}\p{S}_ ()./@+\-=~&*!%?'<>;]*$/u;

/** Characters YAML does not allow raw, or that a 1.1 reader breaks lines at (after JSON's escapes). */
const UNPRINTABLE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;

/** Characters that keep a string out of a literal block: anything JSON escapes but `\n`, and {@link UNPRINTABLE}. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for.
const NOT_LITERAL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/;

/** Keys longer than this cannot be implicit keys (YAML 1.2 §7.4.2 allows 1,024 characters). */
const MAX_KEY_LENGTH = 1000;

/** Whether `text` can be written plain (see {@link PLAIN}). */
function isPlain(text: string): boolean {
  return PLAIN.test(text) && !text.endsWith(" ") && !RESERVED_WORDS.has(text);
}

/** `text` double-quoted: JSON's escapes, plus `\uXXXX` for {@link UNPRINTABLE}. */
function quoted(text: string): string {
  return JSON.stringify(text).replace(
    UNPRINTABLE,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A scalar (or an empty collection) as one token; undefined for a non-empty collection. */
function scalar(value: EmitValue): string | undefined {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return isPlain(value) ? value : quoted(value);
    case "number":
      if (!Number.isFinite(value)) {
        throw new TypeError(`emit: ${value} is not a YAML number this format writes`);
      }
      return String(value);
    case "boolean":
      return value ? "true" : "false";
  }
  if (Array.isArray(value)) return value.length === 0 ? "[]" : undefined;
  return (value as ReadonlyMap<string, EmitValue>).size === 0 ? "{}" : undefined;
}

/** A key as its token; refused when too long to be an implicit key. */
function keyText(key: string): string {
  if (key.length > MAX_KEY_LENGTH) {
    throw new RangeError(
      `emit: a key of ${key.length} characters is over ${MAX_KEY_LENGTH}: ${quoted(key.slice(0, 40))}…`,
    );
  }
  return scalar(key)!;
}

/** A value on one line: a scalar, or a flow collection (`{ a: 1 }`, `[a, b]`). */
export function flowText(value: EmitValue): string {
  const token = scalar(value);
  if (token !== undefined) return token;
  if (Array.isArray(value)) return `[${value.map(flowText).join(", ")}]`;
  const pairs: string[] = [];
  for (const [key, item] of value as ReadonlyMap<string, EmitValue>) {
    pairs.push(`${keyText(key)}: ${flowText(item)}`);
  }
  return `{ ${pairs.join(", ")} }`;
}

/**
 * A string of several lines as a literal block (`|-`, then its lines at `indent`), or undefined
 * when a literal cannot hold it exactly: a trailing line break (the `-` chomps it), a first line
 * starting with white space or a line break (that would need an indentation indicator), or a
 * character that needs an escape.
 */
function literalBlock(text: string, indent: string): string | undefined {
  if (!text.includes("\n") || text.endsWith("\n") || /^[ \t\n]/.test(text) || NOT_LITERAL.test(text)) {
    return undefined;
  }
  const lines = text.split("\n").map((line) => (line === "" ? "" : `${indent}${line}`));
  return `|-\n${lines.join("\n")}`;
}

/**
 * A map in block context, each key on its own line at `indent` (the first at `firstPrefix`, for a
 * map that is a sequence item). Values: scalars after the key; strings of several lines as literal
 * blocks; non-empty maps as nested block maps; lists as block sequences whose items are one flow
 * value a line when the list's key is in `flowItems`, else block maps.
 */
function blockMapLines(
  map: ReadonlyMap<string, EmitValue>,
  indent: string,
  flowItems: ReadonlySet<string>,
  firstPrefix = indent,
): string[] {
  const lines: string[] = [];
  let prefix = firstPrefix;
  for (const [key, value] of map) {
    const head = `${prefix}${keyText(key)}:`;
    prefix = indent;
    const literal = typeof value === "string" ? literalBlock(value, `${indent}  `) : undefined;
    const token = scalar(value);
    if (literal !== undefined) lines.push(`${head} ${literal}`);
    else if (token !== undefined) lines.push(`${head} ${token}`);
    else if (Array.isArray(value)) {
      lines.push(head);
      for (const item of value as readonly EmitValue[]) {
        if (item instanceof Map && item.size > 0 && !flowItems.has(key)) {
          lines.push(...blockMapLines(item, `${indent}    `, flowItems, `${indent}  - `));
        } else lines.push(`${indent}  - ${flowText(item)}`);
      }
    } else {
      lines.push(head, ...blockMapLines(value as ReadonlyMap<string, EmitValue>, `${indent}  `, flowItems));
    }
  }
  return lines;
}

/**
 * A whole YAML document: `#comment`, a blank line, then `content` as a block map whose lists named
 * in `flowItems` hold one flow value a line. Ends with a line break.
 */
export function documentText(
  comment: string,
  content: ReadonlyMap<string, EmitValue>,
  flowItems: ReadonlySet<string> = new Set(),
): string {
  return `#${comment}\n\n${blockMapLines(content, "", flowItems).join("\n")}\n`;
}
