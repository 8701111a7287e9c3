/**
 * Live groups that no resource of a stack manages, within a topology's filters
 * (topology/filters.ts, the one filter model: what the exporter wrote into `topology.yaml` is what
 * this report honours, so a filtered export never has a later report call the groups it skipped
 * "unmanaged" — kubernetes/test-infra#12054: a filter in one place only deletes what the other
 * skipped).
 *
 * Finding unmanaged groups costs the app's id list (get_appid_group_list, 10,000 ids a call, 1
 * call/s; docs/api-reference.md §7.8) plus get_group_info for the ids no resource names (coalesced
 * into calls of 50, provider/client/group-info-loader.ts) — for their type and name, which the
 * report shows and the filter may need.
 */
import type { GroupInfo, GroupInfoResponseFilter } from "../client/types";
import { matchesFilters, mayMatchById, type TopologyFilters } from "../topology/filters";
import { IM_GROUP_MEMBERS_TYPE, IM_GROUP_TYPE, type PreviewJson, parseUrn } from "./preview";
import { naturalCompare } from "./values";

/** A live group no resource of the stack manages. */
export interface UnmanagedGroup {
  /** The group id. */
  groupId: string;
  /** Its type. */
  type: string;
  /** Its name. */
  name: string;
}

/** What the unmanaged-group listing reads the app with (the ImClient has both). */
export interface UnmanagedSource {
  /** Every group id of the app (get_appid_group_list paging). */
  appGroupIds(): AsyncIterable<string>;
  /** One group's base info, or null when gone (coalesced get_group_info). */
  getGroup(groupId: string, filter?: GroupInfoResponseFilter): Promise<GroupInfo | null>;
}

/** get_group_info reads in flight at once: enough to fill calls of 50 while bounding memory. */
const READS_IN_FLIGHT = 500;

/**
 * The live groups whose ids no resource names (`managed`) and that `filters` cover, sorted by id.
 * A group destroyed between the listing and its read is left out. Ids the filters exclude by id
 * alone (idPrefix, idPattern, exclude) are not read.
 */
export async function findUnmanagedGroups(
  source: UnmanagedSource,
  managed: ReadonlySet<string>,
  filters: TopologyFilters = {},
): Promise<UnmanagedGroup[]> {
  const candidates: string[] = [];
  for await (const groupId of source.appGroupIds()) {
    if (!managed.has(groupId) && mayMatchById(groupId, filters)) candidates.push(groupId);
  }
  const found: UnmanagedGroup[] = [];
  for (let start = 0; start < candidates.length; start += READS_IN_FLIGHT) {
    const infos = await Promise.all(
      candidates
        .slice(start, start + READS_IN_FLIGHT)
        .map((groupId) => source.getGroup(groupId, { GroupBaseInfoFilter: ["Type", "Name"] })),
    );
    for (const info of infos) {
      if (info === null) continue;
      const group = { groupId: info.GroupId, type: info.Type ?? "", name: info.Name ?? "" };
      if (matchesFilters(group, filters)) found.push(group);
    }
  }
  return found.sort((a, b) => naturalCompare(a.groupId, b.groupId));
}

/**
 * The group ids the stack's resources name in a preview: every ImGroup and ImGroupMembers step
 * (refresh and same steps included), old and new inputs. A resource the program no longer declares
 * still counts until `up` deletes or releases it.
 */
export function managedGroupIds(preview: PreviewJson): Set<string> {
  const ids = new Set<string>();
  for (const step of preview.steps) {
    const type = step.newState?.type ?? step.oldState?.type ?? parseUrn(step.urn).type;
    if (type !== IM_GROUP_TYPE && type !== IM_GROUP_MEMBERS_TYPE) continue;
    for (const state of [step.oldState, step.newState]) {
      const inputs = state?.inputs ?? undefined;
      const groupId = inputs !== undefined && Object.hasOwn(inputs, "groupId") ? inputs.groupId : undefined;
      if (typeof groupId === "string") ids.add(groupId);
    }
  }
  return ids;
}
