/**
 * im_open_login_svc: account_import, multiaccount_import, account_check (docs/api-reference.md §8). Group APIs need
 * their accounts imported first (docs/api-reference.md §2.2); App admins exist from the start. Parameter errors of
 * this service are 70402 rather than the group service's 10004.
 */

import { ApiRefusal } from "../errors";
import { checkMaxBytes, utf8Bytes } from "./checks";
import { isImported, type ModelContext, now } from "./context";
import type { AccountCheckRequest, AccountImportRequest, MultiaccountImportRequest } from "./requests";
import type { AccountRecord, Op } from "./state";

/** account_import: importing an existing account again succeeds and updates the given profile fields. */
export function accountImport(ctx: ModelContext, req: AccountImportRequest): Record<string, never> {
  // Older docs name the field Identifier (docs/api-reference.md §8.1); both are accepted.
  const field = req.UserID !== undefined ? "UserID" : "Identifier";
  const userId = req.UserID ?? req.Identifier;
  if (userId === undefined) throw new ApiRefusal(70402, "UserID: required field is missing");
  checkUserId(ctx, field, userId);
  const { profileValueBytes } = ctx.settings.limits;
  if (req.Nick !== undefined) checkMaxBytes("Nick", req.Nick, profileValueBytes, 40601);
  if (req.FaceUrl !== undefined) checkMaxBytes("FaceUrl", req.FaceUrl, profileValueBytes, 40601);
  if (!ctx.state.accounts.has(userId)) checkRoom(ctx, 1);
  ctx.commit([importOp(ctx, userId, req.Nick, req.FaceUrl)]);
  return {};
}

/** Response of multiaccount_import beyond the envelope. */
export interface MultiaccountImportResult {
  /** Accounts that could not be imported. */
  FailAccounts: string[];
}

/**
 * multiaccount_import: up to 100 accounts, old form `Accounts: [id]` or new form
 * `AccountList: [{UserID, Nick?, FaceUrl?}]`. Sending both or neither is 70402 (UNCONFIRMED). An
 * invalid ID, or one past the account cap, is listed in FailAccounts; the others are imported.
 */
export function multiaccountImport(
  ctx: ModelContext,
  req: MultiaccountImportRequest,
): MultiaccountImportResult {
  if ((req.Accounts === undefined) === (req.AccountList === undefined)) {
    throw new ApiRefusal(70402, "Accounts / AccountList: exactly one of the two must be given");
  }
  const field = req.Accounts !== undefined ? "Accounts" : "AccountList";
  const entries: AccountRequestEntry[] =
    req.AccountList ?? (req.Accounts ?? []).map((UserID) => ({ UserID }));
  checkBatch(ctx, field, entries.length);
  const { limits } = ctx.settings;
  const fail: string[] = [];
  const ops: Op[] = [];
  let room = limits.maxAccounts > 0 ? limits.maxAccounts - ctx.state.accounts.size : Number.POSITIVE_INFINITY;
  const pending = new Set<string>();
  for (const entry of entries) {
    const userId = entry.UserID;
    const valid =
      userId.length > 0 &&
      utf8Bytes(userId) <= limits.userIdBytes &&
      utf8Bytes(entry.Nick ?? "") <= limits.profileValueBytes &&
      utf8Bytes(entry.FaceUrl ?? "") <= limits.profileValueBytes;
    const isNew = !ctx.state.accounts.has(userId) && !pending.has(userId);
    if (!valid || (isNew && room <= 0)) {
      fail.push(userId);
      continue;
    }
    if (isNew) room--;
    pending.add(userId);
    ops.push(importOp(ctx, userId, entry.Nick, entry.FaceUrl));
  }
  ctx.commit(ops);
  return { FailAccounts: fail };
}

/** Response of account_check beyond the envelope. */
export interface AccountCheckResult {
  /** One item per checked account, in request order. */
  ResultItem: {
    UserID: string;
    ResultCode: number;
    ResultInfo: string;
    AccountStatus: "Imported" | "NotImported";
  }[];
}

/** account_check: whether each account is imported. An invalid UserID gets ResultCode 70402. */
export function accountCheck(ctx: ModelContext, req: AccountCheckRequest): AccountCheckResult {
  checkBatch(ctx, "CheckItem", req.CheckItem.length);
  const { userIdBytes } = ctx.settings.limits;
  return {
    ResultItem: req.CheckItem.map(({ UserID }) => {
      const bytes = utf8Bytes(UserID);
      const valid = bytes > 0 && bytes <= userIdBytes;
      return {
        UserID,
        ResultCode: valid ? 0 : 70402,
        ResultInfo: valid
          ? ""
          : new ApiRefusal(70402, `UserID: ${bytes} bytes is outside 1..${userIdBytes}`).info,
        AccountStatus: valid && isImported(ctx, UserID) ? "Imported" : "NotImported",
      };
    }),
  };
}

type AccountRequestEntry = { UserID: string; Nick?: string; FaceUrl?: string };

function checkUserId(ctx: ModelContext, field: string, userId: string): void {
  if (userId.length === 0) throw new ApiRefusal(70402, `${field}: must not be empty`);
  checkMaxBytes(field, userId, ctx.settings.limits.userIdBytes, 70402);
}

function checkBatch(ctx: ModelContext, field: string, count: number): void {
  if (count === 0) throw new ApiRefusal(70402, `${field}: must not be empty`);
  const limit = ctx.settings.limits.accountBatch;
  if (count > limit) throw new ApiRefusal(70402, `${field}: ${count} entries exceeds the limit of ${limit}`);
}

/** 70398 when the app's account cap (off by default) leaves no room for `adding` more. */
function checkRoom(ctx: ModelContext, adding: number): void {
  const max = ctx.settings.limits.maxAccounts;
  if (max > 0 && ctx.state.accounts.size + adding > max) {
    throw new ApiRefusal(70398, `UserID: the app already holds its limit of ${max} accounts`);
  }
}

function importOp(
  ctx: ModelContext,
  userId: string,
  nick: string | undefined,
  faceUrl: string | undefined,
): Op {
  const existing = ctx.state.accounts.get(userId);
  const account: AccountRecord = {
    UserID: userId,
    Nick: nick ?? existing?.Nick ?? "",
    FaceUrl: faceUrl ?? existing?.FaceUrl ?? "",
    ImportTime: existing?.ImportTime ?? now(ctx),
  };
  return { op: "account", account };
}
