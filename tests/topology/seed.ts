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
}

/** Seeds `count` groups of each type taking members plus one AVChatRoom; `assigned` of them without GroupId. */
export async function seedApp(
  client: ImClient,
  options: { perType?: number; prefix?: string; customIdsOnly?: boolean } = {},
): Promise<SeededApp> {
  const perType = options.perType ?? 3;
  const prefix = options.prefix ?? "exp";
  const accounts = Array.from({ length: 12 }, (_, i) => `${prefix}-user-${i}`);
  const owners = ["owner-甲", `${prefix}-owner-🎉`];
  const imported = await client.multiaccountImport([...owners, ...accounts]);
  if (imported.some((r) => !r.ok))
    throw new Error(`seed: account import failed: ${JSON.stringify(imported)}`);
  const seeded: SeededApp = { all: [], assigned: [], custom: [] };
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
  const live = await client.createGroup({
    Type: "AVChatRoom",
    ...(options.customIdsOnly === true && { GroupId: `${prefix}-live` }),
    Name: "直播间 🎥",
    Owner_Account: owners[0]!,
  });
  seeded.all.push(live.GroupId);
  (options.customIdsOnly === true ? seeded.custom : seeded.assigned).push(live.GroupId);
  return seeded;
}
