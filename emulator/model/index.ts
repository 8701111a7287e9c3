/**
 * The model: every documented rule of the emulated services, and nothing of HTTP (ARCHITECTURE.md).
 * {@link ImModel} owns the state, applies ops and hands each committed batch to a journal callback
 * (the store); {@link COMMANDS} maps `service/command` to the rule that implements it.
 */

import { accountCheck, accountImport, multiaccountImport } from "./accounts";
import type { Clock } from "./clock";
import type { ModelContext } from "./context";
import { createGroup, importGroup } from "./group-create";
import {
  addGroupMember,
  changeGroupOwner,
  deleteGroupMember,
  importGroupMember,
  modifyGroupMemberInfo,
} from "./group-members";
import { forbidSendMsg, getGroupMutedAccount, getGroupShuttedUin } from "./group-mutes";
import { destroyGroup, modifyGroupBaseInfo, setMessageCount } from "./group-profile";
import {
  getAppidGroupList,
  getGroupInfo,
  getGroupMemberInfo,
  getJoinedGroupList,
  getRoleInGroup,
} from "./group-read";
import type { SetMessageCountRequest } from "./requests";
import { type ModelOptions, type ModelSettings, resolveModelSettings } from "./settings";
import { emptySnapshot, type Op, State, type StateSnapshot } from "./state";

/**
 * A command: takes a request body whose JSON types were already checked (http/schemas.ts) and
 * returns the response fields beyond the envelope, or throws an ApiRefusal.
 */
// biome-ignore lint/suspicious/noExplicitAny: each command declares its own request type; the table erases it.
export type Command = (ctx: ModelContext, request: any) => object;

/** Every emulated command, by service then command name (docs/api-reference.md §1, §7, §8). */
export const COMMANDS: Readonly<Record<string, Readonly<Record<string, Command>>>> = {
  group_open_http_svc: {
    create_group: createGroup,
    import_group: importGroup,
    import_group_member: importGroupMember,
    get_group_info: getGroupInfo,
    modify_group_base_info: modifyGroupBaseInfo,
    destroy_group: destroyGroup,
    add_group_member: addGroupMember,
    delete_group_member: deleteGroupMember,
    get_group_member_info: getGroupMemberInfo,
    modify_group_member_info: modifyGroupMemberInfo,
    change_group_owner: changeGroupOwner,
    get_appid_group_list: getAppidGroupList,
    get_role_in_group: getRoleInGroup,
    get_joined_group_list: getJoinedGroupList,
    forbid_send_msg: forbidSendMsg,
    get_group_muted_account: getGroupMutedAccount,
    get_group_shutted_uin: getGroupShuttedUin,
  },
  im_open_login_svc: {
    account_import: accountImport,
    multiaccount_import: multiaccountImport,
    account_check: accountCheck,
  },
};

/**
 * The commands that only read (`service/command`): they never commit, whatever they are asked. The
 * web console's "hide reads" switch uses it, so a drift check's get_group_info and member pages do
 * not bury the writes (docs/api-reference.md §7.5, §7.8, §7.10, §7.11, §7.12, §8).
 */
export const READ_COMMANDS: ReadonlySet<string> = new Set([
  "group_open_http_svc/get_group_info",
  "group_open_http_svc/get_group_member_info",
  "group_open_http_svc/get_appid_group_list",
  "group_open_http_svc/get_role_in_group",
  "group_open_http_svc/get_joined_group_list",
  "group_open_http_svc/get_group_muted_account",
  "group_open_http_svc/get_group_shutted_uin",
  "im_open_login_svc/account_check",
]);

/** Receives each committed batch of ops, in commit order (the store's journal). */
export type Journal = (ops: readonly Op[]) => void;

/** One app's state and rules. */
export class ImModel implements ModelContext {
  /** The app's state. */
  readonly state = new State();
  /** Limits and switches, defaults applied. */
  readonly settings: ModelSettings;
  /** "Now" for every rule. */
  readonly clock: Clock;
  private readonly journal: Journal;
  private commitCount = 0;

  constructor(options: ModelOptions, clock: Clock, journal: Journal) {
    this.settings = resolveModelSettings(options);
    this.clock = clock;
    this.journal = journal;
  }

  /** Number of batches committed so far; lets the caller tell whether a command changed anything. */
  get commits(): number {
    return this.commitCount;
  }

  /**
   * Journals the batch (write-ahead), then applies it. Empty batches are ignored. A batch the journal
   * refuses (it throws) is not applied, so nothing the store did not record ever takes effect.
   */
  commit(ops: Op[]): void {
    if (ops.length === 0) return;
    this.journal(ops);
    for (const op of ops) this.state.apply(op);
    this.commitCount++;
  }

  /** Runs a command; throws ApiRefusal on a rule violation. */
  execute(command: Command, request: unknown): object {
    return command(this, request);
  }

  /** Forgets everything (control plane `reset`). */
  reset(): void {
    this.commit([{ op: "replace", state: emptySnapshot() }]);
  }

  /** Replaces the state with a snapshot (control plane `seed`). */
  seed(snapshot: StateSnapshot): void {
    this.commit([{ op: "replace", state: snapshot }]);
  }

  /** Sets a group's message count (control plane `groups/message-count`). */
  setMessageCount(request: SetMessageCountRequest): { NextMsgSeq: number } {
    return setMessageCount(this, request);
  }
}
