/**
 * The stable entry point of the ImGroupMembers provider implementation. The serialized provider
 * stored in every stack's state (`__provider`, members/im-group-members.ts) `require()`s the
 * implementation by this package path, and the engine runs the *recorded* stub for refreshes and
 * deletes (docs/pulumi-notes.md §3.3): the path is part of what state holds, so it stays here
 * whatever the layout of the modules behind it.
 */
export { imGroupMembersProvider } from "./members/im-group-members-provider";
