/**
 * The `ImGroupMembers` dynamic provider: one group's member set. Methods in lifecycle order (check,
 * diff, create, read, update, delete). Loaded by package name from the stub in
 * im-group-members.ts, inside the dynamic-provider process only.
 *
 * State holds summaries, never the accounts (member-set.ts): `check` keeps the declared set for the
 * calls that follow it in this process (process/declared-sets.ts); every apply plans against the live group
 * (one read — nobody but the owner for a group created in this run) and records exactly what
 * succeeded: members that failed are named in the error, and the recorded summary says the group
 * differs from the declaration, so the next `up` retries only them (docs/pulumi-notes.md §5).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { MemberOutcome } from "../../client/chunked-calls";
import { ImError } from "../../client/errors";
import { estimateMemberEntryBytes } from "../../client/group-members-read";
import { ACCOUNT_NOT_IMPORTED, GROUP_NOT_FOUND } from "../../client/im-codes";
import type { GroupInfo, ImportGroupMemberItem, ModifyGroupMemberInfoRequest } from "../../client/types";
import type { MemberChanges, Origin } from "../../review/model";
import { type InputFailure, UNKNOWN } from "../../schemas/validator";
import { GROUP_BASE_FIELDS } from "../group/im-group-fields";
import { nowSeconds } from "../process/connection";
import type { DeclaredEntry } from "../process/declared-sets";
import { configureFromPulumi, imClient, providerSession } from "../process/session";
import { ResourceError } from "../shared/errors";
import { PartialFailure, withProvider } from "../shared/partial-failure";
import { toCheckFailures } from "../shared/secret-inputs";
import { DECLARED_SCALAR_FIELDS, MEMBER_FIELD_NAMES, MEMBER_FIELDS } from "./im-group-members-fields";
import {
  copyLive,
  type ImGroupMembersInputs,
  type ImGroupMembersOutputs,
  inputFailures,
  memberSetFailures,
  parseDeclaredMembers,
  planMembers,
  removalGuardViolation,
  takeOverViolation,
} from "./im-group-members-rules";
import { memberChanges, reportMemberChanges } from "./member-report";
import {
  canonicalText,
  compareCodeUnits,
  declaredSummary,
  fieldMaskOf,
  type LiveMember,
  type LiveMembers,
  liveFingerprint,
  liveMembersOf,
  liveValue,
  type MemberSet,
  type MemberSpec,
  managedSummary,
  memberDataKeysOf,
  summaryOf,
  toKeyValues,
} from "./member-set";
import { previewTakeOver, TAKE_OVER_VERB } from "./member-takeover";
import { migrateMembersState, v1MemberSet } from "./members-state-v1";
import { storedMembersOutputs } from "./members-state-v2";

/** Inputs besides the member set whose change is an update (recorded; the guards use them). */
const OTHER_INPUTS = [
  "mode",
  "maxRemovals",
  "maxRemovalShare",
  "allowMassRemoval",
  "removeMembersOnDelete",
  "declaredAccounts",
  "silence",
  "memberFields",
  "groupType",
  "ownerAccount",
  "maxMemberCount",
  "groupCreateTime",
  "secretInputs",
] as const satisfies ReadonlyArray<keyof ImGroupMembersInputs>;

/** Outputs that are not inputs. */
const OUTPUT_ONLY = ["declared", "memberNum", "liveFingerprint", "unapplied", "memberListBytes"] as const;

/** modify_group_member_info calls in flight at once (the client's rate limit still applies). */
const MODIFY_CONCURRENCY = 16;

/** Accounts named in an error or in `unapplied`. */
const NAMED_FAILURES = 50;

/** The implementation behind the ImGroupMembers stub. */
export const imGroupMembersProvider = {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    configureFromPulumi(req);
  },

  /**
   * `raw.members` is the list the class encoded (program-members.ts); state gets its summary. With
   * `ignoreChanges: ["members"]` the engine gives the *recorded* summary instead
   * (docs/pulumi-notes.md §3.5): the members are then left as they are, and the summary stands.
   */
  async check(
    olds: Partial<ImGroupMembersInputs>,
    raw: ImGroupMembersInputs,
  ): Promise<pulumi.dynamic.CheckResult<ImGroupMembersInputs>> {
    const base = { ...raw, mode: raw.mode ?? "authoritative" } as ImGroupMembersInputs & { members: unknown };
    const session = providerSession();
    if (raw.members === UNKNOWN) {
      // Members computed from outputs not known yet: checked at `up`, once known.
      const inputs = { ...base, members: UNKNOWN, memberFields: [] } as ImGroupMembersInputs;
      return { inputs, failures: toCheckFailures(inputFailures(inputs), raw.secretInputs) };
    }
    if (olds.members !== undefined && same(raw.members, olds.members)) {
      const inputs: ImGroupMembersInputs = {
        ...base,
        members: olds.members,
        memberFields: olds.memberFields ?? [],
        ...(olds.declaredAccounts !== undefined && { declaredAccounts: olds.declaredAccounts }),
      };
      const failures = [...inputFailures(inputs), ...modeConflicts(inputs)];
      if (failures.length === 0) session.declaredSets.keep(raw.__urn ?? "", declaredEntry(inputs, undefined));
      return { inputs, failures: toCheckFailures(failures, raw.secretInputs) };
    }
    const parsed =
      typeof raw.members === "string"
        ? parseDeclaredMembers(raw.members)
        : {
            members: new Map() as MemberSet,
            failures: [{ property: "members", reason: "must be a list of members", value: raw.members }],
          };
    const canonical = canonicalText(parsed.members);
    const summary = declaredSummary(parsed.members, canonical);
    const inputs: ImGroupMembersInputs = {
      ...base,
      members: summary,
      memberFields: fieldMaskOf(parsed.members),
      ...(base.mode === "additive" &&
        base.removeMembersOnDelete === true && {
          declaredAccounts: [...parsed.members.keys()].sort(compareCodeUnits),
        }),
    };
    const failures = [
      ...parsed.failures,
      ...inputFailures(inputs),
      ...memberSetFailures(inputs, parsed.members, nowSeconds()),
      ...modeConflicts(inputs),
    ];
    if (failures.length === 0 && olds.groupId === undefined) {
      // A new member set: compared with the live group unless this command creates the group, and
      // the take-over guard applied now, before anything is written (member-takeover.ts).
      const takeOver = await previewTakeOver(inputs, parsed.members, async (id) => {
        const fields = readFields(inputs);
        // Made in `check`, one resource at a time: nothing can join it, so it goes at once.
        const read = await readLive(id, fields, undefined, true);
        // The create of this step plans from this read (process/live-reads.ts).
        if (read !== null) session.liveReads.keep(raw.__urn, id, read, fields);
        return read;
      });
      const changes = takeOver.changes ?? memberChanges(parsed.members, new Map(), inputs.mode);
      // What it adds must exist: named now, not met as 10019 at `up`.
      failures.push(
        ...takeOver.failures,
        ...(await notImportedFailures(changes.added.map((entry) => entry.account))),
      );
      if (failures.length === 0) {
        // Against the live group, or else everything declared is added.
        await report(inputs, changes, takeOver.changes !== undefined ? TAKE_OVER_VERB : "declares");
      }
    }
    if (failures.length === 0) session.declaredSets.keep(raw.__urn ?? "", declaredEntry(inputs, canonical));
    return { inputs, failures: toCheckFailures(failures, raw.secretInputs) };
  },

  /**
   * Plans compare the declaration `check` just kept for this resource with the live group. The
   * engine also calls diff where this process checked nothing for the resource — after a refresh,
   * with the *recorded* inputs as `news` (docs/pulumi-notes.md §3.5) — and then the summaries are
   * compared: nothing to read, report or guard, because nothing will be applied.
   */
  async diff(
    _id: string,
    recorded: ImGroupMembersOutputs,
    rawNews: ImGroupMembersInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    const olds = migrateMembersState(recorded);
    const news = migrateMembersState(rawNews as ImGroupMembersOutputs);
    const replaces = olds.groupId !== news.groupId ? ["groupId"] : [];
    if (news.members === UNKNOWN) return { changes: true, replaces, deleteBeforeReplace: false };
    const others = OTHER_INPUTS.some((key) => !same(olds[key], news[key]));
    const session = providerSession();
    const entry = session.declaredSets.entry(news.__urn, news.members);
    if (entry === undefined) {
      return {
        changes: replaces.length > 0 || others || olds.members !== news.members,
        replaces,
        deleteBeforeReplace: false,
      };
    }
    // ignoreChanges: ["members"]: the members are not this command's business.
    if (entry.canonical === undefined) {
      return { changes: replaces.length > 0 || others, replaces, deleteBeforeReplace: false };
    }
    const declaredChanged = olds.declared !== news.members;
    const liveDiffers = olds.members !== olds.declared;
    if (replaces.length > 0 || (!declaredChanged && !liveDiffers)) {
      return { changes: replaces.length > 0 || others, replaces, deleteBeforeReplace: false };
    }
    // The declaration changed, or the group no longer matches it: compare with the live group.
    const declared = session.declaredSets.members(news.__urn, news.members)!;
    const fields = readFields(news, olds);
    let live = session.liveReads.peek(news.__urn, news.groupId, fields);
    if (live === undefined) {
      const read = await readLive(news.groupId, fields, olds);
      if (read === null) return { changes: true, replaces, deleteBeforeReplace: false };
      // The apply of this step plans from this read (process/live-reads.ts).
      session.liveReads.keep(news.__urn, news.groupId, read, fields);
      live = read.members;
    }
    const origin: Origin = !liveDiffers ? "pending" : !declaredChanged ? "outside" : "unknown";
    const changes = memberChanges(declared, live, news.mode, origin);
    // Accounts the apply would add must exist: say so now, not with 10019 at `up`.
    const missing = await notImportedFailures(changes.added.map((entry) => entry.account));
    if (missing.length > 0) {
      throw new ResourceError("ACCOUNT_NOT_IMPORTED", `group ${news.groupId}: ${missing[0]!.reason}`, {
        groupId: news.groupId,
      });
    }
    if (news.mode === "authoritative") {
      const violation = removalGuardViolation(news, changes.removed.length, live.size);
      // A program change over the guard stops at preview, before anything runs. Drift — the group
      // changed outside and the declaration did not — is reported as drift: the drift and review
      // commands must show it, and the apply (up --refresh) re-checks the guard before any change.
      if (violation && origin !== "outside") {
        throw new ResourceError("REMOVAL_GUARD", violation, { groupId: news.groupId });
      }
      if (violation) changes.notes.push(`up --refresh would stop here: ${violation}`);
    }
    const memberChange = changes.added.length + changes.removed.length + changes.changed.length > 0;
    if (memberChange || declaredChanged) await report(news, changes, "would change");
    return { changes: memberChange || declaredChanged || others, replaces, deleteBeforeReplace: false };
  },

  async create(inputs: ImGroupMembersInputs): Promise<pulumi.dynamic.CreateResult<ImGroupMembersOutputs>> {
    return { id: inputs.groupId, outs: await reconcile(inputs, { creating: true }) };
  },

  async read(
    id: string,
    recorded?: ImGroupMembersOutputs,
  ): Promise<pulumi.dynamic.ReadResult<ImGroupMembersOutputs>> {
    const props = migrateMembersState(recorded ?? ({ groupId: id } as ImGroupMembersOutputs));
    const groupId = props.groupId ?? id;
    const fields = readFields(props);
    const read = await readLive(groupId, fields, props);
    if (read === null) return { id: "", props: {} as ImGroupMembersOutputs };
    const session = providerSession();
    session.liveReads.keep(props.__urn, groupId, read, fields);
    const fingerprint = liveFingerprint(read.members, props.memberFields ?? []);
    // The declaration last applied, when this process checked it (a refresh after check), tells
    // exactly how the group compares; without it, the fingerprint tells whether anything changed.
    const declared = session.declaredSets.members(props.__urn, props.declared) ?? v1MemberSet(recorded ?? {});
    const members =
      declared !== undefined
        ? managedSummary(read.members, declared, props.mode)
        : fingerprint === props.liveFingerprint
          ? props.members
          : changedOutside(read.members, fingerprint);
    const refreshed: ImGroupMembersOutputs = {
      ...props,
      members,
      memberNum: read.info.MemberNum ?? read.members.size,
      liveFingerprint: fingerprint,
      memberListBytes: read.bytes,
    };
    return { id, props: storedMembersOutputs(refreshed), inputs: inputsOf(refreshed) };
  },

  async update(
    _id: string,
    recorded: ImGroupMembersOutputs,
    news: ImGroupMembersInputs,
  ): Promise<pulumi.dynamic.UpdateResult<ImGroupMembersOutputs>> {
    const previous = migrateMembersState(recorded);
    const entry = providerSession().declaredSets.entry(news.__urn, news.members);
    if (entry !== undefined && entry.canonical === undefined) {
      // ignoreChanges: ["members"]: record the other inputs; the members stay as they are.
      const { __provider: _, ...plain } = news as ImGroupMembersInputs & { __provider?: unknown };
      return { outs: { ...previous, ...plain, members: previous.members } };
    }
    return { outs: await reconcile(news, { previous }) };
  },

  /**
   * Deleting the resource leaves the members in the group unless `removeMembersOnDelete` is set.
   * Even then, members that a set of the current program declares on the group stay: a replacement
   * (`--replace`, a changed group id) or a rename without alias creates the new resource first and
   * deletes the old one at the end of the same `up`, in this process, after the new one's check
   * (docs/pulumi-notes.md §3.5) — removing them would empty the group the new resource just took
   * over. A destroyed group loses its members anyway; to remove members, declare fewer.
   */
  async delete(id: string, recorded: ImGroupMembersOutputs): Promise<void> {
    const props = migrateMembersState(recorded);
    if (props.removeMembersOnDelete !== true) return;
    const groupId = props.groupId ?? id;
    const read = await readLive(groupId, readFields(props), props);
    if (read === null) return;
    const session = providerSession();
    const claimed = session.declaredSets.claimedOn(groupId);
    // The live owner, not the declared one: it may have changed, and listing it fails the whole
    // chunk with 10007 (docs/api-reference.md §7.4).
    const managed = props.mode === "additive" ? new Set(props.declaredAccounts ?? []) : undefined;
    const accounts = [...read.members]
      .filter(
        ([account, member]) =>
          member.role !== "Owner" && (managed === undefined || managed.has(account)) && !claimed.has(account),
      )
      .map(([account]) => account);
    if (accounts.length === 0) return;
    session.groupChanged(groupId);
    const results = await imClient()
      .deleteGroupMembers(groupId, accounts)
      .catch((error: unknown) => {
        // The group is gone (e.g. destroyed with its ImGroup): its members are gone too.
        if (error instanceof ImError && error.imErrorCode === GROUP_NOT_FOUND) return [];
        throw error;
      });
    const failed = results.filter((result) => !result.ok && result.error?.imErrorCode !== GROUP_NOT_FOUND);
    if (failed.length > 0) throw new Error(describeFailures("could not remove", failed));
  },
} satisfies pulumi.dynamic.ResourceProvider<ImGroupMembersInputs, ImGroupMembersOutputs>;

/** What a check keeps for a resource: its summary, group, mode and (unless ignored) its set. */
function declaredEntry(inputs: ImGroupMembersInputs, canonical: string | undefined): DeclaredEntry {
  return {
    summary: inputs.members,
    groupId: typeof inputs.groupId === "string" && inputs.groupId !== UNKNOWN ? inputs.groupId : undefined,
    mode: inputs.mode,
    canonical,
  };
}

/**
 * Two member sets on one group compose only when both are additive: an authoritative set removes
 * whatever it does not declare, so with another set on the group every `up` would either refuse
 * (the take-over guard) or remove and re-add the other set's members on alternate runs. Refused at
 * preview, naming both resources (as far as this process has checked them: the sets of one program).
 */
function modeConflicts(inputs: ImGroupMembersInputs): InputFailure[] {
  const groupId = declaredEntry(inputs, undefined).groupId;
  if (groupId === undefined) return [];
  const conflicts = providerSession()
    .declaredSets.othersOn(groupId, inputs.__urn)
    .filter(({ entry }) => entry.mode === "authoritative" || inputs.mode === "authoritative");
  return conflicts.map(({ urn, entry }) => ({
    property: "mode",
    reason:
      `group ${groupId} already has its members declared by ImGroupMembers "${resourceName(urn)}" ` +
      `(${entry.mode}); this resource ("${resourceName(inputs.__urn ?? "")}", ${inputs.mode}) declares them too. ` +
      "An authoritative set removes every member it does not declare, so it must be the only set on its " +
      'group: merge the two lists into one resource, or make both mode: "additive"',
    value: inputs.mode,
  }));
}

/** A resource's name, the last part of its URN. */
function resourceName(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/**
 * Accounts not imported into the app, as check failures (account_check, 100 accounts a call,
 * coalesced across the sets of a command, and accounts once seen imported are not asked again:
 * client.checkAccount). 10, 1,000 and 10,000 new accounts cost 1, 10 and 100 calls.
 */
async function notImportedFailures(accounts: readonly string[]): Promise<InputFailure[]> {
  if (accounts.length === 0) return [];
  const client = imClient();
  const results = await Promise.all(accounts.map((account) => client.checkAccount(account)));
  const missing = results.filter((result) => result.AccountStatus === "NotImported").map((r) => r.UserID);
  if (missing.length === 0) return [];
  const shown = missing.slice(0, NAMED_FAILURES).map((account) => JSON.stringify(account));
  const more = missing.length > shown.length ? ` … and ${missing.length - shown.length} more` : "";
  return [
    {
      property: "members",
      reason:
        `${missing.length} account(s) are not imported into the IM app (account_check: NotImported), ` +
        `so they cannot join group(s): ${shown.join(", ")}${more}. Import them first (multiaccount_import)`,
      value: missing.length,
    },
  ];
}

/** The member fields a read must fetch: those the declaration manages, and those the previous one did. */
function readFields(
  managed: Pick<ImGroupMembersInputs, "memberFields">,
  previous?: Partial<Pick<ImGroupMembersOutputs, "memberFields">>,
): string[] {
  return [...new Set([...(managed.memberFields ?? []), ...(previous?.memberFields ?? [])])];
}

/** The declared set `check` kept for these inputs; its absence is an internal fault, never "empty". */
function declaredSetOf(inputs: ImGroupMembersInputs): MemberSet {
  const declared = providerSession().declaredSets.members(inputs.__urn, inputs.members);
  if (declared === undefined) {
    throw new ResourceError(
      "MEMBERS_MISSING",
      `the declared members of group ${inputs.groupId} (${inputs.members}) were not checked in this provider ` +
        "process, so nothing was changed; run the command again",
      { groupId: inputs.groupId },
    );
  }
  return declared;
}

/**
 * Makes the live member set match the declaration and returns outputs that tell the truth: what
 * failed is named in a PartialFailure whose recorded summary is the set really on the server.
 */
async function reconcile(
  inputs: ImGroupMembersInputs,
  options: { creating?: boolean; previous?: ImGroupMembersOutputs },
): Promise<ImGroupMembersOutputs> {
  const client = imClient();
  const session = providerSession();
  const groupId = inputs.groupId;
  const declared = declaredSetOf(inputs);
  const fields = readFields(inputs, options.previous);
  // A group ImGroup created in this same run holds only its owner: nothing to read.
  const fresh = session.freshGroups.take(groupId);
  // Else the read this step's diff (or refresh) made a moment ago for this resource, if the group
  // has not changed since, else a read now.
  const read = fresh
    ? { info: fresh, members: ownerOnly(fresh) }
    : (session.liveReads.take(inputs.__urn, groupId, fields) ??
      (await readLive(groupId, fields, options.previous)));
  if (read === null) {
    throw new ResourceError("GROUP_GONE", `group ${groupId} does not exist`, { groupId });
  }
  const live = copyLive(read.members);
  const plan = planMembers(declared, live, inputs.mode);
  const count = read.info.MemberNum ?? live.size;

  // Refuse before changing anything: the guards, and the group's member limit.
  const takeOver = options.creating ? takeOverViolation(inputs, plan.remove) : undefined;
  if (takeOver) throw new ResourceError("TAKEOVER_GUARD", takeOver, { groupId });
  const guard = removalGuardViolation(inputs, plan.remove.length, count);
  if (guard) throw new ResourceError("REMOVAL_GUARD", guard, { groupId });
  const after = count - plan.remove.length + plan.add.length;
  const limit = read.info.MaxMemberNum;
  if (limit !== undefined && limit > 0 && after > limit) {
    throw new ResourceError(
      "MEMBER_LIMIT",
      `group ${groupId} would have ${after} members, over its limit of ${limit} ` +
        "(MaxMemberNum; raise maxMemberCount on the group first)",
      { groupId },
    );
  }
  let memberNum = count;
  // From here the group changes: no read taken before answers for another step.
  session.groupChanged(groupId);

  const failures: MemberOutcome[] = [];
  // Removals first so a full group has room for the additions.
  for (const result of await client.deleteGroupMembers(groupId, plan.remove)) {
    if (!result.ok) failures.push(result);
    else if (live.delete(result.Member_Account)) memberNum--;
  }
  let added = 0;
  for (const result of await addMembers(inputs, declared, plan.add)) {
    if (result.ok) {
      if (result.Result === 1) memberNum++;
      added++;
      const spec = declared.get(result.Member_Account)!;
      // Imports carry the Admin role; plain adds join as Member and are promoted below.
      live.set(result.Member_Account, { role: isImport(spec) && spec.role === "Admin" ? "Admin" : "Member" });
    } else failures.push(result);
  }
  const droppedKeys = droppedDataKeys(options.previous?.memberFields, inputs.memberFields);
  const toModify = [...declared.keys()].filter((account) => {
    const current = live.get(account);
    return (
      current !== undefined &&
      current.role !== "Owner" &&
      modifyRequest(groupId, account, declared.get(account)!, current, droppedKeys) !== undefined
    );
  });
  // Members with a key no declaration names any more lose it (the previous apply managed it).
  if (droppedKeys.length > 0) {
    for (const [account, member] of live) {
      if (
        !declared.has(account) &&
        member.role !== "Owner" &&
        droppedKeys.some((key) => member.appMemberDefinedData?.has(key))
      ) {
        toModify.push(account);
      }
    }
  }
  failures.push(...(await modifyMembers(groupId, toModify, declared, live, droppedKeys)));

  // A member just added has, for a field the server defaults without saying to what (msgFlag,
  // docs/api-reference.md §6.8), a value this apply never saw: the record must be what the next
  // read finds, so read the group back once (shared with other applies' reads by the client).
  if (added > 0 && inputs.memberFields.some(hasUndocumentedDefault)) {
    const back = await readLive(groupId, fields, {
      memberListBytes: estimatedListBytes(live, inputs),
      memberNum,
    });
    if (back !== null) {
      live.clear();
      for (const [account, member] of back.members) live.set(account, member);
      memberNum = back.info.MemberNum ?? back.members.size;
    }
  }

  const outputs = outputsFor(inputs, declared, live, memberNum, failures);
  if (failures.length > 0) {
    throw new PartialFailure(
      `${failures.length} member change(s) in group ${groupId} failed; the rest were applied and recorded. ` +
        describeFailures("failed", failures),
      groupId,
      withProvider({ ...outputs }, inputs),
      failures.map((failure) => `${failure.Member_Account}: ${reasonOf(failure)}`),
    );
  }
  return outputs;
}

/** The outputs after an apply: the declaration, and the live set as the apply left it. */
function outputsFor(
  inputs: ImGroupMembersInputs,
  declared: MemberSet,
  live: LiveMembers,
  memberNum: number,
  failures: readonly MemberOutcome[],
): ImGroupMembersOutputs {
  const { __provider: _, ...plain } = inputs as ImGroupMembersInputs & { __provider?: unknown };
  // Stored without what can be derived (members-state-v2.ts).
  return storedMembersOutputs({
    ...plain,
    members: failures.length === 0 ? inputs.members : managedSummary(live, declared, inputs.mode),
    declared: inputs.members,
    memberNum,
    liveFingerprint: liveFingerprint(live, inputs.memberFields),
    memberListBytes: estimatedListBytes(live, inputs),
    ...(failures.length > 0 && { unapplied: failures.slice(0, NAMED_FAILURES).map((f) => f.Member_Account) }),
  });
}

/** True for a member field the server fills in with a default it does not document (no `unset`). */
function hasUndocumentedDefault(field: string): boolean {
  // A mask entry may be `appMemberDefinedData.<any key>`: only the table's own names are rows.
  if (!Object.hasOwn(MEMBER_FIELDS, field)) return false;
  const row = MEMBER_FIELDS[field as keyof typeof MEMBER_FIELDS] as { unset?: unknown; apply: string };
  return row.apply === "modify" && row.unset === undefined;
}

/** A group with only its owner (one this process just created). */
function ownerOnly(group: GroupInfo): LiveMembers {
  const owner = group.Owner_Account ?? "";
  return new Map(owner ? [[owner, { role: "Owner" } satisfies LiveMember]] : []);
}

/**
 * The group's base info and live members, reading the member fields the declaration manages (and
 * those the previous one did, so dropped custom-data keys can be deleted), or null when the group
 * does not exist. Reads of many groups share get_group_info calls, packed under the 1 MB answer
 * limit by the size the last read recorded (client/group-members-read.ts).
 */
async function readLive(
  groupId: string,
  fields: readonly string[],
  previous?: Partial<Pick<ImGroupMembersOutputs, "memberListBytes" | "memberNum">>,
  now = false,
): Promise<{ info: GroupInfo; members: LiveMembers; bytes: number } | null> {
  const read = await imClient().getGroupWithMembers(groupId, {
    now,
    baseFields: GROUP_BASE_FIELDS,
    memberFields: memberWireFields(fields),
    ...(memberDataKeysOf(fields).length > 0 && { memberDataKeys: memberDataKeysOf(fields) }),
    ...(previous?.memberListBytes !== undefined && { expectedBytes: previous.memberListBytes }),
    ...(previous?.memberNum !== undefined && { expectedMembers: previous.memberNum }),
  });
  return read === null ? null : { info: read.info, members: liveMembersOf(read.members), bytes: read.bytes };
}

/** The MemberInfoFilter for a field mask: the role always, and each managed field's wire name. */
function memberWireFields(fields: readonly string[]): string[] {
  return [
    "Role",
    ...MEMBER_FIELD_NAMES.filter((name) => fields.includes(name)).map((name) => MEMBER_FIELDS[name].wire),
  ];
}

/** The answer size of a member list the provider knows without reading it (after an apply). */
function estimatedListBytes(live: LiveMembers, inputs: ImGroupMembersInputs): number {
  const wire = memberWireFields(inputs.memberFields);
  if (memberDataKeysOf(inputs.memberFields).length > 0) wire.push("AppMemberDefinedData");
  let bytes = GROUP_ENTRY_BYTES;
  for (const account of live.keys()) bytes += estimateMemberEntryBytes(account, wire);
  return bytes;
}

/** A generous allowance for a get_group_info entry's base fields. */
const GROUP_ENTRY_BYTES = 1024;

/** A refresh's summary when the group changed and the declaration is not at hand. */
function changedOutside(live: LiveMembers, fingerprint: string): string {
  const count = [...live.values()].filter((member) => member.role !== "Owner").length;
  return `${summaryOf(count, fingerprint)} (changed since the last update)`;
}

/** Custom-data keys the previous declaration managed and this one does not (deleted from members). */
function droppedDataKeys(previous: readonly string[] | undefined, current: readonly string[]): string[] {
  const now = new Set(memberDataKeysOf(current));
  return memberDataKeysOf(previous ?? []).filter((key) => !now.has(key));
}

/**
 * Adds members: import_group_member for those with migration data (join time, unread count;
 * 001), add_group_member for the rest. Accounts refused as not imported (10019 fails a whole
 * chunk, docs/api-reference.md §2.2) are identified with account_check, and the rest of their
 * chunk is retried.
 */
async function addMembers(
  inputs: ImGroupMembersInputs,
  declared: MemberSet,
  accounts: string[],
): Promise<MemberOutcome[]> {
  const client = imClient();
  const imports = new Set(accounts.filter((account) => isImport(declared.get(account)!)));
  const importItem = (account: string): ImportGroupMemberItem => {
    const spec = declared.get(account)!;
    return {
      Member_Account: account,
      ...(spec.role === "Admin" && { Role: "Admin" as const }),
      ...(spec.joinTime !== undefined && { JoinTime: spec.joinTime }),
      ...(spec.unreadMsgNum !== undefined && { UnreadMsgNum: spec.unreadMsgNum }),
    };
  };
  const silence = inputs.silence === true ? { Silence: 1 as const } : {};
  const run = async (list: string[]): Promise<MemberOutcome[]> => [
    ...(await client.importGroupMembers(inputs.groupId, list.filter((a) => imports.has(a)).map(importItem))),
    ...(await client.addGroupMembers(
      inputs.groupId,
      list.filter((a) => !imports.has(a)),
      silence,
    )),
  ];
  const first = await run(accounts);
  const refused = first.filter((result) => !result.ok && result.error?.imErrorCode === ACCOUNT_NOT_IMPORTED);
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

/**
 * The modify_group_member_info request that makes a present member match its declaration (only
 * what differs, per the member field table), or undefined when it already does.
 */
function modifyRequest(
  groupId: string,
  account: string,
  spec: MemberSpec | undefined,
  live: LiveMember,
  droppedKeys: readonly string[],
): ModifyGroupMemberInfoRequest | undefined {
  const request: ModifyGroupMemberInfoRequest = { GroupId: groupId, Member_Account: account };
  let changed = false;
  if (spec !== undefined) {
    const role = spec.role ?? "Member";
    if (role !== live.role) {
      request.Role = role;
      changed = true;
    }
    for (const field of DECLARED_SCALAR_FIELDS) {
      const value = spec[field];
      if (value === undefined || value === liveValue(live, field)) continue;
      // The check narrowed the value to what the row allows (an enum's values).
      (request as unknown as Record<string, string>)[MEMBER_FIELDS[field].wire] = value;
      changed = true;
    }
  }
  const data = new Map<string, string>();
  for (const [key, value] of spec?.appMemberDefinedData ?? []) {
    const current = live.appMemberDefinedData?.get(key);
    // An empty Value deletes a key (docs/api-reference.md §7.7).
    if (value === null) {
      if (current !== undefined) data.set(key, "");
    } else if (current !== value) data.set(key, value);
  }
  for (const key of droppedKeys) {
    if (live.appMemberDefinedData?.has(key) && !spec?.appMemberDefinedData?.has(key)) data.set(key, "");
  }
  if (data.size > 0) {
    request.AppMemberDefinedData = toKeyValues(data);
    changed = true;
  }
  return changed ? request : undefined;
}

/** modify_group_member_info for each account that differs; returns the failures. */
async function modifyMembers(
  groupId: string,
  accounts: string[],
  declared: MemberSet,
  live: LiveMembers,
  droppedKeys: readonly string[],
): Promise<MemberOutcome[]> {
  const failures: MemberOutcome[] = [];
  const client = imClient();
  let next = 0;
  const worker = async () => {
    while (next < accounts.length) {
      const account = accounts[next++]!;
      const spec = declared.get(account);
      const current = live.get(account)!;
      const request = modifyRequest(groupId, account, spec, current, droppedKeys);
      if (request === undefined) continue;
      try {
        await client.modifyGroupMemberInfo(request);
        live.set(account, applied(current, request));
      } catch (error) {
        failures.push({ Member_Account: account, Result: 0, ok: false, error: asImError(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(MODIFY_CONCURRENCY, accounts.length) }, worker));
  return failures;
}

/** A live member after a successful modify_group_member_info. */
function applied(member: LiveMember, request: ModifyGroupMemberInfoRequest): LiveMember {
  const data = new Map(member.appMemberDefinedData);
  for (const { Key, Value } of request.AppMemberDefinedData ?? []) {
    if (Value === "") data.delete(Key);
    else data.set(Key, Value);
  }
  const after: LiveMember = { role: request.Role ?? member.role };
  for (const field of DECLARED_SCALAR_FIELDS) {
    const sent = (request as unknown as Record<string, string | undefined>)[MEMBER_FIELDS[field].wire];
    const value = sent ?? member[field];
    if (value !== undefined) after[field] = value;
  }
  if (data.size > 0 || member.appMemberDefinedData) after.appMemberDefinedData = data;
  return after;
}

/** Reports a member change on the resource; a secret member set shows counts only. */
async function report(inputs: ImGroupMembersInputs, changes: MemberChanges, verb: string): Promise<void> {
  const secret = inputs.secretInputs?.includes("members") === true;
  await reportMemberChanges(inputs.__urn, inputs.groupId, changes, { verb, secret });
}

function isImport(spec: MemberSpec): boolean {
  return spec.joinTime !== undefined || spec.unreadMsgNum !== undefined;
}

/** The input part of outputs (for read's `inputs`). */
function inputsOf(outputs: ImGroupMembersOutputs): ImGroupMembersOutputs {
  const hidden = new Set<string>([...OUTPUT_ONLY, "__provider"]);
  return Object.fromEntries(
    Object.entries(outputs).filter(([key]) => !hidden.has(key)),
  ) as ImGroupMembersOutputs;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function asImError(error: unknown): ImError {
  return error instanceof ImError
    ? error
    : new ImError("IM_TRANSPORT", String((error as Error)?.message ?? error));
}

function reasonOf(result: MemberOutcome): string {
  if (result.error) return result.error.message;
  return `IM Result ${result.Result}`;
}

/** "failed: "alice" (reason), "bob" (reason) … and N more" — names accounts up to a readable cap. */
function describeFailures(verb: string, failures: readonly MemberOutcome[]): string {
  const shown = failures
    .slice(0, NAMED_FAILURES)
    .map((failure) => `${JSON.stringify(failure.Member_Account)} (${reasonOf(failure)})`);
  const more = failures.length > shown.length ? ` … and ${failures.length - shown.length} more` : "";
  return `${verb}: ${shown.join(", ")}${more}`;
}
