/**
 * Taking over a live group's members, decided at preview. A new `ImGroupMembers` (nothing in
 * state) whose group this command does not create — an adopted group, a group managed elsewhere,
 * or a group already in the stack that gets its first member set — reads the live group in
 * `check`, so that:
 * - its preview reports the members the first `up` adds, removes and changes against the live
 *   group (not "N added (0 → N)");
 * - the take-over guard (undeclared members an authoritative set would remove) refuses at
 *   preview, before anything is written: no group profile rewritten by an adoption whose member
 *   set then stops (a half-applied adoption);
 * - a service-assigned id (`@TGS#…`), which no create can make, must name a group that exists.
 * The apply re-checks the same guard against the group as it is then (im-group-members-provider.ts
 * `reconcile`). A member set whose group this command creates (process/planned-groups.ts) has nothing
 * live to compare with and is not read.
 */
import type { GroupInfo } from "../../client/types";
import type { MemberChanges } from "../../review/model";
import { RESERVED_GROUP_ID_PREFIX } from "../../schemas/limits";
import { type InputFailure, UNKNOWN } from "../../schemas/validator";
import { providerSession } from "../process/session";
import { type ImGroupMembersInputs, planMembers, takeOverViolation } from "./im-group-members-rules";
import { memberChanges } from "./member-report";
import type { LiveMembers, MemberSet } from "./member-set";

/** A live read: the group's base info and members, or null when it does not exist. */
export type LiveGroupRead = (groupId: string) => Promise<{ info: GroupInfo; members: LiveMembers } | null>;

/** What a new member set's check learnt from the live group. */
export interface TakeOverPreview {
  /** Check failures: the take-over guard, or a `@TGS#` id naming no group. */
  failures: InputFailure[];
  /** The change against the live group, when the group exists (else undefined: nothing to compare). */
  changes?: MemberChanges;
}

/** The verb of a take-over's preview message ("members of group X would change on take-over: …"). */
export const TAKE_OVER_VERB = "would change on take-over";

/**
 * Reads the live group of a new member set (unless this command creates it) and returns the
 * refusals and the change against it. `readLive` is the provider's read with the fields the
 * declaration manages, through the client's coalescing get_group_info loader.
 */
export async function previewTakeOver(
  inputs: ImGroupMembersInputs,
  declared: MemberSet,
  readLive: LiveGroupRead,
): Promise<TakeOverPreview> {
  const groupId = inputs.groupId;
  if (
    typeof groupId !== "string" ||
    groupId === UNKNOWN ||
    providerSession().plannedGroups.planned(groupId) === "create"
  ) {
    return { failures: [] };
  }
  const live = await readLive(groupId);
  if (live === null) {
    // A custom id may belong to a group another resource of the program creates in this command;
    // an id the service assigns can only name a group that exists.
    if (
      !groupId.startsWith(RESERVED_GROUP_ID_PREFIX) ||
      providerSession().plannedGroups.planned(groupId) === "adopt"
    ) {
      return { failures: [] };
    }
    return {
      failures: [
        {
          property: "groupId",
          reason:
            `names no existing group: an id starting with "${RESERVED_GROUP_ID_PREFIX}" is assigned by the ` +
            "service to a group it made, and no create can make one",
          value: groupId,
        },
      ],
    };
  }
  const plan = planMembers(declared, live.members, inputs.mode);
  const violation = takeOverViolation(inputs, plan.remove);
  return {
    failures: violation === undefined ? [] : [{ property: "members", reason: violation }],
    changes: memberChanges(declared, live.members, inputs.mode),
  };
}
