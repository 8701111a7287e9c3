/**
 * Chunked calls against the emulator: chunks within the per-call limits, one result per input item
 * in input order, and a failed chunk reported on its own items without losing the others.
 */
import type { ImClient } from "@imgroups/tencentcloud-im/client/index";
import { expect } from "chai";
import { type ImFixture, startIm, userIds } from "./helpers";

describe("client chunked calls", () => {
  let im: ImFixture;
  let client: ImClient;
  const people = userIds("p", 700);

  before(async () => {
    im = await startIm();
    client = im.client();
    expect((await client.multiaccountImport(people)).every((r) => r.ok)).to.equal(true);
  });
  after(async () => {
    await im.close();
  });

  it("addGroupMembers sends 300 per call and answers in input order; re-adding gives Result 2", async () => {
    await client.createGroup({ Type: "ChatRoom", GroupId: "batch-add", Name: "add" });
    const input = [...people].reverse();
    client.resetStats();
    const results = await client.addGroupMembers("batch-add", input, { Silence: 1 });
    expect(client.stats().calls).to.deep.equal({ "group_open_http_svc/add_group_member": 3 });
    expect(results.map((r) => r.Member_Account)).to.deep.equal(input);
    expect(results.every((r) => r.Result === 1 && r.ok && r.error === undefined)).to.equal(true);
    const again = await client.addGroupMembers("batch-add", input.slice(0, 5));
    expect(again.map((r) => r.Result)).to.deep.equal([2, 2, 2, 2, 2]);
  });

  it("reports a failed chunk on its own members and keeps the other chunks' results", async () => {
    await client.createGroup({ Type: "ChatRoom", GroupId: "batch-partial", Name: "partial" });
    const input = people.slice(0, 250);
    input[120] = "never-imported"; // 10019 fails its whole chunk (docs/api-reference.md §2.2)
    const small = im.client({ batchSizes: { addGroupMember: 100 } });
    const results = await small.addGroupMembers("batch-partial", input);
    expect(results.map((r) => r.Member_Account)).to.deep.equal(input);
    const failed = results.filter((r) => !r.ok);
    expect(failed.map((r) => r.Member_Account)).to.deep.equal(input.slice(100, 200));
    for (const r of failed) expect(r.error).to.include({ code: "IM_API_ERROR", imErrorCode: 10019 });
    expect(results.slice(0, 100).every((r) => r.Result === 1)).to.equal(true);
    expect(results.slice(200).every((r) => r.Result === 1)).to.equal(true);
    expect(await small.listAllMembers("batch-partial")).to.have.length(150);
  });

  it("importGroupMembers sends 500 per call, keeps join times and answers duplicates with Result 2", async () => {
    const createTime = Math.floor(Date.now() / 1000) - 3_600;
    await client.importGroup({
      Type: "ChatRoom",
      GroupId: "batch-import",
      Name: "import",
      CreateTime: createTime,
    });
    const input = [
      ...people.slice(0, 600).map((Member_Account, i) => ({ Member_Account, JoinTime: createTime + i + 1 })),
      { Member_Account: people[0]! },
    ];
    client.resetStats();
    const results = await client.importGroupMembers("batch-import", input);
    expect(client.stats().calls).to.deep.equal({ "group_open_http_svc/import_group_member": 2 });
    expect(results.map((r) => r.Member_Account)).to.deep.equal(input.map((m) => m.Member_Account));
    expect(results.slice(0, 600).every((r) => r.Result === 1)).to.equal(true);
    expect(results[600]).to.include({ Result: 2, ok: true });
    const members = await client.listAllMembers("batch-import", { MemberInfoFilter: ["JoinTime"] });
    expect(members.find((m) => m.Member_Account === people[42])!.JoinTime).to.equal(createTime + 43);
  });

  it("deleteGroupMembers sends 100 per call; non-members still succeed", async () => {
    await client.accountImport({ UserID: "outsider" }); // imported (else 10019, docs/api-reference.md §2.2) but no member
    client.resetStats();
    const input = [...people.slice(0, 250), "outsider"];
    const results = await client.deleteGroupMembers("batch-add", input);
    expect(client.stats().calls).to.deep.equal({ "group_open_http_svc/delete_group_member": 3 });
    expect(results.map((r) => r.Member_Account)).to.deep.equal(input);
    expect(results.every((r) => r.ok)).to.equal(true);
    expect(await client.listAllMembers("batch-add")).to.have.length(450);
  });

  it("multiaccountImport and accountCheck chunk by 100 and answer in input order", async () => {
    const fresh = userIds("fresh", 230);
    client.resetStats();
    const imported = await client.multiaccountImport(fresh);
    expect(imported.map((r) => r.UserID)).to.deep.equal(fresh);
    expect(imported.every((r) => r.ok)).to.equal(true);
    const input = [...fresh.slice(0, 150), "ghost-1", ...people.slice(0, 49), "ghost-2"];
    const checked = await client.accountCheck(input);
    expect(client.stats().calls).to.deep.equal({
      "im_open_login_svc/multiaccount_import": 3,
      "im_open_login_svc/account_check": 3,
    });
    expect(checked.map((r) => r.UserID)).to.deep.equal(input);
    const notImported = checked.filter((r) => r.AccountStatus === "NotImported").map((r) => r.UserID);
    expect(notImported).to.deep.equal(["ghost-1", "ghost-2"]);
    const tooLong = await client.multiaccountImport(["x".repeat(33), "fine-account"]);
    expect(tooLong).to.deep.equal([
      { UserID: "x".repeat(33), ok: false },
      { UserID: "fine-account", ok: true },
    ]);
  });
});
