/**
 * The web console as a place to look at a whole app (issue 22), in a real browser (headless
 * Chromium via playwright-core, tests/support/browser.ts), driven by labels, roles and the keyboard:
 * searching, filtering and sorting 61 groups, editing a member (and the REST API's refusal shown
 * with its ErrorCode), and the recent calls filtered by group, by API and with reads hidden. Each
 * test saves a screenshot under .work/artifacts/ (console-search.png, console-filter.png,
 * console-sort.png, console-member-edit.png, console-calls.png).
 */
import { expect } from "chai";
import { artifactPath, ConsolePage, launchBrowser, type TestBrowser } from "../support/browser";
import { type Json, startTarget, type Target } from "./support/harness";

const TYPES = ["Public", "Private", "ChatRoom"] as const;
const OWNERS = ["owner", "alice", "bob", "carol"] as const;
/** A pool of ordinary members for the projects. */
const POOL = Array.from({ length: 12 }, (_, i) => `user-${i}`);
/** `proj-00` … `proj-59`. */
const projectId = (i: number) => `proj-${String(i).padStart(2, "0")}`;

describe("web console in a browser: a whole app", () => {
  let t: Target;
  let browser: TestBrowser;
  let open: ConsolePage[] = [];
  const openConsole = async (hash = "") => {
    const page = await ConsolePage.open(browser.context, `${t.emulator.console!.url}${hash}`);
    open.push(page);
    return page;
  };
  const member = async (groupId: string, account: string) =>
    (await t.call("get_group_member_info", { GroupId: groupId })).MemberList.find(
      (m: Json) => m.Member_Account === account,
    );
  const shot = async (page: ConsolePage, name: string) => {
    const file = artifactPath(name);
    await page.screenshot(file);
    console.log(`      screenshot: ${file}`);
  };

  before(async () => {
    t = await startTarget("memory", { rateLimitPerSecond: 0 });
    browser = await launchBrowser();
  });
  beforeEach(async () => {
    await t.control("POST", "reset");
    await t.call("im_open_login_svc/multiaccount_import", {
      Accounts: ["owner", "alice", "bob", "carol", "dave", ...POOL],
    });
    await t.call("create_group", {
      Type: "Public",
      GroupId: "team",
      Name: "Team",
      Owner_Account: "owner",
      MemberList: [
        { Member_Account: "alice", Role: "Admin" },
        { Member_Account: "bob", AppMemberDefinedData: [{ Key: "desk", Value: "B-12" }] },
        { Member_Account: "carol" },
      ],
    });
    await t.call("modify_group_member_info", { GroupId: "team", Member_Account: "alice", NameCard: "Alice" });
    // Project i: type TYPES[i % 3], owner OWNERS[i % 4], i % 7 members besides the owner.
    for (let i = 0; i < 60; i++) {
      const owner = OWNERS[i % 4]!;
      const members = POOL.slice(0, i % 7).map((Member_Account) => ({ Member_Account }));
      const answer = await t.call("create_group", {
        Type: TYPES[i % 3],
        GroupId: projectId(i),
        Name: `Project ${i}`,
        Owner_Account: owner,
        MemberList: members,
      });
      expect(answer.ErrorCode, answer.ErrorInfo).to.equal(0);
    }
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

  it("searches group IDs and names in the server; Enter on a focused row opens the group", async () => {
    const page = await openConsole();
    expect(await page.groupTotal()).to.equal("(61)");
    expect(await page.groupIds()).to.have.length(50);

    await page.searchGroups({ search: "proj-1" });
    expect(await page.groupIds()).to.deep.equal(Array.from({ length: 10 }, (_, i) => projectId(10 + i)));
    expect(await page.groupTotal()).to.equal("(10 of 61 match)");
    await page.searchGroups({ search: "TEAM" });
    expect((await page.groupRows()).map((row) => row.slice(0, 5))).to.deep.equal([
      ["team", "Public", "Team", "4", "owner"],
    ]);
    await page.searchGroups({ search: "project 4" });
    expect(await page.groupIds()).to.deep.equal([
      "proj-04",
      ...Array.from({ length: 10 }, (_, i) => projectId(40 + i)),
    ]);
    await shot(page, "console-search.png");

    // The keyboard: a focused row opens its group with Enter, and the address names it.
    await page.page.locator("#group-rows tr").nth(1).focus();
    await page.page.keyboard.press("Enter");
    await page.page.getByRole("heading", { name: "Group proj-40", exact: true }).waitFor();
    expect(page.page.url()).to.match(/#group=proj-40$/);

    await page.searchGroups({ search: "nothing like this" });
    expect(await page.groupRows()).to.deep.equal([["No group matches the search and filters."]]);
  });

  it("filters by type and owner (with the search), and Clear shows every group again", async () => {
    const page = await openConsole();
    await page.searchGroups({ type: "Private", owner: "alice" });
    // i % 3 == 1 and i % 4 == 1: i = 1, 13, 25, 37, 49.
    const rows = await page.groupRows();
    expect(rows.map((row) => [row[0], row[1], row[4]])).to.deep.equal(
      [1, 13, 25, 37, 49].map((i) => [projectId(i), "Private", "alice"]),
    );
    expect(await page.groupTotal()).to.equal("(5 of 61 match)");
    await page.searchGroups({ search: "3" });
    expect(await page.groupIds()).to.deep.equal(["proj-13", "proj-37"]);
    await page.searchGroups({ search: "", type: "", owner: "owner" });
    const ownedByOwner = Array.from({ length: 15 }, (_, k) => projectId(4 * k));
    expect(await page.groupIds()).to.deep.equal(["team", ...ownedByOwner]);
    await page.searchGroups({ type: "ChatRoom" });
    // i % 3 == 2 and i % 4 == 0.
    expect(await page.groupIds()).to.deep.equal([8, 20, 32, 44, 56].map(projectId));
    await shot(page, "console-filter.png");

    await page.page.getByRole("button", { name: "Clear", exact: true }).click();
    await page.settled("#group-table");
    expect(await page.groupTotal()).to.equal("(61)");
    expect(await page.page.getByLabel("Owner", { exact: true }).inputValue()).to.equal("");
  });

  it("sorts by member count, name and creation time in the server, either way, and pages the sorted list", async () => {
    const page = await openConsole();
    const header = (label: string) => page.page.locator("#group-table th", { hasText: label });
    await page.sortGroups("Sort by members");
    expect(await header("Members").getAttribute("aria-sort")).to.equal("ascending");
    expect(await header("Created").getAttribute("aria-sort")).to.equal("none");
    // 1 member: the projects with i % 7 == 0, in creation order.
    expect((await page.groupIds()).slice(0, 3)).to.deep.equal([0, 7, 14].map(projectId));
    await page.sortGroups("Sort by members");
    expect(await header("Members").getAttribute("aria-sort")).to.equal("descending");
    const rows = await page.groupRows();
    // 7 members: i % 7 == 6 (6, 13, 20, …, 55), then team's 4 sits among the 4s.
    expect(rows.slice(0, 3).map((row) => [row[0], row[3]])).to.deep.equal([
      ["proj-06", "7"],
      ["proj-13", "7"],
      ["proj-20", "7"],
    ]);
    await shot(page, "console-sort.png");

    await page.sortGroups("Sort by name");
    // Code-unit order: "Project 0", "Project 1", "Project 10", …
    expect((await page.groupRows()).slice(0, 4).map((row) => row[2])).to.deep.equal([
      "Project 0",
      "Project 1",
      "Project 10",
      "Project 11",
    ]);
    await page.page.getByRole("button", { name: "Next", exact: true }).first().click();
    await page.settled("#group-table");
    expect(await page.page.locator("#groups-page").innerText()).to.equal("51–61 of 61");
    expect((await page.groupRows()).at(-1)![2]).to.equal("Team");
    await page.sortGroups("Sort by creation time");
    expect(await header("Created").getAttribute("aria-sort")).to.equal("ascending");
    expect(await page.page.locator("#groups-page").innerText()).to.equal("1–50 of 61");
    expect((await page.groupIds())[0]).to.equal("team");
  });

  it("edits a member from the keyboard (role, name card, custom data, mute) through modify_group_member_info, and shows a refusal's ErrorCode", async () => {
    const page = await openConsole("#group=team");
    await page.page.getByRole("heading", { name: "Group team", exact: true }).waitFor();
    // Read-only: no Edit buttons, and Enter on a row opens nothing.
    expect(await page.page.getByRole("button", { name: /^Edit / }).count()).to.equal(0);
    await page.page.locator("#member-rows tr").nth(2).focus();
    await page.page.keyboard.press("Enter");
    expect(await page.page.locator("#member-edit").isVisible()).to.equal(false);

    await page.unlock(t.emulator.console!.token);
    // Unlocking shows the Edit buttons, not an edit form for nobody.
    expect(await page.page.locator("#member-edit").isVisible(), "edit form before Edit").to.equal(false);
    const columns = await page.memberRows();
    expect(columns.map((row) => row.slice(0, 5))).to.deep.equal([
      ["owner", "Owner", "—", "—", "AcceptAndNotify"],
      ["alice", "Admin", "Alice", "—", "AcceptAndNotify"],
      ["bob", "Member", "—", "desk = B-12", "AcceptAndNotify"],
      ["carol", "Member", "—", "—", "AcceptAndNotify"],
    ]);

    const saved = await page.editMember("bob", {
      role: "Admin",
      nameCard: "Bobby <b>",
      custom: { desk: "" },
      newKey: ["level", "3"],
      mute: "3600",
    });
    expect(saved).to.equal("Saved bob (Role, NameCard, AppMemberDefinedData, MuteTime).");
    const bob = await member("team", "bob");
    expect(bob).to.include({ Role: "Admin", NameCard: "Bobby <b>" });
    expect(bob.AppMemberDefinedData).to.deep.equal([{ Key: "level", Value: "3" }]);
    expect(bob.MuteUntil).to.be.above(Math.floor(Date.now() / 1000) + 3500);
    const row = (await page.memberRows())[2]!;
    expect(row.slice(0, 5)).to.deep.equal(["bob", "Admin", "Bobby <b>", "level = 3", "AcceptAndNotify"]);
    expect(row[5]).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(await page.page.locator("#member-edit").isVisible()).to.equal(false);

    // The REST API's refusal, with its ErrorCode and text; the form stays open with what was typed.
    const tooLong = "n".repeat(51);
    const refused = await page.editMember("carol", { nameCard: tooLong });
    const rest = await t.call("modify_group_member_info", {
      GroupId: "team",
      Member_Account: "carol",
      NameCard: tooLong,
    });
    expect(refused).to.equal(`ErrorCode 10004: ${rest.ErrorInfo}`);
    expect(await page.page.getByLabel("Name card", { exact: true }).inputValue()).to.equal(tooLong);
    expect((await member("team", "carol")).NameCard).to.equal("");
    await shot(page, "console-member-edit.png");
    await page.page.keyboard.press("Escape");
    expect(await page.page.locator("#member-edit").isVisible()).to.equal(false);

    const owner = await page.editMember("owner", { role: "Admin" });
    const ownerRest = await t.call("modify_group_member_info", {
      GroupId: "team",
      Member_Account: "owner",
      Role: "Admin",
    });
    expect(ownerRest.ErrorCode).to.equal(10007);
    expect(owner).to.equal(`ErrorCode 10007: ${ownerRest.ErrorInfo}`);
  });

  it("lists the group each call touched, linked to its page, and filters the calls by group, by API and with reads hidden", async () => {
    for (let i = 0; i < 3; i++) await t.call("get_group_info", { GroupIdList: ["team", "proj-02"] });
    await t.call("get_group_member_info", { GroupId: "team" });
    await t.call("modify_group_base_info", { GroupId: "proj-02", Name: "Renamed" });
    const page = await openConsole(`#token=${t.emulator.console!.token}&group=team`);
    await page.page.getByRole("heading", { name: "Group team", exact: true }).waitFor();
    await page.editMember("carol", { nameCard: "Carol" });

    const team = await page.filterCalls({ group: "team" });
    expect(team.slice(0, 5).map((row) => [row[1], row[2].split("/")[1], row[3]])).to.deep.equal([
      ["console", "modify_group_member_info", "team"],
      ["api", "get_group_member_info", "team"],
      ["api", "get_group_info", "team proj-02"],
      ["api", "get_group_info", "team proj-02"],
      ["api", "get_group_info", "team proj-02"],
    ]);
    // The log outlives the resets between tests: earlier tests' calls on "team" follow these.
    const writes = await page.filterCalls({ hideReads: true });
    expect(writes.slice(0, 3).map((row) => [row[1], row[2].split("/")[1], row[3]])).to.deep.equal([
      ["console", "modify_group_member_info", "team"],
      ["api", "modify_group_member_info", "team"],
      ["api", "create_group", "team"],
    ]);
    expect(writes.filter((row) => /\/get_/.test(row[2]!))).to.deep.equal([]);
    const renames = await page.filterCalls({
      group: "",
      hideReads: false,
      api: "group_open_http_svc/modify_group_base_info",
    });
    expect(renames.map((row) => row[3])).to.deep.equal(["proj-02"]);
    expect(await page.page.locator("#call-count").innerText()).to.match(/^1 matching of \d+ kept$/);
    await shot(page, "console-calls.png");

    // The group in a call row is a link to its page.
    await page.page.locator("#call-rows").getByRole("link", { name: "proj-02", exact: true }).first().click();
    await page.page.getByRole("heading", { name: "Group proj-02", exact: true }).waitFor();
    expect((await page.profile()).get("Name")).to.equal("Renamed");
    // And a group's page shows its calls.
    await page.filterCalls({ api: "" });
    await page.page.getByRole("button", { name: "Show this group's calls" }).click();
    await page.settled("#call-table");
    expect(await page.page.getByLabel("Group", { exact: true }).inputValue()).to.equal("proj-02");
    const own = await page.page.locator("#call-rows tr").all();
    expect(own.length).to.be.at.least(5);
    for (const call of own) expect(await call.locator("td").nth(3).innerText()).to.include("proj-02");
  });
});
