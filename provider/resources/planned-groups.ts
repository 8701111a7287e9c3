/**
 * What this provider process's `ImGroup` checks planned for each group id: `create` (a new group,
 * made by this command) or `adopt` (an existing group taken over).
 *
 * Lifetime: one provider process, which serves every ImGroup and ImGroupMembers of one command
 * (docs/pulumi-notes.md §3.4). An ImGroupMembers that takes `group` depends on the ImGroup's
 * outputs, so the engine checks the group before the member set, in the same process: a new
 * member set whose group this command creates has nothing live to compare with, and its check
 * skips the read it makes for any other new member set (member-takeover.ts).
 */

/** What an ImGroup check planned for a group id. */
export type GroupPlan = "create" | "adopt";

/** Plans of this process, by group id. */
const plans = new Map<string, GroupPlan>();

/** Records that an ImGroup check of this command plans to create or adopt `groupId`. */
export function planGroup(groupId: string, plan: GroupPlan): void {
  plans.set(groupId, plan);
}

/** What an ImGroup check of this command planned for `groupId`, if any. */
export function plannedGroup(groupId: string): GroupPlan | undefined {
  return plans.get(groupId);
}

/** Forgets every plan, as a new provider process would (direct tests start "a new command"). */
export function forgetPlannedGroups(): void {
  plans.clear();
}
