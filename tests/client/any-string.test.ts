/**
 * Any string is input (issue 14.1, client part): accounts and group IDs named like Object.prototype
 * members, or holding a NUL, travel through the chunked calls, paging, the coalesced reads and the
 * account cache as plain keys; answers whose keys are such names, or that nest 100,000 levels deep,
 * are read without corrupting the result or escaping as anything but an answer.
 */
import type { ImClient } from "@imgroups/tencentcloud-im/client/index";
import { ImClient as Client } from "@imgroups/tencentcloud-im/client/index";
import { expect } from "chai";
import { FAST_RETRY, fakeServer, fakeSettings, type ImFixture, ok, rejection, startIm } from "./helpers";

/** Names a keyed structure built on a plain object would confuse with its prototype, plus NULs. */
const ODD = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "a\u0000b", "\u0000"];

describe("client any string is input", () => {
  describe("against the emulator", () => {
    let im: ImFixture;
    let client: ImClient;
    before(async () => {
      im = await startIm();
      client = im.client();
      // Accounts must be imported before they can be members (10019, docs/api-reference.md §2.2).
      expect(await client.multiaccountImport(["odd-owner", ...ODD])).to.deep.equal(
        ["odd-owner", ...ODD].map((UserID) => ({ UserID, ok: true })),
      );
    });
    after(async () => {
      await im.close();
    });

    it("adds, lists, pages and removes such accounts as members, one result each, duplicates included", async () => {
      await client.createGroup({
        Type: "Public",
        GroupId: "odd-members",
        Name: "odd",
        Owner_Account: "odd-owner",
      });
      const input = [...ODD, "__proto__", "constructor"];
      const added = await client.addGroupMembers("odd-members", input);
      expect(added.map((r) => [r.Member_Account, r.Result])).to.deep.equal([
        ...ODD.map((account) => [account, 1]),
        ["__proto__", 2],
        ["constructor", 2],
      ]);

      // Pages of 2 make every odd name cross a page boundary at some offset; each comes back once.
      const listed = await client.listAllMembers("odd-members", { pageSize: 2 });
      expect(listed.map((m) => m.Member_Account)).to.have.members(["odd-owner", ...ODD]);
      expect(listed).to.have.length(ODD.length + 1);
      const paged: string[] = [];
      for await (const page of client.groupMembers("odd-members", { pageSize: 3 })) {
        paged.push(...page.MemberList.map((m) => m.Member_Account));
      }
      expect(paged).to.have.members(["odd-owner", ...ODD]);

      const removed = await client.deleteGroupMembers("odd-members", ["__proto__", "a\u0000b"]);
      expect(removed.map((r) => [r.Member_Account, r.ok])).to.deep.equal([
        ["__proto__", true],
        ["a\u0000b", true],
      ]);
      const left = await client.listAllMembers("odd-members");
      expect(left.map((m) => m.Member_Account)).to.have.members([
        "odd-owner",
        ...ODD.filter((a) => a !== "__proto__" && a !== "a\u0000b"),
      ]);
    });

    it("imports such accounts as members with their own results", async () => {
      await client.importGroup({ Type: "ChatRoom", GroupId: "odd-import", Name: "odd" });
      const results = await client.importGroupMembers("odd-import", [...ODD, "toString"]);
      expect(results.map((r) => [r.Member_Account, r.Result])).to.deep.equal([
        ...ODD.map((account) => [account, 1]),
        ["toString", 2],
      ]);
    });

    it("checks and remembers such accounts one by one, and tells an unimported one apart", async () => {
      const checked = await client.accountCheck([...ODD, "isPrototypeOf"]);
      expect(checked.map((r) => [r.UserID, r.AccountStatus])).to.deep.equal([
        ...ODD.map((account) => [account, "Imported"]),
        ["isPrototypeOf", "NotImported"],
      ]);
      client.resetStats();
      const first = await Promise.all(
        [...ODD, "isPrototypeOf"].map((account) => client.checkAccount(account)),
      );
      expect(first.map((r) => [r.UserID, r.AccountStatus])).to.deep.equal(
        checked.map((r) => [r.UserID, r.AccountStatus]),
      );
      expect(client.stats().calls).to.deep.equal({ "im_open_login_svc/account_check": 1 });
      // Imported ones are remembered; the unimported one is asked again.
      const again = await Promise.all(
        [...ODD, "isPrototypeOf"].map((account) => client.checkAccount(account)),
      );
      expect(again.map((r) => r.UserID)).to.deep.equal([...ODD, "isPrototypeOf"]);
      expect(client.stats().calls).to.deep.equal({ "im_open_login_svc/account_check": 2 });
    });

    it("coalesces reads of groups named like prototype members, each caller getting its own group", async () => {
      const ids = ["__proto__", "constructor", "toString", "hasOwnProperty"];
      for (const GroupId of ids.slice(1))
        await client.createGroup({ Type: "Public", GroupId, Name: GroupId });
      client.resetStats();
      const groups = await Promise.all([...ids, "constructor"].map((id) => client.getGroup(id)));
      expect(groups.map((g) => g?.Name ?? null)).to.deep.equal([
        null,
        "constructor",
        "toString",
        "hasOwnProperty",
        "constructor",
      ]);
      expect(client.stats().calls).to.deep.equal({ "group_open_http_svc/get_group_info": 1 });
    });
  });

  describe("answers as input", () => {
    let client: ImClient | undefined;
    let close: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await client?.close();
      await close?.();
      client = undefined;
      close = undefined;
    });

    async function answering(answer: (command: string) => unknown, validate = true) {
      const server = await fakeServer((request) => answer(request.path.split("/").pop()!));
      close = server.close;
      client = new Client(fakeSettings(server.url), { retry: FAST_RETRY, validateResponses: validate });
      return client;
    }

    it("reads members whose answer has keys named __proto__ or constructor without adding any", async () => {
      // Raw JSON: an object literal would set the prototype instead of an own "__proto__" key.
      const member =
        '{"Member_Account":"u","__proto__":{"ShutUpUntil":1},"constructor":7,"toString":"x","ShutUpUntil":5}';
      const c = await answering(
        () => `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","MemberNum":1,"MemberList":[${member}]}`,
      );
      const page = await c.getGroupMemberInfo({ GroupId: "g" });
      const read = page.MemberList[0]! as unknown as Record<string, unknown>;
      expect(Object.keys(read)).to.deep.equal([
        "Member_Account",
        "__proto__",
        "constructor",
        "toString",
        "ShutUpUntil",
        "MuteUntil",
      ]);
      expect(read.MuteUntil).to.equal(5);
      expect(Object.getPrototypeOf(read)).to.equal(Object.prototype);
    });

    it("reads an answer nested 100,000 levels deep instead of overflowing the stack", async () => {
      const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
      const c = await answering(
        () =>
          `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","MemberNum":1,"MemberList":[{"Member_Account":"u","Extra":${deep}}]}`,
      );
      const page = await c.getGroupMemberInfo({ GroupId: "g" });
      expect(page.MemberList.map((m) => m.Member_Account)).to.deep.equal(["u"]);
    });

    it("quotes an odd value in the error about an entry the answer lacks", async () => {
      const c = await answering((command) =>
        ok(command === "account_check" ? { ResultItem: [] } : { GroupInfo: [] }),
      );
      const [result] = await c.accountCheck(["a\u0000b"]);
      expect(result!.error!.message).to.equal('account_check answered without a result for "a\\u0000b"');
      const missing = await rejection(c.getGroup("x\u0000y"));
      expect(missing.message).to.contain('without an entry for group "x\\u0000y"');
    });
  });
});
