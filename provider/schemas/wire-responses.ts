/**
 * JSON Schemas of the IM responses the client reads (docs/api-reference.md §1, §3.4, §6–§8), keyed by command.
 * They check what the client relies on — field presence and types, enums — and allow extra fields
 * (docs/api-reference.md §3.4: tolerate `RequestId`, `ErrorDisplay`, newer fields), so a drifting server is noticed
 * without breaking on additions.
 */

const integer = { type: "integer" } as const;
const string = { type: "string" } as const;
const strings = { type: "array", items: string } as const;

const keyValues = {
  type: "array",
  items: { type: "object", required: ["Key", "Value"], properties: { Key: string, Value: string } },
} as const;

/** A member as get_group_info and get_group_member_info return it (docs/api-reference.md §6.8); both mute spellings (§6.6). */
const member = {
  type: "object",
  required: ["Member_Account"],
  properties: {
    Member_Account: string,
    Role: { enum: ["Owner", "Admin", "Member"] },
    JoinTime: integer,
    MsgSeq: integer,
    MsgFlag: string,
    LastSendMsgTime: integer,
    MuteUntil: integer,
    ShutUpUntil: integer,
    NameCard: string,
    AppMemberDefinedData: keyValues,
  },
} as const;

/** One entry of get_group_info's GroupInfo (docs/api-reference.md §1.4, §6.7); everything but the status is filterable. */
const groupInfo = {
  type: "object",
  required: ["GroupId", "ErrorCode"],
  properties: {
    GroupId: string,
    ErrorCode: integer,
    ErrorInfo: string,
    Type: string,
    Name: string,
    Introduction: string,
    Notification: string,
    FaceUrl: string,
    Owner_Account: string,
    CreateTime: integer,
    InfoSeq: integer,
    LastInfoTime: integer,
    LastMsgTime: integer,
    NextMsgSeq: integer,
    MemberNum: integer,
    MaxMemberNum: integer,
    ApplyJoinOption: string,
    InviteJoinOption: string,
    MuteAllMember: { enum: ["On", "Off"] },
    ShutUpAllMember: { enum: ["On", "Off"] },
    AppDefinedData: keyValues,
    MemberList: { type: "array", items: member },
  },
} as const;

const memberResults = {
  type: "array",
  items: {
    type: "object",
    required: ["Member_Account", "Result"],
    properties: { Member_Account: string, Result: { enum: [0, 1, 2, 3] } },
  },
} as const;

/** The envelope every answer carries (docs/api-reference.md §3.4), plus a command's own fields. */
function envelope(properties: Record<string, unknown> = {}, required: readonly string[] = []) {
  return {
    type: "object",
    required: ["ActionStatus", "ErrorCode", ...required],
    properties: {
      ActionStatus: { enum: ["OK", "FAIL"] },
      ErrorCode: integer,
      ErrorInfo: string,
      ...properties,
    },
  } as const;
}

/** Response schema per IM command. */
export const WIRE_RESPONSE_SCHEMAS: Readonly<Record<string, object>> = {
  create_group: envelope({ GroupId: string }, ["GroupId"]),
  import_group: envelope({ GroupId: string }, ["GroupId"]),
  import_group_member: envelope({ MemberList: memberResults }, ["MemberList"]),
  add_group_member: envelope({ MemberList: memberResults }, ["MemberList"]),
  get_group_info: envelope({ GroupInfo: { type: "array", items: groupInfo } }, ["GroupInfo"]),
  get_group_member_info: envelope({ MemberNum: integer, MemberList: { type: "array", items: member } }, [
    "MemberNum",
    "MemberList",
  ]),
  modify_group_base_info: envelope(),
  destroy_group: envelope(),
  delete_group_member: envelope(),
  modify_group_member_info: envelope(),
  change_group_owner: envelope(),
  get_appid_group_list: envelope(
    {
      TotalCount: integer,
      GroupIdList: {
        type: "array",
        items: { type: "object", required: ["GroupId"], properties: { GroupId: string } },
      },
      // A decimal string when beyond 2^53 (client/transport.ts keeps it exact).
      Next: { anyOf: [integer, { type: "string", pattern: "^[0-9]+$" }] },
    },
    ["TotalCount", "GroupIdList", "Next"],
  ),
  get_role_in_group: envelope(
    {
      UserIdList: {
        type: "array",
        items: {
          type: "object",
          required: ["Member_Account", "Role"],
          properties: { Member_Account: string, Role: { enum: ["Owner", "Admin", "Member", "NotMember"] } },
        },
      },
    },
    ["UserIdList"],
  ),
  account_import: envelope(),
  multiaccount_import: envelope({ FailAccounts: strings }),
  account_check: envelope(
    {
      ResultItem: {
        type: "array",
        items: {
          type: "object",
          required: ["UserID", "ResultCode"],
          properties: {
            UserID: string,
            ResultCode: integer,
            ResultInfo: string,
            AccountStatus: { enum: ["Imported", "NotImported"] },
          },
        },
      },
    },
    ["ResultItem"],
  ),
};
