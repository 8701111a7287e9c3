/**
 * Clearing known secret values from free text. The preview JSON already shows secret *values* as
 * `[secret]`, but error messages are text written by providers and programs, and a provider that
 * quotes a secret input in an error would leak it. The tools that run Pulumi therefore also ask
 * it for the stack's secret config values and wipe them from every message they print.
 */
import { SECRET_MARKER } from "./preview";

/** Replaces secret values in a text. */
export type Redactor = (text: string) => string;

/** The identity: for input that needs no clearing. */
export const redactNothing: Redactor = (text) => text;

/**
 * A redactor for these secret values. Each value is also cleared in its JSON-escaped and
 * URL-encoded forms, the two ways a message most often quotes it. Longer values go first so a
 * secret that contains another is cleared whole.
 */
export function redactorFor(secrets: Iterable<string>): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === "") continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(encodeURIComponent(secret));
  }
  const ordered = [...forms].filter((form) => form !== "").sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return redactNothing;
  const pattern = new RegExp(ordered.map(escapeRegExp).join("|"), "g");
  return (text) => text.replace(pattern, SECRET_MARKER);
}

/**
 * The secret values of `pulumi config --json --show-secrets` output: entries marked
 * `"secret": true`, with their string value or every string inside their structured value.
 */
export function secretsOfConfig(config: unknown): string[] {
  if (config === null || typeof config !== "object") return [];
  const out: string[] = [];
  for (const entry of Object.values(config as Record<string, unknown>)) {
    if (entry === null || typeof entry !== "object") continue;
    const { secret, value, objectValue } = entry as {
      secret?: unknown;
      value?: unknown;
      objectValue?: unknown;
    };
    if (secret !== true) continue;
    if (typeof value === "string") out.push(value);
    collectStrings(objectValue, out);
  }
  return out;
}

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, out);
  else if (value !== null && typeof value === "object") {
    for (const item of Object.values(value)) collectStrings(item, out);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
