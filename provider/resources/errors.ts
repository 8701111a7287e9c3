/**
 * Why a resource operation refused to go on: one coded error for every such case, so the message a
 * user sees and the code a program or test checks come from one place. Messages name the group,
 * the field and the way forward; they never hold a secret. On the package's one error base
 * (provider/errors.ts), so `instanceof ResourceError` holds across copies of the package.
 */
import { ImGroupsError } from "../errors";

/** Stable codes of {@link ResourceError}. */
export type ResourceErrorCode =
  /** A create met a group that already has the custom groupId and is not provably this resource's. */
  | "ID_TAKEN"
  /** `adopt: true` names a group that does not exist. */
  | "ADOPT_MISSING"
  /** `adopt: true` names a group of another type. */
  | "ADOPT_TYPE_MISMATCH"
  /** The group is gone (destroyed outside Pulumi); a refresh records that. */
  | "GROUP_GONE"
  /** An update would remove more members than maxRemovals / maxRemovalShare allow. */
  | "REMOVAL_GUARD"
  /** A first apply in authoritative mode would remove members the resource does not declare. */
  | "TAKEOVER_GUARD"
  /** A member set would add accounts never imported into the app (diff, at preview: 10019 at `up`). */
  | "ACCOUNT_NOT_IMPORTED"
  /** The group would hold more members than its MaxMemberNum. */
  | "MEMBER_LIMIT"
  /** Some member changes failed (the rest were applied and recorded). */
  | "MEMBERS_PARTIAL"
  /** The declared member set did not reach this provider process (an internal fault; run again). */
  | "MEMBERS_MISSING"
  /** The connection settings are missing or unusable. */
  | "CONFIG";

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
