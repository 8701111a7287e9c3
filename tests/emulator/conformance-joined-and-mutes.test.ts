/**
 * Conformance of get_joined_group_list (docs/api-reference.md §7.11) and of forbid_send_msg /
 * get_group_muted_account / legacy get_group_shutted_uin (§7.12), with their limits and errors.
 */
import { expect } from "chai";
import {
  type Case,
  conformance,
  createGroup,
  ids,
  importAccounts,
  members,
  NOW,
} from "./support/conformance";
import type { Target } from "./support/harness";

/**
 * bob's groups: Public "pub" (owner leckie, bob, peter), ChatRoom "room" (bob), Public "other"
 * (peter only), AVChatRoom "live" (owner bob), Private "work" (owner leckie, bob; no message yet).
 */
async function groups(t: Target): Promise<void> {
  await createGroup(t, {
    GroupId: "pub",
    Owner_Account: "leckie",
    MemberList: [{ Member_Account: "bob" }, { Member_Account: "peter" }],
  });
  await createGroup(t, { GroupId: "room", Type: "ChatRoom", MemberList: [{ Member_Account: "bob" }] });
  await createGroup(t, { GroupId: "other", MemberList: [{ Member_Account: "peter" }] });
  await createGroup(t, { GroupId: "live", Type: "AVChatRoom", Owner_Account: "bob" });
  await createGroup(t, {
    GroupId: "work",
    Type: "Private",
    Owner_Account: "leckie",
    MemberList: [{ Member_Account: "bob" }],
  });
}

/** A Public group "team": owner leckie, members bob, peter, tommy. */
async function team(t: Target): Promise<void> {
  await createGroup(t, {
    GroupId: "team",
    Owner_Account: "leckie",
    MemberList: [{ Member_Account: "bob" }, { Member_Account: "peter" }, { Member_Account: "tommy" }],
  });
}

const mutedList = async (t: Target, groupId: string) =>
  (await t.call("get_group_muted_account", { GroupId: groupId })).MutedAccountList;

const cases: Case[] = [
  // get_joined_group_list (§7.11)
  {
    rule: "§7.11 basic form: only {GroupId} of each group the user is in, in creation order, and TotalCount",
    setup: groups,
    command: "get_joined_group_list",
    body: { Member_Account: "bob" },
    check(response) {
      expect(Object.keys(response)).to.have.members([
        "ActionStatus",
        "ErrorCode",
        "ErrorInfo",
        "TotalCount",
        "GroupIdList",
      ]);
      expect(response).to.deep.include({
        TotalCount: 2,
        GroupIdList: [{ GroupId: "pub" }, { GroupId: "room" }],
      });
    },
  },
  {
    rule: "§7.11 WithHugeGroups 1 adds AVChatRoom groups (left out by default)",
    setup: groups,
    command: "get_joined_group_list",
    body: { Member_Account: "bob", WithHugeGroups: 1 },
    check(response) {
      expect(response.GroupIdList).to.deep.equal([
        { GroupId: "pub" },
        { GroupId: "room" },
        { GroupId: "live" },
      ]);
    },
  },
  {
    rule: "§7.11 WithNoActiveGroups 1 adds Private groups not active yet (no message so far, UNCONFIRMED)",
    setup: groups,
    command: "get_joined_group_list",
    body: { Member_Account: "bob", WithNoActiveGroups: 1 },
    check(response) {
      expect(response.GroupIdList).to.deep.equal([
        { GroupId: "pub" },
        { GroupId: "room" },
        { GroupId: "work" },
      ]);
    },
  },
  {
    rule: "§7.11 a Private group with a message is active and listed by default",
    async setup(t) {
      await groups(t);
      await t.emulator.control.setMessageCount("work", 1);
    },
    command: "get_joined_group_list",
    body: { Member_Account: "bob" },
    check(response) {
      expect(response).to.deep.include({ TotalCount: 3 });
      expect(response.GroupIdList.map((g: { GroupId: string }) => g.GroupId)).to.deep.equal([
        "pub",
        "room",
        "work",
      ]);
    },
  },
  {
    rule: "§7.11 Limit / Offset page the list; TotalCount ignores paging",
    setup: groups,
    command: "get_joined_group_list",
    body: { Member_Account: "bob", WithHugeGroups: 1, Limit: 1, Offset: 1 },
    check(response) {
      expect(response).to.deep.include({ TotalCount: 3, GroupIdList: [{ GroupId: "room" }] });
    },
  },
  {
    rule: "§7.11 GroupType filters, and TotalCount counts only that type",
    setup: groups,
    command: "get_joined_group_list",
    body: { Member_Account: "bob", GroupType: "ChatRoom" },
    check(response) {
      expect(response).to.deep.include({ TotalCount: 1, GroupIdList: [{ GroupId: "room" }] });
    },
  },
  {
    rule: '§7.11 GroupType "" means no filter (as get_appid_group_list, UNCONFIRMED)',
    setup: groups,
    command: "get_joined_group_list",
    body: { Member_Account: "bob", GroupType: "" },
    check(response) {
      expect(response).to.deep.include({ TotalCount: 2 });
    },
  },
  {
    rule: "§7.11 ResponseFilter: the named base fields and SelfInfo with the user's own named fields",
    setup: groups,
    command: "get_joined_group_list",
    body: {
      Member_Account: "bob",
      GroupType: "Public",
      ResponseFilter: {
        GroupBaseInfoFilter: ["Type", "Name", "MemberNum", "ShutUpAllMember"],
        SelfInfoFilter: ["Role", "JoinTime", "MsgFlag", "ShutUpUntil"],
      },
    },
    check(response) {
      expect(response.GroupIdList).to.deep.equal([
        {
          GroupId: "pub",
          Type: "Public",
          Name: "g",
          MemberNum: 3,
          MuteAllMember: "Off",
          ShutUpAllMember: "Off",
          SelfInfo: {
            Role: "Member",
            JoinTime: NOW,
            MsgFlag: "AcceptAndNotify",
            MuteUntil: 0,
            ShutUpUntil: 0,
          },
        },
      ]);
    },
  },
  {
    rule: "§7.11 a user in no group gets TotalCount 0 and an empty list",
    setup: groups,
    command: "get_joined_group_list",
    body: { Member_Account: "lily" },
    check(response) {
      expect(response).to.deep.include({ TotalCount: 0, GroupIdList: [] });
    },
  },
  {
    rule: "§7.11 + §2.2 an unimported Member_Account is 10019",
    command: "get_joined_group_list",
    body: { Member_Account: "nobody" },
    code: 10019,
    info: 'Member_Account: account "nobody" is not imported',
  },
  {
    rule: "§7.11 Member_Account is required (10004)",
    command: "get_joined_group_list",
    body: {},
    code: 10004,
    info: "Member_Account: required field is missing",
  },
  {
    rule: "§3.5 step 9 a Member_Account that is not a string is 60015",
    command: "get_joined_group_list",
    body: { Member_Account: 42 },
    code: 60015,
  },
  {
    rule: "§7.11 + §9 Limit above 5000 is 10004",
    command: "get_joined_group_list",
    body: { Member_Account: "bob", Limit: 5001 },
    code: 10004,
    info: "Limit: 5001 exceeds the maximum 5000",
  },
  {
    rule: "§7.11 a negative Offset is 10004",
    command: "get_joined_group_list",
    body: { Member_Account: "bob", Offset: -1 },
    code: 10004,
    info: "Offset: -1 is below the minimum 0",
  },
  {
    rule: "§7.11 WithHugeGroups other than 0 or 1 is 10004",
    command: "get_joined_group_list",
    body: { Member_Account: "bob", WithHugeGroups: 2 },
    code: 10004,
    info: "WithHugeGroups: 2 is not 0 or 1",
  },
  {
    rule: "§7.11 an unknown GroupType is 10004",
    command: "get_joined_group_list",
    body: { Member_Account: "bob", GroupType: "Work" },
    code: 10004,
    info: 'GroupType: "Work" is not one of',
  },

  // forbid_send_msg (§7.12)
  {
    rule: "§7.12 forbid_send_msg mutes the members for MuteTime seconds",
    setup: team,
    command: "forbid_send_msg",
    body: { GroupId: "team", Members_Account: ["peter", "bob"], MuteTime: 600 },
    async check(response, t) {
      expect(Object.keys(response)).to.have.members(["ActionStatus", "ErrorCode", "ErrorInfo"]);
      const list = await members(t, "team");
      expect(list.get("peter")).to.include({ MuteUntil: NOW + 600, ShutUpUntil: NOW + 600 });
      expect(list.get("bob")).to.include({ MuteUntil: NOW + 600 });
      expect(list.get("tommy")).to.include({ MuteUntil: 0 });
    },
  },
  {
    rule: "§7.12 + §6.6 legacy ShutUpTime is accepted; 4294967295 mutes for ever",
    setup: team,
    command: "forbid_send_msg",
    body: { GroupId: "team", Members_Account: ["tommy"], ShutUpTime: 4294967295 },
    async check(_response, t) {
      expect((await members(t, "team")).get("tommy")).to.include({ MuteUntil: 4294967295 });
    },
  },
  {
    rule: "§7.12 MuteTime 0 unmutes",
    async setup(t) {
      await team(t);
      await t.call("forbid_send_msg", { GroupId: "team", Members_Account: ["peter"], MuteTime: 60 });
    },
    command: "forbid_send_msg",
    body: { GroupId: "team", Members_Account: ["peter"], MuteTime: 0 },
    async check(_response, t) {
      expect((await members(t, "team")).get("peter")).to.include({ MuteUntil: 0 });
      expect(await mutedList(t, "team")).to.deep.equal([]);
    },
  },
  {
    rule: "§7.12 a muted member stays muted after leaving and rejoining",
    async setup(t) {
      await team(t);
      await t.call("forbid_send_msg", { GroupId: "team", Members_Account: ["peter"], MuteTime: 600 });
      await t.call("delete_group_member", { GroupId: "team", MemberToDel_Account: ["peter"] });
    },
    command: "add_group_member",
    body: { GroupId: "team", MemberList: [{ Member_Account: "peter" }] },
    async check(_response, t) {
      expect((await members(t, "team")).get("peter")).to.include({ MuteUntil: NOW + 600 });
      expect(t.emulator.control.state().groups[0]).not.to.have.property("NonMemberMutes");
    },
  },
  {
    rule: "§7.12 a member who left muted is still listed by get_group_muted_account",
    async setup(t) {
      await team(t);
      await t.call("forbid_send_msg", { GroupId: "team", Members_Account: ["peter", "bob"], MuteTime: 600 });
      await t.call("delete_group_member", { GroupId: "team", MemberToDel_Account: ["peter"] });
    },
    command: "get_group_muted_account",
    body: { GroupId: "team" },
    check(response) {
      expect(response.MutedAccountList).to.deep.equal([
        { Member_Account: "bob", MutedUntil: NOW + 600 },
        { Member_Account: "peter", MutedUntil: NOW + 600 },
      ]);
    },
  },
  {
    rule: "§7.12 AVChatRoom (no stored members): any imported account can be muted and is listed",
    async setup(t) {
      await createGroup(t, { GroupId: "live", Type: "AVChatRoom", Owner_Account: "leckie" });
    },
    command: "forbid_send_msg",
    body: { GroupId: "live", Members_Account: ["amy", "leckie"], MuteTime: 30 },
    async check(_response, t) {
      expect(await mutedList(t, "live")).to.deep.equal([
        { Member_Account: "leckie", MutedUntil: NOW + 30 },
        { Member_Account: "amy", MutedUntil: NOW + 30 },
      ]);
      await t.call("forbid_send_msg", { GroupId: "live", Members_Account: ["amy"], MuteTime: 0 });
      expect(await mutedList(t, "live")).to.deep.equal([{ Member_Account: "leckie", MutedUntil: NOW + 30 }]);
    },
  },
  {
    rule: "§7.12 not for Private (Work) groups: 10007",
    async setup(t) {
      await createGroup(t, { GroupId: "work", Type: "Private", Owner_Account: "leckie" });
    },
    command: "forbid_send_msg",
    body: { GroupId: "work", Members_Account: ["leckie"], MuteTime: 60 },
    code: 10007,
    info: "GroupId: members of a Private group cannot be muted",
  },
  {
    rule: "§7.12 + §9 more than 500 Members_Account is 10005",
    setup: team,
    command: "forbid_send_msg",
    body: { GroupId: "team", Members_Account: ids("m", 501), MuteTime: 60 },
    code: 10005,
    info: "Members_Account: 501 entries exceeds the limit of 500",
  },
  {
    rule: "§7.12 500 Members_Account is within the limit",
    async setup(t) {
      const accounts = ids("m", 499);
      await importAccounts(t, accounts);
      await createGroup(t, {
        GroupId: "big",
        Owner_Account: "leckie",
        MemberList: accounts.map((Member_Account) => ({ Member_Account })),
      });
    },
    command: "forbid_send_msg",
    body: { GroupId: "big", Members_Account: [...ids("m", 499), "leckie"], MuteTime: 60 },
    async check(_response, t) {
      expect(await mutedList(t, "big")).to.have.length(500);
    },
  },
  {
    rule: "§7.12 an empty Members_Account is 10004",
    setup: team,
    command: "forbid_send_msg",
    body: { GroupId: "team", Members_Account: [], MuteTime: 60 },
    code: 10004,
    info: "Members_Account: must not be empty",
  },
  {
    rule: "§7.12 MuteTime (or ShutUpTime) is required",
    setup: team,
    command: "forbid_send_msg",
    body: { GroupId: "team", Members_Account: ["bob"] },
    code: 10004,
    info: "MuteTime: required field is missing",
  },
  {
    rule: "§7.12 MuteTime above 4294967295 is 10004",
    setup: team,
    command: "forbid_send_msg",
    body: { GroupId: "team", Members_Account: ["bob"], MuteTime: 4294967296 },
    code: 10004,
    info: "MuteTime: 4294967296 exceeds the maximum 4294967295",
  },
  {
    rule: "§7.12 a negative ShutUpTime is 10004",
    setup: team,
    command: "forbid_send_msg",
    body: { GroupId: "team", Members_Account: ["bob"], ShutUpTime: -1 },
    code: 10004,
    info: "ShutUpTime: -1 is below the minimum 0",
  },
  {
    rule: "§7.12 + §2.2 an unimported account fails the whole request with 10019",
    setup: team,
    command: "forbid_send_msg",
    body: { GroupId: "team", Members_Account: ["bob", "nobody"], MuteTime: 60 },
    code: 10019,
    info: 'Members_Account[1]: account "nobody" is not imported',
  },
  {
    rule: "§7.12 an imported account that is not a member is 10004 (UNCONFIRMED)",
    setup: team,
    command: "forbid_send_msg",
    body: { GroupId: "team", Members_Account: ["bob", "lily"], MuteTime: 60 },
    code: 10004,
    info: 'Members_Account[1]: "lily" is not a member of the group',
  },
  {
    rule: "§7 an unknown group is 10010",
    command: "forbid_send_msg",
    body: { GroupId: "nope", Members_Account: ["bob"], MuteTime: 60 },
    code: 10010,
  },
  {
    rule: "§3.5 step 9 a Members_Account entry that is not a string is 60015",
    setup: team,
    command: "forbid_send_msg",
    body: { GroupId: "team", Members_Account: [7], MuteTime: 60 },
    code: 60015,
  },

  // get_group_muted_account / get_group_shutted_uin (§7.12)
  {
    rule: "§7.12 get_group_muted_account: accounts muted now, in join order, with MutedUntil",
    async setup(t) {
      await team(t);
      await t.call("forbid_send_msg", { GroupId: "team", Members_Account: ["tommy"], MuteTime: 10 });
      await t.call("modify_group_member_info", { GroupId: "team", Member_Account: "bob", MuteTime: 20 });
    },
    command: "get_group_muted_account",
    body: { GroupId: "team" },
    check(response) {
      expect(Object.keys(response)).to.have.members([
        "ActionStatus",
        "ErrorCode",
        "ErrorInfo",
        "GroupId",
        "MutedAccountList",
      ]);
      expect(response).to.deep.include({
        GroupId: "team",
        MutedAccountList: [
          { Member_Account: "bob", MutedUntil: NOW + 20 },
          { Member_Account: "tommy", MutedUntil: NOW + 10 },
        ],
      });
    },
  },
  {
    rule: "§7.12 + §6.6 legacy get_group_shutted_uin answers ShuttedUinList[].ShuttedUntil",
    async setup(t) {
      await team(t);
      await t.call("forbid_send_msg", { GroupId: "team", Members_Account: ["tommy"], MuteTime: 10 });
    },
    command: "get_group_shutted_uin",
    body: { GroupId: "team" },
    check(response) {
      expect(Object.keys(response)).to.have.members([
        "ActionStatus",
        "ErrorCode",
        "ErrorInfo",
        "GroupId",
        "ShuttedUinList",
      ]);
      expect(response.ShuttedUinList).to.deep.equal([{ Member_Account: "tommy", ShuttedUntil: NOW + 10 }]);
    },
  },
  {
    rule: "§7.12 get_group_muted_account of a Private group is 10007",
    async setup(t) {
      await createGroup(t, { GroupId: "work", Type: "Private", Owner_Account: "leckie" });
    },
    command: "get_group_muted_account",
    body: { GroupId: "work" },
    code: 10007,
  },
  {
    rule: "§7 get_group_muted_account of a malformed GroupId is 10015",
    command: "get_group_muted_account",
    body: { GroupId: "" },
    code: 10015,
  },
];

conformance("docs/api-reference.md §7.11 get_joined_group_list, §7.12 mutes", cases);
