/**
 * Groups this provider process has just created, as create_group / import_group left them.
 *
 * A create is not read back: the group is what the request asked for plus the documented defaults,
 * and a get_group_info per group would double the calls of a create (the engine paces creates a few
 * per second, so read-backs would never share a batch). The next refresh records the server's own
 * values, which differ only in computed outputs (e.g. createdAt by clock skew), never in inputs (a
 * create settled by a read after a lost answer is read and converged instead: ImGroup.create).
 *
 * One dynamic-provider process serves every ImGroup and ImGroupMembers of a `pulumi up`, so the
 * members resource of a group created in the same run plans against "the owner only" without
 * reading the group or listing its members.
 */
import type { CreateGroupRequest, GroupInfo } from "../client/types";
import { type GroupType, IMPORT_DEFAULT_MAX_MEMBERS, MAX_MEMBERS_BY_TYPE } from "../schemas/limits";
import { nowSeconds } from "./context";

/**
 * The group a successful create_group (or, with `CreateTime`, import_group) of `request` leaves: the
 * request's fields; MaxMemberNum the type's maximum (import: at most 2000), the owner as the only
 * member, no messages, MuteAllMember Off (002, 000; API.md §2.2, §9). CreateTime of a create_group
 * is this process's clock. An app whose plan caps groups lower (API.md §2.2) reports its own
 * MaxMemberNum on the next refresh, and adds over it fail with 10014, never silently.
 */
export function groupAsCreated(request: CreateGroupRequest & { CreateTime?: number }): GroupInfo {
  // The provider creates only the types its inputs allow (not the wire type's newer Community).
  const typeMax = MAX_MEMBERS_BY_TYPE[request.Type as GroupType] ?? 0;
  const imported = request.CreateTime !== undefined;
  const defaultMax = imported && typeMax > 0 ? Math.min(IMPORT_DEFAULT_MAX_MEMBERS, typeMax) : typeMax;
  const createdAt = request.CreateTime ?? nowSeconds();
  return {
    GroupId: request.GroupId!,
    ErrorCode: 0,
    Type: request.Type,
    Name: request.Name,
    Introduction: request.Introduction ?? "",
    Notification: request.Notification ?? "",
    FaceUrl: request.FaceUrl ?? "",
    Owner_Account: request.Owner_Account ?? "",
    CreateTime: createdAt,
    LastInfoTime: createdAt,
    LastMsgTime: 0,
    NextMsgSeq: 1,
    MemberNum: request.Owner_Account !== undefined ? 1 : 0,
    MaxMemberNum: request.MaxMemberCount ?? defaultMax,
    // The default differs by type (API.md §6.1) and is read only where the program declares it.
    ...(request.ApplyJoinOption !== undefined && { ApplyJoinOption: request.ApplyJoinOption }),
    MuteAllMember: "Off",
    AppDefinedData: request.AppDefinedData ?? [],
  };
}

/** Groups created by this process and not yet changed by a member resource, by GroupId. */
const fresh = new Map<string, GroupInfo>();

/** Records a group this process just created, as {@link groupAsCreated} describes it. */
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
