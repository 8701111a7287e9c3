/**
 * `loadTopology`: a topology directory as resources — an `ImGroup` per group entry and an
 * `ImGroupMembers` per entry that lists members — named from the group id alone (names.ts), so
 * moving an entry between files, splitting a file or reordering entries changes nothing in the
 * stack. Composes with hand-written resources: resource options (a parent, providers, protect,
 * aliases…) apply to every resource it makes, per group when a function is given, and the
 * resources come back by group id for the program to use.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ImGroup, type ImGroupArgs } from "../resources/group/im-group";
import { ImGroupMembers } from "../resources/members/im-group-members";
import { resourceNameFor } from "./names";
import { type ReadTopologyOptions, readTopology, type Topology, type TopologyGroup } from "./read";

/** Options of {@link loadTopology}. */
export interface LoadTopologyOptions extends ReadTopologyOptions {
  /**
   * Resource options for every resource made (a `parent` component, `provider`s, `protect`,
   * `retainOnDelete`…), or a function giving them per group. `dependsOn` given here is kept; an
   * ImGroupMembers also depends on its ImGroup.
   */
  resourceOptions?: pulumi.CustomResourceOptions | ((group: TopologyGroup) => pulumi.CustomResourceOptions);
  /**
   * Prefix of every resource name (default none: the name is the group id, escaped by
   * `resourceNameFor`). Set it when hand-written resources already use names that are group ids.
   */
  namePrefix?: string;
  /**
   * Changes a group's arguments before its resource is made (e.g. `adopt: true` for all), given the
   * checked entry. The result is checked again by the resource at preview.
   */
  transformGroup?: (args: ImGroupArgs, group: TopologyGroup) => ImGroupArgs;
}

/** The resources made for one group. */
export interface LoadedGroup {
  /** The entry, as read. */
  entry: TopologyGroup;
  /** The group. */
  group: ImGroup;
  /** Its members, when the entry lists them. */
  members?: ImGroupMembers;
}

/** What {@link loadTopology} made. */
export interface LoadedTopology {
  /** The topology as read (filters, entries, files). */
  topology: Topology;
  /** The resources by group id. */
  groups: ReadonlyMap<string, LoadedGroup>;
  /** The resources of one group by id; throws naming the id when the topology has no such group. */
  group(groupId: string): LoadedGroup;
}

/**
 * Reads the topology in `dir` (readTopology: throws a TopologyError listing every problem with its
 * file, line, field, limit and value) and declares its resources in the running Pulumi program.
 */
export function loadTopology(dir: string, options: LoadTopologyOptions = {}): LoadedTopology {
  const topology = readTopology(dir, options);
  const groups = new Map<string, LoadedGroup>();
  const prefix = options.namePrefix ?? "";
  for (const entry of topology.groups) {
    const opts =
      typeof options.resourceOptions === "function"
        ? options.resourceOptions(entry)
        : (options.resourceOptions ?? {});
    const name = `${prefix}${resourceNameFor(entry.groupId)}`;
    const args = { ...entry.group } as ImGroupArgs;
    const group = new ImGroup(
      name,
      options.transformGroup ? options.transformGroup(args, entry) : args,
      opts,
    );
    const loaded: LoadedGroup = { entry, group };
    if (entry.members !== undefined) {
      loaded.members = new ImGroupMembers(
        name,
        { group, members: entry.members, ...entry.memberOptions },
        { ...opts, dependsOn: [group, ...dependsOnList(opts.dependsOn)] },
      );
    }
    groups.set(entry.groupId, loaded);
  }
  return {
    topology,
    groups,
    group(groupId) {
      const found = groups.get(groupId);
      if (found === undefined) {
        throw new Error(
          `loadTopology: the topology in ${topology.dir} has no group ${JSON.stringify(groupId)}`,
        );
      }
      return found;
    },
  };
}

/** A `dependsOn` option as a list (it may be one resource, a list, or an Input of them). */
function dependsOnList(
  dependsOn: pulumi.CustomResourceOptions["dependsOn"],
): pulumi.Input<pulumi.Resource>[] {
  if (dependsOn === undefined) return [];
  return Array.isArray(dependsOn) ? dependsOn : [dependsOn as pulumi.Input<pulumi.Resource>];
}
