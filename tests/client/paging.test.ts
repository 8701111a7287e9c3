/** Paging a 10,000-member ChatRoom and the app's group list, with nothing missing or duplicated. */
import type { ImClient } from "@imgroups/tencentcloud-im/client/index";
import { expect } from "chai";
import { type ImFixture, startIm, userIds } from "./helpers";

describe("client paging", () => {
  let im: ImFixture;
  let client: ImClient;
  const members = userIds("member", 9_999); // plus the owner: 10,000, ChatRoom's maximum (docs/api-reference.md §6.1)

  before(async () => {
    im = await startIm();
    client = im.client();
    const imported = await client.multiaccountImport(["big-owner", ...members]);
    expect(imported.filter((r) => !r.ok)).to.deep.equal([]);
    await client.createGroup({
      Type: "ChatRoom",
      GroupId: "big-room",
      Name: "Ten thousand",
      Owner_Account: "big-owner",
      MaxMemberCount: 10_000,
    });
    const added = await client.importGroupMembers("big-room", members);
    expect(added.filter((r) => !r.ok)).to.deep.equal([]);
  });
  after(async () => {
    await im.close();
  });

  it("reads every member of a 10,000-member group exactly once, page by page", async () => {
    client.resetStats();
    const seen: string[] = [];
    const offsets: number[] = [];
    for await (const page of client.groupMembers("big-room", { MemberInfoFilter: ["Role"] })) {
      offsets.push(page.Offset);
      expect(page.MemberNum).to.equal(10_000);
      for (const member of page.MemberList) seen.push(member.Member_Account);
    }
    expect(seen).to.have.length(10_000);
    expect(new Set(seen).size).to.equal(10_000);
    expect([...seen].sort()).to.deep.equal(["big-owner", ...members].sort());
    expect(offsets).to.deep.equal(Array.from({ length: 50 }, (_, i) => i * 200));
    expect(client.stats().calls).to.deep.equal({ "group_open_http_svc/get_group_member_info": 50 });
  });

  it("listAllMembers returns the same set with any page size, and filters by role", async () => {
    const all = await client.listAllMembers("big-room", { pageSize: 137 });
    expect(all).to.have.length(10_000);
    expect(new Set(all.map((m) => m.Member_Account)).size).to.equal(10_000);
    const owners = await client.listAllMembers("big-room", { MemberRoleFilter: ["Owner"] });
    expect(owners.map((m) => m.Member_Account)).to.deep.equal(["big-owner"]);
  });

  it("follows get_appid_group_list's Next cursor across pages", async () => {
    const ids = ["page-a", "page-b", "page-c"];
    for (const GroupId of ids) await client.createGroup({ Type: "Public", GroupId, Name: GroupId });
    const listed: string[] = [];
    for await (const id of client.appGroupIds({ pageSize: 2 })) listed.push(id);
    expect(listed).to.deep.equal(["big-room", ...ids]);
    const publicOnly: string[] = [];
    for await (const id of client.appGroupIds({ GroupType: "Public" })) publicOnly.push(id);
    expect(publicOnly).to.deep.equal(ids);
  });
});
