/**
 * The several-group pull-request scenario, shared by the fixture capture (12 new lobby members)
 * and the end-to-end review test (10,000): a group updated with member and role changes, one
 * replaced, one deleted, one created, and a new member set on an existing ChatRoom.
 */

/** The stack as deployed before the pull request. */
export const reviewBase = {
  groups: {
    eng: {
      type: "Public",
      groupId: "eng-room",
      name: "Engineering",
      notification: "Stand-up at 10",
      ownerAccount: "owner",
    },
    sales: { type: "Public", groupId: "sales-room", name: "Sales" },
    legacy: { type: "Public", groupId: "legacy-room", name: "Legacy" },
    lobby: { type: "ChatRoom", groupId: "lobby", name: "Lobby" },
  },
  members: {
    "eng-members": { group: "eng", members: [{ account: "alice", role: "Admin" }, "bob", "carol"] },
    "sales-members": { group: "sales", members: ["erin", "frank"] },
    "legacy-members": { group: "legacy", members: ["alice", "bob"] },
  },
};

/** The review scenario's program after the change (the lobby gets `lobby` new members). */
export function reviewChange(lobby: string[]) {
  return {
    groups: {
      eng: {
        type: "Public",
        groupId: "eng-room",
        name: "Platform",
        notification: "Stand-up at 9:30",
        introduction: "Platform engineering",
        ownerAccount: "owner",
      },
      legacy: { type: "ChatRoom", groupId: "legacy-room-2", name: "Legacy", allowReplace: true },
      lobby: { type: "ChatRoom", groupId: "lobby", name: "Lobby" },
      support: { type: "Public", groupId: "support-room", name: "Support", notification: "Be kind" },
    },
    members: {
      "eng-members": { group: "eng", members: [{ account: "carol", role: "Admin" }, "alice", "dave"] },
      "legacy-members": { group: "legacy", members: ["alice", "bob"] },
      "lobby-members": { group: "lobby", members: lobby },
      "support-members": { group: "support", members: ["erin", "frank"] },
    },
  };
}
