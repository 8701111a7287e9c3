/**
 * The model's state and the only way it changes: {@link Op}s.
 *
 * Commands read the state, decide, and express every effect as ops; {@link State.apply} is the one
 * function that mutates, used both live and when the file store replays its journal, so a restarted
 * emulator holds exactly what the running one acknowledged. Records are replaced, never edited in
 * place, so an op can be journaled by reference without copying.
 */

import type { GroupType } from "./settings";

/** One custom-data entry (`AppDefinedData`, `AppMemberDefinedData`); Value may hold any characters. */
export interface KeyValue {
  /** Non-empty, ≤ 16 bytes, unique in its list. */
  Key: string;
  /** ≤ 512 bytes (group) or ≤ 64 bytes (member). */
  Value: string;
}

/** An imported account (docs/api-reference.md §8). */
export interface AccountRecord {
  /** The account ID, ≤ 32 bytes. */
  UserID: string;
  /** Nickname given at import; `""` when none. */
  Nick: string;
  /** Avatar URL given at import; `""` when none. */
  FaceUrl: string;
  /** When it was first imported, Unix seconds. */
  ImportTime: number;
}

/** A role inside a group (docs/api-reference.md §6.3). */
export type MemberRole = "Owner" | "Admin" | "Member";

/** A group member (docs/api-reference.md §6.8). */
export interface MemberRecord {
  /** The member's account. */
  Member_Account: string;
  /** Owner, Admin or Member. */
  Role: MemberRole;
  /** When it joined, Unix seconds. */
  JoinTime: number;
  /**
   * The member's read position: the sequence number of the last message it has read. Unread count =
   * (group NextMsgSeq − 1) − MsgSeq. Imports set it from UnreadMsgNum (001); see README (UNCONFIRMED).
   */
  MsgSeq: number;
  /** Message receiving option (docs/api-reference.md §6.4). */
  MsgFlag: string;
  /** When it last sent a message; always 0 (messaging is not emulated). */
  LastSendMsgTime: number;
  /** Mute end time, Unix seconds; 0 = not muted. */
  MuteUntil: number;
  /** Name in the group, ≤ 50 bytes. */
  NameCard: string;
  /** Member custom data. */
  AppMemberDefinedData: KeyValue[];
}

/** A group's base profile (docs/api-reference.md §6.7), without its members. */
export interface GroupBase {
  /** Assigned `@TGS#…` or custom ID. */
  GroupId: string;
  /** Creation order inside the app; orders get_appid_group_list and is its cursor (docs/api-reference.md §7.8). */
  Seq: number;
  /** The group type. */
  Type: GroupType;
  /** Name, ≤ 30 bytes. */
  Name: string;
  /** Introduction, ≤ 240 bytes. */
  Introduction: string;
  /** Notification, ≤ 300 bytes. */
  Notification: string;
  /** Avatar URL, ≤ 100 bytes. */
  FaceUrl: string;
  /** `""` for an ownerless group. */
  Owner_Account: string;
  /** Creation time, Unix seconds (the original one for imports). */
  CreateTime: number;
  /** Profile version: 1 at creation, +1 per profile change. */
  InfoSeq: number;
  /** Time of the last profile change, Unix seconds. */
  LastInfoTime: number;
  /** Time of the last message, Unix seconds; 0 until a message count is set. */
  LastMsgTime: number;
  /** Starts at 1; messages so far = NextMsgSeq − 1 (docs/api-reference.md §6.7). */
  NextMsgSeq: number;
  /** 0 means unlimited (AVChatRoom, BChatRoom). */
  MaxMemberNum: number;
  /** How applications to join are handled (docs/api-reference.md §6.4). */
  ApplyJoinOption: string;
  /** Newer field, present only once set through modify_group_base_info. */
  InviteJoinOption?: string;
  /** Whether everyone but the owner and admins is muted. */
  MuteAllMember: "On" | "Off";
  /** Group custom data, in insertion order. */
  AppDefinedData: KeyValue[];
  /**
   * Mutes of accounts that are not (or no longer) stored members: a muted member who leaves stays
   * muted when it rejoins (docs/api-reference.md §7.12), and AVChatRoom/BChatRoom store no members.
   * Absent when there are none. Not part of any response.
   */
  NonMemberMutes?: NonMemberMute[];
}

/** A mute held for an account that is not a stored member of the group. */
export interface NonMemberMute {
  /** The muted account. */
  Member_Account: string;
  /** Mute end time, Unix seconds; 4294967295 = for ever. */
  MuteUntil: number;
}

/** A live group: its base profile plus its members in join order. */
export interface GroupRecord {
  /** The base profile (replaced, never edited, on change). */
  base: GroupBase;
  /** Keyed by Member_Account; Map order is join order. */
  members: Map<string, MemberRecord>;
}

/** App-wide counters that are not derivable from the records. */
export interface Counters {
  /** Seq of the next group (assigned IDs are derived from it). */
  nextGroupSeq: number;
  /** UTC day number (Unix seconds / 86400) the create quota counts. */
  quotaDay: number;
  /** create_group calls counted against the daily quota on quotaDay. */
  quotaCount: number;
}

/** A group in a snapshot: its base profile and its members in join order. */
export interface GroupSnapshot extends GroupBase {
  /** Members in join order. */
  MemberList: MemberRecord[];
}

/**
 * The whole state as plain JSON: what `GET /__emulator/state` returns, `POST /__emulator/seed`
 * takes and the file store's snapshot holds. It never contains the secret key.
 */
export interface StateSnapshot {
  /** Imported accounts (App admins exist implicitly and are not listed). */
  accounts: AccountRecord[];
  /** Live groups in creation order. */
  groups: GroupSnapshot[];
  /** IDs of destroyed groups: they answer 10010 and, by default, cannot be reused (docs/api-reference.md §7.2). */
  destroyedGroupIds: string[];
  /** App-wide counters. */
  counters: Counters;
}

/** A state change; the unit the journal records. */
export type Op =
  | { op: "account"; account: AccountRecord }
  | { op: "group"; group: GroupBase }
  | { op: "members"; groupId: string; members: MemberRecord[] }
  | { op: "removeMembers"; groupId: string; accounts: string[] }
  | { op: "destroy"; groupId: string }
  | { op: "counters"; counters: Counters }
  | { op: "replace"; state: StateSnapshot };

/** An empty app. */
export function emptySnapshot(): StateSnapshot {
  return {
    accounts: [],
    groups: [],
    destroyedGroupIds: [],
    counters: { nextGroupSeq: 1, quotaDay: 0, quotaCount: 0 },
  };
}

/** The in-memory state of one app. */
export class State {
  /** Imported accounts by UserID. */
  readonly accounts = new Map<string, AccountRecord>();
  /** Map order is creation (Seq) order. */
  readonly groups = new Map<string, GroupRecord>();
  /** IDs of destroyed groups. */
  readonly destroyed = new Set<string>();
  /** App-wide counters. */
  counters: Counters = emptySnapshot().counters;

  /** Applies one op. The only mutator of the state. */
  apply(op: Op): void {
    switch (op.op) {
      case "account":
        this.accounts.set(op.account.UserID, op.account);
        return;
      case "group": {
        const existing = this.groups.get(op.group.GroupId);
        if (existing) existing.base = op.group;
        else this.groups.set(op.group.GroupId, { base: op.group, members: new Map() });
        this.destroyed.delete(op.group.GroupId);
        return;
      }
      case "members": {
        const { members } = this.group(op);
        for (const member of op.members) members.set(member.Member_Account, member);
        return;
      }
      case "removeMembers": {
        const { members } = this.group(op);
        for (const account of op.accounts) members.delete(account);
        return;
      }
      case "destroy":
        this.group(op);
        this.groups.delete(op.groupId);
        this.destroyed.add(op.groupId);
        return;
      case "counters":
        this.counters = op.counters;
        return;
      case "replace":
        this.load(op.state);
        return;
    }
  }

  /**
   * The live group an op refers to. The model only emits ops for live groups, so a missing one
   * means a journal that does not belong to this state: fail rather than drop the op silently.
   */
  private group(op: { op: string; groupId: string }): GroupRecord {
    const group = this.groups.get(op.groupId);
    if (!group) throw new Error(`${op.op}: group ${JSON.stringify(op.groupId)} does not exist`);
    return group;
  }

  /** Replaces everything with a snapshot. */
  load(snapshot: StateSnapshot): void {
    this.accounts.clear();
    this.groups.clear();
    this.destroyed.clear();
    for (const account of snapshot.accounts) this.accounts.set(account.UserID, account);
    const groups = [...snapshot.groups].sort((a, b) => a.Seq - b.Seq);
    for (const { MemberList, ...base } of groups) {
      this.groups.set(base.GroupId, {
        base,
        members: new Map(MemberList.map((member) => [member.Member_Account, member])),
      });
    }
    for (const id of snapshot.destroyedGroupIds) this.destroyed.add(id);
    this.counters = { ...snapshot.counters };
  }

  /** The whole state as JSON-ready data. */
  snapshot(): StateSnapshot {
    return {
      accounts: [...this.accounts.values()],
      groups: [...this.groups.values()].map(({ base, members }) => ({
        ...base,
        MemberList: [...members.values()],
      })),
      destroyedGroupIds: [...this.destroyed],
      counters: { ...this.counters },
    };
  }
}
