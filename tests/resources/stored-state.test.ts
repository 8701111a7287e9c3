/**
 * What a resource stores (issue 20): the hand-written provider stub loads the implementation the way
 * the dynamic-provider process will (require-from-string, as @pulumi/pulumi's getProvider does), and
 * ImGroupMembers' stored outputs leave out only what reading them back restores exactly.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { imGroupMembersProvider } from "@imgroups/tencentcloud-im/resources/im-group-members-provider";
import { imGroupProvider } from "@imgroups/tencentcloud-im/resources/im-group-provider";
import type { ImGroupMembersOutputs } from "@imgroups/tencentcloud-im/resources/members/im-group-members-rules";
import { migrateMembersState } from "@imgroups/tencentcloud-im/resources/members/members-state-v1";
import {
  storedMembersOutputs,
  withDerivedMembersOutputs,
} from "@imgroups/tencentcloud-im/resources/members/members-state-v2";
import { providerStub } from "@imgroups/tencentcloud-im/resources/shared/provider-stub";
import { expect } from "chai";
import { repoRoot } from "../support/paths";

/** The dynamic-provider process's loader (cmd/dynamic-provider/index.js getProvider). */
function loadAsTheProviderProcessDoes(source: string): unknown {
  const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js"));
  const requireFromString = fromPulumi("require-from-string") as (code: string) => { handler(): unknown };
  const cwd = process.cwd();
  // The process runs in the program's directory; the module paths of the stub come from it.
  process.chdir(path.join(repoRoot, "tests", "fixtures", "programs", "groups"));
  try {
    return requireFromString(source).handler();
  } finally {
    process.chdir(cwd);
  }
}

describe("the serialized provider stub", () => {
  it("is one short line that hands the process the implementation itself", () => {
    const group = providerStub({
      module: "@imgroups/tencentcloud-im/resources/im-group-provider",
      exportName: "imGroupProvider",
    });
    const members = providerStub({
      module: "@imgroups/tencentcloud-im/resources/im-group-members-provider",
      exportName: "imGroupMembersProvider",
    });
    expect(group).to.equal(
      'exports.handler=()=>require("@imgroups/tencentcloud-im/resources/im-group-provider").imGroupProvider;',
    );
    expect(Buffer.byteLength(members)).to.be.below(130);
    expect(loadAsTheProviderProcessDoes(group)).to.equal(imGroupProvider);
    expect(loadAsTheProviderProcessDoes(members)).to.equal(imGroupMembersProvider);
  });

  it("refuses an export name that is not an identifier (it is pasted into code)", () => {
    expect(() => providerStub({ module: "x", exportName: "a;process.exit()" })).to.throw(
      /exportName must be an identifier, got "a;process.exit\(\)"/,
    );
  });
});

describe("ImGroupMembers stored outputs", () => {
  const full: ImGroupMembersOutputs = {
    groupId: "g1",
    groupType: "Public",
    ownerAccount: "owner",
    members: "5 members · 0979942055c1",
    declared: "5 members · 0979942055c1",
    liveFingerprint: "0979942055c1",
    memberFields: [],
    memberNum: 6,
    memberListBytes: 1267,
    mode: "authoritative",
    __urn: "urn:pulumi:s::p::pulumi-nodejs:dynamic/tencentcloud-im:ImGroupMembers::g1-members",
  } as ImGroupMembersOutputs;

  it("leaves out the URN and what equals the summary, and reading restores it", () => {
    const stored = storedMembersOutputs(full);
    expect(stored).to.deep.equal({
      groupId: "g1",
      groupType: "Public",
      ownerAccount: "owner",
      members: "5 members · 0979942055c1",
      memberNum: 6,
      memberListBytes: 1267,
      mode: "authoritative",
    });
    const { __urn: _, ...withoutUrn } = full as ImGroupMembersOutputs & { __urn?: string };
    expect(withDerivedMembersOutputs(stored)).to.deep.equal(withoutUrn);
    expect(migrateMembersState(stored)).to.deep.equal(withoutUrn);
  });

  it("keeps what differs: a partial apply, a change found outside, managed fields", () => {
    const partial = {
      ...full,
      members: "3 members · 50154eb838a7 (changed since the last update)",
      declared: "3 members · cf1fcb6f7ec9",
      liveFingerprint: "50154eb838a7",
      memberFields: ["msgFlag", "nameCard"],
    } as ImGroupMembersOutputs;
    const stored = storedMembersOutputs(partial);
    expect(stored.declared).to.equal("3 members · cf1fcb6f7ec9");
    expect(stored.liveFingerprint).to.equal("50154eb838a7");
    expect(stored.memberFields).to.deep.equal(["msgFlag", "nameCard"]);
    const { __urn: _, ...withoutUrn } = partial as ImGroupMembersOutputs & { __urn?: string };
    expect(withDerivedMembersOutputs(stored)).to.deep.equal(withoutUrn);
  });

  it("reads outputs written by the previous release (v2, full) unchanged", () => {
    expect(withDerivedMembersOutputs(full)).to.deep.equal(full);
  });
});
