/**
 * The example group topology as data: a company's departments, leadership, a big lobby, a live
 * events room and a group migrated from an older chat system with its history. index.ts turns it
 * into resources; scripts/up.ts imports the accounts into the embedded emulator before `pulumi up`.
 */
import type { ImGroupArgs, ImGroupMember } from "@imgroups/tencentcloud-im";
/** One group of the topology: its profile and (for types that have them) its members. */
export interface GroupSpec {
  /** The group's profile. */
  group: ImGroupArgs;
  /** Declared members (not for AVChatRoom). */
  members?: ImGroupMember[];
}
/** Size of the lobby; a ChatRoom holds up to 10,000 members. */
export declare const LOBBY_SIZE = 3000;
/** The topology, keyed by Pulumi resource name. */
export declare const topology: Record<string, GroupSpec>;
/** Every account the topology uses (owners and members), each once, sorted. */
export declare function topologyAccounts(): string[];
//# sourceMappingURL=topology.d.ts.map
