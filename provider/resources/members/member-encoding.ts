/**
 * The few conventions of the member list's journey from a program to `check` (program-members.ts
 * writes it, im-group-members-rules.ts reads it), kept where both can use them without loading
 * Pulumi.
 */

/** Prefix of the encoding of a `members` input that is not a list (check reports it). */
export const NOT_A_LIST = "!not-a-list ";

/** How NaN and ±Infinity travel in a JSON line (JSON itself would turn them into `null`). */
const NON_FINITE = "$nonFinite";

/** Text present in an encoding exactly when a non-finite number may be in it (a reviver is needed). */
export const NON_FINITE_MARK = NON_FINITE;

/** JSON.stringify replacer keeping NaN and ±Infinity, so `check` can name them. */
export function keepNonFinite(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isFinite(value) ? { [NON_FINITE]: String(value) } : value;
}

/** JSON.parse reviver undoing {@link keepNonFinite}. */
export function reviveNonFinite(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === NON_FINITE)
      return Number((value as Record<string, string>)[NON_FINITE]);
  }
  return value;
}
