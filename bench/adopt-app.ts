/**
 * The app benchmark (7) adopts: `groups` groups of every type ImGroup manages, a fifth of them with
 * ids the service assigned (`@TGS#…`), and about `memberships` memberships over the groups that
 * take members — owners, admins, name cards, message flags, group and member custom data, CJK and
 * emoji names — as a snapshot the emulator's control plane seeds at once (an app made through the
 * API would cost minutes at the rate limit, and its servers made it over years anyway). The values
 * are those the emulator's create_group gives (emulator/model/group-create.ts: member limits per
 * type, `NeedPermission`, no InviteJoinOption), so the app is one the API could have made.
 */
import type { StateSnapshot } from "@imgroups/im-emulator";
import { assignedGroupId } from "@imgroups/im-emulator/model/group-id";
import { DEFAULT_LIMITS } from "@imgroups/im-emulator/model/settings";
import { memberListBytes } from "./minimum";

/** The emulator's snapshot types, taken from its public StateSnapshot. */
type GroupSnapshot = StateSnapshot["groups"][number];
type MemberRecord = GroupSnapshot["MemberList"][number];
type GroupType = GroupSnapshot["Type"];

/** The app as seeded, and what the minimum and the checks need to know of it. */
export interface AdoptApp {
  /** The emulator state: these accounts and groups only. */
  snapshot: StateSnapshot;
  /** Every group id. */
  groupIds: string[];
  /** Ids the service assigned (`@TGS#…`). */
  assigned: number;
  /** Groups per type. */
  byType: Record<string, number>;
  /** Memberships (MemberList entries, owners included). */
  memberships: number;
  /** Members an export writes (owners are ImGroup.ownerAccount, not members). */
  declaredMembers: number;
  /**
   * The answer bytes of each member list (groups that take members), as get_group_info answers it
   * with the role read (`memberListBytes`): the minimum's member-list reads.
   */
  listBytes: number[];
}

/**
 * Types in a cycle of 24, interleaved so a small app has each: 8 Public, 7 Private, 6 ChatRoom,
 * 3 AVChatRoom (the 120-group app: 40, 35, 30, 15).
 */
const TYPE_CYCLE: readonly GroupType[] = [..."PVCPAVCPVCPVPACVPVCPCAVP"].map(
  (letter) => ({ P: "Public", V: "Private", C: "ChatRoom", A: "AVChatRoom" })[letter] as GroupType,
);

/** Member limits per type when none is set: the emulator's own defaults. */
const TYPE_MAX_MEMBERS = DEFAULT_LIMITS.maxMemberCount;

/** The golden ratio's fraction: member counts spread evenly over [¼, 1¾] × the average. */
const SPREAD = 0.618_033_988_75;

/** Builds the app; deterministic for given sizes (only the times follow the clock). */
export function adoptApp(groups: number, memberships: number): AdoptApp {
  const now = Math.floor(Date.now() / 1000);
  const types = Array.from({ length: groups }, (_, g) => TYPE_CYCLE[g % TYPE_CYCLE.length]!);
  const takers = types.filter((type) => TYPE_MAX_MEMBERS[type] > 0).length;
  const average = takers === 0 ? 0 : memberships / takers;
  // Users belong to about five groups each.
  const poolSize = Math.max(100, Math.ceil(memberships / 5));
  const account = (i: number) => `user-${i % poolSize}`;
  const app: AdoptApp = {
    snapshot: { accounts: [], groups: [], destroyedGroupIds: [], counters: emptyCounters(groups) },
    groupIds: [],
    assigned: 0,
    byType: {},
    memberships: 0,
    declaredMembers: 0,
    listBytes: [],
  };
  let cursor = 0;
  let taker = 0;
  for (let g = 0; g < groups; g++) {
    const type = types[g]!;
    const takesMembers = TYPE_MAX_MEMBERS[type] > 0;
    const assigned = g % 5 === 0;
    // The id the emulator would have assigned to the group of this creation sequence (its counter
    // continues after them: emptyCounters).
    const groupId = assigned ? assignedGroupId(g + 1, type) : `app-${type.toLowerCase()}-${g}`;
    const created = now - 365 * 86_400 + g * 60;
    // A third of the ChatRooms have no owner (made by a server, as ChatRooms often are).
    const ownerless = type === "ChatRoom" && g % 3 === 0;
    let size = 0;
    if (takesMembers) {
      const share = 0.25 + 1.5 * ((taker * SPREAD) % 1);
      size = Math.min(TYPE_MAX_MEMBERS[type], Math.max(1, Math.round(average * share)));
      taker++;
    } else if (!ownerless) size = 1; // an AVChatRoom's owner
    const members: MemberRecord[] = [];
    for (let m = 0; m < size; m++) {
      const owner = m === 0 && !ownerless;
      const extra = m % 10 === 3;
      members.push({
        Member_Account: account(cursor + m),
        Role: owner ? "Owner" : m % 20 === 1 && type !== "Private" ? "Admin" : "Member",
        JoinTime: created + m,
        MsgSeq: 0,
        MsgFlag: m % 15 === 7 ? "AcceptNotNotify" : "AcceptAndNotify",
        LastSendMsgTime: 0,
        MuteUntil: 0,
        NameCard: extra ? `卡 ${m} 🐼` : "",
        AppMemberDefinedData: extra ? [{ Key: "level", Value: String(m % 7) }] : [],
      } as MemberRecord);
    }
    cursor += size;
    const base = {
      GroupId: groupId,
      Seq: g + 1,
      Type: type,
      Name: g % 7 === 0 ? `工程部 ${g} 🚀` : `${type} group ${g}`,
      Introduction: g % 3 === 0 ? "关于我们: the team room" : "",
      Notification: g % 4 === 0 ? "周一开会 📅" : "",
      FaceUrl: "",
      Owner_Account: ownerless ? "" : members[0]!.Member_Account,
      CreateTime: created,
      InfoSeq: 1,
      LastInfoTime: created,
      LastMsgTime: 0,
      NextMsgSeq: 1,
      MaxMemberNum: TYPE_MAX_MEMBERS[type],
      ApplyJoinOption: type === "Public" && g % 5 === 1 ? "FreeAccess" : "NeedPermission",
      MuteAllMember: g % 11 === 0 ? "On" : "Off",
      AppDefinedData: g % 6 === 0 ? [{ Key: "tier", Value: "金" }] : [],
    };
    app.snapshot.groups.push({ ...base, MemberList: members } as GroupSnapshot);
    app.groupIds.push(groupId);
    if (assigned) app.assigned++;
    app.byType[type] = (app.byType[type] ?? 0) + 1;
    app.memberships += members.length;
    if (takesMembers) {
      app.declaredMembers += members.filter((member) => member.Role !== "Owner").length;
      app.listBytes.push(memberListBytes(members.map((member) => member.Member_Account)));
    }
  }
  const importTime = now - 400 * 86_400;
  const accounts = Math.min(poolSize, cursor);
  for (let i = 0; i < accounts; i++) {
    app.snapshot.accounts.push({ UserID: account(i), Nick: "", FaceUrl: "", ImportTime: importTime });
  }
  return app;
}

function emptyCounters(groups: number): StateSnapshot["counters"] {
  return { nextGroupSeq: groups + 1, quotaDay: 0, quotaCount: 0 };
}
