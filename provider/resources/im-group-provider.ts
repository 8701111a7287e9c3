/**
 * The `ImGroup` dynamic provider: one IM group's profile. Methods in lifecycle order (check, diff,
 * create, read, update, delete). Loaded by package name from the serialized stub in im-group.ts,
 * inside the dynamic-provider process only.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CreateGroupOutcome } from "../client/create";
import { ImError } from "../client/errors";
import type {
  CreateGroupRequest,
  GroupInfo,
  GroupInfoResponseFilter,
  ImportGroupRequest,
  KeyValue,
  ModifyGroupBaseInfoRequest,
} from "../client/types";
import { UNKNOWN } from "../schemas/validator";
import { configureFromPulumi, GROUP_BASE_FIELDS, imClient, nowSeconds } from "./context";
import { groupAsCreated, rememberFreshGroup } from "./fresh-groups";
import { type ImGroupInputs, imGroupFailures, REPLACING_INPUTS } from "./im-group-rules";
import { PartialFailure, withProvider } from "./partial-failure";
import { toCheckFailures } from "./secret-inputs";

/** "GroupId already used" (10021) and "used, and you own it" (10025), API.md §5.2. */
const ID_TAKEN = new Set([10021, 10025]);

/** Profile inputs changed in place by modify_group_base_info (API.md §7.1). */
const PROFILE_INPUTS = [
  "name",
  "introduction",
  "notification",
  "faceUrl",
  "maxMemberCount",
  "applyJoinOption",
  "appDefinedData",
  "muteAllMember",
] as const;

/** Every managed input that can change in place. */
const IN_PLACE_INPUTS = [...PROFILE_INPUTS, "ownerAccount"] as const;

/** Inputs that only steer the provider; changing them never touches the group. */
const CONTROL_INPUTS = ["adopt", "allowReplace", "groupIdAutoNamed", "secretInputs"] as const;

/**
 * Outputs: the checked inputs plus what get_group_info reports — after a create, what the create
 * left (fresh-groups.ts) until the next refresh records the server's values.
 */
export interface ImGroupOutputs extends ImGroupInputs {
  /** Live CreateTime (unix seconds). */
  createdAt: number;
  /** Live member count, owner included. */
  memberNum: number;
  /** Live member limit. */
  maxMemberNum: number;
  /** Unix seconds of the last profile change. */
  lastInfoTime: number;
  /** Unix seconds of the last message (0 when none). */
  lastMsgTime: number;
  /** Sequence number the next message will get. */
  nextMsgSeq: number;
  /** Live owner account, `""` when the group has none. */
  owner: string;
}

/** The implementation behind the ImGroup stub. */
export const imGroupProvider = {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    configureFromPulumi(req);
  },

  async check(olds: Partial<ImGroupInputs>, news: ImGroupInputs): Promise<pulumi.dynamic.CheckResult> {
    const failures = imGroupFailures(olds, news, nowSeconds());
    // 002 10004 #1: the owner must be an imported account. Asked only when the owner is new.
    if (
      failures.length === 0 &&
      typeof news.ownerAccount === "string" &&
      news.ownerAccount !== UNKNOWN &&
      news.ownerAccount !== olds.ownerAccount
    ) {
      // Coalesced: a plan's checks for many groups share account_check calls.
      const result = await imClient().checkAccount(news.ownerAccount);
      if (result?.AccountStatus === "NotImported") {
        failures.push({
          property: "ownerAccount",
          reason: "is not an account imported into the IM app (import it with account_import first)",
          value: news.ownerAccount,
        });
      }
    }
    return { inputs: news, failures: toCheckFailures(failures, news.secretInputs) };
  },

  async diff(_id: string, olds: ImGroupOutputs, news: ImGroupInputs): Promise<pulumi.dynamic.DiffResult> {
    const replaces = REPLACING_INPUTS.filter((key) => !same(olds[key], news[key]));
    const changed = [...IN_PLACE_INPUTS, ...CONTROL_INPUTS].filter((key) => !same(olds[key], news[key]));
    return {
      changes: replaces.length > 0 || changed.length > 0,
      replaces,
      // Ids never repeat across a replacement (check refuses it), so the new group can come first.
      deleteBeforeReplace: false,
    };
  },

  async create(inputs: ImGroupInputs): Promise<pulumi.dynamic.CreateResult> {
    const client = imClient();
    const groupId = inputs.groupId;
    if (inputs.adopt === true) {
      const live = await readGroup(groupId, inputs);
      if (live === null)
        throw new Error(`adopt: group ${groupId} does not exist, so there is nothing to take over`);
      if (live.Type !== inputs.type) {
        throw new Error(`adopt: group ${groupId} is a ${live.Type} group, not ${inputs.type}`);
      }
      return { id: groupId, outs: await converge(groupId, live, inputs) };
    }
    const request = createRequest(inputs);
    let outcome: CreateGroupOutcome;
    try {
      outcome =
        request.CreateTime !== undefined
          ? await client.importGroup(request as ImportGroupRequest)
          : await client.createGroup(request);
    } catch (error) {
      if (!(error instanceof ImError) || !ID_TAKEN.has(error.imErrorCode ?? 0)) throw error;
      // The id is taken. Only an auto-name proves the group is ours (an earlier run of this very
      // resource made it and crashed before saving state). A custom id may belong to a group made
      // elsewhere, or to this group's old resource after a rename, whose delete would then destroy
      // it: never take it over silently (API.md §10).
      const live = await readGroup(groupId, inputs);
      if (live === null || !isOurs(live, inputs)) {
        throw new Error(
          `groupId ${JSON.stringify(groupId)} is already used by an existing group` +
            (live ? ` (${live.Type} "${live.Name}", owner "${live.Owner_Account ?? ""}")` : "") +
            ". Choose another groupId; or, if that group is the one you mean (made elsewhere, created by " +
            "an interrupted run, or this resource was renamed), set adopt: true — after a rename, add " +
            "aliases instead so the old resource is not deleted.",
        );
      }
      return { id: groupId, outs: await converge(groupId, live, inputs) };
    }
    if (outcome.recovered) {
      // A lost answer settled by a read (client/create.ts): the group may have changed since it was
      // made, so converge against what it is now, and let ImGroupMembers list its members.
      const live = await readGroup(groupId, inputs);
      if (live === null) throw new Error(`group ${groupId} was created but no longer exists`);
      return { id: groupId, outs: await converge(groupId, live, inputs) };
    }
    // No read-back (fresh-groups.ts): the group is the request plus documented defaults.
    const created = groupAsCreated(request);
    rememberFreshGroup(created);
    return { id: groupId, outs: await converge(groupId, created, inputs) };
  },

  async read(id: string, props: ImGroupOutputs): Promise<pulumi.dynamic.ReadResult> {
    const live = await readGroup(id, props);
    if (live === null) return { id: "", props: {} };
    // Only fields the program manages are refreshed into inputs; unmanaged ones never show as drift.
    const refreshed: ImGroupOutputs = {
      ...props,
      ...managedFromLive(live, props),
      ...computedFromLive(live),
    };
    return { id, props: refreshed, inputs: inputsOf(refreshed) };
  },

  async update(id: string, olds: ImGroupOutputs, news: ImGroupInputs): Promise<pulumi.dynamic.UpdateResult> {
    // Read the keys the program dropped too: converge deletes those still on the server.
    const keys = { ...olds.appDefinedData, ...news.appDefinedData };
    const live = await readGroup(id, { appDefinedData: keys });
    if (live === null) throw new Error(`group ${id} no longer exists; run pulumi refresh to record that`);
    return { outs: await converge(id, live, news, olds) };
  },

  async delete(id: string): Promise<void> {
    try {
      await imClient().destroyGroup({ GroupId: id });
    } catch (error) {
      // Already gone is success (API.md §7.2: a destroyed id gives 10010).
      if (error instanceof ImError && error.imErrorCode === 10010) return;
      throw error;
    }
  },
};

/** The create_group request for `inputs`, with `CreateTime` (→ import_group) for a migration. */
function createRequest(inputs: ImGroupInputs): CreateGroupRequest & { CreateTime?: number } {
  return {
    Type: inputs.type,
    GroupId: inputs.groupId,
    Name: inputs.name,
    ...(inputs.ownerAccount !== undefined && { Owner_Account: inputs.ownerAccount }),
    ...(inputs.introduction !== undefined && { Introduction: inputs.introduction }),
    ...(inputs.notification !== undefined && { Notification: inputs.notification }),
    ...(inputs.faceUrl !== undefined && { FaceUrl: inputs.faceUrl }),
    ...(inputs.maxMemberCount !== undefined && { MaxMemberCount: inputs.maxMemberCount }),
    ...(inputs.applyJoinOption !== undefined && {
      ApplyJoinOption: inputs.applyJoinOption as CreateGroupRequest["ApplyJoinOption"],
    }),
    ...(inputs.appDefinedData !== undefined && { AppDefinedData: toKeyValues(inputs.appDefinedData) }),
    ...(inputs.createTime !== undefined && { CreateTime: inputs.createTime }),
  };
}

/**
 * Makes the live group match `inputs` (one modify_group_base_info with only what differs, then
 * change_group_owner if needed) and returns the resulting outputs. Custom-data keys that `previous`
 * managed and `inputs` no longer declare are deleted (Value "" deletes, API.md §7.1).
 */
async function converge(
  groupId: string,
  live: GroupInfo,
  inputs: ImGroupInputs,
  previous?: Partial<ImGroupInputs>,
): Promise<Record<string, unknown>> {
  const client = imClient();
  const modify = modifications(groupId, live, inputs, previous);
  const steps: Array<() => Promise<unknown>> = [];
  if (modify !== undefined) steps.push(() => client.modifyGroupBaseInfo(modify));
  if (inputs.ownerAccount !== undefined && inputs.ownerAccount !== (live.Owner_Account ?? "")) {
    steps.push(() => client.changeGroupOwner({ GroupId: groupId, NewOwner_Account: inputs.ownerAccount! }));
  }
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      // Record the group as the server has it now (created, partly modified), then fail: the next
      // `up` sees the remaining difference and applies only that.
      const now = (await readGroup(groupId, inputs).catch(() => null)) ?? live;
      const message = (error as Error).message;
      throw new PartialFailure(
        `group ${groupId}: ${message}`,
        groupId,
        withProvider(
          outputsFor(inputsAsLive(now, inputs, previous), now),
          inputs as unknown as Record<string, unknown>,
        ),
        [message],
      );
    }
  }
  const current = steps.length > 0 ? ((await readGroup(groupId, inputs)) ?? live) : live;
  return outputsFor(inputs, current);
}

function modifications(
  groupId: string,
  live: GroupInfo,
  inputs: ImGroupInputs,
  previous?: Partial<ImGroupInputs>,
): ModifyGroupBaseInfoRequest | undefined {
  const request: ModifyGroupBaseInfoRequest = { GroupId: groupId };
  if (inputs.name !== live.Name) request.Name = inputs.name;
  if (inputs.introduction !== undefined && inputs.introduction !== (live.Introduction ?? "")) {
    request.Introduction = inputs.introduction;
  }
  if (inputs.notification !== undefined && inputs.notification !== (live.Notification ?? "")) {
    request.Notification = inputs.notification;
  }
  if (inputs.faceUrl !== undefined && inputs.faceUrl !== (live.FaceUrl ?? ""))
    request.FaceUrl = inputs.faceUrl;
  if (inputs.maxMemberCount !== undefined && inputs.maxMemberCount !== live.MaxMemberNum) {
    request.MaxMemberNum = inputs.maxMemberCount;
  }
  if (inputs.applyJoinOption !== undefined && inputs.applyJoinOption !== live.ApplyJoinOption) {
    request.ApplyJoinOption = inputs.applyJoinOption as ModifyGroupBaseInfoRequest["ApplyJoinOption"];
  }
  if (inputs.muteAllMember !== undefined && onOff(inputs.muteAllMember) !== (live.MuteAllMember ?? "Off")) {
    request.MuteAllMember = onOff(inputs.muteAllMember);
  }
  const liveData = fromKeyValues(live.AppDefinedData);
  const data: KeyValue[] = [];
  for (const [key, value] of Object.entries(inputs.appDefinedData ?? {})) {
    if (liveData[key] !== value) data.push({ Key: key, Value: value });
  }
  for (const key of Object.keys(previous?.appDefinedData ?? {})) {
    if (!(key in (inputs.appDefinedData ?? {})) && key in liveData) data.push({ Key: key, Value: "" });
  }
  if (data.length > 0) request.AppDefinedData = data;
  return Object.keys(request).length > 1 ? request : undefined;
}

/** Reads one group through the coalescing client: base fields plus the custom-data keys managed. */
async function readGroup(groupId: string, managed: Partial<ImGroupInputs>): Promise<GroupInfo | null> {
  const keys = Object.keys(managed.appDefinedData ?? {}).sort();
  const filter: GroupInfoResponseFilter = {
    GroupBaseInfoFilter: GROUP_BASE_FIELDS,
    ...(keys.length > 0 && { AppDefinedDataFilter_Group: keys }),
  };
  return imClient().getGroup(groupId, filter);
}

/**
 * "This very group": an auto-named id embeds a hash of project, stack, parent, resource name, type
 * and create time, so only this resource makes it; a group with that id and type is ours.
 */
function isOurs(live: GroupInfo, inputs: ImGroupInputs): boolean {
  return inputs.groupIdAutoNamed === true && live.Type === inputs.type;
}

/** The live values of the fields `managed` declares, under input names. */
function managedFromLive(live: GroupInfo, managed: Partial<ImGroupInputs>): Partial<ImGroupInputs> {
  const out: Partial<ImGroupInputs> = {};
  if (live.Type !== undefined) out.type = live.Type as ImGroupInputs["type"];
  if (managed.name !== undefined) out.name = live.Name ?? "";
  if (managed.introduction !== undefined) out.introduction = live.Introduction ?? "";
  if (managed.notification !== undefined) out.notification = live.Notification ?? "";
  if (managed.faceUrl !== undefined) out.faceUrl = live.FaceUrl ?? "";
  if (managed.maxMemberCount !== undefined && live.MaxMemberNum !== undefined)
    out.maxMemberCount = live.MaxMemberNum;
  if (managed.applyJoinOption !== undefined && live.ApplyJoinOption !== undefined) {
    out.applyJoinOption = live.ApplyJoinOption;
  }
  if (managed.muteAllMember !== undefined) out.muteAllMember = live.MuteAllMember === "On";
  if (managed.ownerAccount !== undefined) out.ownerAccount = live.Owner_Account ?? "";
  if (managed.createTime !== undefined && live.CreateTime !== undefined) out.createTime = live.CreateTime;
  if (managed.appDefinedData !== undefined) {
    const liveData = fromKeyValues(live.AppDefinedData);
    out.appDefinedData = Object.fromEntries(
      Object.keys(managed.appDefinedData)
        .filter((key) => key in liveData)
        .map((key) => [key, liveData[key]!]),
    );
  }
  return out;
}

function computedFromLive(live: GroupInfo): Omit<ImGroupOutputs, keyof ImGroupInputs> {
  return {
    createdAt: live.CreateTime ?? 0,
    memberNum: live.MemberNum ?? 0,
    maxMemberNum: live.MaxMemberNum ?? 0,
    lastInfoTime: live.LastInfoTime ?? 0,
    lastMsgTime: live.LastMsgTime ?? 0,
    nextMsgSeq: live.NextMsgSeq ?? 0,
    owner: live.Owner_Account ?? "",
  };
}

function outputsFor(inputs: ImGroupInputs, live: GroupInfo): Record<string, unknown> {
  const outs: Record<string, unknown> = { ...inputs, ...computedFromLive(live) };
  delete outs.__provider;
  return outs;
}

/** After a failed step: the inputs as the server has them now, so state tells the truth. */
function inputsAsLive(
  live: GroupInfo,
  inputs: ImGroupInputs,
  previous?: Partial<ImGroupInputs>,
): ImGroupInputs {
  return { ...inputs, ...managedFromLive(live, { ...previous, ...inputs }) };
}

/** The input part of outputs (for read's `inputs`): every input key, none of the computed ones. */
function inputsOf(outputs: ImGroupOutputs): Record<string, unknown> {
  const computed = new Set(Object.keys(computedFromLive({ GroupId: "", ErrorCode: 0 })));
  return Object.fromEntries(
    Object.entries(outputs).filter(([key]) => !computed.has(key) && key !== "__provider"),
  );
}

function same(a: unknown, b: unknown): boolean {
  return (
    JSON.stringify(a ?? null) === JSON.stringify(b ?? null) || (isObject(a) && isObject(b) && sameMap(a, b))
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sameMap(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => same(a[key], b[key]));
}

function onOff(value: boolean): "On" | "Off" {
  return value ? "On" : "Off";
}

function toKeyValues(map: Record<string, string>): KeyValue[] {
  return Object.entries(map).map(([Key, Value]) => ({ Key, Value }));
}

function fromKeyValues(list: KeyValue[] | undefined): Record<string, string> {
  return Object.fromEntries((list ?? []).map(({ Key, Value }) => [Key, Value]));
}
