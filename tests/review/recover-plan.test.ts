/**
 * imgroups-recover's repair of an exported stack (planRepair), on the shapes the fault-and-crash
 * campaign (bench/fault-campaign.ts) left: a pending create of a group the state already records
 * (the create's result was saved, or a recovery run recorded it and was itself killed) made the
 * import fail with "duplicate resource" (campaign trials ka, kd, ki, kj). The whole command, with
 * the real CLI, is in tests/e2e/im-group.test.ts.
 */

import { planRepair } from "@imgroups/tencentcloud-im/cli/recover";
import { expect } from "chai";

const GROUP = "pulumi-nodejs:dynamic/tencentcloud-im:ImGroup";
const urn = (name: string) => `urn:pulumi:s::p::${GROUP}::${name}`;
const pendingGroup = (name: string, groupId: string) => ({
  type: "creating",
  resource: { urn: urn(name), type: GROUP, inputs: { groupId, type: "Public", name } },
});

function exported(resources: unknown[], pending: unknown[]): string {
  return JSON.stringify({ version: 3, deployment: { resources, pending_operations: pending } });
}

interface Deployment {
  resources: Array<{ urn: string; id?: string; delete?: boolean }>;
  pending_operations: unknown[];
}

describe("imgroups-recover: the repair it imports", () => {
  it("records a pending group create once, keeps a recorded one as it is, and clears every pending create", () => {
    const recorded = {
      urn: urn("a"),
      type: GROUP,
      id: "a-id",
      outputs: { groupId: "a-id", name: "A (read)" },
    };
    const repair = planRepair(
      exported(
        [recorded],
        [
          pendingGroup("a", "a-id"), // already in resources: only the operation goes
          pendingGroup("b", "b-id"),
          pendingGroup("b", "b-id"), // the same create left twice
          { type: "creating", resource: { urn: "urn:pulumi:s::p::other::m", type: "other", inputs: {} } },
          { type: "updating", resource: { urn: urn("c"), type: GROUP, inputs: { groupId: "c-id" } } },
        ],
      ),
    );
    const deployment = (repair.state as { deployment: Deployment }).deployment;
    const urns = deployment.resources.map((r) => r.urn);
    expect(urns).to.deep.equal([urn("a"), urn("b")]);
    expect(new Set(urns).size, "no duplicate URN: the import accepts it").to.equal(urns.length);
    expect(deployment.resources[0]).to.deep.equal(recorded);
    expect(deployment.resources[1]!.id).to.equal("b-id");
    expect(repair.groups.map((op) => op.resource?.urn)).to.deep.equal([urn("b")]);
    expect(repair.alreadyRecorded.map((op) => op.resource?.urn)).to.deep.equal([urn("a"), urn("b")]);
    expect(repair.others).to.equal(1);
    expect(repair.pending).to.equal(4);
    // Only pending creates are this command's business.
    expect(deployment.pending_operations).to.have.length(1);
  });

  it("records a group whose only copy in state is marked for deletion (a replacement in flight)", () => {
    const old = { urn: urn("r"), type: GROUP, id: "r-old", delete: true };
    const repair = planRepair(exported([old], [pendingGroup("r", "r-new")]));
    expect(repair.groups).to.have.length(1);
    const deployment = (repair.state as { deployment: Deployment }).deployment;
    expect(deployment.resources.map((r) => r.id)).to.deep.equal(["r-old", "r-new"]);
  });
});
