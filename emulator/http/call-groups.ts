/**
 * Which groups a call names, so the web console can list each call with the group it touched and
 * filter the calls by group. Read from the request body as the API defines it: `GroupId` in every
 * single-group command (docs/api-reference.md §7), `GroupIdList` in get_group_info (003), and the
 * answer's `GroupId` for a create_group or import_group that was given none (an assigned `@TGS#` ID).
 * Any JSON can arrive here (the body may have failed its type check), so only strings count.
 */

/** A call that names no group. Shared and frozen: most calls of some kinds name none. */
export const NO_GROUPS: readonly string[] = Object.freeze([]);

/** Most IDs kept for one call: get_group_info's default limit of 50 groups a request (getGroupInfoGroups, 003). */
export const MAX_GROUPS_PER_CALL = 50;

/**
 * The group IDs `request` names, or, when it names none, the `GroupId` of `result` (the command's
 * answer). At most {@link MAX_GROUPS_PER_CALL}, in request order; {@link NO_GROUPS} when none.
 */
export function groupsOfCall(request: unknown, result?: unknown): readonly string[] {
  const named = ownGroupId(request);
  if (named !== undefined) return [named];
  if (isObject(request) && Array.isArray(request.GroupIdList)) {
    const ids = request.GroupIdList.slice(0, MAX_GROUPS_PER_CALL).filter(
      (id): id is string => typeof id === "string",
    );
    if (ids.length > 0) return ids;
  }
  const created = ownGroupId(result);
  return created === undefined ? NO_GROUPS : [created];
}

function ownGroupId(value: unknown): string | undefined {
  return isObject(value) && typeof value.GroupId === "string" ? value.GroupId : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
