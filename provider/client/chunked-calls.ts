/**
 * Chunked calls: any number of members or accounts split into calls within the per-call limits
 * (docs/api-reference.md §9), with one result per input item, in input order. A chunk that fails as a whole
 * (e.g. 10019, an all-or-nothing code, docs/api-reference.md §10) marks only its own items as failed; the other
 * chunks' results are kept, so the caller can record partial progress and resume.
 */
import type { ImCaller } from "./caller";
import { ImError } from "./errors";
import { ACCOUNT_SERVICE, GROUP_SERVICE } from "./services";
import type {
  AccountCheckResponse,
  AccountItem,
  AddGroupMemberRequest,
  DeleteGroupMemberRequest,
  ImEnvelope,
  ImportGroupMemberItem,
  ImportGroupMemberRequest,
  MemberResultCode,
  MemberResultItem,
  MemberResultsResponse,
  MultiaccountImportResponse,
} from "./types";

/** One member's outcome of a chunked add, import or delete. */
export interface MemberOutcome {
  /** The member, as given. */
  Member_Account: string;
  /**
   * IM's Result: 1 done, 2 already a member, 3 waiting for the invitee (add), 0 failed. Deletes have
   * no per-member result on the wire (docs/api-reference.md §7.4), so a member of a successful delete chunk gets 1.
   */
  Result: MemberResultCode;
  /** True for Result 1 or 2: the account is a member (add/import) or gone (delete). */
  ok: boolean;
  /** Why the member's chunk failed, or why IM's answer had no result for it. */
  error?: ImError;
}

/** One account's multiaccount_import outcome. */
export interface AccountImportResult {
  /** The UserID, as given. */
  UserID: string;
  /** False when IM listed it in `FailAccounts` or its chunk failed. */
  ok: boolean;
  /** Why the account's chunk failed. */
  error?: ImError;
}

/** One account's account_check outcome. */
export interface AccountCheckResult {
  /** The UserID, as given. */
  UserID: string;
  /** True when IM checked it (ResultCode 0). */
  ok: boolean;
  /** `Imported` or `NotImported`, when checked. */
  AccountStatus?: "Imported" | "NotImported";
  /** IM's per-account code (0 = checked). */
  ResultCode?: number;
  /** IM's per-account text. */
  ResultInfo?: string;
  /** Why the account's chunk failed, or why IM's answer had no result for it. */
  error?: ImError;
}

/** `items` in chunks of `size`, `concurrency` chunks at a time; results stay in input order. */
async function inChunks<I, R>(
  items: readonly I[],
  size: number,
  concurrency: number,
  send: (chunk: readonly I[]) => Promise<R[]>,
  failed: (item: I, error: ImError) => R,
): Promise<R[]> {
  const chunks: I[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  const results: R[][] = new Array(chunks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      const index = next++;
      const chunk = chunks[index]!;
      try {
        results[index] = await send(chunk);
      } catch (error) {
        if (!(error instanceof ImError)) throw error;
        results[index] = chunk.map((item) => failed(item, error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
  return results.flat();
}

/**
 * Pairs each requested key with IM's entry for it. Keyed, not positional, because IM does not promise
 * order; a key requested twice takes its entries in turn (IM answers a duplicate with Result 2, §2.2).
 */
function matchByKey<T>(keys: readonly string[], entries: readonly T[], keyOf: (entry: T) => string) {
  const byKey = new Map<string, T[]>();
  for (const entry of entries) {
    const list = byKey.get(keyOf(entry));
    if (list === undefined) byKey.set(keyOf(entry), [entry]);
    else list.push(entry);
  }
  return keys.map((key) => byKey.get(key)?.shift());
}

function missing(command: string, what: string): ImError {
  return new ImError(
    "IM_INVALID_RESPONSE",
    `${command} answered without a result for ${JSON.stringify(what)}`,
    { command },
  );
}

function memberResults(command: string, accounts: readonly string[], entries: readonly MemberResultItem[]) {
  return matchByKey(accounts, entries, (entry) => entry.Member_Account).map(
    (entry, i): MemberOutcome =>
      entry === undefined
        ? { Member_Account: accounts[i]!, Result: 0, ok: false, error: missing(command, accounts[i]!) }
        : {
            Member_Account: accounts[i]!,
            Result: entry.Result,
            ok: entry.Result === 1 || entry.Result === 2,
          },
  );
}

function failedMember(account: string, error: ImError): MemberOutcome {
  return { Member_Account: account, Result: 0, ok: false, error };
}

/** add_group_member in chunks of `batchSizes.addGroupMember`. */
export function addGroupMembers(
  caller: ImCaller,
  groupId: string,
  accounts: readonly string[],
  options: { Silence?: 0 | 1 },
): Promise<MemberOutcome[]> {
  return inChunks(
    accounts,
    caller.batchSizes.addGroupMember,
    caller.batchConcurrency,
    async (chunk) => {
      const request: AddGroupMemberRequest = {
        GroupId: groupId,
        ...options,
        MemberList: chunk.map((account) => ({ Member_Account: account })),
      };
      const answer = await caller.request<MemberResultsResponse>(GROUP_SERVICE, "add_group_member", request);
      return memberResults("add_group_member", chunk, answer.MemberList);
    },
    failedMember,
  );
}

/** import_group_member in chunks of `batchSizes.importGroupMember`. */
export async function importGroupMembers(
  caller: ImCaller,
  groupId: string,
  members: ReadonlyArray<string | ImportGroupMemberItem>,
): Promise<MemberOutcome[]> {
  const items = members.map((m) => (typeof m === "string" ? { Member_Account: m } : m));
  return inChunks(
    items,
    caller.batchSizes.importGroupMember,
    caller.batchConcurrency,
    async (chunk) => {
      const request: ImportGroupMemberRequest = { GroupId: groupId, MemberList: [...chunk] };
      const answer = await caller.request<MemberResultsResponse>(
        GROUP_SERVICE,
        "import_group_member",
        request,
      );
      const accounts = chunk.map((m) => m.Member_Account);
      return memberResults("import_group_member", accounts, answer.MemberList);
    },
    (item, error) => failedMember(item.Member_Account, error),
  );
}

/** delete_group_member in chunks of `batchSizes.deleteGroupMember`. */
export function deleteGroupMembers(
  caller: ImCaller,
  groupId: string,
  accounts: readonly string[],
  options: { Silence?: 0 | 1; Reason?: string },
): Promise<MemberOutcome[]> {
  return inChunks(
    accounts,
    caller.batchSizes.deleteGroupMember,
    caller.batchConcurrency,
    async (chunk) => {
      const request: DeleteGroupMemberRequest = {
        GroupId: groupId,
        ...options,
        MemberToDel_Account: [...chunk],
      };
      await caller.request<ImEnvelope>(GROUP_SERVICE, "delete_group_member", request);
      return chunk.map((account): MemberOutcome => ({ Member_Account: account, Result: 1, ok: true }));
    },
    failedMember,
  );
}

/**
 * multiaccount_import in chunks of `batchSizes.accounts`. Plain UserIDs go in the old `Accounts` form,
 * which every version of the docs has; accounts with a profile need the new `AccountList` form (§8.2).
 */
export function multiaccountImport(
  caller: ImCaller,
  accounts: ReadonlyArray<string | AccountItem>,
): Promise<AccountImportResult[]> {
  const items = accounts.map((a) => (typeof a === "string" ? { UserID: a } : a));
  return inChunks(
    items,
    caller.batchSizes.accounts,
    caller.batchConcurrency,
    async (chunk) => {
      const plain = chunk.every((a) => a.Nick === undefined && a.FaceUrl === undefined);
      const body = plain ? { Accounts: chunk.map((a) => a.UserID) } : { AccountList: [...chunk] };
      const answer = await caller.request<MultiaccountImportResponse>(
        ACCOUNT_SERVICE,
        "multiaccount_import",
        body,
      );
      const failedIds = new Set(answer.FailAccounts ?? []);
      return chunk.map((a): AccountImportResult => ({ UserID: a.UserID, ok: !failedIds.has(a.UserID) }));
    },
    (item, error) => ({ UserID: item.UserID, ok: false, error }),
  );
}

/** account_check in chunks of `batchSizes.accounts`. */
export function accountCheck(caller: ImCaller, userIds: readonly string[]): Promise<AccountCheckResult[]> {
  return inChunks(
    userIds,
    caller.batchSizes.accounts,
    caller.batchConcurrency,
    async (chunk) => {
      const answer = await caller.request<AccountCheckResponse>(ACCOUNT_SERVICE, "account_check", {
        CheckItem: chunk.map((UserID) => ({ UserID })),
      });
      return matchByKey(chunk, answer.ResultItem, (item) => item.UserID).map(
        (item, i): AccountCheckResult =>
          item === undefined
            ? { UserID: chunk[i]!, ok: false, error: missing("account_check", chunk[i]!) }
            : {
                UserID: chunk[i]!,
                ok: item.ResultCode === 0,
                AccountStatus: item.AccountStatus,
                ResultCode: item.ResultCode,
                ResultInfo: item.ResultInfo,
              },
      );
    },
    (UserID, error) => ({ UserID, ok: false, error }),
  );
}
