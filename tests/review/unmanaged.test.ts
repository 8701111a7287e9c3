/**
 * Unmanaged groups: the group filter (checked from any source, errors naming field and value), the
 * ids a preview manages, and the listing against a real emulator (paging of get_appid_group_list,
 * names and types from coalesced get_group_info calls).
 */

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "@imgroups/im-emulator";
import { ImClient } from "@imgroups/tencentcloud-im/client/client";
import { parsePreview } from "@imgroups/tencentcloud-im/review/preview";
import {
  compileGroupFilter,
  findUnmanagedGroups,
  managedGroupIds,
  parseGroupFilter,
} from "@imgroups/tencentcloud-im/review/unmanaged";
import { expect } from "chai";
import { previewText, step } from "./previews";
import { fixturePath, runTool } from "./support";

describe("review: unmanaged groups", () => {
  it("a filter keeps groups by type, include and exclude patterns (id, prefix, id and name patterns)", () => {
    const keep = compileGroupFilter(
      parseGroupFilter({
        types: ["Public", "ChatRoom"],
        include: [{ idPrefix: "team-" }, { namePattern: "^直播" }],
        exclude: [{ id: "team-legacy" }, { idPattern: "-tmp$" }],
      }),
    );
    const cases: Array<[string, string, string, boolean]> = [
      ["team-a", "Public", "A", true],
      ["team-a", "Private", "A", false],
      ["team-legacy", "Public", "Old", false],
      ["team-x-tmp", "Public", "Tmp", false],
      ["@TGS#2ABC", "ChatRoom", "直播间 🎥", true],
      ["@TGS#2ABD", "ChatRoom", "Other", false],
    ];
    for (const [groupId, type, name, kept] of cases) {
      expect(keep({ groupId, type, name }), `${groupId} ${type} ${name}`).to.equal(kept);
    }
    expect(compileGroupFilter({})({ groupId: "any" })).to.equal(true);
  });

  it("refuses a malformed filter, naming the field, the rule and the value", () => {
    const refusal = (value: unknown) => {
      try {
        parseGroupFilter(value);
        return "accepted";
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(refusal({ types: ["Meeting"] })).to.equal(
      'filters.types[0]: must be one of Private, Public, ChatRoom, AVChatRoom, BChatRoom (value "Meeting")',
    );
    expect(refusal({ exclude: [{ idPattern: "(" }] })).to.match(
      /^filters\.exclude\[0\]\.idPattern: is not a valid regular expression \(.+\) \(value "\("\)$/,
    );
    expect(refusal({ include: [{}] })).to.equal(
      "filters.include[0]: must give at least one of id, idPrefix, idPattern, namePattern",
    );
    expect(refusal({ include: [{ idprefix: "x" }] })).to.equal(
      "filters.include[0].idprefix: is not a pattern field (known: id, idPrefix, idPattern, namePattern)",
    );
    expect(refusal(JSON.parse('{"__proto__": {"types": []}}'))).to.equal(
      "filters.__proto__: is not a filter field (known: types, include, exclude)",
    );
    expect(refusal([])).to.equal("filters: must be an object");
  });

  it("a preview manages the group ids of every ImGroup and ImGroupMembers step, refreshed or same", () => {
    const preview = parsePreview(
      previewText([
        step("refresh", "ImGroup", "a", { old: { groupId: "a-id" } }),
        step("same", "ImGroupMembers", "b", { old: { groupId: "b-id" }, new: { groupId: "b-id" } }),
        step("delete", "ImGroup", "c", { old: { groupId: "c-id" } }),
        step("create", "ImGroup", "d", { new: { groupId: "d-id" } }),
      ]),
    );
    expect([...managedGroupIds(preview)].sort()).to.deep.equal(["a-id", "b-id", "c-id", "d-id"]);
  });

  describe("imgroups-drift --unmanaged and --filters", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "imgroups-unmanaged-"));
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !key.startsWith("TENCENTCLOUD_IM_")),
    );
    const drift = (...args: string[]) =>
      runTool("drift", ["--from", fixturePath("drift-clean.json"), "--no-files", ...args], { cwd: dir, env });

    it("refuses a mode it does not know, and --filters without --unmanaged, with the usage", async () => {
      const mode = await drift("--unmanaged", "sometimes");
      expect(mode.code).to.equal(1);
      expect(mode.stderr).to.match(/--unmanaged must be off, report or fail, not "sometimes"[\s\S]*Usage:/);
      const filters = await drift("--filters", "f.json");
      expect(filters.code).to.equal(1);
      expect(filters.stderr).to.include(
        "--filters narrows the --unmanaged listing: give --unmanaged report or fail too",
      );
    });

    it("names the file and the field of a bad filter, and the missing connection settings", async () => {
      const file = path.join(dir, "bad.json");
      writeFileSync(file, JSON.stringify({ filters: { types: ["Meeting"] } }));
      const bad = await drift("--unmanaged", "report", "--filters", file);
      expect(bad.code).to.equal(1);
      expect(bad.stderr).to.include(
        `--filters ${file}: filters.types[0]: must be one of Private, Public, ChatRoom, AVChatRoom, BChatRoom (value "Meeting")`,
      );
      const unset = await drift("--unmanaged", "report");
      expect(unset.code).to.equal(1);
      expect(unset.stderr).to.match(
        /--unmanaged: Tencent Cloud IM connection settings: .*tencentcloud-im:sdkAppId/,
      );
    });
  });

  describe("against the emulator", () => {
    let emulator: RunningEmulator;
    let client: ImClient;
    before(async () => {
      emulator = await startEmulator({ rateLimitPerSecond: 0 });
      client = new ImClient(
        {
          sdkAppId: emulator.sdkAppId,
          identifier: emulator.identifier,
          secretKey: emulator.secretKey,
          endpoint: emulator.url,
        },
        { rateLimit: { perSecond: 10_000 } },
      );
    });
    after(async () => {
      await client?.close();
      await emulator?.close();
    });

    it("lists every live group no resource names, over several pages, with type and name", async () => {
      const made: string[] = [];
      for (let i = 0; i < 120; i++) {
        const type = i % 3 === 0 ? "ChatRoom" : "Public";
        const answer = await client.createGroup({
          Type: type,
          Name: `群 ${i} 🎉`,
          ...(i % 2 === 0 && { GroupId: `g-${i}` }),
        });
        made.push(answer.GroupId);
      }
      const managed = new Set(made.slice(0, 100));
      emulator.control.resetStats();
      const source = {
        appGroupIds: () => client.appGroupIds({ pageSize: 50 }),
        getGroup: client.getGroup.bind(client),
      };
      const found = await findUnmanagedGroups(source, managed);
      expect(found.map((g) => g.groupId).sort()).to.deep.equal(made.slice(100).sort());
      expect(found.find((g) => g.groupId === made[105])).to.deep.equal({
        groupId: made[105],
        type: "ChatRoom",
        name: "群 105 🎉",
      });
      const calls = emulator.control.stats().calls;
      expect(calls["group_open_http_svc/get_appid_group_list"]).to.equal(3);
      // 20 unmanaged groups: read in one coalesced get_group_info call.
      expect(calls["group_open_http_svc/get_group_info"]).to.equal(1);

      const chatRooms = await findUnmanagedGroups(source, managed, { types: ["ChatRoom"] });
      expect(chatRooms.every((g) => g.type === "ChatRoom")).to.equal(true);
      expect(chatRooms.length).to.equal(found.filter((g) => g.type === "ChatRoom").length);
    });
  });
});
