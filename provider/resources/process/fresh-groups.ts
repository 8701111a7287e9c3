/**
 * Groups this provider process has just created, as create_group / import_group left them. Part of
 * the {@link ProviderSession} (session.ts): from ImGroup `create` until the group's first member
 * step, or any other write to it in this process (ProviderSession.groupChanged).
 *
 * A create is not read back: the group is what the request asked for plus the documented defaults,
 * and a get_group_info per group would double the calls of a create (the engine paces creates a few
 * per second, so read-backs would never share a batch). The next refresh records the server's own
 * values, which differ only in computed outputs (e.g. createdAt by clock skew), never in inputs (a
 * create settled by a read after a lost answer is read and converged instead: ImGroup.create).
 *
 * One dynamic-provider process serves every ImGroup and ImGroupMembers of a `pulumi up`, so the
 * members resource of a group created in the same run plans against "the owner only" without
 * reading the group or listing its members. What a create leaves is derived from the field table
 * (`groupAsCreated`, im-group-wire.ts).
 */
import type { GroupInfo } from "../../client/types";

/** Groups created by this process and not yet changed by a member resource, by GroupId. */
export class FreshGroups {
  readonly #groups = new Map<string, GroupInfo>();

  /** Records a group this process just created, as `groupAsCreated` describes it. */
  remember(group: GroupInfo): void {
    this.#groups.set(group.GroupId, group);
  }

  /**
   * The group as created, once: the first member change makes it more than its owner, so later
   * readers must ask the server.
   */
  take(groupId: string): GroupInfo | undefined {
    const group = this.#groups.get(groupId);
    this.#groups.delete(groupId);
    return group;
  }

  /** Forgets a group changed since it was created (its profile or owner): readers must ask the server. */
  forget(groupId: string): void {
    this.#groups.delete(groupId);
  }
}
