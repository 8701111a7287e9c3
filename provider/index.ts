/**
 * @imgroups/tencentcloud-im — Tencent Cloud IM groups and members as Pulumi resources.
 *
 * ```ts
 * import { ImGroup, ImGroupMembers } from "@imgroups/tencentcloud-im";
 * const group = new ImGroup("eng", { type: "Public", name: "Engineering", ownerAccount: "alice" });
 * new ImGroupMembers("eng-members", { group, members: ["bob", { account: "carol", role: "Admin" }] });
 * ```
 *
 * Connection settings come from stack config (`tencentcloud-im:sdkAppId`, `:identifier`,
 * `:secretKey` (secret), `:region` or `:endpoint`) or the TENCENTCLOUD_IM_* environment variables.
 */
export * from "./client/index";
export { ImGroupsError, type ImGroupsErrorOptions } from "./errors";
export { autoGroupId, ImGroup, type ImGroupArgs } from "./resources/group/im-group";
export {
  type ImGroupMember,
  ImGroupMembers,
  type ImGroupMembersArgs,
} from "./resources/members/im-group-members";
export type { MemberFields } from "./resources/members/im-group-members-fields";
export { GROUP_TYPES, type GroupType } from "./schemas/limits";
export {
  type ExportLayout,
  type ExportOptions,
  type ExportProgress,
  type ExportResult,
  exportTopology,
} from "./topology/export";
export { type FilteredGroup, matchesFilters, type TopologyFilters } from "./topology/filters";
export {
  type LoadedGroup,
  type LoadedTopology,
  type LoadTopologyOptions,
  loadTopology,
} from "./topology/load";
export { fileNameFor, resourceNameFor } from "./topology/names";
export {
  readTopology,
  type Topology,
  TopologyError,
  type TopologyGroup,
  type TopologyProblem,
  topologyFilters,
} from "./topology/read";
export { topologySchema } from "./topology/schema";
