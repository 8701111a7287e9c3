/**
 * Account endpoints (im_open_login_svc, docs/api-reference.md §8): account_import, multiaccount_import in both
 * request forms, account_check; and the rule that group APIs need imported accounts (§2.2).
 */
import { expect } from "chai";
import { bytes, type Case, conformance, ids, type Json } from "./support/conformance";

const cases: Case[] = [
  {
    rule: "§8.1 account_import: envelope only; account_check then reports Imported",
    command: "im_open_login_svc/account_import",
    body: { UserID: "newbie", Nick: "New", FaceUrl: "http://face" },
    async check(response, t) {
      expect(Object.keys(response)).to.have.members(["ActionStatus", "ErrorCode", "ErrorInfo"]);
      const checked = await t.call("im_open_login_svc/account_check", { CheckItem: [{ UserID: "newbie" }] });
      expect(checked.ResultItem).to.deep.equal([
        { UserID: "newbie", ResultCode: 0, ResultInfo: "", AccountStatus: "Imported" },
      ]);
    },
  },
  {
    rule: "§8.1 importing an existing account again succeeds",
    command: "im_open_login_svc/account_import",
    body: { UserID: "bob" },
  },
  {
    rule: "§8.1 older docs' Identifier field is accepted in place of UserID",
    command: "im_open_login_svc/account_import",
    body: { Identifier: "legacy" },
    async check(_response, t) {
      const checked = await t.call("im_open_login_svc/account_check", { CheckItem: [{ UserID: "legacy" }] });
      expect((checked.ResultItem as Json[])[0].AccountStatus).to.equal("Imported");
    },
  },
  {
    rule: "§8.1 UserID over 32 bytes is 70402",
    command: "im_open_login_svc/account_import",
    body: { UserID: bytes(33) },
    code: 70402,
    info: "UserID: 33 bytes exceeds the 32-byte limit",
  },
  {
    rule: "§8.1 UserID missing is 70402",
    command: "im_open_login_svc/account_import",
    body: {},
    code: 70402,
    info: "UserID: required field is missing",
  },
  {
    rule: "§8.1 a profile value over 500 bytes is 40601",
    command: "im_open_login_svc/account_import",
    body: { UserID: "x", Nick: bytes(501) },
    code: 40601,
    info: "Nick: 501 bytes exceeds the 500-byte limit",
  },
  {
    rule: "§3.5 step 9 a UserID that is not a string is 60015",
    command: "im_open_login_svc/account_import",
    body: { UserID: 12345 },
    code: 60015,
    info: "UserID: expected string, got 12345",
  },
  {
    rule: "§8.2 multiaccount_import old form Accounts: FailAccounts lists the invalid IDs",
    command: "im_open_login_svc/multiaccount_import",
    body: { Accounts: ["a1", bytes(33), "a2"] },
    async check(response, t) {
      expect(Object.keys(response)).to.have.members([
        "ActionStatus",
        "ErrorCode",
        "ErrorInfo",
        "FailAccounts",
      ]);
      expect(response.FailAccounts).to.deep.equal([bytes(33)]);
      const checked = await t.call("im_open_login_svc/account_check", {
        CheckItem: [{ UserID: "a1" }, { UserID: "a2" }],
      });
      expect((checked.ResultItem as Json[]).map((r) => r.AccountStatus)).to.deep.equal([
        "Imported",
        "Imported",
      ]);
    },
  },
  {
    rule: "§8.2 multiaccount_import new form AccountList with profiles",
    command: "im_open_login_svc/multiaccount_import",
    body: {
      AccountList: [
        { UserID: "n1", Nick: "One" },
        { UserID: "n2", FaceUrl: "http://f" },
      ],
    },
    check(response) {
      expect(response.FailAccounts).to.deep.equal([]);
    },
  },
  {
    rule: "§8.2 at most 100 accounts per multiaccount_import: 101 is 70402 (UNCONFIRMED code)",
    command: "im_open_login_svc/multiaccount_import",
    body: { Accounts: ids("m", 101) },
    code: 70402,
    info: "Accounts: 101 entries exceeds the limit of 100",
  },
  {
    rule: "§8.2 neither Accounts nor AccountList is 70402",
    command: "im_open_login_svc/multiaccount_import",
    body: {},
    code: 70402,
    info: "exactly one of the two must be given",
  },
  {
    rule: "§3.5 step 9 a number in Accounts is 60015",
    command: "im_open_login_svc/multiaccount_import",
    body: { Accounts: ["ok", 7] },
    code: 60015,
    info: "Accounts[1]: expected string, got 7",
  },
  {
    rule: "§8.3 account_check: one ResultItem per item; App admins exist from the start",
    command: "im_open_login_svc/account_check",
    body: { CheckItem: [{ UserID: "bob" }, { UserID: "ghost" }, { UserID: "administrator" }] },
    check(response) {
      expect(Object.keys(response)).to.have.members(["ActionStatus", "ErrorCode", "ErrorInfo", "ResultItem"]);
      expect(response.ResultItem).to.deep.equal([
        { UserID: "bob", ResultCode: 0, ResultInfo: "", AccountStatus: "Imported" },
        { UserID: "ghost", ResultCode: 0, ResultInfo: "", AccountStatus: "NotImported" },
        { UserID: "administrator", ResultCode: 0, ResultInfo: "", AccountStatus: "Imported" },
      ]);
    },
  },
  {
    rule: "§8.3 at most 100 CheckItem entries: 101 is 70402",
    command: "im_open_login_svc/account_check",
    body: { CheckItem: ids("m", 101).map((UserID) => ({ UserID })) },
    code: 70402,
    info: "CheckItem: 101 entries exceeds the limit of 100",
  },
  {
    rule: "§8.3 CheckItem is required",
    command: "im_open_login_svc/account_check",
    body: {},
    code: 70402,
    info: "CheckItem: required field is missing",
  },
];

conformance("docs/api-reference.md §8 accounts", cases);
