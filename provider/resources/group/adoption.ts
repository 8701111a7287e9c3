/**
 * Adoption at preview: an `ImGroup` with `adopt: true` that is new to the stack reads its live
 * group in `check`, so `pulumi preview` (and the review a pull request shows) either refuses the
 * adoption — no such group, another type — or says exactly what the first `up` writes: "adopts
 * group X: no change", or each field old → new. The first `up` converges with the same
 * modify_group_base_info / change_group_owner requests (im-group-wire.ts `modifications`), so
 * what the preview names is what is written, and a declaration equal to the live group writes
 * nothing.
 *
 * The read goes through the client's coalescing get_group_info loader (provider/client/
 * group-info-loader.ts); the engine checks one resource at a time (docs/pulumi-notes.md §3.4), so
 * at preview each adopted group costs one get_group_info call.
 */
import type { GroupInfo } from "../../client/types";
import { encodeAdoptionDiagnostic } from "../../review/adoption-diagnostic";
import { memberReportRequested } from "../../review/member-diagnostic";
import { type InputFailure, showValue, UNKNOWN } from "../../schemas/validator";
import { logOnResource } from "../process/engine-log";
import { providerSession } from "../process/session";
import { fieldRow, type ImGroupFieldName, PROFILE_FIELDS } from "./im-group-fields";
import type { ImGroupInputs } from "./im-group-rules";
import { liveValue, modifications } from "./im-group-wire";

/** One field the first `up` of an adoption changes: input name (`appDefinedData.<key>`), old, new. */
export interface AdoptionFieldChange {
  /** The input, a custom-data key as `appDefinedData.<key>`. */
  field: string;
  /** The live value (undefined: not set). */
  before: unknown;
  /** The declared value the first `up` sets ("" deletes a custom-data key). */
  after: unknown;
}

/** What `check` learnt about an adoption: the live group, its refusals, and the changes to make. */
export interface AdoptionPreview {
  /** Check failures (no such group, another type); empty when the adoption can go ahead. */
  failures: InputFailure[];
  /** The live group, when it exists. */
  live?: GroupInfo;
  /** The fields the first `up` changes, in field-table order (empty: nothing is written). */
  changes: AdoptionFieldChange[];
}

/** First words of the adoption message on the resource. */
const ADOPTION_MESSAGE_PREFIX = "adopts group ";

/**
 * Reads the group a new adopting ImGroup names and decides the adoption: failures when it cannot
 * be adopted, else the changes the first `up` makes, reported on the resource (engine-log.ts).
 * `readGroup` is the provider's own read (base fields plus the declared custom-data keys).
 * Does nothing for a resource already in state or an id not known yet.
 */
export async function previewAdoption(
  olds: Partial<ImGroupInputs>,
  news: ImGroupInputs,
  readGroup: (groupId: string, managed: Partial<ImGroupInputs>) => Promise<GroupInfo | null>,
): Promise<AdoptionPreview> {
  const groupId = news.groupId;
  if (news.adopt !== true || olds.groupId === groupId || typeof groupId !== "string" || groupId === UNKNOWN) {
    if (
      typeof groupId === "string" &&
      groupId !== UNKNOWN &&
      olds.groupId !== groupId &&
      news.adopt !== true
    ) {
      providerSession().plannedGroups.plan(groupId, "create");
    }
    return { failures: [], changes: [] };
  }
  providerSession().plannedGroups.plan(groupId, "adopt");
  const live = await readGroup(groupId, news);
  if (live === null) {
    return {
      failures: [
        {
          property: "groupId",
          reason:
            "names no existing group, so adopt: true has nothing to take over (check the id, or remove " +
            "adopt to create a new group with a custom id)",
          value: groupId,
        },
      ],
      changes: [],
    };
  }
  if ((news.type as string) !== UNKNOWN && live.Type !== news.type) {
    return {
      failures: [
        {
          property: "type",
          reason: `must be the adopted group's type: group ${groupId} is a ${live.Type} group, and a type cannot change`,
          value: news.type,
        },
      ],
      live,
      changes: [],
    };
  }
  const changes = adoptionChanges(groupId, live, news);
  const secretInputs = news.secretInputs ?? [];
  await logOnResource(news.__urn, describeAdoption(groupId, live, changes, secretInputs));
  if (memberReportRequested()) {
    // The review and drift tools asked for reports: the same change, for them to read back.
    const secret = (field: string) => secretInputs.includes(field.split(".")[0]!);
    await logOnResource(
      news.__urn,
      encodeAdoptionDiagnostic({
        groupId,
        changes: changes.map(({ field, before, after }) =>
          secret(field) ? { field, secret: true } : { field, before, after },
        ),
      }),
    );
  }
  return { failures: [], live, changes };
}

/**
 * The fields the first `up` of an adoption changes: exactly the fields of the modify_group_base_info
 * request converge sends (custom data per key), then the owner (change_group_owner).
 */
function adoptionChanges(groupId: string, live: GroupInfo, news: ImGroupInputs): AdoptionFieldChange[] {
  const changes: AdoptionFieldChange[] = [];
  const request = (modifications(groupId, live, news) ?? {}) as Record<string, unknown>;
  for (const name of PROFILE_FIELDS) {
    const row = fieldRow(name);
    const sent = request[row.wire!];
    if (sent === undefined) continue;
    if (row.keyValueMap) {
      const current = (liveValue(name, live) ?? {}) as Record<string, string>;
      for (const { Key, Value } of sent as Array<{ Key: string; Value: string }>) {
        changes.push({
          field: `${name}.${Key}`,
          before: Object.hasOwn(current, Key) ? current[Key] : undefined,
          after: Value,
        });
      }
    } else {
      changes.push({ field: name, before: liveValue(name, live), after: news[name as ImGroupFieldName] });
    }
  }
  const owner = news.ownerAccount;
  if (owner !== undefined && owner !== UNKNOWN && owner !== (live.Owner_Account ?? "")) {
    changes.push({ field: "ownerAccount", before: live.Owner_Account ?? "", after: owner });
  }
  return changes;
}

/**
 * The preview's message: `adopts group X (Public "Name"): no change, the first up writes nothing`,
 * or the fields it changes, one per line (`~ name "Old" → "New"`). Secret inputs show `[secret]`.
 */
function describeAdoption(
  groupId: string,
  live: GroupInfo,
  changes: readonly AdoptionFieldChange[],
  secretInputs: readonly string[],
): string {
  const head = `${ADOPTION_MESSAGE_PREFIX}${groupId} (${live.Type} ${JSON.stringify(live.Name ?? "")})`;
  if (changes.length === 0) return `${head}: no change, the first up writes nothing to it`;
  const secret = (field: string) => secretInputs.includes(field.split(".")[0]!);
  const shown = (field: string, value: unknown) =>
    secret(field) ? "[secret]" : value === undefined ? "(not set)" : showValue(value);
  return [
    `${head}: the first up changes ${changes.length} field${changes.length === 1 ? "" : "s"}`,
    ...changes.map(
      ({ field, before, after }) =>
        `~ ${field} ${shown(field, before)} → ${after === "" && field.includes(".") ? "(deleted)" : shown(field, after)}`,
    ),
  ].join("\n");
}
