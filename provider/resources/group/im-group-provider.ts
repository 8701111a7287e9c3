/**
 * The `ImGroup` dynamic provider: one IM group's profile. Methods in lifecycle order (check, diff,
 * create, read, update, delete). Loaded by package name from the serialized stub in im-group.ts,
 * inside the dynamic-provider process only. Which fields exist and how each reaches the wire is the
 * field table's business (im-group-fields.ts, im-group-wire.ts); this file decides what to call.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CreateGroupOutcome } from "../../client/create";
import { ImError } from "../../client/errors";
import { GROUP_ID_TAKEN, GROUP_NOT_FOUND, NOT_A_MEMBER } from "../../client/im-codes";
import type { GroupInfo, GroupInfoResponseFilter, ImportGroupRequest } from "../../client/types";
import { type InputFailure, UNKNOWN } from "../../schemas/validator";
import { nowSeconds } from "../process/connection";
import { configureFromPulumi, imClient, providerSession } from "../process/session";
import { ResourceError } from "../shared/errors";
import { keyValueMap } from "../shared/key-value-input";
import { PartialFailure, withProvider } from "../shared/partial-failure";
import { toCheckFailures } from "../shared/secret-inputs";
import { previewAdoption } from "./adoption";
import { fieldRow, GROUP_BASE_FIELDS, IM_GROUP_FIELD_ORDER, REPLACING_FIELDS } from "./im-group-fields";
import { deleteAction, type ImGroupInputs, imGroupFailures } from "./im-group-rules";
import {
  COMPUTED_OUTPUT_NAMES,
  type ComputedOutputs,
  computedFromLive,
  createRequest,
  groupAsCreated,
  groupAsModified,
  managedFromLive,
  modifications,
} from "./im-group-wire";

/** Inputs that only steer the provider; changing them never touches the group. */
const BOOKKEEPING_INPUTS = ["groupIdAutoNamed", "secretInputs"] as const;

/**
 * Inputs whose change is an update: the fields changed in place, the control fields (recorded
 * without a call) and the bookkeeping inputs.
 */
const UPDATING_INPUTS = [
  ...IM_GROUP_FIELD_ORDER.filter((name) => fieldRow(name).change !== "replace"),
  ...BOOKKEEPING_INPUTS,
];

/**
 * Outputs: the checked inputs plus what get_group_info reports — after a create, what the create
 * left (im-group-wire.ts `groupAsCreated`) until the next refresh records the server's values.
 */
export type ImGroupOutputs = ImGroupInputs &
  ComputedOutputs & {
    /**
     * Unix seconds at which a create whose outcome is unknown was sent (its answer was lost): the
     * next update reads the group and settles it. Absent once the group is known.
     */
    createPending?: number;
  };

/** The implementation behind the ImGroup stub. */
export const imGroupProvider = {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    configureFromPulumi(req);
  },

  async check(
    olds: Partial<ImGroupInputs>,
    raw: ImGroupInputs,
  ): Promise<pulumi.dynamic.CheckResult<ImGroupInputs>> {
    const news = fromProgram(raw);
    const failures = imGroupFailures(olds, news, nowSeconds());
    // Adopting: the group must exist with this type, and the preview says what the first up
    // changes on it (adoption.ts); a new group is noted for its member set's check.
    const adoption =
      failures.length === 0
        ? await previewAdoption(olds, news, (id, managed) => readForPlan(id, managed, true))
        : undefined;
    failures.push(...(adoption?.failures ?? []));
    // A new custom id must be free: say so at preview, not at `up` (an auto-named id is this
    // resource's by construction; adopt takes an existing group on purpose).
    if (
      failures.length === 0 &&
      olds.groupId !== news.groupId &&
      news.groupIdAutoNamed !== true &&
      news.adopt !== true &&
      typeof news.groupId === "string" &&
      news.groupId !== UNKNOWN
    ) {
      const existing = await providerSession().appGroupIds.existingGroup(news.groupId);
      if (existing !== null) failures.push(idTakenFailure(existing));
    }
    // 002 10004 #1: the owner must be an imported account. Asked only when the owner is new, and
    // not for the owner of the group being adopted: owning a live group, it is imported (adopting
    // 5,000 groups asked account_check 4,046 times for nothing: DECISIONS.md 2026-12-06).
    if (
      failures.length === 0 &&
      typeof news.ownerAccount === "string" &&
      news.ownerAccount !== UNKNOWN &&
      news.ownerAccount !== olds.ownerAccount &&
      news.ownerAccount !== adoption?.live?.Owner_Account
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

  async diff(id: string, olds: ImGroupOutputs, news: ImGroupInputs): Promise<pulumi.dynamic.DiffResult> {
    const replaces = REPLACING_FIELDS.filter((key) => !same(olds[key], news[key]));
    const changed = UPDATING_INPUTS.filter((key) => !same(olds[key], news[key]));
    const keys = updateKeys(olds, news);
    if (replaces.length === 0 && changed.length > 0 && olds.createPending === undefined && keys) {
      // The update plans from this read (process/profile-reads.ts): the engine's parallel diffs let
      // the reads of many changed groups share a call, where apply-time reads never do. A failed
      // read here is not the diff's failure: the update reads again and reports it.
      await readForPlan(id, { appDefinedData: keys }).catch(() => null);
    }
    return {
      // A create recorded as pending is settled by the next update (settlePendingCreate).
      changes: replaces.length > 0 || changed.length > 0 || olds.createPending !== undefined,
      replaces,
      // Ids never repeat across a replacement (check refuses it), so the new group can come first.
      deleteBeforeReplace: false,
    };
  },

  async create(inputs: ImGroupInputs): Promise<pulumi.dynamic.CreateResult<ImGroupOutputs>> {
    const groupId = inputs.groupId;
    if (inputs.adopt === true) {
      const live = await readForApply(groupId, inputs);
      if (live === null) {
        throw new ResourceError(
          "ADOPT_MISSING",
          `adopt: group ${groupId} does not exist, so there is nothing to take over`,
          { groupId },
        );
      }
      if (live.Type !== inputs.type) {
        throw new ResourceError(
          "ADOPT_TYPE_MISMATCH",
          `adopt: group ${groupId} is a ${live.Type} group, not ${inputs.type}`,
          { groupId },
        );
      }
      return { id: groupId, outs: await converge(groupId, live, inputs) };
    }
    return { id: groupId, outs: await createGroup(inputs) };
  },

  async read(id: string, recorded?: ImGroupOutputs): Promise<pulumi.dynamic.ReadResult<ImGroupOutputs>> {
    const props = recorded ?? ({ groupId: id } as ImGroupOutputs);
    const live = await readGroup(id, props);
    if (live === null) return { id: "", props: {} as ImGroupOutputs };
    // A pending create being imported (imgroups-recover) has only its inputs: it is this resource's
    // group only if the group there is the one that create asked for; anyone else's is not recorded.
    if (props.createdAt === undefined && props.createPending === undefined && !isAskedFor(live, props)) {
      return { id: "", props: {} as ImGroupOutputs };
    }
    // Only fields the program manages are refreshed into inputs; unmanaged ones never show as drift.
    const refreshed: ImGroupOutputs = {
      ...props,
      ...managedFromLive(live, props),
      ...computedFromLive(live),
    };
    return { id, props: refreshed, inputs: inputsOf(refreshed) };
  },

  async update(
    id: string,
    olds: ImGroupOutputs,
    news: ImGroupInputs,
  ): Promise<pulumi.dynamic.UpdateResult<ImGroupOutputs>> {
    if (olds.createPending !== undefined) return { outs: await settlePendingCreate(olds, news) };
    // Read the keys the program dropped too: converge deletes those still on the server.
    const live = await readForApply(id, { appDefinedData: updateKeys(olds, news) });
    if (live === null) throw gone(id, "no longer exists; run pulumi refresh to record that");
    return { outs: await converge(id, live, news, olds) };
  },

  /**
   * Destroys the group, or releases it (leaves it live, no longer managed) when the resource says
   * so: `onDelete`, by default `release` for an adopted group (docs: README "Bring an existing app
   * under code"). A resource recorded by a version without `onDelete` is deleted by its recorded
   * stub, which passes no properties: it destroys, as it always did.
   */
  async delete(id: string, recorded?: ImGroupOutputs): Promise<void> {
    if (recorded !== undefined && deleteAction(recorded) === "release") return;
    try {
      await imClient().destroyGroup({ GroupId: id });
    } catch (error) {
      // Already gone is success (docs/api-reference.md §7.2: a destroyed id gives 10010).
      if (error instanceof ImError && error.imErrorCode === GROUP_NOT_FOUND) return;
      throw error;
    }
  },
} satisfies pulumi.dynamic.ResourceProvider<ImGroupInputs, ImGroupOutputs>;

/**
 * Creates the group (create_group, or import_group for a migration) and returns its outputs. When
 * the create's outcome cannot be known — every attempt's answer was lost or timed out while the
 * server may have made the group — the resource is recorded anyway, marked `createPending`, and the
 * step fails: the next `pulumi up` reads the group and either converges it (it is the group this
 * create asked for, made after the create was sent) or creates it then (docs/pulumi-notes.md §3.3,
 * partial failure). Without the record, the next run would meet its own group as "id taken".
 */
async function createGroup(inputs: ImGroupInputs): Promise<ImGroupOutputs> {
  const client = imClient();
  const groupId = inputs.groupId;
  const request = createRequest(inputs);
  const sentAt = nowSeconds();
  let outcome: CreateGroupOutcome;
  try {
    outcome =
      request.CreateTime !== undefined
        ? await client.importGroup(request as ImportGroupRequest)
        : await client.createGroup(request);
  } catch (error) {
    if (error instanceof ImError && error.outcomeUnknown) {
      const pending: ImGroupOutputs = {
        ...outputsFor(inputs, groupAsCreated(request, sentAt)),
        createPending: sentAt,
      };
      throw new PartialFailure(
        `group ${groupId}: the create's answer was lost (${error.message}); the group may or may not exist. ` +
          "It is recorded as pending: the next `pulumi up` reads it and converges it, or creates it.",
        groupId,
        withProvider({ ...pending }, inputs),
        [`${groupId}: create outcome unknown`],
      );
    }
    if (!(error instanceof ImError) || !GROUP_ID_TAKEN.has(error.imErrorCode ?? 0)) throw error;
    // The id is taken. Only an auto-name proves the group is ours (an earlier run of this very
    // resource made it and crashed before saving state). A custom id may belong to a group made
    // elsewhere, or to this group's old resource after a rename, whose delete would then destroy
    // it: never take it over silently (docs/api-reference.md §10).
    const live = await readGroup(groupId, inputs);
    if (live === null || !isOurs(live, inputs)) throw idTaken(groupId, live);
    return converge(groupId, live, inputs);
  }
  if (outcome.recovered) {
    // A lost answer settled by a read (client/create.ts): the group may have changed since it was
    // made, so converge against what it is now, and let ImGroupMembers list its members.
    const live = await readGroup(groupId, inputs);
    if (live === null) throw gone(groupId, "was created but no longer exists");
    return converge(groupId, live, inputs);
  }
  // No read-back (process/fresh-groups.ts): the group is the request plus documented defaults.
  const created = groupAsCreated(request, nowSeconds());
  providerSession().freshGroups.remember(created);
  return converge(groupId, created, inputs);
}

/**
 * Settles a create recorded as pending: the group is this resource's when it has the type, name and
 * owner the create asked for and was made after the create was sent (an imported group: with the
 * requested create time) — no one else can have made that group with that id since. Anything else
 * is someone else's group.
 */
async function settlePendingCreate(recorded: ImGroupOutputs, inputs: ImGroupInputs): Promise<ImGroupOutputs> {
  const live = await readGroup(inputs.groupId, inputs);
  if (live === null) return createGroup(inputs);
  const sentAt = recorded.createPending ?? 0;
  const asked = createRequest(recorded);
  const madeByUs =
    isAskedFor(live, recorded) &&
    (asked.CreateTime !== undefined
      ? live.CreateTime === asked.CreateTime
      : (live.CreateTime ?? 0) >= sentAt - CLOCK_SKEW_SECONDS);
  if (!madeByUs) throw idTaken(inputs.groupId, live);
  return converge(inputs.groupId, live, inputs);
}

/** True when `live` has the type, name and owner a create of `inputs` asks for. */
function isAskedFor(live: GroupInfo, inputs: ImGroupInputs): boolean {
  const asked = createRequest(inputs);
  return (
    live.Type === asked.Type &&
    live.Name === asked.Name &&
    (live.Owner_Account ?? "") === (asked.Owner_Account ?? "")
  );
}

/** How far the provider's clock may be ahead of the server's when a pending create is settled. */
const CLOCK_SKEW_SECONDS = 300;

/** The inputs as the class sends them, in the form `check` validates and state holds. */
function fromProgram(raw: ImGroupInputs): ImGroupInputs {
  const news = { ...raw } as Record<string, unknown>;
  for (const name of IM_GROUP_FIELD_ORDER) {
    if (fieldRow(name).keyValueMap && news[name] !== undefined) news[name] = keyValueMap(news[name]);
  }
  return news as ImGroupInputs;
}

/**
 * Makes the live group match `inputs` (one modify_group_base_info with only what differs, then
 * change_group_owner if needed) and returns the resulting outputs. Custom-data keys that `previous`
 * managed and `inputs` no longer declare are deleted.
 */
async function converge(
  groupId: string,
  live: GroupInfo,
  inputs: ImGroupInputs,
  previous?: Partial<ImGroupInputs>,
): Promise<ImGroupOutputs> {
  const client = imClient();
  const modify = modifications(groupId, live, inputs, previous);
  const steps: Array<() => Promise<unknown>> = [];
  if (modify !== undefined) steps.push(() => client.modifyGroupBaseInfo(modify));
  const owner = inputs.ownerAccount;
  let ownerChange: { account: string; joined: boolean } | undefined;
  if (owner !== undefined && owner !== (live.Owner_Account ?? "")) {
    steps.push(async () => {
      ownerChange = { account: owner, joined: await transferOwnership(groupId, owner) };
    });
  }
  // The group changes now: reads of it taken before (a refresh's) no longer answer for the member
  // sets that plan after this step (process/live-reads.ts).
  if (steps.length > 0) providerSession().groupChanged(groupId);
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      // Record the group as the server has it now (created, partly modified), then fail: the next
      // `up` sees the remaining difference and applies only that.
      const now = (await readGroup(groupId, inputs).catch(() => null)) ?? live;
      const message = (error as Error).message;
      const asLive: ImGroupInputs = { ...inputs, ...managedFromLive(now, { ...previous, ...inputs }) };
      throw new PartialFailure(
        `group ${groupId}: ${message}`,
        groupId,
        withProvider({ ...outputsFor(asLive, now) }, inputs),
        [message],
      );
    }
  }
  // Recorded as the calls left it, not read back: under the engine's default checkpoints an
  // apply-time read is a call of its own for every group (process/profile-reads.ts).
  const current = steps.length > 0 ? groupAsModified(live, modify, ownerChange, nowSeconds()) : live;
  return outputsFor(inputs, current);
}

/**
 * change_group_owner, which needs the new owner to be a member already (docs/api-reference.md §7.9;
 * 10004 otherwise). An owner that the same change makes a member — the program moves the group to
 * an account its ImGroupMembers adds, which applies only after this group's update — is added first
 * and then given the group, so one `up` does both. Any other refusal stands.
 */
async function transferOwnership(groupId: string, owner: string): Promise<boolean> {
  const client = imClient();
  try {
    await client.changeGroupOwner({ GroupId: groupId, NewOwner_Account: owner });
    return false;
  } catch (error) {
    if (!(error instanceof ImError) || error.imErrorCode !== NOT_A_MEMBER) throw error;
    const [added] = await client.addGroupMembers(groupId, [owner]);
    // Result 1: added now. Anything else (already a member, refused) means 10004 had another cause.
    if (added?.ok !== true || added.Result !== 1) throw error;
    await client.changeGroupOwner({ GroupId: groupId, NewOwner_Account: owner });
    return true;
  }
}

/**
 * The custom-data keys an update reads: those the program declares and those it dropped (converge
 * deletes the dropped ones still on the server); undefined while a map is not known (a preview).
 */
function updateKeys(
  olds: Partial<ImGroupInputs>,
  news: Partial<ImGroupInputs>,
): Record<string, string> | undefined {
  const known = (value: unknown) => value === undefined || (typeof value === "object" && value !== null);
  if (!known(olds.appDefinedData) || !known(news.appDefinedData)) return undefined;
  return { ...olds.appDefinedData, ...news.appDefinedData };
}

/** The custom-data keys a read for `managed` asks for. */
function readKeys(managed: Partial<ImGroupInputs>): string[] {
  return Object.keys(managed.appDefinedData ?? {}).sort();
}

/**
 * {@link readGroup} while planning (an adopting check, a diff with changes): the read is kept for
 * the create or update of the same step (process/profile-reads.ts).
 */
async function readForPlan(
  groupId: string,
  managed: Partial<ImGroupInputs>,
  now = false,
): Promise<GroupInfo | null> {
  const live = await readGroup(groupId, managed, now);
  if (live !== null) providerSession().profileReads.keep(groupId, live, readKeys(managed));
  return live;
}

/** The group as planning read it for this step, else read now. */
async function readForApply(groupId: string, managed: Partial<ImGroupInputs>): Promise<GroupInfo | null> {
  return providerSession().profileReads.take(groupId, readKeys(managed)) ?? readGroup(groupId, managed);
}

/**
 * Reads one group through the coalescing client: base fields plus the custom-data keys managed.
 * `now`: a read made in `check`, which nothing can join (the engine checks one resource at a time).
 */
async function readGroup(
  groupId: string,
  managed: Partial<ImGroupInputs>,
  now = false,
): Promise<GroupInfo | null> {
  const keys = readKeys(managed);
  const filter: GroupInfoResponseFilter = {
    GroupBaseInfoFilter: GROUP_BASE_FIELDS,
    ...(keys.length > 0 && { AppDefinedDataFilter_Group: keys }),
  };
  return imClient().getGroup(groupId, filter, { now });
}

/**
 * "This very group": an auto-named id embeds a hash of project, stack, parent, resource name, type
 * and create time, so only this resource makes it; a group with that id and type is ours.
 */
function isOurs(live: GroupInfo, inputs: ImGroupInputs): boolean {
  return inputs.groupIdAutoNamed === true && live.Type === inputs.type;
}

function idTaken(groupId: string, live: GroupInfo | null): ResourceError {
  if (live === null) {
    // Refused as used, yet no group has the id: a destroyed (dismissed) group's id, which the
    // service does not give to a new group (docs/api-reference.md §7.2). Nothing can be adopted.
    return new ResourceError(
      "ID_TAKEN",
      `groupId ${JSON.stringify(groupId)} was refused as already used (IM error 10021), but no group ` +
        "has it now: it belonged to a group that was destroyed, and Tencent IM does not reuse a " +
        "destroyed group's id. Choose another groupId (adopt: true cannot help: there is no group to take over).",
      { groupId },
    );
  }
  return new ResourceError(
    "ID_TAKEN",
    `groupId ${JSON.stringify(groupId)} is already used by an existing group` +
      ` (${live.Type} "${live.Name}", owner "${live.Owner_Account ?? ""}")` +
      ". Choose another groupId; or, if that group is the one you mean (made elsewhere, created by " +
      "an interrupted run, or this resource was renamed), set adopt: true — after a rename, add " +
      "aliases instead so the old resource is not deleted.",
    { groupId },
  );
}

/** The preview's form of {@link idTaken}: a check failure on `groupId`. */
function idTakenFailure(existing: GroupInfo): InputFailure {
  return {
    property: "groupId",
    reason:
      `is already used by an existing group (${existing.Type} ${JSON.stringify(existing.Name ?? "")}, owner ` +
      `${JSON.stringify(existing.Owner_Account ?? "")}). Choose another groupId; or, if that group is the one ` +
      "you mean, set adopt: true to take it over. If you renamed this resource in the program, add " +
      "the old name to its `aliases` option so Pulumi keeps managing the same group. If an interrupted " +
      "`pulumi up` created it (the CLI lists pending operations), run `npx imgroups-recover` to record " +
      "every group such a run created.",
    value: existing.GroupId,
  };
}

function gone(groupId: string, what: string): ResourceError {
  return new ResourceError("GROUP_GONE", `group ${groupId} ${what}`, { groupId });
}

function outputsFor(inputs: ImGroupInputs, live: GroupInfo): ImGroupOutputs {
  const {
    __provider: _,
    createPending: _pending,
    ...plain
  } = inputs as ImGroupOutputs & { __provider?: unknown };
  return { ...plain, ...computedFromLive(live) };
}

/** The input part of outputs (for read's `inputs`): every input key, none of the computed ones. */
function inputsOf(outputs: ImGroupOutputs): ImGroupOutputs {
  const computed = new Set<string>(COMPUTED_OUTPUT_NAMES);
  return Object.fromEntries(
    Object.entries(outputs).filter(
      ([key]) => !computed.has(key) && key !== "__provider" && key !== "createPending",
    ),
  ) as ImGroupOutputs;
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
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => Object.hasOwn(b, key) && same(a[key], b[key]))
  );
}
