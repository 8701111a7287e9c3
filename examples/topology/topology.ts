/**
 * The example group topology as data: a company's departments, leadership, a big lobby, a live
 * events room and a group migrated from an older chat system with its history. index.ts turns it
 * into resources; scripts/up.ts imports the accounts into the embedded emulator before `pulumi up`.
 */
import type { ImGroupArgs, ImGroupMember } from "@imgroups/tencentcloud-im";

/** One group of the topology: its profile and (for types that have them) its members. */
export interface GroupSpec {
  /** The group's profile. */
  group: ImGroupArgs;
  /** Declared members (not for AVChatRoom). */
  members?: ImGroupMember[];
}

const numbered = (prefix: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `${prefix}-${String(i + 1).padStart(4, "0")}`);

/** Size of the lobby; a ChatRoom holds up to 10,000 members. */
export const LOBBY_SIZE = 3000;

/** Unix time of the old system's group creation (2019-06-01) used by the migrated group. */
const LEGACY_CREATED = 1_559_347_200;

/** The topology, keyed by Pulumi resource name. */
export const topology: Record<string, GroupSpec> = {
  engineering: {
    group: {
      type: "Public",
      groupId: "dept-engineering",
      name: "Engineering",
      introduction: "Everyone who builds the product.",
      notification: "Release train leaves Thursdays 14:00.",
      ownerAccount: "grace",
      applyJoinOption: "NeedPermission",
    },
    members: [
      { account: "linus", role: "Admin" },
      { account: "barbara", role: "Admin" },
      ...numbered("eng", 40),
    ],
  },
  sales: {
    group: {
      type: "Public",
      groupId: "dept-sales",
      name: "Sales",
      notification: "Quarterly kick-off on the 3rd.",
      ownerAccount: "ada",
      appDefinedData: { region: "APAC" },
    },
    members: [{ account: "ken", role: "Admin" }, ...numbered("sales", 30)],
  },
  support: {
    group: { type: "Public", groupId: "dept-support", name: "Customer Support", ownerAccount: "margaret" },
    members: [{ account: "katherine", role: "Admin" }, ...numbered("support", 25)],
  },
  leadership: {
    group: { type: "Private", groupId: "leadership", name: "Leadership", ownerAccount: "grace" },
    members: ["ada", "margaret", "tim"],
  },
  lobby: {
    group: {
      type: "ChatRoom",
      groupId: "lobby",
      name: "Community Lobby",
      notification: "Be kind. Read the pinned rules.",
      maxMemberCount: 10000,
    },
    members: numbered("user", LOBBY_SIZE),
  },
  townHall: {
    group: {
      type: "AVChatRoom",
      groupId: "town-hall-live",
      name: "Town Hall (live)",
      ownerAccount: "tim",
      introduction: "Monthly all-hands, streamed.",
    },
  },
  legacySupport: {
    group: {
      type: "Public",
      groupId: "legacy-support-2019",
      name: "Support (migrated)",
      ownerAccount: "margaret",
      createTime: LEGACY_CREATED,
    },
    members: [
      { account: "katherine", role: "Admin", joinTime: LEGACY_CREATED + 3_600 },
      { account: "support-0001", joinTime: LEGACY_CREATED + 86_400 },
      { account: "support-0002", joinTime: LEGACY_CREATED + 2 * 86_400 },
    ],
  },
};

/** Every account the topology uses (owners and members), each once, sorted. */
export function topologyAccounts(): string[] {
  const accounts = new Set<string>();
  for (const spec of Object.values(topology)) {
    if (typeof spec.group.ownerAccount === "string") accounts.add(spec.group.ownerAccount);
    for (const member of spec.members ?? [])
      accounts.add(typeof member === "string" ? member : member.account);
  }
  return [...accounts].sort();
}
