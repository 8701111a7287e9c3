/**
 * What this provider process's `ImGroup` checks planned for each group id: `create` (a new group,
 * made by this command) or `adopt` (an existing group taken over). Part of the
 * {@link ProviderSession} (session.ts): from an ImGroup's check until the process ends.
 *
 * An ImGroupMembers that takes `group` depends on the ImGroup's outputs, so the engine checks the
 * group before the member set, in the same process (docs/pulumi-notes.md §3.4): a new member set
 * whose group this command creates has nothing live to compare with, and its check skips the read
 * it makes for any other new member set (member-takeover.ts).
 */

/** What an ImGroup check planned for a group id. */
export type GroupPlan = "create" | "adopt";

/** Plans of this process, by group id. */
export class PlannedGroups {
  readonly #plans = new Map<string, GroupPlan>();

  /** Records that an ImGroup check of this command plans to create or adopt `groupId`. */
  plan(groupId: string, plan: GroupPlan): void {
    this.#plans.set(groupId, plan);
  }

  /** What an ImGroup check of this command planned for `groupId`, if any. */
  planned(groupId: string): GroupPlan | undefined {
    return this.#plans.get(groupId);
  }
}
