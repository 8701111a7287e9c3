/**
 * The file store (persistence/): state survives a restart and a kill -9 in the middle of a burst of
 * writes, with every acknowledged write present; a torn last journal line is ignored; compaction
 * keeps state; one emulator per data dir; the secret key never reaches the data dir.
 */
import { appendFileSync, cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type StateSnapshot, startEmulator } from "@imgroups/im-emulator";
import { journalLine } from "@imgroups/im-emulator/persistence/journal";
import { expect } from "chai";
import { killChildren, startCli } from "./support/child";
import { apiCaller, bindTarget, type Envelope, startTarget, type Target, tempDir } from "./support/harness";

const KEY = "persistence-secret-key-4f1d9c7e2b8a6d3f0e5c1b9a7d4e2f8c";

/** Every file of a data dir, as text. */
function dataDirText(dir: string): string {
  return readdirSync(dir)
    .map((name) => readFileSync(path.join(dir, name), "utf8"))
    .join("\n");
}

function journals(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith("journal-"));
}

/** A little of everything: accounts, a created and an imported group, member changes, a destroy. */
async function populate(t: Target): Promise<void> {
  const ok = async (answer: Promise<Envelope>) =>
    expect((await answer).ErrorCode, JSON.stringify(await answer)).to.equal(0);
  await ok(
    t.call("im_open_login_svc/multiaccount_import", {
      AccountList: [{ UserID: "leckie", Nick: "L" }, { UserID: "bob" }, { UserID: "peter" }],
    }),
  );
  await ok(
    t.call("create_group", {
      Owner_Account: "leckie",
      Type: "Public",
      Name: "群组一",
      GroupId: "one",
      MemberList: [{ Member_Account: "bob", Role: "Admin" }],
      AppDefinedData: [{ Key: "k", Value: "v\u0000" }],
    }),
  );
  await ok(
    t.call("import_group", { Type: "ChatRoom", Name: "two", GroupId: "two", CreateTime: 1_600_000_000 }),
  );
  await t.emulator.control.setMessageCount("two", 12);
  await ok(
    t.call("import_group_member", {
      GroupId: "two",
      MemberList: [{ Member_Account: "peter", JoinTime: 1_600_000_100, UnreadMsgNum: 5 }],
    }),
  );
  await ok(t.call("modify_group_base_info", { GroupId: "one", Notification: "hello" }));
  await ok(t.call("modify_group_member_info", { GroupId: "one", Member_Account: "bob", NameCard: "Bobby" }));
  await ok(t.call("create_group", { Type: "Private", Name: "three" }));
  await ok(t.call("create_group", { Type: "Public", Name: "gone", GroupId: "gone" }));
  await ok(t.call("destroy_group", { GroupId: "gone" }));
  await ok(t.call("delete_group_member", { GroupId: "one", MemberToDel_Account: ["bob"] }));
}

describe("file store persistence", () => {
  const cleanup: string[] = [];
  /** Everything started, so a failed assertion cannot leave a server holding the test run open. */
  const running: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const server of running.splice(0)) await server.close();
    killChildren();
    for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  /** startTarget("file", ...) that is stopped after the test whatever happens. */
  const open = async (options: Parameters<typeof startTarget>[1]): Promise<Target> => {
    const t = await startTarget("file", options);
    running.push({ close: () => t.stop() });
    return t;
  };
  /** startEmulator(...) that is closed after the test whatever happens. */
  const openEmulator = async (options: Parameters<typeof startEmulator>[0]) => {
    const emulator = await startEmulator(options);
    running.push(emulator);
    return emulator;
  };
  const dir = () => {
    const made = tempDir();
    cleanup.push(made);
    return made;
  };

  it("a restart keeps the whole state, and assigned IDs are not handed out again", async () => {
    const dataDir = dir();
    const first = await open({ dataDir, secretKey: KEY });
    await populate(first);
    const before = first.emulator.control.state();
    const assigned = before.groups.find((g) => g.Name === "three")!.GroupId;
    await first.stop();

    const second = await open({ dataDir, secretKey: KEY });
    expect(second.emulator.control.state()).to.deep.equal(before);
    const info = await second.call("get_group_info", { GroupIdList: ["one", "two", "gone"] });
    expect(info.GroupInfo.map((g: { ErrorCode: number }) => g.ErrorCode)).to.deep.equal([0, 0, 10010]);
    expect(info.GroupInfo[1].MemberList[0]).to.include({
      Member_Account: "peter",
      JoinTime: 1_600_000_100,
      MsgSeq: 7,
    });
    const next = await second.call("create_group", { Type: "Private", Name: "four" });
    expect(next.GroupId).not.to.equal(assigned);
    expect(
      (await second.call("create_group", { Type: "Public", Name: "g", GroupId: "gone" })).ErrorCode,
    ).to.equal(10021);
    await second.stop();
  });

  it("replays the journal: a copy of a live data dir (no clean shutdown) loads to the same state", async () => {
    const dataDir = dir();
    const live = await open({ dataDir });
    await populate(live);
    const copy = dir();
    cpSync(dataDir, copy, { recursive: true });
    expect(journals(copy).length).to.be.greaterThan(0);
    expect(statSync(path.join(copy, journals(copy)[0])).size).to.be.greaterThan(0);
    const restored = await openEmulator({ dataDir: copy });
    expect(restored.control.state()).to.deep.equal(live.emulator.control.state());
    await restored.close();
    await live.stop();
  });

  it("ignores a torn last journal line, cuts it off, and keeps working", async () => {
    const dataDir = dir();
    const first = await open({ dataDir });
    await populate(first);
    const before = first.emulator.control.state();
    await first.stop();
    const [journal] = journals(dataDir);
    appendFileSync(path.join(dataDir, journal), '[{"op":"group","group":{"GroupId":"torn","Se');

    const second = await open({ dataDir });
    expect(second.emulator.control.state()).to.deep.equal(before);
    expect(readFileSync(path.join(dataDir, journal), "utf8")).not.to.include("torn");
    expect(
      (await second.call("create_group", { Type: "Public", Name: "after", GroupId: "after" })).ErrorCode,
    ).to.equal(0);
    const after = second.emulator.control.state();
    await second.stop();
    const third = await open({ dataDir });
    expect(third.emulator.control.state()).to.deep.equal(after);
    await third.stop();
  });

  it("refuses to start on a corrupt line followed by good ones (corruption, not a crash)", async () => {
    const dataDir = dir();
    const first = await open({ dataDir });
    await first.stop();
    const [journal] = journals(dataDir);
    appendFileSync(path.join(dataDir, journal), 'not json\n[{"op":"destroy","groupId":"x"}]\n');
    let error: unknown;
    await startEmulator({ dataDir }).then(
      (emulator) => emulator.close(),
      (caught) => {
        error = caught;
      },
    );
    expect(String(error)).to.include(`${path.join(dataDir, journal)}: line 1: not a journal record`);
    // The failed start released the data dir.
    rmSync(path.join(dataDir, journal));
    await (await openEmulator({ dataDir })).close();
  });

  it("compacts into a snapshot written by atomic rename, removes old journals, and keeps the state", async () => {
    const dataDir = dir();
    const t = await open({ dataDir, compactBytes: 1024 });
    await populate(t);
    await populate(t).catch(() => undefined); // the second round mostly fails (IDs taken); it still journals
    for (let i = 0; i < 20; i++) await t.call("create_group", { Type: "Public", Name: `bulk ${i}` });
    // Compaction runs in the background: give it time on a loaded machine rather than racing it.
    for (let waited = 0; waited < 10_000 && !readdirSync(dataDir).includes("snapshot.json"); waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(readdirSync(dataDir), "compacted while running").to.include("snapshot.json");
    const before = t.emulator.control.state();
    await t.stop();
    const names = readdirSync(dataDir);
    expect(names.filter((name) => name.endsWith(".tmp"))).to.deep.equal([]);
    expect(journals(dataDir)).to.have.length(1);
    const snapshot = JSON.parse(readFileSync(path.join(dataDir, "snapshot.json"), "utf8"));
    expect(snapshot).to.include({ format: "im-emulator-snapshot", version: 2 });
    expect(snapshot.crc32).to.match(/^[0-9a-f]{8}$/);
    const again = await open({ dataDir });
    expect(again.emulator.control.state()).to.deep.equal(before);
    await again.stop();
  });

  it("durability fsync: the same state after a restart", async () => {
    const dataDir = dir();
    const first = await open({ dataDir, durability: "fsync" });
    await populate(first);
    const before = first.emulator.control.state();
    await first.stop();
    const second = await open({ dataDir, durability: "fsync" });
    expect(second.emulator.control.state()).to.deep.equal(before);
    await second.stop();
  });

  it("control-plane seed and reset persist too", async () => {
    const dataDir = dir();
    const first = await open({ dataDir });
    await populate(first);
    const snapshot = first.emulator.control.state();
    await first.emulator.control.reset();
    await first.stop();
    const second = await open({ dataDir });
    expect(second.emulator.control.state().groups).to.deep.equal([]);
    await second.emulator.control.seed(snapshot);
    await second.stop();
    const third = await open({ dataDir });
    expect(third.emulator.control.state()).to.deep.equal(snapshot);
    await third.stop();
  });

  it("refuses a data dir another running emulator holds", async () => {
    const dataDir = dir();
    const first = await open({ dataDir });
    let error: unknown;
    await startEmulator({ dataDir }).then(
      (unexpected) => unexpected.close(),
      (caught) => {
        error = caught;
      },
    );
    expect(String(error)).to.include("is already in use by this process");
    await first.stop();
    await (await openEmulator({ dataDir })).close();
  });

  it("never writes the secret key to the data dir", async () => {
    const dataDir = dir();
    const t = await open({ dataDir, secretKey: KEY, compactBytes: 512 });
    await populate(t);
    expect(dataDirText(dataDir)).not.to.include(KEY);
    await t.stop();
    expect(dataDirText(dataDir)).not.to.include(KEY);
  });

  it("a process killed with SIGKILL mid-burst leaves a data dir that loads with every acknowledged write", async function () {
    this.timeout(60_000);
    const dataDir = dir();
    const config = path.join(dir(), "config.json");
    // Small compactions so that kills also land around snapshot writes.
    appendFileSync(config, JSON.stringify({ compactBytes: 16_384 }));
    const cli = await startCli([
      "--port",
      "0",
      "--data-dir",
      dataDir,
      "--secret-key",
      KEY,
      "--rate-limit",
      "0",
      "--config",
      config,
    ]);
    const call = apiCaller(cli.info);
    const accounts = Array.from({ length: 60 }, (_, i) => `u${i}`);
    expect((await call("im_open_login_svc/multiaccount_import", { Accounts: accounts })).ErrorCode).to.equal(
      0,
    );

    const acknowledged: { groupId: string; members: string[] }[] = [];
    let killed = false;
    const worker = async (w: number) => {
      for (let i = 0; !killed; i++) {
        const groupId = `burst-${w}-${i}`;
        const initial = [accounts[(w * 7 + i) % 60], accounts[(w * 7 + i + 1) % 60]];
        try {
          const created = await call("create_group", {
            Type: "Public",
            Name: groupId,
            GroupId: groupId,
            MemberList: initial.map((Member_Account) => ({ Member_Account })),
          });
          if (created.ErrorCode !== 0) throw new Error(JSON.stringify(created));
          const entry = { groupId, members: [...initial] };
          acknowledged.push(entry);
          const extra = accounts[(w * 11 + i + 30) % 60];
          const added = await call("add_group_member", {
            GroupId: groupId,
            MemberList: [{ Member_Account: extra }],
          });
          if (added.ErrorCode !== 0) throw new Error(JSON.stringify(added));
          if (!initial.includes(extra)) entry.members.push(extra);
        } catch (error) {
          if (killed) return; // a call cut off by the kill: unacknowledged
          throw error;
        }
      }
    };
    let failure: unknown;
    const workers = Array.from({ length: 8 }, (_, w) =>
      worker(w).catch((error) => {
        failure = error;
      }),
    );
    while (acknowledged.length < 300 && failure === undefined)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(failure, "no worker failed before the kill").to.equal(undefined);
    killed = true;
    cli.child.kill("SIGKILL");
    await Promise.all(workers);
    expect(await cli.exited).to.equal("SIGKILL");

    const restored = await openEmulator({ dataDir, secretKey: KEY });
    const state: StateSnapshot = restored.control.state();
    const groups = new Map(state.groups.map((group) => [group.GroupId, group]));
    for (const { groupId, members } of acknowledged) {
      const group = groups.get(groupId);
      expect(group, `acknowledged group ${groupId}`).not.to.equal(undefined);
      const present = group!.MemberList.map((m) => m.Member_Account);
      expect(present, `acknowledged members of ${groupId}`).to.include.members(members);
    }
    // Consistency: a group is there with all its initial members or not at all (one journal line each).
    for (const group of state.groups) expect(group.MemberList.length, group.GroupId).to.be.within(2, 3);
    expect(state.counters.nextGroupSeq).to.equal(state.groups.length + 1);
    // And it keeps working: writes after recovery survive another restart.
    const t = bindTarget(restored, dataDir);
    expect(
      (await t.call("create_group", { Type: "Public", Name: "after", GroupId: "after-recovery" })).ErrorCode,
    ).to.equal(0);
    const after = restored.control.state();
    await restored.close();
    const again = await openEmulator({ dataDir });
    expect(again.control.state()).to.deep.equal(after);
    await again.close();
  });

  /** The error a start on `dataDir` fails with (the test fails if it starts). */
  const startError = async (dataDir: string): Promise<string> => {
    const outcome = await startEmulator({ dataDir }).then(
      async (emulator) => {
        await emulator.close();
        return undefined;
      },
      (caught: unknown) => String(caught),
    );
    expect(outcome, "the start was refused").to.be.a("string");
    return outcome!;
  };

  /** A populated data dir cut off without a clean stop: no snapshot, one journal of version 2 lines. */
  const liveCopy = async (): Promise<{ dataDir: string; journal: string; state: StateSnapshot }> => {
    const source = dir();
    const live = await open({ dataDir: source });
    await populate(live);
    const dataDir = dir();
    cpSync(source, dataDir, { recursive: true });
    rmSync(path.join(dataDir, "LOCK"));
    const state = live.emulator.control.state();
    await live.stop();
    return { dataDir, journal: path.join(dataDir, journals(dataDir)[0]), state };
  };

  it("loads a data dir written by the first release (format version 1, no checksums), then writes checksummed records", async () => {
    const fixtures = path.resolve(__dirname, "../../emulator/fixtures");
    const dataDir = dir();
    cpSync(path.join(fixtures, "data-dir-v1"), dataDir, { recursive: true });
    const expected = JSON.parse(readFileSync(path.join(fixtures, "data-dir-v1.state.json"), "utf8"));
    const first = await open({ dataDir, secretKey: KEY });
    expect(first.emulator.control.state()).to.deep.equal(expected);
    const info = await first.call("get_group_info", { GroupIdList: ["one"] });
    expect(info.GroupInfo[0]).to.include({ Notification: "after the snapshot", MemberNum: 2 });
    expect(
      (await first.call("create_group", { Type: "Public", Name: "new", GroupId: "after-upgrade" })).ErrorCode,
    ).to.equal(0);
    const [journal] = journals(dataDir);
    const lines = readFileSync(path.join(dataDir, journal), "utf8").trimEnd().split("\n");
    expect(
      lines.slice(0, -1).every((line) => line.startsWith("[")),
      "the old lines are kept",
    ).to.equal(true);
    expect(lines[lines.length - 1]).to.match(/^\{"crc32":"[0-9a-f]{8}","ops":\[/);
    // A copy taken now holds the old snapshot, old lines and a new one: it loads too.
    const mixed = dir();
    cpSync(dataDir, mixed, { recursive: true });
    rmSync(path.join(mixed, "LOCK"));
    const after = first.emulator.control.state();
    const copy = await openEmulator({ dataDir: mixed });
    expect(copy.control.state()).to.deep.equal(after);
    await copy.close();
    await first.stop();
    const snapshot = readFileSync(path.join(dataDir, "snapshot.json"), "utf8");
    expect(snapshot).to.match(
      /^\{"format":"im-emulator-snapshot","version":2,"generation":\d+,"crc32":"[0-9a-f]{8}","state":/,
    );
    const again = await open({ dataDir });
    expect(again.emulator.control.state()).to.deep.equal(after);
    await again.stop();
  });

  for (const [title, batch, reason] of [
    ["an unknown op", [{ op: "dropGroup", groupId: "one" }], 'op 0: unknown op "dropGroup"'],
    [
      "a members op without an account",
      [{ op: "members", groupId: "one", members: [{ Role: "Member" }] }],
      "op 0 (members): members[0].Member_Account: required field is missing",
    ],
    [
      "an op on a group that does not exist",
      [{ op: "removeMembers", groupId: "nope", accounts: ["bob"] }],
      'removeMembers: group "nope" does not exist',
    ],
    ["a batch that is not an array", { op: "destroy", groupId: "one" }, "not a batch of ops"],
    ["an empty batch", [], "not a batch of ops"],
  ] as const) {
    it(`refuses a checksummed record holding ${title}, naming the file and the line`, async () => {
      const { dataDir, journal } = await liveCopy();
      const count = readFileSync(journal, "utf8").trimEnd().split("\n").length;
      appendFileSync(journal, journalLine(JSON.stringify(batch)));
      // As the last line too: a complete line is never a torn write.
      expect(await startError(dataDir)).to.include(`${journal}: line ${count + 1}: ${reason}`);
      appendFileSync(journal, journalLine(JSON.stringify([{ op: "destroy", groupId: "two" }])));
      expect(await startError(dataDir)).to.include(`${journal}: line ${count + 1}: ${reason}`);
    });
  }

  it("checks version 1 records of an old data dir too: an unknown op or a member without an account refuses the start", async () => {
    const fixture = path.resolve(__dirname, "../../emulator/fixtures/data-dir-v1");
    for (const [batch, reason] of [
      [[{ op: "dropGroup", groupId: "one" }], 'op 0: unknown op "dropGroup"'],
      [
        [{ op: "members", groupId: "one", members: [{}] }],
        "op 0 (members): members[0].Member_Account: required",
      ],
    ] as const) {
      const dataDir = dir();
      cpSync(fixture, dataDir, { recursive: true });
      const [journal] = journals(dataDir);
      const file = path.join(dataDir, journal);
      const count = readFileSync(file, "utf8").trimEnd().split("\n").length;
      appendFileSync(
        file,
        `${JSON.stringify(batch)}\n${JSON.stringify([{ op: "destroy", groupId: "two" }])}\n`,
      );
      expect(await startError(dataDir)).to.include(`${file}: line ${count + 1}: ${reason}`);
    }
  });

  it("refuses a journal line that parses but is not a record, clearly (no 'ops is not iterable')", async () => {
    for (const line of ["5", '"text"', "null", "{}", '{"crc32":"00000000","ops":[]}x']) {
      const { dataDir, journal } = await liveCopy();
      writeFileSync(journal, `${line}\n${readFileSync(journal, "utf8")}`);
      const error = await startError(dataDir);
      expect(error, line).to.include(`${journal}: line 1: not a journal record`);
      expect(error, line).not.to.include("iterable");
    }
  });

  it("refuses a record with a flipped byte before the tail: checksum mismatch with file and line", async () => {
    const { dataDir, journal } = await liveCopy();
    const lines = readFileSync(journal, "utf8").split("\n");
    const target = lines.findIndex((line) => line.includes("Bobby"));
    expect(target).to.be.greaterThan(0);
    lines[target] = lines[target].replace("Bobby", "Bobbz");
    writeFileSync(journal, lines.join("\n"));
    expect(await startError(dataDir)).to.include(
      `${journal}: line ${target + 1}: checksum mismatch: the record is corrupt`,
    );
  });

  it("refuses an unchecksummed (version 1) line after checksummed ones", async () => {
    const { dataDir, journal } = await liveCopy();
    appendFileSync(journal, `${JSON.stringify([{ op: "destroy", groupId: "one" }])}\n`);
    const count = readFileSync(journal, "utf8").trimEnd().split("\n").length;
    expect(await startError(dataDir)).to.include(
      `${journal}: line ${count}: a record without a checksum after checksummed records`,
    );
  });

  it("a torn checksummed last line is still cut off, and the rest loads", async () => {
    const { dataDir, journal, state } = await liveCopy();
    const line = journalLine(JSON.stringify([{ op: "destroy", groupId: "one" }]));
    appendFileSync(journal, line.subarray(0, line.length - 5));
    const restored = await openEmulator({ dataDir });
    expect(restored.control.state()).to.deep.equal(state);
    await restored.close();
  });

  it("a corrupt snapshot refuses the start naming the file: bad JSON, a flipped byte, a wrong shape", async () => {
    const dataDir = dir();
    const t = await open({ dataDir });
    await populate(t);
    await t.stop();
    const file = path.join(dataDir, "snapshot.json");
    const good = readFileSync(file, "utf8");
    expect(good).to.include('"hello"');
    writeFileSync(file, good.replace('"hello"', '"hellp"'));
    expect(await startError(dataDir)).to.include(`${file}: checksum mismatch: the snapshot is corrupt`);
    writeFileSync(file, good.slice(0, 200));
    expect(await startError(dataDir)).to.include(`${file}: corrupt snapshot`);
    writeFileSync(file, '{"format":"im-emulator-snapshot","version":1,"generation":1,"state":{"accounts":[');
    expect(await startError(dataDir)).to.include(`${file}: not valid JSON`);
    writeFileSync(
      file,
      JSON.stringify({ format: "im-emulator-snapshot", version: 1, generation: 1, state: {} }),
    );
    expect(await startError(dataDir)).to.include(`${file}: state: accounts: required field is missing`);
    writeFileSync(file, JSON.stringify({ format: "something-else", version: 7 }));
    expect(await startError(dataDir)).to.include(
      `${file}: not an im-emulator snapshot of format version 1 or 2`,
    );
  });
});
