/**
 * Benchmark (7)'s real program: the topology `imgroups-export` wrote (IMGROUPS_TOPOLOGY_DIR)
 * loaded with loadTopology, an ImGroup and an ImGroupMembers per entry, every group `adopt: true`
 * as exported. Nothing else, so the adopting `up` may make no write call at all.
 */
import { loadTopology } from "@imgroups/tencentcloud-im";

const dir = process.env.IMGROUPS_TOPOLOGY_DIR;
if (!dir) throw new Error("IMGROUPS_TOPOLOGY_DIR is not set");

export const adopted = loadTopology(dir).groups.size;
