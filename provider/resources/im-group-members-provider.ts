/**
 * The `ImGroupMembers` dynamic provider: one group's member set. Methods in lifecycle order (check,
 * diff, create, read, update, delete). Loaded by package name from the stub in
 * im-group-members.ts, inside the dynamic-provider process only.
 *
 * Every apply plans adds/removes/modifies against the members it knows — recorded state on update,
 * nobody but the owner for a group created in this run or reported owner-only, else the live
 * members (all pages) — and records exactly what succeeded: members that failed are named in the
 * error and left out of state, so the next `up` retries only them (DESIGN.md §5).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { MemberOutcome as MemberBatchResult } from "../client/chunked-calls";
import { ImError } from "../client/errors";
import type { GroupInfo, ImportGroupMemberItem } from "../client/types";
import { UNKNOWN } from "../schemas/validator";
import { configureFromPulumi, GROUP_BASE_FIELDS, imClient, nowSeconds } from "./context";
import { takeFreshGroup } from "./fresh-groups";
import {
  type ImGroupMembersInputs,
  imGroupMembersFailures,
  type LiveMember,
  type MemberSpec,
  needsModify,
  normalizeMembers,
  planMembers,
  removalGuardViolation,
} from "./im-group-members-rules";
import { PartialFailure, withProvider } from "./partial-failure";
import { toCheckFailures } from "./secret-inputs";

/** Outputs: the inputs (members as they are on the server) plus the live member count. */
export interface ImGroupMembersOutputs extends ImGroupMembersInputs {
  /** Members of the group right now, owner and unmanaged members included. */
  memberNum: number;
}

/** Member fields read back for reconciliation and drift (API.md §6.8). */
const MEMBER_FIELDS = ["Member_Account", "Role", "NameCard", "MsgFlag"];

/** modify_group_member_info calls in flight at once (the client's rate limit still applies). */
const MODIFY_CONCURRENCY = 16;

/** The implementation behind the ImGroupMembers stub. */
export const imGroupMembersProvider = {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    configureFromPulumi(req);
  },

  async check(_olds: unknown, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    const { members, failures } = normalizeMembers(news.members);
    const declared = {
      ...news,
      mode: news.mode ?? "authoritative",
      members,
    } as unknown as ImGroupMembersInputs;
    // Rules see the members as written (a role the user gave vs the default), state the normal form.
    failures.push(...imGroupMembersFailures(declared, nowSeconds()));
    const inputs = {
      ...declared,
      // Members not known yet (computed from other outputs at preview) stay unknown.
      members:
        news.members === UNKNOWN
          ? UNKNOWN
          : Object.fromEntries(
              Object.entries(members).map(([account, spec]) => [account, normalizeSpec(spec)]),
            ),
    };
    return { inputs, failures: toCheckFailures(failures, news.secretInputs) };
  },

  async diff(
    _id: string,
    olds: ImGroupMembersOutputs,
    news: ImGroupMembersInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    const replaces = olds.groupId !== news.groupId ? ["groupId"] : [];
    // Members computed from outputs not known yet: a change, judged (and guarded) once known.
    if (typeof news.members !== "object") return { changes: true, replaces, deleteBeforeReplace: false };
    const changed = !sameJson(inputsOf(olds), inputsOf(news));
    if (replaces.length === 0 && news.mode === "authoritative") {
      // Stop a mass removal at preview, before anything runs (re-checked against live data at apply).
      const removals = Object.keys(olds.members).filter((account) => !(account in news.members)).length;
      const violation = removalGuardViolation(news, removals, olds.memberNum);
      if (violation) throw new Error(violation);
    }
    return { changes: changed || replaces.length > 0, replaces, deleteBeforeReplace: false };
  },

  async create(inputs: ImGroupMembersInputs): Promise<pulumi.dynamic.CreateResult> {
    return { id: inputs.groupId, outs: await reconcile(inputs, { creating: true }) };
  },

  async read(id: string, props: ImGroupMembersOutputs): Promise<pulumi.dynamic.ReadResult> {
    const live = await liveMembers(props.groupId ?? id);
    if (live === null) return { id: "", props: {} };
    const refreshed: ImGroupMembersOutputs = {
      ...props,
      members: membersFromLive(props, live),
      memberNum: live.size,
    };
    return { id, props: refreshed, inputs: inputsOf(refreshed) };
  },

  async update(
    _id: string,
    olds: ImGroupMembersOutputs,
    news: ImGroupMembersInputs,
  ): Promise<pulumi.dynamic.UpdateResult> {
    return { outs: await reconcile(news, { recorded: olds }) };
  },

  /**
   * Deleting the resource leaves the members in the group unless `removeMembersOnDelete` is set: a
   * rename or a move into a component is create-then-delete, and removing everyone the old resource
   * recorded would empty a group the new resource just claimed. A destroyed group loses its members
   * anyway; to remove members, declare fewer.
   */
  async delete(id: string, props: ImGroupMembersOutputs): Promise<void> {
    if (props.removeMembersOnDelete !== true) return;
    const live = await liveMembers(props.groupId ?? id);
    if (live === null) return;
    // The live owner, not the declared one: it may have changed, and listing it fails the whole
    // chunk with 10007 (API.md §7.4).
    const accounts = Object.keys(props.members ?? {}).filter(
      (a) => live.has(a) && live.get(a)!.role !== "Owner",
    );
    if (accounts.length === 0) return;
    const results = await imClient()
      .deleteGroupMembers(props.groupId ?? id, accounts)
      .catch((error: unknown) => {
        // The group is gone (e.g. destroyed with its ImGroup): its members are gone too.
        if (error instanceof ImError && error.imErrorCode === 10010) return [];
        throw error;
      });
    const failed = results.filter((result) => !result.ok && result.error?.imErrorCode !== 10010);
    if (failed.length > 0) throw new Error(describeFailures("could not remove", failed));
  },
};

/**
 * Makes the live member set match `inputs` and returns outputs that tell the truth: what failed is
 * named in a PartialFailure whose recorded state holds only what is really on the server.
 */
async function reconcile(
  inputs: ImGroupMembersInputs,
  options: { creating?: boolean; recorded?: ImGroupMembersOutputs } = {},
): Promise<Record<string, unknown>> {
  const client = imClient();
  const groupId = inputs.groupId;
  // A group ImGroup created in this same run holds only its owner: nothing to read.
  const group =
    takeFreshGroup(groupId) ?? (await client.getGroup(groupId, { GroupBaseInfoFilter: GROUP_BASE_FIELDS }));
  if (group === null) throw new Error(`group ${groupId} does not exist`);
  const live = await startingMembers(group, options.recorded);
  if (live === null) throw new Error(`group ${groupId} does not exist`);
  const plan = planMembers(inputs, live);
  const count = group.MemberNum ?? live.size;

  // Refuse before changing anything: the guard, and the group's member limit.
  const violation =
    (options.creating ? takeOverViolation(inputs, plan.remove) : undefined) ??
    removalGuardViolation(inputs, plan.remove.length, count);
  if (violation) throw new Error(violation);
  const after = count - plan.remove.length + plan.add.length;
  if (group.MaxMemberNum !== undefined && group.MaxMemberNum > 0 && after > group.MaxMemberNum) {
    throw new Error(
      `group ${groupId} would have ${after} members, over its limit of ${group.MaxMemberNum} ` +
        "(MaxMemberNum; raise maxMemberCount on the group first)",
    );
  }
  let memberNum = count;

  const failures: MemberBatchResult[] = [];
  // Removals first so a full group has room for the additions.
  const removed = await client.deleteGroupMembers(groupId, plan.remove);
  for (const result of removed) {
    if (!result.ok) failures.push(result);
    else if (live.delete(result.Member_Account)) memberNum--;
  }
  for (const result of await addMembers(inputs, plan.add)) {
    if (result.ok) {
      if (result.Result === 1) memberNum++;
      const spec = inputs.members[result.Member_Account]!;
      // Imports carry the Admin role; plain adds join as Member and are promoted below.
      live.set(result.Member_Account, { role: isImport(spec) && spec.role === "Admin" ? "Admin" : "Member" });
    } else failures.push(result);
  }
  const toModify = Object.keys(inputs.members).filter((account) => {
    const current = live.get(account);
    return (
      current !== undefined && current.role !== "Owner" && needsModify(inputs.members[account]!, current)
    );
  });
  failures.push(...(await modifyMembers(groupId, toModify, inputs.members, live)));

  const outputs = withProvider(
    { ...inputs, members: membersFromLive(inputs, live), memberNum },
    inputs as unknown as Record<string, unknown>,
  );
  if (failures.length > 0) {
    throw new PartialFailure(
      `${failures.length} member change(s) in group ${groupId} failed; the rest were applied and recorded. ` +
        describeFailures("failed", failures),
      groupId,
      outputs,
      failures.map((failure) => `${failure.Member_Account}: ${reasonOf(failure)}`),
    );
  }
  const { __provider: _, ...plain } = outputs as Record<string, unknown>;
  return plain;
}

/**
 * The members an apply starts from. An update plans from the recorded state (Pulumi's model: the
 * last apply or refresh; `up --refresh` makes it live), so changing 1% of a 10,000-member group
 * costs the member calls, not 50 pages of reads. A create reads the group's members unless the
 * group holds at most its owner: one this process just created (fresh-groups.ts), or one whose
 * get_group_info MemberNum says so.
 */
async function startingMembers(
  group: GroupInfo,
  recorded: ImGroupMembersOutputs | undefined,
): Promise<Map<string, LiveMember> | null> {
  const owner = group.Owner_Account ?? "";
  const ownerOnly = (group.MemberNum ?? 0) <= (owner ? 1 : 0);
  let members: Map<string, LiveMember> | null;
  if (recorded !== undefined && typeof recorded.members === "object") {
    members = new Map(
      Object.entries(recorded.members).map(([account, spec]) => [
        account,
        { role: spec.role ?? "Member", nameCard: spec.nameCard, msgFlag: spec.msgFlag },
      ]),
    );
  } else if (ownerOnly) {
    members = new Map();
  } else {
    members = await liveMembers(group.GroupId);
  }
  if (members !== null && owner) members.set(owner, { role: "Owner" });
  // An ownership transfer since the recorded state made the previous owner a plain member
  // (change_group_owner, API.md §7.9): plan with that, so authoritative mode can remove them.
  const previousOwner = recorded?.ownerAccount;
  if (members !== null && previousOwner && previousOwner !== owner && !members.has(previousOwner)) {
    members.set(previousOwner, { role: "Member" });
  }
  return members;
}

/**
 * Taking over a group that already has members, in authoritative mode, would remove the undeclared
 * ones — and a create's preview lists only what is added. So that needs explicit consent
 * (`allowMassRemoval`, or `maxRemovals` covering them); the message names the accounts.
 */
function takeOverViolation(inputs: ImGroupMembersInputs, removals: readonly string[]): string | undefined {
  if (inputs.mode !== "authoritative" || removals.length === 0 || inputs.allowMassRemoval === true)
    return undefined;
  if (inputs.maxRemovals !== undefined && removals.length <= inputs.maxRemovals) return undefined;
  const shown =
    removals.slice(0, 20).join(", ") + (removals.length > 20 ? ` … and ${removals.length - 20} more` : "");
  return (
    `group ${inputs.groupId} already has ${removals.length} member(s) this resource does not declare: ${shown}. ` +
    'Authoritative mode would remove them on this first apply. Declare them, use mode: "additive", ' +
    `or allow it with allowMassRemoval: true (or maxRemovals: ${removals.length}).`
  );
}

/**
 * Adds members: import_group_member for those with migration data (join time, unread count;
 * 001), add_group_member for the rest. Accounts refused as not imported (10019 fails a whole
 * chunk, API.md §2.2) are identified with account_check, and the rest of their chunk is retried.
 */
async function addMembers(inputs: ImGroupMembersInputs, accounts: string[]): Promise<MemberBatchResult[]> {
  const client = imClient();
  const imports = accounts.filter((account) => isImport(inputs.members[account]!));
  const adds = accounts.filter((account) => !isImport(inputs.members[account]!));
  const importItem = (account: string): ImportGroupMemberItem => {
    const spec = inputs.members[account]!;
    return {
      Member_Account: account,
      ...(spec.role === "Admin" && { Role: "Admin" as const }),
      ...(spec.joinTime !== undefined && { JoinTime: spec.joinTime }),
      ...(spec.unreadMsgNum !== undefined && { UnreadMsgNum: spec.unreadMsgNum }),
    };
  };
  const silence = inputs.silence === true ? { Silence: 1 as const } : {};
  const run = async (list: string[]): Promise<MemberBatchResult[]> => [
    ...(await client.importGroupMembers(
      inputs.groupId,
      list.filter((a) => imports.includes(a)).map(importItem),
    )),
    ...(await client.addGroupMembers(
      inputs.groupId,
      list.filter((a) => adds.includes(a)),
      silence,
    )),
  ];
  const first = await run([...imports, ...adds]);
  const refused = first.filter((result) => !result.ok && result.error?.imErrorCode === 10019);
  if (refused.length === 0) return first;

  const checks = await client.accountCheck(refused.map((result) => result.Member_Account));
  const missing = new Set(checks.filter((c) => c.AccountStatus === "NotImported").map((c) => c.UserID));
  const retry = refused.map((result) => result.Member_Account).filter((account) => !missing.has(account));
  const retried = new Map((await run(retry)).map((result) => [result.Member_Account, result]));
  return first.map((result) => {
    if (missing.has(result.Member_Account)) {
      return {
        ...result,
        error: new ImError("IM_API_ERROR", "account is not imported into the IM app (10019)"),
      };
    }
    return retried.get(result.Member_Account) ?? result;
  });
}

/** modify_group_member_info for each account that differs; returns the failures. */
async function modifyMembers(
  groupId: string,
  accounts: string[],
  declared: Record<string, MemberSpec>,
  live: Map<string, LiveMember>,
): Promise<MemberBatchResult[]> {
  const failures: MemberBatchResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < accounts.length) {
      const account = accounts[next++]!;
      const spec = declared[account]!;
      const current = live.get(account)!;
      try {
        await imClient().modifyGroupMemberInfo({
          GroupId: groupId,
          Member_Account: account,
          ...((spec.role ?? "Member") !== current.role && { Role: spec.role ?? "Member" }),
          ...(spec.nameCard !== undefined &&
            spec.nameCard !== (current.nameCard ?? "") && { NameCard: spec.nameCard }),
          ...(spec.msgFlag !== undefined &&
            spec.msgFlag !== current.msgFlag && { MsgFlag: spec.msgFlag as "AcceptAndNotify" }),
        });
        live.set(account, {
          role: spec.role ?? "Member",
          nameCard: spec.nameCard ?? current.nameCard,
          msgFlag: spec.msgFlag ?? current.msgFlag,
        });
      } catch (error) {
        failures.push({ Member_Account: account, Result: 0, ok: false, error: asImError(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(MODIFY_CONCURRENCY, accounts.length) }, worker));
  return failures;
}

/** All members of a group (every page), or null when the group does not exist. */
async function liveMembers(groupId: string): Promise<Map<string, LiveMember> | null> {
  try {
    const members = await imClient().listAllMembers(groupId, { MemberInfoFilter: MEMBER_FIELDS });
    return new Map(
      members.map((member) => [
        member.Member_Account,
        { role: member.Role ?? "Member", nameCard: member.NameCard, msgFlag: member.MsgFlag },
      ]),
    );
  } catch (error) {
    if (error instanceof ImError && error.imErrorCode === 10010) return null;
    throw error;
  }
}

/**
 * The `members` map as the server has it, in the inputs' terms: authoritative mode lists every
 * member but the owner (unless declared); additive mode only the declared ones present. Migration fields (join time,
 * unread count) are write-once and kept as declared; name card and message flag are read back
 * where declared.
 */
function membersFromLive(
  inputs: Pick<ImGroupMembersInputs, "members" | "mode">,
  live: ReadonlyMap<string, LiveMember>,
): Record<string, MemberSpec> {
  const out: Record<string, MemberSpec> = {};
  for (const [account, member] of live) {
    const declared = inputs.members[account];
    if (member.role === "Owner") {
      // The owner is never managed here; listed anyway (e.g. after a transfer), it is as declared.
      if (declared !== undefined) out[account] = declared;
      continue;
    }
    if (declared === undefined && inputs.mode === "additive") continue;
    out[account] = {
      ...declared,
      role: member.role,
      ...(declared?.nameCard !== undefined && { nameCard: member.nameCard ?? "" }),
      ...(declared?.msgFlag !== undefined && member.msgFlag !== undefined && { msgFlag: member.msgFlag }),
    };
  }
  return out;
}

function isImport(spec: MemberSpec): boolean {
  return spec.joinTime !== undefined || spec.unreadMsgNum !== undefined;
}

/** The stored form of a member: role always explicit, so state and program compare field by field. */
function normalizeSpec(spec: MemberSpec): MemberSpec {
  return { ...spec, role: spec.role ?? "Member" };
}

function inputsOf(values: ImGroupMembersInputs | ImGroupMembersOutputs): Record<string, unknown> {
  const {
    memberNum: _count,
    __provider: _provider,
    ...inputs
  } = values as ImGroupMembersOutputs & {
    __provider?: unknown;
  };
  return inputs;
}

function sameJson(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

function asImError(error: unknown): ImError {
  return error instanceof ImError
    ? error
    : new ImError("IM_TRANSPORT", String((error as Error)?.message ?? error));
}

function reasonOf(result: MemberBatchResult): string {
  if (result.error) return result.error.message;
  return `IM Result ${result.Result}`;
}

/** "failed: alice (reason), bob (reason) … and N more" — names every account up to a readable cap. */
function describeFailures(verb: string, failures: readonly MemberBatchResult[]): string {
  const shown = failures.slice(0, 50).map((failure) => `${failure.Member_Account} (${reasonOf(failure)})`);
  const more = failures.length > shown.length ? ` … and ${failures.length - shown.length} more` : "";
  return `${verb}: ${shown.join(", ")}${more}`;
}
