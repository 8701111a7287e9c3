/**
 * The size of a value as compact JSON: the byte count `Buffer.byteLength(JSON.stringify(value))`
 * gives, for the JSON-shaped values a parsed answer holds — and for an answer nested 100,000 levels
 * deep (input like any other), where JSON.stringify overflows its stack, the same count by an
 * iterative walk.
 */

/** UTF-8 bytes of `value` as compact JSON (`undefined` and functions inside objects are skipped, as in JSON). */
export function jsonByteLength(value: unknown): number {
  // JSON.stringify is native and several times faster on a 10,000-member answer; only a value too
  // deep for its recursion is walked here.
  try {
    const text = JSON.stringify(value);
    return text === undefined ? 4 : Buffer.byteLength(text);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  return walkedByteLength(value);
}

/** {@link jsonByteLength} with an explicit stack: any depth. */
function walkedByteLength(value: unknown): number {
  let bytes = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === "string") bytes += Buffer.byteLength(JSON.stringify(item));
    else if (typeof item === "number" || typeof item === "boolean")
      bytes += String(JSON.stringify(item)).length;
    else if (Array.isArray(item)) {
      // Brackets and commas; an item JSON cannot show becomes null, as JSON.stringify writes it.
      bytes += 2 + Math.max(0, item.length - 1);
      for (const element of item) pending.push(isShown(element) ? element : null);
    } else if (typeof item === "object" && item !== null) {
      const entries = Object.entries(item).filter(([, field]) => isShown(field));
      bytes += 2 + Math.max(0, entries.length - 1);
      for (const [key, field] of entries) {
        bytes += Buffer.byteLength(JSON.stringify(key)) + 1;
        pending.push(field);
      }
    } else bytes += 4; // null (and a top-level undefined, which has no JSON; counted as null)
  }
  return bytes;
}

/** Whether JSON.stringify writes a value inside an object (undefined, functions and symbols it skips). */
function isShown(value: unknown): boolean {
  return value !== undefined && typeof value !== "function" && typeof value !== "symbol";
}
