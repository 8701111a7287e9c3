/**
 * The export format of the chat system we migrate from, and its mapping to ImGroup and
 * ImGroupMembers arguments. Pure functions, no Pulumi, so the mapping reads (and can be tested) on
 * its own.
 *
 * The format is a typical chat export: channels with a creation time, an owner and members that
 * carry their join time, moderator flag and unread count. Times are ISO 8601; IM wants unix seconds.
 */
import type { ImGroupArgs, ImGroupMember } from "@imgroups/tencentcloud-im";

/** One member of a channel in the export. */
export interface ExportedMember {
  /** The user's id; becomes the IM account (UserID). */
  user: string;
  /** `moderator` or `member`. */
  role: "moderator" | "member";
  /** When the user joined the channel (ISO 8601). */
  joinedAt: string;
  /** Messages the user has not read yet. */
  unreadCount: number;
}

/** One channel in the export. */
export interface ExportedChannel {
  /** Stable channel id in the old system. */
  id: string;
  /** Display name (≤30 UTF-8 bytes in IM). */
  name: string;
  /** `public` or `private`. */
  visibility: "public" | "private";
  /** What the channel is for; becomes the IM introduction. */
  purpose?: string;
  /** The pinned topic; becomes the IM notification. */
  topic?: string;
  /** When the channel was created (ISO 8601); becomes the IM CreateTime. */
  createdAt: string;
  /** The owner's user id. */
  owner: string;
  /** Everyone in the channel, the owner included or not. */
  members: ExportedMember[];
}

/** The whole export file. */
export interface ChatExport {
  /** Format marker, `examplechat-export/v1`. */
  format: string;
  /** The users the channels refer to (they must be imported into the IM app first). */
  users: Array<{ id: string; displayName?: string }>;
  /** The channels to migrate. */
  channels: ExportedChannel[];
}

/** One group to declare: its resource name, its profile and its members. */
export interface MigratedGroup {
  /** Pulumi resource name (stable: derived from the channel id). */
  name: string;
  /** ImGroup arguments. */
  group: ImGroupArgs;
  /** ImGroupMembers members (the owner left out: IM manages the owner separately). */
  members: ImGroupMember[];
}

/** Checks the format marker and the basic shape, so a wrong file fails before any preview. */
export function parseExport(text: string): ChatExport {
  const data = JSON.parse(text) as ChatExport;
  if (data.format !== "examplechat-export/v1" || !Array.isArray(data.channels)) {
    throw new Error(`not an examplechat-export/v1 file (format: ${JSON.stringify(data.format)})`);
  }
  return data;
}

/** Maps one channel; the group id is derived from the channel id so re-running is idempotent. */
export function migrateChannel(channel: ExportedChannel): MigratedGroup {
  const type = channel.visibility === "private" ? "Private" : "Public";
  const createTime = unixSeconds(channel.createdAt);
  return {
    name: `channel-${channel.id.toLowerCase()}`,
    group: {
      type,
      groupId: `migrated-${channel.id.toLowerCase()}`,
      name: channel.name,
      ...(channel.purpose !== undefined && { introduction: channel.purpose }),
      ...(channel.topic !== undefined && { notification: channel.topic }),
      ownerAccount: channel.owner,
      // import_group: keeps the original creation time and sends no notifications.
      createTime,
    },
    members: channel.members
      .filter((member) => member.user !== channel.owner)
      .map((member) => ({
        account: member.user,
        // Private groups have no admins in IM: moderators become plain members there.
        role: member.role === "moderator" && type !== "Private" ? "Admin" : "Member",
        // IM requires a join time after the group's creation.
        joinTime: Math.max(unixSeconds(member.joinedAt), createTime + 1),
        unreadMsgNum: member.unreadCount,
      })),
  };
}

function unixSeconds(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not an ISO 8601 time: ${JSON.stringify(iso)}`);
  return Math.floor(ms / 1000);
}
