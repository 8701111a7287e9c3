/**
 * Groups this provider process has just created, as create_group / import_group left them.
 *
 * A create is not read back: the group is what the request asked for plus the documented defaults,
 * and a get_group_info per group would double the calls of a create (the engine paces creates a few
 * per second, so read-backs would never share a batch). The next refresh records the server's own
 * values, which differ only in computed outputs (e.g. createdAt by clock skew), never in inputs.
 *
 * One dynamic-provider process serves every ImGroup and ImGroupMembers of a `pulumi up`, so the
 * members resource of a group created in the same run plans against "the owner only" without
 * reading the group or listing its members.
 */
import type { GroupInfo, KeyValue } from "../client/types";
import { IMPORT_DEFAULT_MAX_MEMBERS, MAX_MEMBERS_BY_TYPE } from "../schemas/limits";
import { nowSeconds } from "./context";
import type { ImGroupInputs } from "./im-group-rules";

/**
 * The group a successful create_group (or, with `createTime`, import_group) of `inputs` leaves: the
 * request's fields; MaxMemberNum the type's maximum (import: at most
 * 2000), the owner as the only member, no messages, MuteAllMember Off (002, 000; API.md §2.2, §9).
 * CreateTime of a create_group is this process's clock.
 */
export function groupAsCreated(inputs: ImGroupInputs): GroupInfo {
  const typeMax = MAX_MEMBERS_BY_TYPE[inputs.type] ?? 0;
  const defaultMax =
    inputs.createTime !== undefined && typeMax > 0 ? Math.min(IMPORT_DEFAULT_MAX_MEMBERS, typeMax) : typeMax;
  const createdAt = inputs.createTime ?? nowSeconds();
  return {
    GroupId: inputs.groupId,
    ErrorCode: 0,
    Type: inputs.type,
    Name: inputs.name,
    Introduction: inputs.introduction ?? "",
    Notification: inputs.notification ?? "",
    FaceUrl: inputs.faceUrl ?? "",
    Owner_Account: inputs.ownerAccount ?? "",
    CreateTime: createdAt,
    LastInfoTime: createdAt,
    LastMsgTime: 0,
    NextMsgSeq: 1,
    MemberNum: inputs.ownerAccount !== undefined ? 1 : 0,
    MaxMemberNum: inputs.maxMemberCount ?? defaultMax,
    // The default differs by type (API.md §6.1) and is read only where the program declares it.
    ...(inputs.applyJoinOption !== undefined && {
      ApplyJoinOption: inputs.applyJoinOption as GroupInfo["ApplyJoinOption"],
    }),
    MuteAllMember: "Off",
    AppDefinedData: Object.entries(inputs.appDefinedData ?? {}).map(
      ([Key, Value]): KeyValue => ({ Key, Value }),
    ),
  };
}

const fresh = new Map<string, GroupInfo>();

/** Records a group this process just created (and, if needed, modified to match its inputs). */
export function rememberFreshGroup(group: GroupInfo): void {
  fresh.set(group.GroupId, group);
}

/**
 * The group as created, once: the first member change makes it more than its owner, so later
 * readers must ask the server.
 */
export function takeFreshGroup(groupId: string): GroupInfo | undefined {
  const group = fresh.get(groupId);
  fresh.delete(groupId);
  return group;
}
