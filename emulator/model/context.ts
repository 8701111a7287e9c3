/**
 * What every command works with, and the lookups they share: the group by ID (10015 / 10010) and
 * the account check (10019 / 10004, docs/api-reference.md §2.2 "Unimported accounts").
 */

import { ApiRefusal } from "../errors";
import { show } from "./checks";
import { type Clock, nowSeconds } from "./clock";
import { checkGroupIdSyntax } from "./group-id";
import type { ModelSettings } from "./settings";
import type { AccountRecord, GroupRecord, Op, State } from "./state";

/** The state, the settings and the clock, plus the one way to change the state. */
export interface ModelContext {
  /** The app's state; read it freely, change it only through {@link ModelContext.commit}. */
  readonly state: State;
  /** Limits and switches. */
  readonly settings: ModelSettings;
  /** "Now" for every rule. */
  readonly clock: Clock;
  /** Applies ops to the state and hands them to the store, as one atomic journal entry. */
  commit(ops: Op[]): void;
}

/** Current Unix time in seconds. */
export function now(ctx: ModelContext): number {
  return nowSeconds(ctx.clock);
}

/** True when the account was imported or is an App admin (admins exist from the start, docs/api-reference.md §8). */
export function isImported(ctx: ModelContext, userId: string): boolean {
  return ctx.state.accounts.has(userId) || ctx.settings.adminIdentifiers.includes(userId);
}

/**
 * Ensures every account exists. Missing ones throw `code` (10019 for member lists, 10004 for
 * Owner_Account per 002 item 1) naming the field and the account — unless autoImportAccounts is on,
 * in which case the returned ops import them (commit them with the command's other ops).
 */
export function requireImported(
  ctx: ModelContext,
  accounts: Iterable<readonly [field: string, userId: string]>,
  code: 10004 | 10019 = 10019,
): Op[] {
  const ops: Op[] = [];
  const added = new Set<string>();
  for (const [field, userId] of accounts) {
    if (isImported(ctx, userId) || added.has(userId)) continue;
    if (!ctx.settings.autoImportAccounts) {
      throw new ApiRefusal(code, `${field}: account ${show(userId)} is not imported`);
    }
    added.add(userId);
    const account: AccountRecord = { UserID: userId, Nick: "", FaceUrl: "", ImportTime: now(ctx) };
    ops.push({ op: "account", account });
  }
  return ops;
}

/** The live group with this ID: malformed 10015, unknown or destroyed 10010 (docs/api-reference.md §2.2). */
export function findGroup(ctx: ModelContext, groupId: string): GroupRecord {
  checkGroupIdSyntax(groupId, ctx.settings.limits.customGroupIdBytes);
  const group = ctx.state.groups.get(groupId);
  if (!group) {
    const why = ctx.state.destroyed.has(groupId) ? "was dismissed" : "does not exist";
    throw new ApiRefusal(10010, `GroupId: group ${show(groupId)} ${why}`);
  }
  return group;
}
