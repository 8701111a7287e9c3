/**
 * Whether a custom GroupId is already taken, asked by `ImGroup.check` so `pulumi preview` stops a
 * create that would meet "GroupId already used" (10021) at `up`.
 *
 * The engine checks resources one at a time, so get_group_info reads cannot be batched across
 * checks: a read per new group would cost a call each. So the first question reads the first page
 * of the app's id list (get_appid_group_list, 10,000 ids a call, docs/api-reference.md §7.8), kept
 * for the provider process's command:
 * - an app of up to 10,000 groups is then known whole, and that one call answers every question;
 * - in a bigger app, each new id not on that page is read on its own (get_group_info), until as
 *   many have been read as pages remain, and then the rest of the list is read once (the list is
 *   1 call a second, so it is worth reading only for many ids): at most about twice the calls of
 *   the cheaper of the two ways, whatever the number of new ids.
 * A taken id is read with get_group_info for the failure to describe the group. A group made after
 * the list was read is still caught by the create itself. Part of the {@link ProviderSession}
 * (session.ts): read at the first new custom id of a command, kept until the process ends.
 */
import type { ImClient } from "../../client/client";
import type { GroupInfo } from "../../client/types";
import { GROUP_BASE_FIELDS } from "../group/im-group-fields";

/** What this process knows of the app's ids. */
interface AppIds {
  /** Ids seen on the pages read so far. */
  ids: Set<string>;
  /** The cursor of the next page, exact (a decimal string beyond 2^53); 0 once the list is whole. */
  next: number | string;
  /** Pages still unread (from TotalCount), when the list is not whole. */
  pagesLeft: number;
  /** Ids read one at a time because the list was not whole. */
  probes: number;
}

/** Ids per get_appid_group_list page: the most one call returns (docs/api-reference.md §7.8). */
const PAGE_SIZE = 10_000;

/** What this process knows of the app's group ids, read on first use. */
export class AppGroupIds {
  #known: Promise<AppIds | undefined> | undefined;

  /** @param client The session's shared client (asked on use: configure may come later). */
  constructor(private readonly client: () => ImClient) {}

  /** The existing group with this id (its base fields), or null when the id is free. */
  async existingGroup(groupId: string): Promise<GroupInfo | null> {
    // A list that cannot be read is no answer: then every id is read on its own.
    this.#known ??= this.#firstPage().catch(() => undefined);
    const app = await this.#known;
    if (app !== undefined && !app.ids.has(groupId)) {
      if (isLastPage(app.next)) return null;
      if (app.probes >= app.pagesLeft) {
        this.#known = this.#readRest(app).catch(() => undefined);
        return this.existingGroup(groupId);
      }
      app.probes += 1;
    }
    // Asked in `check`, one resource at a time: nothing can join this read, so it goes at once.
    return this.client().getGroup(groupId, { GroupBaseInfoFilter: GROUP_BASE_FIELDS }, { now: true });
  }

  async #firstPage(): Promise<AppIds> {
    const page = await this.client().getAppidGroupList({ Limit: PAGE_SIZE, Next: 0 });
    const ids = new Set(page.GroupIdList.map(({ GroupId }) => GroupId));
    const pagesLeft = isLastPage(page.Next)
      ? 0
      : Math.ceil(Math.max(page.TotalCount - ids.size, 1) / PAGE_SIZE);
    return { ids, next: page.Next, pagesLeft, probes: 0 };
  }

  async #readRest(app: AppIds): Promise<AppIds> {
    for (let next = app.next; !isLastPage(next); ) {
      const page = await this.client().getAppidGroupList({ Limit: PAGE_SIZE, Next: next });
      for (const { GroupId } of page.GroupIdList) app.ids.add(GroupId);
      next = page.Next;
    }
    return { ...app, next: 0, pagesLeft: 0 };
  }
}

/** `Next` 0 ends the listing (docs/api-reference.md §7.8), as a number or as the exact decimal string. */
function isLastPage(next: number | string): boolean {
  return next === 0 || next === "0";
}
