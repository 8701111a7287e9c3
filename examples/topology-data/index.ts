/**
 * Topology as data: the groups live in YAML files under `topology/` (one group a file or several,
 * in directories, each owned in CODEOWNERS as you like), checked at load against the published
 * JSON Schema and the resources' own rules — an error names file, line, field, limit and value.
 * `loadTopology` makes an ImGroup and an ImGroupMembers per entry, named from the group id (moving
 * an entry between files changes nothing). Hand-written resources sit beside them, as in
 * examples/topology, and can use the loaded ones by group id.
 *
 * `imgroups-export --dir topology` writes such a directory from a live app (every group with
 * `adopt: true`); see README "Bring an existing app under code".
 */
import * as path from "node:path";
import { ImGroup, ImGroupMembers, loadTopology } from "@imgroups/tencentcloud-im";
import * as pulumi from "@pulumi/pulumi";

/** Every loaded resource goes under one component, so `pulumi stack` shows the topology as one tree. */
const parent = new pulumi.ComponentResource("imgroups:example:Topology", "topology");

const loaded = loadTopology(path.join(__dirname, "topology"), {
  resourceOptions: (entry) => ({
    parent,
    // The customer-facing rooms must never be destroyed by a mistaken edit.
    protect: entry.groupId.startsWith("support-"),
  }),
});

// Written by hand: an incident room whose owner is the support lead of the loaded support room.
const supportRoom = loaded.group("support-general").group;
const incident = new ImGroup("incident-room", {
  type: "Private",
  groupId: "incident-room",
  name: "Incident room",
  ownerAccount: supportRoom.ownerAccount.apply((owner) => owner ?? "ops-lead"),
});
new ImGroupMembers("incident-room", { group: incident, members: ["alice", "bob"] });

/** The group ids the data declares, and the hand-written one. */
export const groupIds = pulumi.all([
  ...[...loaded.groups.values()].map((g) => g.group.groupId),
  incident.groupId,
]);
