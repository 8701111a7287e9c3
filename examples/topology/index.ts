/**
 * The example topology as Pulumi resources: one ImGroup per group and one ImGroupMembers per group
 * that has members. Run it with `npm run up` from the repository root (the root Pulumi.yaml points
 * here); by default it provisions into the embedded emulator.
 */

import { ImGroup, ImGroupMembers } from "@imgroups/tencentcloud-im";
import * as pulumi from "@pulumi/pulumi";
import { topology } from "./topology";

const summary: Record<string, pulumi.Output<{ groupId: string; type: string; members: number }>> = {};
for (const [name, spec] of Object.entries(topology)) {
  const group = new ImGroup(name, spec.group);
  const members = spec.members && new ImGroupMembers(`${name}-members`, { group, members: spec.members });
  summary[name] = pulumi
    .all([group.groupId, group.type, members?.memberNum ?? group.memberNum])
    .apply(([groupId, type, count]) => ({ groupId, type, members: count }));
}

/** Per group: its id, type and member count (owner included). */
export const groups = summary;
