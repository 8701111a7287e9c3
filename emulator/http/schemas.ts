/**
 * JSON Schemas of every request body (pipeline step 9, docs/api-reference.md §3.5), of the control plane's bodies
 * and of the records the file store keeps (snapshot, journaled ops). Request bodies: JSON types and required fields
 * only. Value rules (lengths, enums, limits) are the model's, so that each failure gets the code and
 * detail its document names. Unknown fields are ignored (docs/api-reference.md §3.3). Compiled once, at start.
 */

import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { ApiRefusal, type ErrorCode } from "../errors";
import { show } from "../model/checks";
import { GROUP_TYPES } from "../model/settings";

const str = { type: "string" } as const;
const int = { type: "integer" } as const;
const strings = { type: "array", items: str } as const;

function object(properties: Record<string, object>, required: string[] = []): object {
  return { type: "object", properties, required };
}

const keyValues = { type: "array", items: object({ Key: str, Value: str }, ["Key", "Value"]) };

const profile = {
  Owner_Account: str,
  Type: str,
  GroupId: str,
  Name: str,
  Introduction: str,
  Notification: str,
  FaceUrl: str,
  MaxMemberCount: int,
  ApplyJoinOption: str,
  AppDefinedData: keyValues,
};

/** Request schemas by service, then command (the model's COMMANDS table has the same keys). */
export const REQUEST_SCHEMAS: Record<string, Record<string, object>> = {
  group_open_http_svc: {
    create_group: object(
      {
        ...profile,
        InviteJoinOption: str,
        MemberList: {
          type: "array",
          items: object({ Member_Account: str, Role: str, AppMemberDefinedData: keyValues }, [
            "Member_Account",
          ]),
        },
      },
      ["Type", "Name"],
    ),
    import_group: object({ ...profile, CreateTime: int }, ["Type", "Name"]),
    import_group_member: object(
      {
        GroupId: str,
        MemberList: {
          type: "array",
          items: object({ Member_Account: str, Role: str, JoinTime: int, UnreadMsgNum: int }, [
            "Member_Account",
          ]),
        },
      },
      ["GroupId", "MemberList"],
    ),
    get_group_info: object(
      {
        GroupIdList: strings,
        ResponseFilter: object({
          GroupBaseInfoFilter: strings,
          MemberInfoFilter: strings,
          AppDefinedDataFilter_Group: strings,
          AppDefinedDataFilter_GroupMember: strings,
        }),
      },
      ["GroupIdList"],
    ),
    modify_group_base_info: object(
      {
        GroupId: str,
        Name: str,
        Introduction: str,
        Notification: str,
        FaceUrl: str,
        MaxMemberNum: int,
        ApplyJoinOption: str,
        InviteJoinOption: str,
        MuteAllMember: str,
        ShutUpAllMember: str,
        AppDefinedData: keyValues,
        From_Account: str,
      },
      ["GroupId"],
    ),
    destroy_group: object({ GroupId: str }, ["GroupId"]),
    add_group_member: object(
      {
        GroupId: str,
        Silence: int,
        MemberList: { type: "array", items: object({ Member_Account: str }, ["Member_Account"]) },
      },
      ["GroupId", "MemberList"],
    ),
    delete_group_member: object({ GroupId: str, Silence: int, Reason: str, MemberToDel_Account: strings }, [
      "GroupId",
      "MemberToDel_Account",
    ]),
    get_group_member_info: object(
      {
        GroupId: str,
        MemberInfoFilter: strings,
        MemberRoleFilter: strings,
        AppDefinedDataFilter_GroupMember: strings,
        Limit: int,
        Offset: int,
      },
      ["GroupId"],
    ),
    modify_group_member_info: object(
      {
        GroupId: str,
        Member_Account: str,
        Role: str,
        MsgFlag: str,
        NameCard: str,
        AppMemberDefinedData: keyValues,
        MuteTime: int,
        ShutUpTime: int,
      },
      ["GroupId", "Member_Account"],
    ),
    change_group_owner: object({ GroupId: str, NewOwner_Account: str, From_Account: str }, [
      "GroupId",
      "NewOwner_Account",
    ]),
    get_appid_group_list: object({ Limit: int, Next: int, GroupType: str }),
    get_role_in_group: object({ GroupId: str, User_Account: strings }, ["GroupId", "User_Account"]),
    get_joined_group_list: object(
      {
        Member_Account: str,
        WithHugeGroups: int,
        WithNoActiveGroups: int,
        Limit: int,
        Offset: int,
        GroupType: str,
        ResponseFilter: object({ GroupBaseInfoFilter: strings, SelfInfoFilter: strings }),
      },
      ["Member_Account"],
    ),
    forbid_send_msg: object({ GroupId: str, Members_Account: strings, MuteTime: int, ShutUpTime: int }, [
      "GroupId",
      "Members_Account",
    ]),
    get_group_muted_account: object({ GroupId: str }, ["GroupId"]),
    get_group_shutted_uin: object({ GroupId: str }, ["GroupId"]),
  },
  im_open_login_svc: {
    account_import: object({ UserID: str, Identifier: str, Nick: str, FaceUrl: str }),
    multiaccount_import: object({
      Accounts: strings,
      AccountList: { type: "array", items: object({ UserID: str, Nick: str, FaceUrl: str }, ["UserID"]) },
    }),
    account_check: object({ CheckItem: { type: "array", items: object({ UserID: str }, ["UserID"]) } }, [
      "CheckItem",
    ]),
  },
};

/** Control plane `faults` body (FaultOptions); unknown fields are refused so a typo cannot pass silently. */
export const FAULTS_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    latencyMs: { type: "number" },
    latencyAfterCommitMs: { type: "number" },
    systemErrorRate: { type: "number" },
    badGatewayRate: { type: "number" },
    dropConnectionRate: { type: "number" },
    dropAfterCommitRate: { type: "number" },
    commands: strings,
  },
};

/** Control plane `groups/message-count` body. */
export const MESSAGE_COUNT_SCHEMA = object({ GroupId: str, MsgCount: int, LastMsgTime: int }, [
  "GroupId",
  "MsgCount",
]);

const member = object(
  {
    Member_Account: str,
    Role: { enum: ["Owner", "Admin", "Member"] },
    JoinTime: int,
    MsgSeq: int,
    MsgFlag: str,
    LastSendMsgTime: int,
    MuteUntil: int,
    NameCard: str,
    AppMemberDefinedData: keyValues,
  },
  [
    "Member_Account",
    "Role",
    "JoinTime",
    "MsgSeq",
    "MsgFlag",
    "LastSendMsgTime",
    "MuteUntil",
    "NameCard",
    "AppMemberDefinedData",
  ],
);

const account = object({ UserID: str, Nick: str, FaceUrl: str, ImportTime: int }, [
  "UserID",
  "Nick",
  "FaceUrl",
  "ImportTime",
]);

const groupBaseProperties = {
  GroupId: str,
  Seq: int,
  Type: { enum: [...GROUP_TYPES] },
  Name: str,
  Introduction: str,
  Notification: str,
  FaceUrl: str,
  Owner_Account: str,
  CreateTime: int,
  InfoSeq: int,
  LastInfoTime: int,
  LastMsgTime: int,
  NextMsgSeq: int,
  MaxMemberNum: int,
  ApplyJoinOption: str,
  InviteJoinOption: str,
  MuteAllMember: { enum: ["On", "Off"] },
  AppDefinedData: keyValues,
  NonMemberMutes: {
    type: "array",
    items: object({ Member_Account: str, MuteUntil: int }, ["Member_Account", "MuteUntil"]),
  },
};

const groupBaseRequired = [
  "GroupId",
  "Seq",
  "Type",
  "Name",
  "Introduction",
  "Notification",
  "FaceUrl",
  "Owner_Account",
  "CreateTime",
  "InfoSeq",
  "LastInfoTime",
  "LastMsgTime",
  "NextMsgSeq",
  "MaxMemberNum",
  "ApplyJoinOption",
  "MuteAllMember",
  "AppDefinedData",
];

const counters = object({ nextGroupSeq: int, quotaDay: int, quotaCount: int }, [
  "nextGroupSeq",
  "quotaDay",
  "quotaCount",
]);

/** A state snapshot (control plane `seed`, the file store's snapshot): what `GET /__emulator/state` returns. */
export const SNAPSHOT_SCHEMA = object(
  {
    accounts: { type: "array", items: account },
    groups: {
      type: "array",
      items: object({ ...groupBaseProperties, MemberList: { type: "array", items: member } }, [
        ...groupBaseRequired,
        "MemberList",
      ]),
    },
    destroyedGroupIds: strings,
    counters,
  },
  ["accounts", "groups", "destroyedGroupIds", "counters"],
);

/**
 * The shape of each kind of op (model/state.ts `Op`) as the file store's journal holds it, by the
 * value of its `op` field: a replayed record is checked against it before it is applied.
 */
export const OP_SCHEMAS: Readonly<Record<string, object>> = {
  account: object({ account }, ["account"]),
  group: object({ group: object(groupBaseProperties, groupBaseRequired) }, ["group"]),
  members: object({ groupId: str, members: { type: "array", items: member } }, ["groupId", "members"]),
  removeMembers: object({ groupId: str, accounts: strings }, ["groupId", "accounts"]),
  destroy: object({ groupId: str }, ["groupId"]),
  counters: object({ counters }, ["counters"]),
  replace: object({ state: SNAPSHOT_SCHEMA }, ["state"]),
};

/** Fields that hold a UserID: a wrong JSON type there is 60015, not the parameter error (docs/api-reference.md §3.5 step 9). */
const ACCOUNT_FIELDS = new Set([
  "Owner_Account",
  "Member_Account",
  "NewOwner_Account",
  "From_Account",
  "UserID",
  "Identifier",
]);
/** Arrays whose items are UserIDs. */
const ACCOUNT_LISTS = new Set(["MemberToDel_Account", "User_Account", "Accounts", "Members_Account"]);

const ajv = new Ajv({ allErrors: false, verbose: true });

/** Compiles a schema once; the returned check throws an ApiRefusal for the first violation. */
export function compileCheck(schema: object, parameterCode: ErrorCode): (body: unknown) => void {
  const validate: ValidateFunction = ajv.compile(schema);
  return (body) => {
    if (validate(body)) return;
    const error = validate.errors![0];
    throw schemaError(error, parameterCode);
  };
}

/** Turns an ajv error into 60015 (account field of the wrong type) or the service's parameter error. */
function schemaError(error: ErrorObject, parameterCode: ErrorCode): ApiRefusal {
  const segments = error.instancePath.split("/").slice(1);
  const field = fieldPath(segments);
  if (error.keyword === "required") {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return new ApiRefusal(parameterCode, `${field ? `${field}.` : ""}${missing}: required field is missing`);
  }
  if (error.keyword === "additionalProperties") {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return new ApiRefusal(parameterCode, `${field ? `${field}.` : ""}${extra}: unknown field`);
  }
  const last = segments[segments.length - 1] ?? "";
  const isIndex = /^\d+$/.test(last);
  const accountValue = isIndex
    ? ACCOUNT_LISTS.has(segments[segments.length - 2] ?? "")
    : ACCOUNT_FIELDS.has(last);
  const expected =
    error.keyword === "type" ? `expected ${(error.params as { type: string }).type}` : error.message;
  const detail = `${field || "body"}: ${expected}, got ${show(error.data)}`;
  return new ApiRefusal(error.keyword === "type" && accountValue ? 60015 : parameterCode, detail);
}

/** `["MemberList", "0", "Role"]` → `MemberList[0].Role`. */
function fieldPath(segments: string[]): string {
  return segments.reduce(
    (out, segment) => (/^\d+$/.test(segment) ? `${out}[${segment}]` : out ? `${out}.${segment}` : segment),
    "",
  );
}
