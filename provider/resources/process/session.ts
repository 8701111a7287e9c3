/**
 * Everything the dynamic-provider process keeps between the engine's calls, in one object.
 *
 * The engine starts one dynamic-provider process per command (`pulumi preview`, `up`, `refresh`,
 * `destroy`) for every dynamic resource of the stack, ImGroup and ImGroupMembers alike, and calls
 * into it resource by resource (docs/pulumi-notes.md §3.4). State that lives between those calls is
 * kept here, each part with its lifetime:
 *
 * | part | holds | from | until |
 * |---|---|---|---|
 * | `connection` | stack config, one shared client per app | `configure` | the process ends |
 * | `declaredSets` | each ImGroupMembers' declared set, by resource URN | its `check` | the process ends (a later check of the URN replaces it) |
 * | `liveReads` | a member set read from the server, by resource URN (by group for a refresh, whose outputs do not name the resource), with the fields read | its `read` (refresh) or `diff` | taken by that resource's apply, a write to the group in this process, or 60 s |
 * | `profileReads` | a group profile ImGroup read while planning, by group id, with the custom-data keys read | an adopting `check`, or a `diff` with changes to apply | taken by that group's `create` or `update`, a write to the group in this process, or 60 s |
 * | `#groupVersions` | how often this process wrote to each group ({@link ProviderSession.groupChanged}) | the first write to the group | the process ends |
 * | `freshGroups` | groups ImGroup created in this process, as created | ImGroup `create` | the group's first member step, or any other write to it in this process |
 * | `plannedGroups` | what each ImGroup check planned for its group id: create or adopt | ImGroup `check` | the process ends |
 * | `appGroupIds` | the app's group id list (is a custom id taken?) | the first new custom id checked | the process ends |
 *
 * Not part of it: where diagnostics on resources go (engine-log.ts), a property of the process
 * itself (the engine's address is its argument), which tests point elsewhere for their whole run.
 *
 * The engine behaviours this relies on, with the engine source they come from, are in
 * docs/pulumi-notes.md §3.4–§3.5. A direct test starts "a new provider process" with
 * {@link startProviderSession}.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ImClient } from "../../client/client";
import { AppGroupIds } from "./app-group-ids";
import { Connection } from "./connection";
import { DeclaredSets } from "./declared-sets";
import { FreshGroups } from "./fresh-groups";
import { GroupVersions } from "./group-versions";
import { LiveReads } from "./live-reads";
import { PlannedGroups } from "./planned-groups";
import { ProfileReads } from "./profile-reads";

/** The state of one provider process (see the module comment for each part's lifetime). */
export class ProviderSession {
  /** Stack config and the shared client. */
  readonly connection = new Connection();
  /** Declared member sets, by resource URN. */
  readonly declaredSets = new DeclaredSets();
  /** How often this process wrote to each group: the reads below answer only at the version they were taken. */
  readonly #groupVersions = new GroupVersions();
  /** Live member reads, by resource URN, for the step they were taken for. */
  readonly liveReads = new LiveReads(this.#groupVersions);
  /** Group profiles read while planning, for the create or update of the same step. */
  readonly profileReads = new ProfileReads(this.#groupVersions);
  /** Groups created by this process, for their member step. */
  readonly freshGroups = new FreshGroups();
  /** What ImGroup checks planned for each group id (create or adopt), for new member sets. */
  readonly plannedGroups = new PlannedGroups();
  /** The app's group ids, for "is this custom id taken?". */
  readonly appGroupIds = new AppGroupIds(() => this.connection.client());

  /**
   * Records that this process changed group `groupId` (its profile, owner or members): reads of it
   * taken before are no longer the truth for any later step.
   */
  groupChanged(groupId: string): void {
    this.#groupVersions.bump(groupId);
    this.freshGroups.forget(groupId);
  }
}

let current: ProviderSession | undefined;

/** The session of this provider process. */
export function providerSession(): ProviderSession {
  current ??= new ProviderSession();
  return current;
}

/**
 * Starts a new session, as a new provider process would have: nothing declared, read, created or
 * configured. Direct tests call it between "commands"; the engine never needs it (each command
 * starts a new process).
 */
export function startProviderSession(): ProviderSession {
  current = new ProviderSession();
  return current;
}

/** `configure` of both providers: the session's connection takes the stack config. */
export function configureFromPulumi(req: pulumi.dynamic.ConfigureRequest): void {
  providerSession().connection.configure(req);
}

/** The session's shared client for the configured app. */
export function imClient(): ImClient {
  return providerSession().connection.client();
}
