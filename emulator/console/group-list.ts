/**
 * The console's group list: search by ID and name, filter by type and owner, sort by creation time,
 * name or member count, and one page of the result — all in the server, so an app of 10,000 groups
 * never ships whole to the browser (one page is at most 1,000 rows). Reads the model's state and
 * changes nothing. Each request walks the live groups once and sorts the matches; no index is kept
 * between requests, so nothing can go stale after a write (figures: DECISIONS.md 2026-12-06).
 */

import type { ImModel } from "../model/index";
import type { GroupType } from "../model/settings";
import type { GroupRecord } from "../model/state";

/** What the list can be sorted by. */
export const GROUP_SORTS = ["created", "name", "members"] as const;

/** `created`: CreateTime (the original one for imported groups); `name`; `members`: member count. */
export type GroupSort = (typeof GROUP_SORTS)[number];

/** Which groups to list and in what order. */
export interface GroupQuery {
  /** Case-insensitive part of the group ID or name; absent or `""` matches every group. */
  search?: string;
  /** Only groups of this type. */
  type?: GroupType;
  /** Only groups this account owns. */
  owner?: string;
  /** The sort key; ties keep creation order. */
  sort: GroupSort;
  /** Largest first. */
  descending: boolean;
  /** Index of the first matching group returned. */
  offset: number;
  /** Most groups returned. */
  limit: number;
}

/** One row of the group list. */
export interface GroupSummary {
  /** The group's ID. */
  GroupId: string;
  /** Private, Public, ChatRoom, AVChatRoom or BChatRoom. */
  Type: string;
  /** The group's name. */
  Name: string;
  /** How many members it has (the owner included). */
  MemberNum: number;
  /** The owner, `""` for an ownerless group. */
  Owner_Account: string;
  /** Creation time, Unix seconds (the original one for imported groups). */
  CreateTime: number;
}

/** A page of the group list. */
export interface GroupPage {
  /** Live groups in the app. */
  total: number;
  /** Groups matching the search and filters. */
  matched: number;
  /** Index of the first group on this page among the matches. */
  offset: number;
  /** The page, in the order asked for. */
  groups: GroupSummary[];
}

/** Orders two groups by one key, ascending; ties are left to creation order (Seq). */
type Compare = (a: GroupRecord, b: GroupRecord) => number;

/** Plain code-unit order for names: the same on every machine and locale (Intl collation is not). */
const BY_KEY: Readonly<Record<GroupSort, Compare>> = {
  created: (a, b) => a.base.CreateTime - b.base.CreateTime,
  name: (a, b) => (a.base.Name < b.base.Name ? -1 : a.base.Name > b.base.Name ? 1 : 0),
  members: (a, b) => a.members.size - b.members.size,
};

/** The page of groups `query` asks for. */
export function listGroups(model: ImModel, query: GroupQuery): GroupPage {
  const { groups } = model.state;
  const matches = matching(groups.values(), query);
  const byKey = BY_KEY[query.sort];
  const sign = query.descending ? -1 : 1;
  matches.sort((a, b) => sign * byKey(a, b) || a.base.Seq - b.base.Seq);
  return {
    total: groups.size,
    matched: matches.length,
    offset: query.offset,
    groups: matches.slice(query.offset, query.offset + query.limit).map(summary),
  };
}

/** The groups passing the search and the filters, in creation order. */
function matching(groups: Iterable<GroupRecord>, query: GroupQuery): GroupRecord[] {
  const needle = query.search ? query.search.toLowerCase() : undefined;
  const { type, owner } = query;
  const found: GroupRecord[] = [];
  for (const group of groups) {
    const { base } = group;
    if (type !== undefined && base.Type !== type) continue;
    if (owner !== undefined && base.Owner_Account !== owner) continue;
    if (
      needle !== undefined &&
      !base.GroupId.toLowerCase().includes(needle) &&
      !base.Name.toLowerCase().includes(needle)
    ) {
      continue;
    }
    found.push(group);
  }
  return found;
}

function summary({ base, members }: GroupRecord): GroupSummary {
  return {
    GroupId: base.GroupId,
    Type: base.Type,
    Name: base.Name,
    MemberNum: members.size,
    Owner_Account: base.Owner_Account,
    CreateTime: base.CreateTime,
  };
}
