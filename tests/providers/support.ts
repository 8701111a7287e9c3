/**
 * Program inputs as the resource classes register them, for the direct provider tests: the classes
 * themselves need a Pulumi runtime, so these build the same inputs from plain args (members encoded
 * by the class's own encoder, custom data as pairs, the group's facts copied as `group` would).
 */
import {
  encodeProgramMembers,
  type ProgramMembers,
} from "@imgroups/tencentcloud-im/resources/members/program-members";

/** What a program writes for an ImGroupMembers (plain values only). */
export interface MembersArgs {
  groupId: string;
  members: unknown[];
  mode?: "authoritative" | "additive";
  groupType?: string;
  ownerAccount?: string;
  maxMemberCount?: number;
  groupCreateTime?: number;
  maxRemovals?: number;
  maxRemovalShare?: number;
  allowMassRemoval?: boolean;
  removeMembersOnDelete?: boolean;
  silence?: boolean;
  secretInputs?: string[];
}

/** The inputs the ImGroupMembers class registers for `args`. */
export function membersInputs(args: MembersArgs): Record<string, unknown> {
  return { ...args, members: encodeProgramMembers(args.members as ProgramMembers) };
}

/** The inputs the ImGroup class registers for `args` (custom-data maps as pairs). */
export function groupInputs(args: Record<string, unknown>): Record<string, unknown> {
  const inputs: Record<string, unknown> = { groupIdAutoNamed: args.groupId === undefined, ...args };
  const data = args.appDefinedData;
  if (data !== undefined && data !== null && typeof data === "object") {
    inputs.appDefinedData =
      data instanceof Map
        ? [...data]
        : Object.keys(data).map((key) => [key, (data as Record<string, unknown>)[key]]);
  }
  return inputs;
}

/** `n` accounts `prefix0` … `prefix<n-1>`. */
export function accounts(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}

/** Calls per command since the last reset (emulator stats keys are `service/command`). */
export function callsByCommand(stats: { calls: Record<string, number> }): Record<string, number> {
  return Object.fromEntries(Object.entries(stats.calls).map(([key, n]) => [key.split("/")[1]!, n]));
}
