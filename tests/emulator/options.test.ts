/**
 * Start-up options beyond the defaults (docs/api-reference.md §9: every limit and switch is a setting): auto-import,
 * custom-data allow-lists and read-only keys, legacy names, destroyed-ID reuse, limit overrides,
 * quotas, and the checks on the options themselves.
 */
import { type EmulatorOptions, startEmulator } from "@imgroups/im-emulator";
import { expect } from "chai";
import { type Json, startTarget, type Target } from "./support/harness";

describe("emulator options", () => {
  let t: Target | undefined;
  const start = async (options: EmulatorOptions) => {
    t = await startTarget("memory", { rateLimitPerSecond: 0, ...options });
    return t;
  };
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("autoImportAccounts: unknown owners and members are imported on first use", async () => {
    const target = await start({ autoImportAccounts: true });
    const created = await target.call("create_group", {
      Type: "Public",
      Name: "demo",
      Owner_Account: "new-owner",
      MemberList: [{ Member_Account: "new-member" }],
    });
    expect(created.ErrorCode).to.equal(0);
    const checked = await target.call("im_open_login_svc/account_check", {
      CheckItem: [{ UserID: "new-owner" }, { UserID: "new-member" }],
    });
    expect(checked.ResultItem.map((r: Json) => r.AccountStatus)).to.deep.equal(["Imported", "Imported"]);
    const roles = await target.call("get_role_in_group", {
      GroupId: created.GroupId,
      User_Account: ["never-seen"],
    });
    expect(roles.UserIdList).to.deep.equal([{ Member_Account: "never-seen", Role: "NotMember" }]);
  });

  it("appDefinedDataKeys.allowed: an undeclared group key is 10004 (002 #10, docs/api-reference.md §6.5)", async () => {
    const target = await start({ appDefinedDataKeys: { allowed: ["Level"] } });
    expect(
      (
        await target.call("create_group", {
          Type: "Public",
          Name: "g",
          AppDefinedData: [{ Key: "Level", Value: "1" }],
        })
      ).ErrorCode,
    ).to.equal(0);
    const refused = await target.call("create_group", {
      Type: "Public",
      Name: "g",
      AppDefinedData: [{ Key: "Other", Value: "1" }],
    });
    expect(refused).to.include({ ErrorCode: 10004 });
    expect(refused.ErrorInfo).to.include('AppDefinedData[0].Key: "Other" is not an enabled custom field');
  });

  it("appMemberDefinedDataKeys.readOnly: writing a read-only member key is 10007 (002 10007 #3)", async () => {
    const target = await start({ appMemberDefinedDataKeys: { readOnly: ["Score"] } });
    await target.call("im_open_login_svc/account_import", { UserID: "bob" });
    const refused = await target.call("create_group", {
      Type: "Public",
      Name: "g",
      MemberList: [{ Member_Account: "bob", AppMemberDefinedData: [{ Key: "Score", Value: "9" }] }],
    });
    expect(refused).to.include({ ErrorCode: 10007 });
    expect(refused.ErrorInfo).to.include(
      'MemberList[0].AppMemberDefinedData[0].Key: custom field "Score" is not writable',
    );
  });

  it("appMemberDefinedDataKeys: enabled and read-only member keys apply to create_group and modify_group_member_info (002 10004 #13, 10007 #3)", async () => {
    const target = await start({
      appMemberDefinedDataKeys: { allowed: ["Level", "Locked"], readOnly: ["Locked"] },
    });
    await target.call("im_open_login_svc/multiaccount_import", { Accounts: ["bob"] });
    const created = await target.call("create_group", {
      Type: "Public",
      Name: "g",
      GroupId: "g",
      MemberList: [{ Member_Account: "bob", AppMemberDefinedData: [{ Key: "Level", Value: "1" }] }],
    });
    expect(created.ErrorCode).to.equal(0);
    const undeclared = await target.call("modify_group_member_info", {
      GroupId: "g",
      Member_Account: "bob",
      AppMemberDefinedData: [{ Key: "Other", Value: "1" }],
    });
    expect(undeclared).to.include({ ErrorCode: 10004 });
    expect(undeclared.ErrorInfo).to.include(
      'AppMemberDefinedData[0].Key: "Other" is not an enabled custom field',
    );
    const locked = await target.call("modify_group_member_info", {
      GroupId: "g",
      Member_Account: "bob",
      AppMemberDefinedData: [{ Key: "Locked", Value: "1" }],
    });
    expect(locked).to.include({ ErrorCode: 10007 });
    expect(locked.ErrorInfo).to.include('AppMemberDefinedData[0].Key: custom field "Locked" is not writable');
    const member = (await target.call("get_group_member_info", { GroupId: "g" })).MemberList[0];
    expect(member.AppMemberDefinedData).to.deep.equal([{ Key: "Level", Value: "1" }]);
  });

  it("emitLegacyNames false: the newest-only form, MuteAllMember and MuteUntil without ShutUp names", async () => {
    const target = await start({ emitLegacyNames: false });
    await target.call("im_open_login_svc/account_import", { UserID: "bob" });
    await target.call("create_group", { Type: "Public", Name: "g", GroupId: "g", Owner_Account: "bob" });
    const group = (await target.call("get_group_info", { GroupIdList: ["g"] })).GroupInfo[0];
    expect(group).to.include({ MuteAllMember: "Off" });
    expect(group).not.to.have.property("ShutUpAllMember");
    expect(group.MemberList[0]).to.include({ MuteUntil: 0 });
    expect(group.MemberList[0]).not.to.have.property("ShutUpUntil");
    const page = await target.call("get_group_member_info", { GroupId: "g" });
    expect(page.MemberList[0]).not.to.have.property("ShutUpUntil");
  });

  it("allowDestroyedIdReuse: a destroyed custom ID can be created again", async () => {
    const target = await start({ allowDestroyedIdReuse: true });
    await target.call("create_group", { Type: "Public", Name: "g", GroupId: "again" });
    await target.call("destroy_group", { GroupId: "again" });
    expect(
      (await target.call("create_group", { Type: "Public", Name: "g2", GroupId: "again" })).ErrorCode,
    ).to.equal(0);
  });

  it("limits: add_group_member batch 20 (the newest CN page) and get_group_member_info Limit 6000 (older docs)", async () => {
    const target = await start({ limits: { addGroupMembers: 20, memberPageLimit: 6000 } });
    const accounts = Array.from({ length: 21 }, (_, i) => `m${i}`);
    await target.call("im_open_login_svc/multiaccount_import", { Accounts: accounts });
    await target.call("create_group", { Type: "Public", Name: "g", GroupId: "g" });
    const over = await target.call("add_group_member", {
      GroupId: "g",
      MemberList: accounts.map((Member_Account) => ({ Member_Account })),
    });
    expect(over.ErrorInfo).to.include("MemberList: 21 entries exceeds the limit of 20");
    expect((await target.call("get_group_member_info", { GroupId: "g", Limit: 6000 })).ErrorCode).to.equal(0);
  });

  it("limits.maxMemberCount: per-type maximum (e.g. a paid plan's 6000 for Public)", async () => {
    const target = await start({ limits: { maxMemberCount: { Public: 6000 } } });
    const created = await target.call("create_group", { Type: "Public", Name: "g" });
    expect(
      (await target.call("get_group_info", { GroupIdList: [created.GroupId] })).GroupInfo[0].MaxMemberNum,
    ).to.equal(6000);
    expect(
      (await target.call("create_group", { Type: "Private", Name: "g", MaxMemberCount: 201 })).ErrorCode,
    ).to.equal(10004);
  });

  it("limits.dailyCreateQuota: create_group beyond the day's quota is 10006 (002); import_group is not counted", async () => {
    const target = await start({ limits: { dailyCreateQuota: 2 } });
    const codes = [];
    for (let i = 0; i < 3; i++)
      codes.push((await target.call("create_group", { Type: "Public", Name: `g${i}` })).ErrorCode);
    expect(codes).to.deep.equal([0, 0, 10006]);
    expect((await target.call("import_group", { Type: "Public", Name: "imported" })).ErrorCode).to.equal(0);
  });

  it("limits.maxAccounts: the account cap gives 70398 and FailAccounts (docs/api-reference.md §8)", async () => {
    const target = await start({ limits: { maxAccounts: 2 } });
    expect(
      (await target.call("im_open_login_svc/multiaccount_import", { Accounts: ["a", "b", "c"] }))
        .FailAccounts,
    ).to.deep.equal(["c"]);
    expect(
      (await target.call("im_open_login_svc/account_import", { UserID: "a" })).ErrorCode,
      "re-import is fine",
    ).to.equal(0);
    expect((await target.call("im_open_login_svc/account_import", { UserID: "d" })).ErrorCode).to.equal(
      70398,
    );
  });

  it("limits.responseBytes: answers over the limit are 10018", async () => {
    const target = await start({ limits: { responseBytes: 200 } });
    await target.call("create_group", { Type: "Public", Name: "g", GroupId: "g" });
    const answer = await target.call("get_group_info", { GroupIdList: ["g"] });
    expect(answer).to.include({ ErrorCode: 10018 });
    expect(answer.ErrorInfo).to.match(/response: \d+ bytes exceeds the 200-byte limit/);
  });

  it("refuses bad options: more than 10 App admins, an empty secret key, a bad SDKAppID", async () => {
    const admins = Array.from({ length: 11 }, (_, i) => `admin${i}`);
    const failures: string[] = [];
    for (const options of [
      { adminIdentifiers: admins },
      { secretKey: "" },
      { sdkAppId: -1 },
      { adminIdentifiers: [] },
    ]) {
      await startEmulator(options).then(
        (emulator) => emulator.close(),
        (error: Error) => failures.push(error.message),
      );
    }
    expect(failures).to.deep.equal([
      "adminIdentifiers: 11 given; an app has 1 to 10 App admins",
      "secretKey: must not be empty",
      "sdkAppId: -1 is not a positive integer",
      "adminIdentifiers: 0 given; an app has 1 to 10 App admins",
    ]);
  });

  it("reports where it is: url, sdkAppId, first admin, secret key, no data dir in memory", async () => {
    const target = await start({ sdkAppId: 1400000123, adminIdentifiers: ["ops", "second"], secretKey: "k" });
    expect(target.emulator).to.include({
      sdkAppId: 1400000123,
      identifier: "ops",
      secretKey: "k",
      dataDir: undefined,
    });
    expect(target.emulator.adminIdentifiers).to.deep.equal(["ops", "second"]);
    expect(target.emulator.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    const generated = await startEmulator();
    expect(generated.secretKey).to.match(/^[0-9a-f]{64}$/);
    await generated.close();
  });
});
