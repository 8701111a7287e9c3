/**
 * Parsing a request body as JSON with its nesting bounded. `JSON.parse` itself copes with any depth,
 * but everything after it that walks the value recursively (ajv's error data, `JSON.stringify` in
 * error details and in the journal) overflows the stack at a few thousand levels, which surfaced as
 * the retryable 10002. No request of the API nests deeper than a handful of levels, so a body deeper
 * than the limit is refused before anything looks inside it, with 60003: the failure is the JSON
 * text's, whatever the command (docs/api-reference.md §3.5 step 8).
 */

import { ApiRefusal } from "../errors";

/** Default deepest nesting of arrays and objects accepted in a request body. */
export const DEFAULT_MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * The deepest nesting of arrays and objects in a JSON text (`{}` is 1, `{"a":[1]}` 2), found by one
 * pass over the bytes that skips strings. UTF-8 multi-byte sequences never contain these ASCII
 * bytes, so no decoding is needed. Malformed text gets some number; the parser reports it.
 */
export function jsonDepth(text: Uint8Array): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > deepest) deepest = depth;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return deepest;
}

/**
 * Parses a body as JSON, refusing one nested deeper than `maxDepth` or not JSON at all with 60003
 * (the detail names the limit and the depth found).
 */
export function parseJsonBody(body: Buffer, maxDepth: number): unknown {
  const depth = jsonDepth(body);
  if (depth > maxDepth) {
    throw new ApiRefusal(60003, `body: nesting depth ${depth} exceeds the limit of ${maxDepth}`);
  }
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw new ApiRefusal(60003, `body: ${(error as Error).message}`);
  }
}
