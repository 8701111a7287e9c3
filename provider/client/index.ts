/**
 * The Tencent Cloud IM REST client: signed, typed, rate-aware, retry-safe, batching.
 *
 * ```ts
 * const client = new ImClient(resolveSettings({ config, env: process.env }));
 * const group = await client.getGroup("my-group"); // null when it does not exist
 * ```
 */
export type { BatchSizes, ImCaller, RequestOptions } from "./caller";
export type { AccountCheckResult, AccountImportResult, MemberOutcome } from "./chunked-calls";
export { ImClient, type ImClientOptions, type ImLogger } from "./client";
export type { CreateGroupOutcome } from "./create";
export { DEFAULTS } from "./defaults";
export { hasImErrorCode, ImError, type ImErrorCode, type ImErrorDetails } from "./errors";
export {
  estimateMemberEntryBytes,
  type GroupMembersReadOptions,
  type GroupWithMembers,
  TYPICAL_ACCOUNT_BYTES,
} from "./group-members-read";
export {
  ACCOUNT_NOT_IMPORTED,
  GROUP_ID_TAKEN,
  GROUP_NOT_FOUND,
  isTransientImCode,
  RESPONSE_TOO_LARGE,
} from "./im-codes";
export type { AppGroupIdsOptions, GroupMemberPage, GroupMembersOptions } from "./paging";
export type { RetryPolicy } from "./retry";
export { ACCOUNT_SERVICE, GROUP_SERVICE } from "./services";
export {
  CONFIG_KEYS,
  type ConnectionSettings,
  DEFAULT_IDENTIFIER,
  DEFAULT_REGION,
  ENV_VARS,
  endpointBaseUrls,
  REGION_HOSTS,
  resolveSettings,
  type SettingsInput,
  type SettingsSources,
} from "./settings";
export type { ClientStats } from "./stats";
export type { Timeouts } from "./transport";
export type * from "./types";
