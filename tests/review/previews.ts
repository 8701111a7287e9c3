/**
 * Synthetic `pulumi preview --json` documents, in the shape the pinned CLI prints (see the captured
 * fixtures and provider/review/preview.ts), for cases no capture holds: the member summaries state
 * keeps from the provider's next release, member reports as diagnostics, hostile keys and accounts.
 */
import {
  encodeMemberDiagnostic,
  type MemberDiagnostic,
} from "@imgroups/tencentcloud-im/review/member-diagnostic";
import { IM_GROUP_MEMBERS_TYPE, IM_GROUP_TYPE } from "@imgroups/tencentcloud-im/review/preview";
import { formatCount } from "@imgroups/tencentcloud-im/review/values";

/** Stack of every synthetic preview. */
export const SYNTHETIC_STACK = "synthetic";

/** Inputs of one state. */
export type Inputs = Record<string, unknown>;

/** The URN of an ImGroup or ImGroupMembers named `name`. */
export function urnOf(kind: "ImGroup" | "ImGroupMembers", name: string): string {
  const type = kind === "ImGroup" ? IM_GROUP_TYPE : IM_GROUP_MEMBERS_TYPE;
  return `urn:pulumi:${SYNTHETIC_STACK}::proj::${type}::${name}`;
}

/** One step: `old` and `new` are the inputs before and after (omit the side a create or delete lacks). */
export function step(
  op: string,
  kind: "ImGroup" | "ImGroupMembers",
  name: string,
  states: { old?: Inputs; new?: Inputs },
): Record<string, unknown> {
  const urn = urnOf(kind, name);
  const type = kind === "ImGroup" ? IM_GROUP_TYPE : IM_GROUP_MEMBERS_TYPE;
  const state = (inputs: Inputs) => ({ urn, type, inputs, outputs: null });
  return {
    op,
    urn,
    ...(states.old !== undefined && { oldState: state(states.old) }),
    ...(states.new !== undefined && { newState: state(states.new) }),
  };
}

/** A member summary as the provider's next release keeps it in state instead of the member map. */
export function summary(count: number, hash = "1f2e3d4c5b6a"): string {
  return `${formatCount(count)} member${count === 1 ? "" : "s"} · sha256:${hash}`;
}

/** The provider's machine-readable member report for the member set `name`, as the engine prints it. */
export function memberReport(name: string, diagnostic: MemberDiagnostic): Record<string, unknown> {
  return reportMessage(name, `${encodeMemberDiagnostic(diagnostic)}\n`);
}

/** An info diagnostic with any message on the member set `name`. */
export function reportMessage(name: string, message: string): Record<string, unknown> {
  return { urn: urnOf("ImGroupMembers", name), message, severity: "info" };
}

/** The preview document's text. */
export function previewText(steps: unknown[], diagnostics: unknown[] = []): string {
  return JSON.stringify({ steps, diagnostics, changeSummary: {} }, null, 2);
}

/** A member report's payload with the given lists (counts and notes filled in). */
export function diagnostic(parts: Partial<MemberDiagnostic> & { groupId: string }): MemberDiagnostic {
  return { added: [], removed: [], changed: [], before: 0, after: 0, notes: [], ...parts };
}
