/**
 * Retry-safe group creation (docs/api-reference.md §10 "Idempotent create"). create_group and import_group are not
 * idempotent: resending after a lost answer could create a second group. So:
 * - without a GroupId the request is resent only when the earlier attempt provably had no effect,
 *   and a lost answer is reported as such;
 * - with a caller-chosen GroupId the request is retried freely, and a retry answered "GroupId already
 *   used" (10021, or 10025 "used and you own it") is settled by reading the group: if it is the one
 *   requested (same Type, Name and Owner), an earlier attempt created it and the call succeeds.
 */
import type { ImCaller } from "./caller";
import { detailsOf, ImError } from "./errors";
import { GROUP_ID_TAKEN } from "./im-codes";
import { GROUP_SERVICE } from "./services";
import type {
  CreateGroupRequest,
  CreateGroupResponse,
  GetGroupInfoRequest,
  GetGroupInfoResponse,
  ImportGroupRequest,
} from "./types";

/** The answer of a create, and whether it was settled by a read after a lost answer. */
export interface CreateGroupOutcome extends CreateGroupResponse {
  /**
   * True when a retry was answered "GroupId already used" and a read showed the group is the one
   * requested: an earlier attempt made it, or a group that matches by Type, Name and Owner was
   * already there. Either way it may have changed since, so only a read tells its state.
   */
  recovered?: boolean;
}

/** Sends create_group or import_group under the rules above; `warn` hears about adopted groups. */
export async function createGroupSafely(
  caller: ImCaller,
  command: "create_group" | "import_group",
  request: CreateGroupRequest | ImportGroupRequest,
  warn: (message: string) => void,
): Promise<CreateGroupOutcome> {
  const groupId = request.GroupId;
  if (groupId === undefined) {
    try {
      return await caller.request<CreateGroupResponse>(GROUP_SERVICE, command, request, {
        idempotent: false,
      });
    } catch (error) {
      if (!(error instanceof ImError) || !error.outcomeUnknown) throw error;
      throw new ImError(
        error.code,
        `${command} without a GroupId is sent at most once and its answer was lost (${error.message}); ` +
          "the group may or may not have been created. Give the group a GroupId to make creation retry-safe.",
        { ...detailsOf(error), cause: error },
      );
    }
  }
  try {
    return await caller.request<CreateGroupResponse>(GROUP_SERVICE, command, request);
  } catch (error) {
    const retried = error instanceof ImError && (error.attempts ?? 1) > 1;
    if (!retried || !GROUP_ID_TAKEN.has(error.imErrorCode ?? 0)) throw error;
    try {
      await confirmOurs(caller, command, request, groupId, error);
    } catch (confirmError) {
      if (confirmError instanceof ImError && confirmError.code === "IM_CONFLICT") throw confirmError;
      // An earlier attempt may have made the group, and reading it failed: the outcome is unknown.
      throw new ImError(
        "IM_TRANSPORT",
        `${command} ${JSON.stringify(groupId)}: a retry found the GroupId taken (an earlier attempt may have ` +
          `created the group) and reading the group failed: ${(confirmError as Error).message}`,
        { ...detailsOf(error), retryable: false, outcomeUnknown: true, cause: confirmError },
      );
    }
    warn(`${command} ${JSON.stringify(groupId)}: an earlier attempt created the group; its answer was lost`);
    return { ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "", GroupId: groupId, recovered: true };
  }
}

/** Resolves if group `groupId` is the one `request` asked for, else rejects `IM_CONFLICT`. */
async function confirmOurs(
  caller: ImCaller,
  command: string,
  request: CreateGroupRequest | ImportGroupRequest,
  groupId: string,
  taken: ImError,
): Promise<void> {
  const read: GetGroupInfoRequest = {
    GroupIdList: [groupId],
    ResponseFilter: { GroupBaseInfoFilter: ["Type", "Name", "Owner_Account"] },
  };
  const answer = await caller.request<GetGroupInfoResponse>(GROUP_SERVICE, "get_group_info", read);
  const live = answer.GroupInfo.find((info) => info.GroupId === groupId);
  const expected = { Type: request.Type, Name: request.Name, Owner_Account: request.Owner_Account ?? "" };
  const differences =
    live === undefined || live.ErrorCode !== 0
      ? [`it cannot be read (IM error ${live?.ErrorCode ?? "none"})`]
      : (Object.keys(expected) as Array<keyof typeof expected>)
          .filter((field) => (live[field] ?? "") !== expected[field])
          .map(
            (field) =>
              `${field} is ${JSON.stringify(live[field] ?? "")}, requested ${JSON.stringify(expected[field])}`,
          );
  if (differences.length > 0) {
    throw new ImError(
      "IM_CONFLICT",
      `${command}: GroupId ${JSON.stringify(groupId)} is already used by another group (${differences.join("; ")})`,
      { ...detailsOf(taken), retryable: false, cause: taken },
    );
  }
}
