/**
 * The machine-readable adoption report: what the first `up` of an adopting ImGroup changes on the
 * live group, for the review and drift tools. The provider logs it on the resource next to the
 * human message ("adopts group X: …", resources/adoption.ts) when the tools asked for reports
 * (`IMGROUPS_MEMBER_REPORT=1`, member-diagnostic.ts); it reaches `pulumi preview --json` under
 * `diagnostics` with the resource's URN. Without it the review would show an adoption as a create
 * of every declared field, which says nothing about what is written.
 *
 * A preview file is input: decoding is bounded ({@link MAX_ADOPTION_DIAGNOSTIC_CHARS}) and
 * strict, and a malformed report is ignored (the review then says it has none), never thrown.
 */
import { toValue, type Value } from "./values";

/** First word of an adoption report diagnostic; the version changes with the payload's meaning. */
export const ADOPTION_DIAGNOSTIC_MARKER = "imgroups-adoption/v1";

/**
 * Longest report read: an ImGroup has a dozen fields and at most a few dozen custom-data keys of
 * ≤512 bytes each (002 10004 #10), far under this.
 */
export const MAX_ADOPTION_DIAGNOSTIC_CHARS = 256 * 1024;

/** One field the first `up` changes; a secret field carries `secret` and no values. */
export interface AdoptionReportChange {
  /** Input name; a custom-data key as `appDefinedData.<key>`. */
  field: string;
  /** The live value (absent: not set, or secret). */
  before?: unknown;
  /** The declared value (absent when secret). */
  after?: unknown;
  /** The input is secret: neither value is carried. */
  secret?: true;
}

/** What one adoption report carries. */
export interface AdoptionReport {
  /** The adopted group. */
  groupId: string;
  /** The fields the first `up` changes (empty: nothing is written). */
  changes: AdoptionReportChange[];
}

/** The diagnostic message for an adoption report: the marker, a space, the JSON. */
export function encodeAdoptionDiagnostic(report: AdoptionReport): string {
  return `${ADOPTION_DIAGNOSTIC_MARKER} ${JSON.stringify(report)}`;
}

/** True when a diagnostic message is an adoption report (never shown to people). */
export function isAdoptionDiagnostic(message: string): boolean {
  return message.startsWith(`${ADOPTION_DIAGNOSTIC_MARKER} `);
}

/** The adoption report in a message, or undefined when it is not one or is malformed or too long. */
export function decodeAdoptionDiagnostic(message: string): AdoptionReport | undefined {
  if (!isAdoptionDiagnostic(message) || message.length > MAX_ADOPTION_DIAGNOSTIC_CHARS) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(message.slice(ADOPTION_DIAGNOSTIC_MARKER.length + 1));
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const { groupId, changes } = value as Record<string, unknown>;
  if (typeof groupId !== "string" || !Array.isArray(changes)) return undefined;
  const read: AdoptionReportChange[] = [];
  for (const entry of changes) {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return undefined;
    const field = Object.hasOwn(entry, "field") ? (entry as { field: unknown }).field : undefined;
    if (typeof field !== "string") return undefined;
    const secret = Object.hasOwn(entry, "secret") && (entry as { secret: unknown }).secret === true;
    read.push({
      field,
      ...(secret
        ? { secret: true as const }
        : {
            ...(Object.hasOwn(entry, "before") && { before: (entry as { before: unknown }).before }),
            ...(Object.hasOwn(entry, "after") && { after: (entry as { after: unknown }).after }),
          }),
    });
  }
  return { groupId, changes: read };
}

/** A change's sides as review values (`secret` when the input is secret, `absent` when not set). */
export function adoptionValues(change: AdoptionReportChange): { before: Value; after: Value } {
  if (change.secret) return { before: { kind: "secret" }, after: { kind: "secret" } };
  return { before: toValue(change.before), after: toValue(change.after) };
}
