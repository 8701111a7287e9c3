/**
 * Why a resource operation refused to go on: one coded error for every such case, so the message a
 * user sees and the code a program or test checks come from one place. Messages name the group,
 * the field and the way forward; they never hold a secret. On the package's one error base
 * (provider/errors.ts), so `instanceof ResourceError` holds across copies of the package.
 */
import { ImGroupsError } from "../../errors";

/**
 * Stable codes of {@link ResourceError}: each is thrown somewhere (tests/resources/error-codes.test.ts
 * keeps it so). Each line says where, and what the user does about it. Partial member failures are
 * a PartialFailure (partial-failure.ts), bad connection settings an ImError (client/settings.ts).
 */
export type ResourceErrorCode =
  /**
   * ImGroup create (im-group-provider.ts idTaken): the custom groupId was refused as used (10021)
   * and the group is not provably this resource's (a group made elsewhere, a renamed resource's, or
   * a pending create that does not match), or it was a destroyed group's id. The user chooses
   * another groupId, sets `adopt: true` for a group they mean to take over, adds `aliases` after a
   * rename, or runs imgroups-recover after an interrupted up.
   */
  | "ID_TAKEN"
  /**
   * ImGroup create with `adopt: true` (im-group-provider.ts create): no group has the groupId. The
   * user fixes the groupId, or drops `adopt` to create the group.
   */
  | "ADOPT_MISSING"
  /**
   * ImGroup create with `adopt: true` (im-group-provider.ts create): the group there is of another
   * type. The user declares the live group's type, or another groupId (a type cannot change).
   */
  | "ADOPT_TYPE_MISMATCH"
  /**
   * The group does not exist (destroyed outside Pulumi): ImGroup update, and a create whose lost
   * answer was settled by a read that then found nothing (im-group-provider.ts gone); ImGroupMembers
   * create/update (im-group-members-provider.ts reconcile). The user runs `pulumi refresh` (or `up
   * --refresh`) to record that the group is gone, then `up` creates it again.
   */
  | "GROUP_GONE"
  /**
   * ImGroupMembers diff (at preview) and create/update (against the live group) in authoritative
   * mode: the change would remove more members than maxRemovals / maxRemovalShare allow
   * (im-group-members-rules.ts removalGuardViolation). If intended, the user sets
   * `allowMassRemoval: true` (or raises maxRemovals / maxRemovalShare) for that update; otherwise
   * fixes the declared list.
   */
  | "REMOVAL_GUARD"
  /**
   * ImGroupMembers create in authoritative mode (im-group-members-provider.ts reconcile): the group
   * already has members the resource does not declare, which the first apply would remove
   * (im-group-members-rules.ts takeOverViolation). The user declares them, uses `mode: "additive"`,
   * or allows it with `allowMassRemoval: true` / `maxRemovals`.
   */
  | "TAKEOVER_GUARD"
  /**
   * ImGroupMembers diff (im-group-members-provider.ts diff, at preview; a new set's check reports
   * the same as a check failure): accounts the set would add are not imported into the app
   * (account_check; `up` would meet 10019). The user imports them
   * (multiaccount_import) or removes them from the list.
   */
  | "ACCOUNT_NOT_IMPORTED"
  /**
   * ImGroupMembers create/update (im-group-members-provider.ts reconcile): the group would hold more
   * members than its MaxMemberNum. The user raises `maxMemberCount` on the group first (an up that
   * applies it before the member set), or declares fewer members.
   */
  | "MEMBER_LIMIT"
  /**
   * ImGroupMembers create/update (im-group-members-provider.ts declaredSetOf): the declared set that
   * `check` keeps in the provider process is not there — an internal fault; nothing was changed.
   * The user runs the command again (and reports it).
   */
  | "MEMBERS_MISSING";

/** An operation the provider refused or could not finish, with a stable {@link ResourceErrorCode}. */
export class ResourceError extends ImGroupsError {
  static override readonly errorKind: string = "ResourceError";
  /** What went wrong, for programs and tests. */
  declare readonly code: ResourceErrorCode;
  /** The group concerned, when there is one. */
  readonly groupId?: string;

  constructor(code: ResourceErrorCode, message: string, details: { groupId?: string; cause?: unknown } = {}) {
    super(code, message, { cause: details.cause });
    this.name = "ResourceError";
    if (details.groupId !== undefined) this.groupId = details.groupId;
  }

  /** A plain, log-safe object: name, code, message and the group. */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), ...(this.groupId !== undefined && { groupId: this.groupId }) };
  }
}
