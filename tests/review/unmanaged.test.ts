/**
 * Unmanaged groups: the topology's filters as the one filter model (given as JSON: checked with the
 * topology schema, errors naming field and value; given as a topology directory or its
 * topology.yaml: read as the loader reads them), the ids a preview manages, and the listing
 * against a real emulator (paging of get_appid_group_list, names and types from coalesced
 * get_group_info calls, groups the filters exclude by id not read).
 */

import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "@imgroups/im-emulator";
import { readGroupFilter } from "@imgroups/tencentcloud-im/cli/unmanaged-groups";
import { ImClient } from "@imgroups/tencentcloud-im/client/client";
import { parsePreview } from "@imgroups/tencentcloud-im/review/preview";
import { findUnmanagedGroups, managedGroupIds } from "@imgroups/tencentcloud-im/review/unmanaged";
import { exportTopology } from "@imgroups/tencentcloud-im/topology/export";
import { matchesFilters, parseFilters } from "@imgroups/tencentcloud-im/topology/filters";
import { readTopology } from "@imgroups/tencentcloud-im/topology/read";
import { expect } from "chai";
import { previewText, step } from "./previews";
import { fixturePath, runTool } from "./support";

describe("review: unmanaged groups", () => {
  it("filters given as JSON are the topology's filters: checked by its schema, then applied by matchesFilters", () => {
    const filters = parseFilters({
      types: ["Public", "ChatRoom"],
      idPrefix: "team-",
      namePattern: "^直播|^Team",
      exclude: ["team-legacy"],
    });
    const cases: Array<[string, string, string, boolean]> = [
      ["team-a", "Public", "Team A", true],
      ["team-a", "Private", "Team A", false],
      ["team-legacy", "Public", "Team Old", false],
      ["team-b", "ChatRoom", "直播间 🎥", true],
      ["team-c", "ChatRoom", "Other", false],
      ["@TGS#2ABC", "ChatRoom", "直播间 🎥", false],
    ];
    for (const [groupId, type, name, kept] of cases) {
      expect(matchesFilters({ groupId, type, name }, filters), `${groupId} ${type} ${name}`).to.equal(kept);
    }
    expect(parseFilters({})).to.deep.equal({});
  });

  it("refuses malformed filters, naming the field, the rule and the value", () => {
    const refusal = (value: unknown) => {
      try {
        parseFilters(value);
        return "accepted";
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(refusal({ types: ["Meeting"] })).to.match(
      /^filters\.types\[0\]: must be one of .*Private.*\(value "Meeting"\)$/,
    );
    expect(refusal({ idPattern: "(" })).to.match(
      /^filters\.idPattern: is not a valid regular expression: .+ \(value "\("\)$/,
    );
    expect(refusal({ idPrefix: "" })).to.match(/^filters\.idPrefix: .*\(value ""\)$/);
    // The pattern lists of the earlier JSON-only model are not this model: named, not ignored.
    expect(refusal({ include: [{ idPrefix: "x" }] })).to.match(/^filters\.include: is not a known/);
    expect(refusal(JSON.parse('{"__proto__": {"types": []}}'))).to.match(
      /^filters\.__proto__: is not a known/,
    );
    expect(refusal([])).to.match(/^filters: must be (an )?object/);
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
        `--filters ${file}: filters.types[0]: must be one of "Private", "Public", "ChatRoom", "AVChatRoom", "BChatRoom" (value "Meeting")`,
      );
      const old = path.join(dir, "old.json");
      writeFileSync(old, JSON.stringify({ include: [{ idPrefix: "team-" }] }));
      const oldForm = await drift("--unmanaged", "report", "--filters", old);
      expect(oldForm.code).to.equal(1);
      expect(oldForm.stderr).to.match(/--filters .*old\.json: filters\.include: is not a known/);
      const unset = await drift("--unmanaged", "report");
      expect(unset.code).to.equal(1);
      expect(unset.stderr).to.match(
        /--unmanaged: Tencent Cloud IM connection settings: .*tencentcloud-im:sdkAppId/,
      );
    });
  });

  describe("--filters from a topology", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "imgroups-unmanaged-topology-"));
    const read = (source: string) => {
      try {
        return readGroupFilter(source, { INIT_CWD: dir });
      } catch (error) {
        return (error as Error).message;
      }
    };

    it("reads a topology directory or its topology.yaml as the loader does, and JSON of the same filters", () => {
      mkdirSync(path.join(dir, "topo"));
      writeFileSync(
        path.join(dir, "topo", "topology.yaml"),
        "version: 1\nfilters:\n  types: [ChatRoom]\n  exclude: ['@TGS#1']\n",
      );
      const expected = { types: ["ChatRoom"], exclude: ["@TGS#1"] };
      expect(read("topo")).to.deep.equal(expected);
      expect(read(path.join(dir, "topo", "topology.yaml"))).to.deep.equal(expected);
      writeFileSync(path.join(dir, "f.json"), JSON.stringify({ filters: expected }));
      expect(read("f.json")).to.deep.equal(expected);
    });

    it("names the file and line of a bad topology.yaml, and a directory without one", () => {
      mkdirSync(path.join(dir, "bad"));
      writeFileSync(path.join(dir, "bad", "topology.yaml"), "version: 1\nfilters:\n  types: [Meeting]\n");
      expect(read("bad")).to.match(
        /^--filters bad: .*topology\.yaml:3:\d+: filters\.types\[0\]: .*\(value "Meeting"\)/s,
      );
      mkdirSync(path.join(dir, "empty"));
      expect(read("empty")).to.equal(
        "--filters empty: no topology.yaml there (give a topology directory imgroups-export wrote, its topology.yaml, or a JSON file)",
      );
    });
  });

  describe("a filtered export's filters, honoured by the unmanaged listing", () => {
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

    it("never lists what the export skipped: the topology's groups managed, nothing else is unmanaged", async () => {
      const made: Array<{ id: string; type: string }> = [];
      for (let i = 0; i < 12; i++) {
        const type = (["Public", "ChatRoom", "Private"] as const)[i % 3]!;
        const answer = await client.createGroup({
          Type: type,
          Name: i === 4 ? "legacy 旧" : `群 ${i} 🎉`,
          ...(i % 2 === 0 && { GroupId: `f-${i}` }),
        });
        made.push({ id: answer.GroupId, type });
      }
      const dir = path.join(mkdtempSync(path.join(tmpdir(), "imgroups-filtered-export-")), "topology");
      await exportTopology({
        client,
        dir,
        filters: { types: ["Public", "ChatRoom"], exclude: ["f-4"] },
      });
      const exported = readTopology(dir).groups.map((g) => g.groupId);
      expect(exported.sort()).to.deep.equal(
        made
          .filter((g) => g.type !== "Private" && g.id !== "f-4")
          .map((g) => g.id)
          .sort(),
      );
      const source = { appGroupIds: () => client.appGroupIds(), getGroup: client.getGroup.bind(client) };
      const managed = new Set(exported);
      const filters = readGroupFilter(dir, {});
      expect(await findUnmanagedGroups(source, managed, filters)).to.deep.equal([]);
      // Without the topology's filters the skipped groups would be "unmanaged" — the Peribolos trap.
      const unfiltered = await findUnmanagedGroups(source, managed);
      expect(unfiltered.map((g) => g.groupId).sort()).to.deep.equal(
        made
          .filter((g) => g.type === "Private" || g.id === "f-4")
          .map((g) => g.id)
          .sort(),
      );
      // A new group the filters cover is listed.
      const fresh = await client.createGroup({ Type: "Public", Name: "新 🆕" });
      expect(await findUnmanagedGroups(source, managed, filters)).to.deep.equal([
        { groupId: fresh.GroupId, type: "Public", name: "新 🆕" },
      ]);
      // Ids the filters exclude by id are never read.
      emulator.control.resetStats();
      await findUnmanagedGroups(source, managed, { idPrefix: "nothing-" });
      expect(emulator.control.stats().calls["group_open_http_svc/get_group_info"]).to.equal(undefined);
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
