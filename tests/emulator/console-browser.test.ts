/**
 * The web console in a real browser (headless Chromium from Debian, driven by playwright-core; see
 * tests/support/browser.ts): it lists the groups, opens one, shows every value as text, stays
 * read-only until unlocked, and makes out-of-band edits with the token that land in the model exactly
 * as REST API calls would. Saves a screenshot to .work/artifacts/console.png.
 */
import { expect } from "chai";
import { artifactPath, ConsolePage, launchBrowser, type TestBrowser } from "../support/browser";
import { type Json, startTarget, type Target } from "./support/harness";

/** Values that would run script or create elements if the page ever treated data as HTML. */
const XSS_ACCOUNT = "<img src=x onerror=alert(1)>";
const XSS_GROUP_ID = "<svg onload=alert(3)>";
const XSS_NAME = "<script>alert(4)</script>";
const XSS_VALUE = "<b>release</b><img src=x onerror=alert(5)>";
const XSS_MEMBER_VALUE = "<b>x</b><img src=x onerror=alert(7)>";

describe("web console in a browser", () => {
  let t: Target;
  let browser: TestBrowser;
  let open: ConsolePage[] = [];
  const openConsole = async (hash = "") => {
    const page = await ConsolePage.open(browser.context, `${t.emulator.console!.url}${hash}`);
    open.push(page);
    return page;
  };
  const groupInfo = async (groupId: string) =>
    (await t.call("get_group_info", { GroupIdList: [groupId] })).GroupInfo[0];
  const accountsOf = async (groupId: string) =>
    (await t.call("get_group_member_info", { GroupId: groupId })).MemberList.map(
      (m: Json) => m.Member_Account,
    );

  before(async () => {
    t = await startTarget("memory", { rateLimitPerSecond: 0 });
    browser = await launchBrowser();
  });
  beforeEach(async () => {
    await t.control("POST", "reset");
    await t.call("im_open_login_svc/multiaccount_import", {
      Accounts: ["owner", "alice", "bob", "carol", XSS_ACCOUNT, "__proto__"],
    });
    await t.call("create_group", {
      Type: "Public",
      GroupId: "team",
      Name: "Team",
      Notification: "Stand-up at 10",
      Owner_Account: "owner",
      AppDefinedData: [{ Key: "__proto__", Value: XSS_VALUE }],
      MemberList: [
        { Member_Account: "alice", Role: "Admin" },
        { Member_Account: "bob" },
        {
          Member_Account: XSS_ACCOUNT,
          AppMemberDefinedData: [{ Key: "__proto__", Value: XSS_MEMBER_VALUE }],
        },
        { Member_Account: "__proto__" },
      ],
    });
    await t.call("create_group", {
      Type: "Private",
      GroupId: XSS_GROUP_ID,
      Name: XSS_NAME,
      Owner_Account: "owner",
    });
    await t.call("create_group", {
      Type: "AVChatRoom",
      GroupId: "live",
      Name: "Live",
      Owner_Account: "owner",
    });
  });
  afterEach(async () => {
    for (const page of open) {
      expect(page.pageErrors, "errors in the page's script").to.deep.equal([]);
      await page.page.close();
    }
    open = [];
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it("lists the groups, opens one, makes edits with the token, and saves a screenshot", async () => {
    const page = await openConsole();
    expect(await page.mode()).to.equal("read-only");
    expect((await page.groupRows()).map((row) => row.slice(0, 5))).to.deep.equal([
      ["team", "Public", "Team", "5", "owner"],
      [XSS_GROUP_ID, "Private", XSS_NAME, "1", "owner"],
      ["live", "AVChatRoom", "Live", "1", "owner"],
    ]);
    await page.openGroup("team");
    expect(await page.page.getByRole("button", { name: /^Remove / }).count(), "no edit controls").to.equal(0);
    expect(
      await page.page.getByRole("button", { name: "Rename (modify_group_base_info)" }).isVisible(),
    ).to.equal(false);

    await page.unlock(t.emulator.console!.token);
    expect(await page.mode()).to.equal("editing");
    await page.rename("Team (renamed in the console)");
    await page.setNotification("Changed out of band");
    await page.addMember("carol");
    await page.removeMember("bob");

    expect(await groupInfo("team")).to.include({
      Name: "Team (renamed in the console)",
      Notification: "Changed out of band",
      InfoSeq: 3,
    });
    expect(await accountsOf("team")).to.deep.equal(["owner", "alice", XSS_ACCOUNT, "__proto__", "carol"]);
    const profile = await page.profile();
    expect(profile.get("Name")).to.equal("Team (renamed in the console)");
    expect(profile.get("MemberNum")).to.equal("5");
    expect((await page.memberRows()).map((row) => row[0])).to.deep.equal([
      "owner",
      "alice",
      XSS_ACCOUNT,
      "__proto__",
      "carol",
    ]);
    // The test's own REST API reads (above) are listed too, with the console's edits before them.
    const calls = (await page.callRows("get_group_member_info")).map((row) => [row[1], row[2], row[4]]);
    expect(calls.slice(0, 2)).to.deep.equal([
      ["api", "group_open_http_svc/get_group_member_info", "0"],
      ["api", "group_open_http_svc/get_group_info", "0"],
    ]);
    expect(calls.filter((row) => row[0] === "console")).to.deep.equal([
      ["console", "group_open_http_svc/delete_group_member", "0"],
      ["console", "group_open_http_svc/add_group_member", "0"],
      ["console", "group_open_http_svc/modify_group_base_info", "0"],
      ["console", "group_open_http_svc/modify_group_base_info", "0"],
    ]);

    const screenshot = artifactPath("console.png");
    await page.screenshot(screenshot);
    console.log(`      screenshot: ${screenshot}`);
  });

  it("renders every value as text: markup in accounts, IDs, names and custom data, and __proto__", async () => {
    const page = await openConsole();
    await page.openGroup("team");
    expect((await page.memberRows()).map((row) => row.slice(0, 2))).to.deep.equal([
      ["owner", "Owner"],
      ["alice", "Admin"],
      ["bob", "Member"],
      [XSS_ACCOUNT, "Member"],
      ["__proto__", "Member"],
    ]);
    expect(await page.customDataRows()).to.deep.equal([["__proto__", XSS_VALUE]]);
    // Member custom data (its own column) is text too, key `__proto__` included.
    expect((await page.memberRows())[3]![3]).to.equal(`__proto__ = ${XSS_MEMBER_VALUE}`);
    await page.openGroup(XSS_GROUP_ID);
    expect((await page.profile()).get("Name")).to.equal(XSS_NAME);
    // Had any value been parsed as HTML, these elements would exist (and the alerts would have run).
    const injected = await page.page
      .locator("main img, main svg, main b, main script, #group-rows img")
      .count();
    expect(injected, "elements made from data").to.equal(0);
    expect(page.dialogs, "dialogs opened by injected script").to.deep.equal([]);
  });

  it("stays read-only with a wrong token, and says why", async () => {
    const page = await openConsole();
    await page.page.getByLabel("Console token or secret key").fill("not-the-token");
    await page.page.getByRole("button", { name: "Unlock editing" }).click();
    expect(await page.error()).to.equal(
      "Authorization: the credential is neither the console token nor the secret key",
    );
    expect(await page.mode()).to.equal("read-only");
  });

  it("opens from the printed token in the address (#token=), then forgets it from the address", async () => {
    const page = await openConsole(`#token=${t.emulator.console!.token}`);
    expect(await page.mode()).to.equal("editing");
    expect(page.page.url()).not.to.include(t.emulator.console!.token);
  });

  it("unlocked with the secret key, shows the model's refusals with the REST API's ErrorCode and text, and destroys after a confirmation", async () => {
    const page = await openConsole();
    await page.unlock(t.emulator.secretKey);
    await page.openGroup("team");
    // The refusal's ErrorInfo quotes the account: it must reach the page as text too.
    const unimported = "<img src=x onerror=alert(6)>";
    await page.page.getByLabel("Account", { exact: true }).fill(unimported);
    await page.page.getByRole("button", { name: "Add member (add_group_member)" }).click();
    const rest = await t.call("add_group_member", {
      GroupId: "team",
      MemberList: [{ Member_Account: unimported }],
    });
    expect(rest.ErrorInfo).to.include(unimported);
    expect(await page.error()).to.equal(`ErrorCode 10019: ${rest.ErrorInfo}`);
    expect(await page.page.locator("#error img").count()).to.equal(0);
    expect(await page.memberRows()).to.have.length(5);
    // The owner has no Remove button: delete_group_member would refuse it (10007).
    expect(await page.page.getByRole("button", { name: "Remove owner", exact: true }).count()).to.equal(0);

    await page.destroyGroup("team");
    expect(page.dialogs).to.deep.equal(["confirm: Destroy group team? Its ID cannot be used again."]);
    expect((await groupInfo("team")).ErrorCode).to.equal(10010);
    expect((await page.groupRows()).map((row) => row[0])).to.deep.equal([XSS_GROUP_ID, "live"]);
  });

  it("says why an AVChatRoom's members are not listed (10007, as get_group_member_info)", async () => {
    const page = await openConsole();
    await page.openGroup("live");
    const note = page.page.locator("#member-note");
    await note.waitFor();
    expect(await note.innerText()).to.match(/^Members cannot be listed: ErrorCode 10007: /);
  });
});
