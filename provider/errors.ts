/**
 * The base of every error this package throws (after undici's lib/core/errors.js: one base class,
 * stable string codes), and the redaction every error message and cause goes through.
 *
 * Brand check: a program can load two copies of this package (a Pulumi program and the dynamic
 * provider it `require`s by name from another node_modules, or two versions side by side), and an
 * error made by one copy is then not an `instanceof` the other copy's class. So every error carries
 * the names of its classes under a `Symbol.for` key, which is the same symbol in every copy, and
 * `instanceof` checks that brand first (`static [Symbol.hasInstance]`): `error instanceof ImError`
 * holds for an ImError of any copy. A subclass takes part by declaring its own `static errorKind`.
 *
 * Secrets never inside: messages are built by the code that throws from names, codes and values
 * that are safe to log; a cause that is not one of our errors is replaced by {@link sanitizeCause}'s
 * copy (name, code, redacted message), since low-level errors can carry URLs with the UserSig.
 */

/** The symbol under which an error lists its class kinds; `Symbol.for`, so shared by every copy. */
const KINDS = Symbol.for("@imgroups/tencentcloud-im:error-kinds");

/** Options every error of the package accepts. */
export interface ImGroupsErrorOptions {
  /** The underlying error; anything but one of our errors is reduced to a sanitized copy. */
  cause?: unknown;
}

/** The base class of every error the package throws; never thrown itself. */
export abstract class ImGroupsError extends Error {
  /**
   * The brand of this class: instances of any copy of the package whose class chain declares the
   * same kind pass `instanceof`. Each subclass declares its own (a subclass without one is checked
   * by the ordinary prototype chain only).
   */
  static readonly errorKind: string = "ImGroupsError";

  /** Stable, machine-readable code (e.g. `IM_TRANSPORT`); documented by the subclass. */
  readonly code: string;

  constructor(code: string, message: string, options: ImGroupsErrorOptions = {}) {
    const { cause } = options;
    super(
      message,
      cause === undefined
        ? undefined
        : { cause: cause instanceof ImGroupsError ? cause : sanitizeCause(cause) },
    );
    this.code = code;
    Object.defineProperty(this, KINDS, { value: Object.freeze(kindsOf(this)), enumerable: false });
  }

  /**
   * True when `value` is an error of this class from any copy of the package (by brand), or an
   * ordinary instance (prototype chain) of a subclass that declares no kind of its own.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class asked about (often a subclass).
    return isInstance(this, value);
  }

  /** A plain, log-safe object (used by JSON.stringify): name, code, message; subclasses add fields. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message };
  }
}

/** `value instanceof asked`, by brand when `asked` declares a kind of its own. */
function isInstance(asked: typeof ImGroupsError, value: unknown): boolean {
  if (Object.hasOwn(asked, "errorKind") && typeof value === "object" && value !== null) {
    const kinds = (value as { [KINDS]?: unknown })[KINDS];
    if (Array.isArray(kinds)) return kinds.includes(asked.errorKind);
  }
  return Function.prototype[Symbol.hasInstance].call(asked, value);
}

/** The `errorKind` each class of `error`'s prototype chain declares itself, most derived first. */
function kindsOf(error: ImGroupsError): string[] {
  const kinds: string[] = [];
  for (let proto = Object.getPrototypeOf(error); proto !== null; proto = Object.getPrototypeOf(proto)) {
    const ctor: unknown = proto.constructor;
    if (typeof ctor === "function" && Object.hasOwn(ctor, "errorKind")) {
      kinds.push((ctor as typeof ImGroupsError).errorKind);
    }
  }
  return kinds;
}

/** Replaces every occurrence of the given secrets, and any `usersig=` query value, with `[REDACTED]`. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(/(usersig=)[^&\s"']*/gi, "$1[REDACTED]");
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join("[REDACTED]");
  return out;
}

/**
 * A log-safe stand-in for a low-level error: same name, code and (redacted) message, a one-line
 * stack, nothing else. undici errors can carry sockets, request options or URLs; none of that may
 * travel with one of our errors.
 */
export function sanitizeCause(err: unknown, secrets: readonly string[] = []): Error {
  const source = err instanceof Error ? err : new Error(describe(err));
  const copy = new Error(redact(source.message, secrets));
  copy.name = source.name;
  const code = (source as { code?: unknown }).code;
  if (typeof code === "string") Object.assign(copy, { code });
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

/** Text for a thrown non-Error, even one that refuses to become a string (a null-prototype object). */
function describe(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
