/**
 * Whether a custom GroupId is already taken, asked by `ImGroup.check` so `pulumi preview` stops a
 * create that would meet "GroupId already used" (10021) at `up`.
 *
 * The engine checks resources one at a time, so get_group_info reads cannot be batched across
 * checks: a read per new group would cost a call each. So the first question is one get_group_info,
 * and from the second on the app's whole id list is read once (get_appid_group_list, 10,000 ids a
 * call, docs/api-reference.md §7.8) and kept for the provider process's command: 1 call for one new
 * group, 1 + ⌈groups in the app / 10,000⌉ for any number. A group made after the list was read is
 * still caught by the create itself.
 */
import type { GroupInfo } from "../client/types";
import { imClient } from "./context";
import { GROUP_BASE_FIELDS } from "./im-group-fields";

let asked = 0;
let appIds: Promise<Set<string> | undefined> | undefined;

/** The existing group with this id (its base fields), or null when the id is free. */
export async function existingGroup(groupId: string): Promise<GroupInfo | null> {
  asked += 1;
  if (asked > 1) {
    // A list that cannot be read is no answer: then every id is read on its own.
    appIds ??= listAppGroupIds().catch(() => undefined);
    const ids = await appIds;
    if (ids !== undefined && !ids.has(groupId)) return null;
  }
  return imClient().getGroup(groupId, { GroupBaseInfoFilter: GROUP_BASE_FIELDS });
}

async function listAppGroupIds(): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const id of imClient().appGroupIds()) ids.add(id);
  return ids;
}

/**
 * Forgets what this process learnt about the app's ids, as a new provider process would (the
 * direct provider tests start a new "command" against each emulator).
 */
export function forgetAppGroupIds(): void {
  asked = 0;
  appIds = undefined;
}
