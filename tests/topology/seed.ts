/**
 * An app the exporter tests read: every group type, service-assigned (`@TGS#…`) and custom ids,
 * CJK and emoji names, group and member custom data, name cards, admins, message flags, a muted
 * group, empty and non-empty profile fields. Seeded through the API (create_group without GroupId
 * is how the service assigns ids), so the state is what a real app's servers would have made.
 */
import type { ImClient } from "@imgroups/tencentcloud-im/client/client";
import type { GroupType } from "@imgroups/tencentcloud-im/client/types";

/** What the seed made: the group ids by role in the test. */
export interface SeededApp {
  /** Every group id. */
  all: string[];
  /** The ids the service assigned. */
  assigned: string[];
  /** The ids we chose. */
  custom: string[];
  /** The groups of a type that takes members (every one has some). */
  withMembers: string[];
}

/** What {@link seedApp} makes. */
export interface SeedOptions {
  /** Groups of each type that takes members (Public, Private, ChatRoom); default 3. */
  perType?: number;
  /** AVChatRoom groups (no members); default 1. */
  liveRooms?: number;
  /** BChatRoom groups (no members); default 0. */
  broadcastRooms?: number;
  /** Prefix of custom ids and account names; default `exp`. */
  prefix?: string;
  /** Every group with an id we chose (none assigned by the service). */
  customIdsOnly?: boolean;
}

/**
 * Seeds `perType` groups of each type taking members plus `liveRooms` AVChatRooms and
 * `broadcastRooms` BChatRooms; every other one (the first included) without GroupId, so the
 * service assigns a `@TGS#` id.
 */
export async function seedApp(client: ImClient, options: SeedOptions = {}): Promise<SeededApp> {
  const perType = options.perType ?? 3;
  const prefix = options.prefix ?? "exp";
  const accounts = Array.from({ length: 12 }, (_, i) => `${prefix}-user-${i}`);
  const owners = ["owner-甲", `${prefix}-owner-🎉`];
  const imported = await client.multiaccountImport([...owners, ...accounts]);
  if (imported.some((r) => !r.ok))
    throw new Error(`seed: account import failed: ${JSON.stringify(imported)}`);
  const seeded: SeededApp = { all: [], assigned: [], custom: [], withMembers: [] };
  const types: GroupType[] = ["Public", "Private", "ChatRoom"];
  for (const type of types) {
    for (let i = 0; i < perType; i++) {
      const assign = i % 2 === 0 && options.customIdsOnly !== true;
      const owner = owners[i % owners.length]!;
      const created = await client.createGroup({
        Type: type,
        ...(assign ? {} : { GroupId: `${prefix}-${type.toLowerCase()}-${i}` }),
        Name: i === 0 ? `工程部 ${type} 🚀` : `${type} ${i}`,
        Owner_Account: owner,
        ...(i === 1 && { Introduction: "关于我们: the team room", Notification: "周一开会 📅" }),
        ...(i === 0 && {
          AppDefinedData: [
            { Key: "tier", Value: "金" },
            { Key: "__proto__", Value: "kept" },
          ],
        }),
        MemberList: accounts.slice(0, 4 + i).map((account) => ({ Member_Account: account })),
      });
      const groupId = created.GroupId;
      seeded.all.push(groupId);
      seeded.withMembers.push(groupId);
      (assign ? seeded.assigned : seeded.custom).push(groupId);
      if (type !== "Private") {
        await client.modifyGroupMemberInfo({ GroupId: groupId, Member_Account: accounts[0]!, Role: "Admin" });
        if (i === 0) await client.modifyGroupBaseInfo({ GroupId: groupId, MuteAllMember: "On" });
      }
      await client.modifyGroupMemberInfo({
        GroupId: groupId,
        Member_Account: accounts[1]!,
        NameCard: "小王 🐼",
        MsgFlag: "AcceptNotNotify",
        AppMemberDefinedData: [{ Key: "level", Value: "7" }],
      });
    }
  }
  const rooms: Array<[GroupType, number]> = [
    ["AVChatRoom", options.liveRooms ?? 1],
    ["BChatRoom", options.broadcastRooms ?? 0],
  ];
  for (const [type, count] of rooms) {
    for (let i = 0; i < count; i++) {
      const assign = i % 2 === 0 && options.customIdsOnly !== true;
      const room = await client.createGroup({
        Type: type,
        ...(!assign && {
          GroupId:
            type === "AVChatRoom" && i === 0 ? `${prefix}-live` : `${prefix}-${type.toLowerCase()}-${i}`,
        }),
        Name: i === 0 ? (type === "AVChatRoom" ? "直播间 🎥" : "广播 📣") : `${type} ${i} 🎙`,
        Owner_Account: owners[i % owners.length]!,
      });
      seeded.all.push(room.GroupId);
      (assign ? seeded.assigned : seeded.custom).push(room.GroupId);
    }
  }
  return seeded;
}
