/**
 * Every documented limit and switch of the model, with its default in one literal (docs/api-reference.md §9).
 * Each is overridable through {@link ModelOptions}; the HTTP layer's own limits (rate, response size)
 * live in `http/settings.ts`.
 */

/** The five built-in group types of the source documents (docs/api-reference.md §6.1). Community is not emulated. */
export const GROUP_TYPES = ["Private", "Public", "ChatRoom", "AVChatRoom", "BChatRoom"] as const;

/** A REST group type name. */
export type GroupType = (typeof GROUP_TYPES)[number];

/** Documented limits; every number is configurable. Byte limits count UTF-8 bytes. */
export interface ModelLimits {
  /** create_group MemberList entries; over: 10005 (002, docs/api-reference.md §2.2 R1). */
  createGroupMembers: number;
  /** import_group_member MemberList entries; over: 10005 (001, R1). */
  importGroupMembers: number;
  /** add_group_member MemberList entries; over: 10005. 300 by project decision (docs/api-reference.md §2.2), 20/300/500 seen. */
  addGroupMembers: number;
  /** delete_group_member MemberToDel_Account entries; over: 10005 (docs/api-reference.md §7.4). */
  deleteGroupMembers: number;
  /** get_group_info GroupIdList entries; over: 10004 (003). */
  getGroupInfoGroups: number;
  /** get_role_in_group User_Account entries; over: 10005 (docs/api-reference.md §9). */
  getRoleInGroupAccounts: number;
  /** forbid_send_msg Members_Account entries; over: 10005 (docs/api-reference.md §7.12, §9). */
  forbidSendMsgAccounts: number;
  /** multiaccount_import and account_check entries; over: 70402 (docs/api-reference.md §8.2, §8.3). */
  accountBatch: number;
  /** get_group_member_info maximum Limit; above: 10004 (docs/api-reference.md §2.2; 6000 in older docs). */
  memberPageLimit: number;
  /** get_appid_group_list maximum and default Limit (docs/api-reference.md §7.8). */
  appidGroupListLimit: number;
  /** get_joined_group_list maximum Limit; above: 10004 (docs/api-reference.md §7.11, §9). */
  joinedGroupListLimit: number;
  /** Default and maximum MaxMemberCount per type; 0 means unlimited (002 item 8, docs/api-reference.md §6.1). */
  maxMemberCount: Record<GroupType, number>;
  /** import_group default MaxMemberCount, capped by the type maximum (000, docs/api-reference.md §2.2 R3). */
  importDefaultMaxMemberCount: number;
  /** Custom GroupId length in bytes (002 item 7). */
  customGroupIdBytes: number;
  /** Group Name in bytes (002 item 2). */
  nameBytes: number;
  /** Introduction in bytes (002 item 4). */
  introductionBytes: number;
  /** Notification in bytes (002 item 5). */
  notificationBytes: number;
  /** FaceUrl in bytes (002 item 6). */
  faceUrlBytes: number;
  /** Member NameCard in bytes (docs/api-reference.md §6.5). */
  nameCardBytes: number;
  /** Custom-data key in bytes, group and member (002 items 10, 13). */
  appDataKeyBytes: number;
  /** Group custom-data value in bytes (002 item 10). */
  appDataValueBytes: number;
  /** Member custom-data value in bytes (002 item 13). */
  appMemberDataValueBytes: number;
  /** UserID in bytes (docs/api-reference.md §6.5, §8.1). */
  userIdBytes: number;
  /** account_import Nick / FaceUrl in bytes; over: 40601 (docs/api-reference.md §8.1). */
  profileValueBytes: number;
  /** Accounts per app (70398, trial 100); 0 = unlimited (default). */
  maxAccounts: number;
  /** Groups created per UTC day through create_group (10006 quota, 002); 0 = off (default, docs/api-reference.md §9). */
  dailyCreateQuota: number;
}

/** The limits of docs/api-reference.md §9. */
export const DEFAULT_LIMITS: ModelLimits = {
  createGroupMembers: 500,
  importGroupMembers: 500,
  addGroupMembers: 300,
  deleteGroupMembers: 100,
  getGroupInfoGroups: 50,
  getRoleInGroupAccounts: 500,
  forbidSendMsgAccounts: 500,
  accountBatch: 100,
  memberPageLimit: 200,
  appidGroupListLimit: 10000,
  joinedGroupListLimit: 5000,
  maxMemberCount: { Private: 200, Public: 2000, ChatRoom: 10000, AVChatRoom: 0, BChatRoom: 0 },
  importDefaultMaxMemberCount: 2000,
  customGroupIdBytes: 49,
  nameBytes: 30,
  introductionBytes: 240,
  notificationBytes: 300,
  faceUrlBytes: 100,
  nameCardBytes: 50,
  appDataKeyBytes: 16,
  appDataValueBytes: 512,
  appMemberDataValueBytes: 64,
  userIdBytes: 32,
  profileValueBytes: 500,
  maxAccounts: 0,
  dailyCreateQuota: 0,
};

/** Custom-data keys enabled for the app (docs/api-reference.md §6.5). */
export interface CustomDataKeys {
  /**
   * Keys allowed in the named custom data; an undeclared key gives 10004. Absent (the default)
   * accepts any key so demos work without configuration: the real service needs keys enabled
   * in the console first, so turn this on to catch undeclared keys (UNCONFIRMED choice).
   */
  allowed?: string[];
  /** Keys nobody may write; writing one gives 10007 (002 10007 item 3). */
  readOnly?: string[];
}

/** Options of the model. Every field is optional; defaults per docs/api-reference.md §9. */
export interface ModelOptions {
  /** Overrides of {@link DEFAULT_LIMITS}; `maxMemberCount` may be given for some types only. */
  limits?: Partial<Omit<ModelLimits, "maxMemberCount">> & {
    maxMemberCount?: Partial<Record<GroupType, number>>;
  };
  /** App admin identifiers: they exist as accounts from the start (docs/api-reference.md §8). */
  adminIdentifiers?: string[];
  /** Treat never-imported accounts as imported, importing them on first use. Default false. */
  autoImportAccounts?: boolean;
  /** Group custom data (`AppDefinedData`) keys. Default: any key, none read-only. */
  appDefinedDataKeys?: CustomDataKeys;
  /** Member custom data (`AppMemberDefinedData`) keys. Default: any key, none read-only. */
  appMemberDefinedDataKeys?: CustomDataKeys;
  /**
   * Emit the legacy names (`ShutUpAllMember`, `ShutUpUntil`) next to the current ones (docs/api-reference.md §6.6).
   * Default true: source document 003 names the mute fields `ShutUp…`; false gives the newest-only form.
   */
  emitLegacyNames?: boolean;
  /** Let a destroyed custom GroupId be used again; default false, giving 10021 (docs/api-reference.md §2.2). */
  allowDestroyedIdReuse?: boolean;
}

/** {@link ModelOptions} with every default applied. */
export interface ModelSettings {
  /** Every limit, defaults applied. */
  readonly limits: ModelLimits;
  /** App admins (exist as accounts from the start). */
  readonly adminIdentifiers: readonly string[];
  /** See {@link ModelOptions.autoImportAccounts}. */
  readonly autoImportAccounts: boolean;
  /** Group custom-data key rules. */
  readonly appDefinedDataKeys: ResolvedKeys;
  /** Member custom-data key rules. */
  readonly appMemberDefinedDataKeys: ResolvedKeys;
  /** See {@link ModelOptions.emitLegacyNames}. */
  readonly emitLegacyNames: boolean;
  /** See {@link ModelOptions.allowDestroyedIdReuse}. */
  readonly allowDestroyedIdReuse: boolean;
}

/** Custom-data key rules as sets; `allowed` undefined means any key. */
export interface ResolvedKeys {
  /** Enabled keys; undefined: any key. */
  readonly allowed: ReadonlySet<string> | undefined;
  /** Keys nobody may write. */
  readonly readOnly: ReadonlySet<string>;
}

/** Applies the defaults to {@link ModelOptions}. */
export function resolveModelSettings(options: ModelOptions = {}): ModelSettings {
  const { maxMemberCount, ...limits } = options.limits ?? {};
  return {
    limits: {
      ...DEFAULT_LIMITS,
      ...limits,
      maxMemberCount: { ...DEFAULT_LIMITS.maxMemberCount, ...maxMemberCount },
    },
    adminIdentifiers: options.adminIdentifiers ?? ["administrator"],
    autoImportAccounts: options.autoImportAccounts ?? false,
    appDefinedDataKeys: resolveKeys(options.appDefinedDataKeys),
    appMemberDefinedDataKeys: resolveKeys(options.appMemberDefinedDataKeys),
    emitLegacyNames: options.emitLegacyNames ?? true,
    allowDestroyedIdReuse: options.allowDestroyedIdReuse ?? false,
  };
}

function resolveKeys(keys: CustomDataKeys | undefined): ResolvedKeys {
  return {
    allowed: keys?.allowed ? new Set(keys.allowed) : undefined,
    readOnly: new Set(keys?.readOnly ?? []),
  };
}
