/**
 * ImGroup inputs ↔ the wire, driven by the field table (im-group-fields.ts): the create request,
 * the modify request that makes a live group match, the live values in input terms, the computed
 * outputs, and the group a create leaves. No field is named here; every one comes from a row.
 */
import type {
  CreateGroupRequest,
  GroupInfo,
  ImportGroupRequest,
  KeyValue,
  ModifyGroupBaseInfoRequest,
} from "../../client/types";
import type { GroupType } from "../../schemas/limits";
import {
  COMPUTED_OUTPUTS,
  type ComputedOutputName,
  fieldRow,
  IM_GROUP_FIELD_ORDER,
  type ImGroupFieldName,
  PROFILE_FIELDS,
} from "./im-group-fields";
import type { ImGroupInputs } from "./im-group-rules";

/** A create_group request, or with `CreateTime` an import_group request (a migration). */
export type CreateRequest = CreateGroupRequest & Partial<Pick<ImportGroupRequest, "CreateTime">>;

/** The computed outputs, by output name. */
export type ComputedOutputs = Record<ComputedOutputName, ComputedValue<ComputedOutputName>>;
type ComputedValue<K extends ComputedOutputName> = NonNullable<GroupInfo[(typeof COMPUTED_OUTPUTS)[K]]>;

/** Loose access to a wire object by a row's wire name (the rows are the source of truth for names). */
type WireBag = Record<string, unknown>;

/** A wire object's fields by name. */
function fieldsOf(value: object): Readonly<WireBag> {
  return value as WireBag;
}

/**
 * Sets a wire field by a row's wire name. The rows name fields of the wire types (their `wire` and
 * `create` names are checked against them), so the object keeps its type; the names are the table's,
 * never input.
 */
function setWire(target: object, wire: string, value: unknown): void {
  Reflect.set(target, wire, value);
}

/** The create_group / import_group request for `inputs`: every row with a create name that is set. */
export function createRequest(inputs: ImGroupInputs): CreateRequest {
  const request: Partial<CreateRequest> = {};
  for (const name of IM_GROUP_FIELD_ORDER) {
    const row = fieldRow(name);
    const value = inputs[name];
    if (row.create === undefined || value === undefined) continue;
    setWire(request, row.create, row.toWire ? row.toWire(value) : value);
  }
  // Type and Name are required inputs: check has refused inputs without them.
  return request as CreateRequest;
}

/**
 * The modify_group_base_info request that makes `live` match `inputs` (only what differs), or
 * undefined when nothing does. Custom-data keys `previous` managed and `inputs` dropped are
 * deleted (Value "" deletes, docs/api-reference.md §7.1).
 */
export function modifications(
  groupId: string,
  live: GroupInfo,
  inputs: ImGroupInputs,
  previous?: Partial<ImGroupInputs>,
): ModifyGroupBaseInfoRequest | undefined {
  const request: ModifyGroupBaseInfoRequest = { GroupId: groupId };
  for (const name of PROFILE_FIELDS) {
    const row = fieldRow(name);
    const wire = row.wire!;
    const value = inputs[name];
    if (row.keyValueMap) {
      const wanted = ownEntries(value);
      const had = ownEntries(previous?.[name]);
      const current = new Map(
        (fieldsOf(live)[wire] as KeyValue[] | undefined)?.map((kv) => [kv.Key, kv.Value]),
      );
      const changes: KeyValue[] = [];
      for (const [Key, Value] of wanted) if (current.get(Key) !== Value) changes.push({ Key, Value });
      for (const [Key] of had) if (!wanted.has(Key) && current.has(Key)) changes.push({ Key, Value: "" });
      if (changes.length > 0) setWire(request, wire, changes);
      continue;
    }
    if (value === undefined) continue;
    if (!sameValue(value, liveValue(name, live)))
      setWire(request, wire, row.toWire ? row.toWire(value) : value);
  }
  return Object.keys(request).length > 1 ? request : undefined;
}

/** The live value of one input (its row's `fromWire` of the answer), or undefined when not answered. */
export function liveValue(name: ImGroupFieldName, live: GroupInfo): unknown {
  const row = fieldRow(name);
  if (row.wire === undefined) return undefined;
  const wire = fieldsOf(live)[row.wire];
  return row.fromWire ? row.fromWire(wire) : wire;
}

/**
 * The live values of the inputs `managed` declares (the type always), in input terms. Custom-data
 * maps hold only the declared keys that exist live: keys never declared are not managed.
 */
export function managedFromLive(live: GroupInfo, managed: Partial<ImGroupInputs>): Partial<ImGroupInputs> {
  const out: WireBag = {};
  for (const name of IM_GROUP_FIELD_ORDER) {
    const row = fieldRow(name);
    if (row.change === "control" || row.wire === undefined) continue;
    if (name !== "type" && managed[name] === undefined) continue;
    const value = liveValue(name, live);
    if (value === undefined) continue;
    if (row.keyValueMap) {
      const liveMap = new Map(Object.entries(value as Record<string, string>));
      out[name] = Object.fromEntries(
        [...ownEntries(managed[name]).keys()]
          .filter((key) => liveMap.has(key))
          .map((key) => [key, liveMap.get(key)]),
      );
    } else out[name] = value;
  }
  return out as Partial<ImGroupInputs>;
}

/** The computed outputs of a live group (0 / "" for what the answer lacks). */
export function computedFromLive(live: GroupInfo): ComputedOutputs {
  const out: WireBag = {};
  for (const [output, wire] of Object.entries(COMPUTED_OUTPUTS)) {
    out[output] = fieldsOf(live)[wire] ?? (output === "owner" ? "" : 0);
  }
  return out as ComputedOutputs;
}

/** The names of the computed outputs. */
export const COMPUTED_OUTPUT_NAMES = Object.keys(COMPUTED_OUTPUTS) as ComputedOutputName[];

/**
 * The group a successful create of `request` leaves (002, 000; docs/api-reference.md §2.2, §9): the
 * request's fields, each unset field as its row says a new group reports it, the owner as the only
 * member, no messages. CreateTime of a create_group is `now` (this process's clock). An app whose
 * plan caps groups lower (docs/api-reference.md §2.2) reports its own MaxMemberNum on the next
 * refresh, and adds over it fail with 10014, never silently.
 */
export function groupAsCreated(request: CreateRequest, now: number): GroupInfo {
  const context = { type: request.Type as GroupType, imported: request.CreateTime !== undefined };
  const sent = fieldsOf(request);
  const info: Partial<GroupInfo> = { GroupId: request.GroupId, ErrorCode: 0 };
  for (const name of IM_GROUP_FIELD_ORDER) {
    const row = fieldRow(name);
    if (row.wire === undefined) continue;
    const given = row.create !== undefined ? sent[row.create] : undefined;
    const value = given ?? row.unsetAfterCreate?.(context);
    if (value !== undefined) setWire(info, row.wire, value);
  }
  const createdAt = request.CreateTime ?? now;
  Object.assign(info, {
    CreateTime: createdAt,
    LastInfoTime: createdAt,
    LastMsgTime: 0,
    NextMsgSeq: 1,
    MemberNum: request.Owner_Account !== undefined ? 1 : 0,
  });
  return info as GroupInfo;
}

/**
 * The group `live` is after a successful modify_group_base_info of `request` (every field sent
 * takes the value sent; a custom-data Value "" deletes its key) and, when `owner` is given,
 * change_group_owner to `owner.account` (one more member when it had to join first), with
 * LastInfoTime `now` — this process's clock, as {@link groupAsCreated} takes it for CreateTime; the
 * next refresh records the server's own (docs/api-reference.md §6.7, §7.9). What converge records
 * instead of reading the group back (DECISIONS.md 2026-12-06, "Plans read, applies do not").
 */
export function groupAsModified(
  live: GroupInfo,
  request: ModifyGroupBaseInfoRequest | undefined,
  owner: { account: string; joined: boolean } | undefined,
  now: number,
): GroupInfo {
  const info: GroupInfo = { ...live, LastInfoTime: now };
  for (const [wire, value] of Object.entries(request ?? {})) {
    if (wire === "GroupId" || wire === "From_Account") continue;
    if (wire !== "AppDefinedData") {
      setWire(info, wire, value);
      continue;
    }
    const data = new Map((live.AppDefinedData ?? []).map(({ Key, Value }) => [Key, Value]));
    for (const { Key, Value } of value as KeyValue[]) {
      if (Value === "") data.delete(Key);
      else data.set(Key, Value);
    }
    info.AppDefinedData = [...data].map(([Key, Value]) => ({ Key, Value }));
  }
  if (owner !== undefined) {
    info.Owner_Account = owner.account;
    if (owner.joined) info.MemberNum = (live.MemberNum ?? 0) + 1;
  }
  return info;
}

/** A map input's own entries (a custom-data map may hold keys such as `constructor`). */
function ownEntries(value: unknown): Map<string, string> {
  if (value === null || typeof value !== "object") return new Map();
  return new Map(Object.entries(value as Record<string, string>));
}

/** Input values compare by JSON (numbers, strings, booleans; maps are handled per key above). */
function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
