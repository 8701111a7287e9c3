/**
 * What an `ImGroupMembers` records in its outputs, and reading it back (issue 20).
 *
 * The engine rewrites the whole checkpoint after every step, so each byte a resource stores is paid
 * once per step of the stack. Stacks written up to commit 2b88489 (v2) recorded the full
 * {@link ImGroupMembersOutputs}: every input repeated, `__urn`, and bookkeeping the summary already
 * carries. Since then the stored form leaves out what can be derived:
 * - `__urn` (the engine keeps the URN; the provider reads it from the program's inputs, which
 *   always carry it, when it reports on the resource);
 * - `declared` when it equals `members` (the group matches the declaration last applied);
 * - `liveFingerprint` when it is the digest `members` ends with (the same case);
 * - `memberFields` when empty.
 * The inputs the provider compares stay in outputs: the dynamic-provider process of @pulumi/pulumi
 * 3.248 hands diff, update, read and delete the recorded *outputs* only (cmd/dynamic-provider/
 * index.js reads `getOlds()` / `getProperties()`, never the requests' old inputs).
 *
 * {@link storedMembersOutputs} makes the stored form; {@link withDerivedMembersOutputs} gives back
 * the full form from either, and runs inside `migrateMembersState` (members-state-v1.ts), through
 * which every method reads recorded state. A v2 stack therefore reads as it did, and shrinks as
 * each resource's outputs are next written (an update or a refresh;
 * tests/e2e/state-migration-v2.test.ts).
 */
import type { ImGroupMembersOutputs } from "./im-group-members-rules";

/** A summary in the current form: `"<count> member(s) · <12 hex>"`, nothing after the digest. */
const PLAIN_SUMMARY = /^\d[\d,]* members? · ([0-9a-f]{12})$/;

/** The outputs as stored: the full form without what {@link withDerivedMembersOutputs} restores. */
export function storedMembersOutputs(full: ImGroupMembersOutputs): ImGroupMembersOutputs {
  const {
    __urn: _urn,
    declared,
    liveFingerprint,
    memberFields,
    ...rest
  } = full as ImGroupMembersOutputs & {
    __urn?: unknown;
  };
  const stored: Partial<ImGroupMembersOutputs> = { ...rest };
  if (declared !== full.members) stored.declared = declared;
  if (liveFingerprint !== digestOf(full.members)) stored.liveFingerprint = liveFingerprint;
  if (memberFields !== undefined && memberFields.length > 0) stored.memberFields = memberFields;
  return stored as ImGroupMembersOutputs;
}

/**
 * The full outputs from recorded ones in any current form (v2 full, or stored): what the stored
 * form left out, derived. Recorded values always win.
 */
export function withDerivedMembersOutputs(recorded: ImGroupMembersOutputs): ImGroupMembersOutputs {
  const members: unknown = recorded.members;
  if (typeof members !== "string") return recorded;
  const digest = digestOf(members);
  return {
    ...recorded,
    declared: recorded.declared ?? members,
    ...(recorded.liveFingerprint === undefined && digest !== undefined && { liveFingerprint: digest }),
    memberFields: recorded.memberFields ?? [],
  };
}

function digestOf(summary: unknown): string | undefined {
  return typeof summary === "string" ? PLAIN_SUMMARY.exec(summary)?.[1] : undefined;
}
