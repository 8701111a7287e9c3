/**
 * Migration example: every channel of another chat system's export becomes an ImGroup (created
 * with import_group, keeping its creation time) and an ImGroupMembers (members imported with
 * import_group_member, keeping join times, roles and unread counts; nobody is notified).
 *
 * Run from this directory (see README.md): accounts first (import-accounts.ts), then
 * `pulumi up -c stage=groups`, then the message history with your own tool, then `pulumi up`.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { ImGroup, ImGroupMembers } from "@imgroups/tencentcloud-im";
import * as pulumi from "@pulumi/pulumi";
import { migrateChannel, parseExport } from "./export";

const config = new pulumi.Config();
const exportFile = path.resolve(config.get("exportFile") ?? "sample-export.json");
const stage = config.get("stage") ?? "all";
if (stage !== "groups" && stage !== "all") throw new Error(`stage must be "groups" or "all", not ${stage}`);

const migrated = parseExport(readFileSync(exportFile, "utf8")).channels.map(migrateChannel);

const summary: Record<string, pulumi.Output<{ groupId: string; createdAt: number; members: number }>> = {};
for (const { name, group: args, members } of migrated) {
  const group = new ImGroup(name, args);
  // Members come after the message history: IM lowers an unread count to the group's message
  // count, so importing them into an empty group would zero every unread count.
  const memberSet =
    stage === "all" && members.length > 0
      ? new ImGroupMembers(`${name}-members`, { group, members })
      : undefined;
  summary[name] = pulumi
    .all([group.groupId, group.createdAt, memberSet?.memberNum ?? group.memberNum])
    .apply(([groupId, createdAt, count]) => ({ groupId, createdAt, members: count }));
}

/** Per migrated channel: the IM group id, its (original) creation time and its member count. */
export const groups = summary;
