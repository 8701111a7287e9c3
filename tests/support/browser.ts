/**
 * A real browser for the console tests: Debian's headless Chromium (`/usr/bin/chromium`, which
 * scripts/setup.sh installs) driven by playwright-core — never a browser download, which cannot
 * work here. A missing browser fails the test with the command that installs it: `npm test` never
 * skips a browser test silently. `IMGROUPS_CHROMIUM` points at another Chromium (e.g. on macOS).
 *
 * {@link ConsolePage} drives the emulator's console the way a person does: by the labels, roles and
 * names a screen reader would announce, so the tests also prove those exist.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Dialog, type Page } from "playwright-core";
import { repoRoot } from "./paths";

/** The Chromium binary the tests drive. */
export const CHROMIUM = process.env.IMGROUPS_CHROMIUM ?? "/usr/bin/chromium";

/** Where tests leave artifacts such as screenshots (gitignored). */
export const ARTIFACTS_DIR = path.join(repoRoot, ".work", "artifacts");

/**
 * Flags that work on these machines (as root, in a container): no sandbox, no GPU, no QUIC and none
 * of the background traffic (updates, sync) a fresh profile would start.
 */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A browser with its own fresh profile. */
export interface TestBrowser {
  /** The browser's one context (a persistent one: its profile is a fresh temp dir). */
  context: BrowserContext;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/** Starts headless Chromium with a fresh `--user-data-dir`; throws how to install it when missing. */
export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: the console's browser tests need it. Install it with ` +
        "`bash scripts/setup.sh --browser` (as root; runs apt-get install -y chromium) or " +
        "`sudo apt-get install -y chromium`, or set IMGROUPS_CHROMIUM to a Chromium binary.",
    );
  }
  const profile = mkdtempSync(path.join(tmpdir(), "imgroups-chromium-"));
  // playwright passes --user-data-dir itself for a persistent context, and refuses it in args.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 1000 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The path of an artifact under {@link ARTIFACTS_DIR}, its directory made. */
export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return path.join(ARTIFACTS_DIR, name);
}

/** Timeout for one UI step; the console answers in milliseconds, the rest is slack for a busy machine. */
const STEP_MS = 30_000;

/** The emulator's console in one browser tab. */
export class ConsolePage {
  /** Uncaught errors of the page's script; a test asserts there are none. */
  readonly pageErrors: string[] = [];
  /** Dialogs the page opened (an `alert` here would mean injected script ran). */
  readonly dialogs: string[] = [];

  private constructor(readonly page: Page) {
    page.setDefaultTimeout(STEP_MS);
    page.on("pageerror", (error) => this.pageErrors.push(String(error)));
    page.on("dialog", (dialog: Dialog) => {
      this.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      // Only the destroy confirmation is expected; accepting it is the user saying yes.
      void (dialog.type() === "confirm" ? dialog.accept() : dialog.dismiss());
    });
  }

  /** Opens `url` (the console's page, optionally with `#token=…`) in a new tab, once its script is ready. */
  static async open(context: BrowserContext, url: string): Promise<ConsolePage> {
    const page = new ConsolePage(await context.newPage());
    await page.page.goto(url);
    await page.page.locator("body[data-ready=true]").waitFor();
    return page;
  }

  /** The access mode the page shows: `read-only` or `editing`. */
  mode(): Promise<string> {
    return this.page.locator("#mode").innerText();
  }

  /** Types the token (or secret key) into the unlock form and waits for editing mode. */
  async unlock(credential: string): Promise<void> {
    await this.page.getByLabel("Console token or secret key").fill(credential);
    await this.page.getByRole("button", { name: "Unlock editing" }).click();
    await this.status("Editing unlocked.");
  }

  /** The group list's rows as cell texts (Group ID, Type, Name, Members, Owner, Created), once loaded. */
  async groupRows(): Promise<string[][]> {
    await this.settled("#group-table");
    return this.rows("#group-rows");
  }

  /** The IDs of the groups listed, once loaded. */
  async groupIds(): Promise<string[]> {
    return (await this.groupRows()).map((row) => row[0]!);
  }

  /**
   * Fills the group search form by its labels (a field left out is left as it is) and submits it
   * with Enter in the search box, as a keyboard user would.
   */
  async searchGroups(fields: { search?: string; type?: string; owner?: string }): Promise<void> {
    if (fields.owner !== undefined) await this.page.getByLabel("Owner", { exact: true }).fill(fields.owner);
    if (fields.type !== undefined) {
      // Choosing a type applies it at once; wait for that load before typing on.
      await this.page.getByLabel("Type", { exact: true }).selectOption(fields.type);
      await this.settled("#group-table");
    }
    const search = this.page.getByLabel("Search ID or name");
    if (fields.search !== undefined) await search.fill(fields.search);
    await search.press("Enter");
    await this.settled("#group-table");
  }

  /** Presses a column's sort button ("Sort by name", "Sort by members", "Sort by creation time"). */
  async sortGroups(button: string): Promise<void> {
    await this.page.getByRole("button", { name: button, exact: true }).click();
    await this.settled("#group-table");
  }

  /** The group list's text above the table: `(n)` or `(m of n match)`. */
  groupTotal(): Promise<string> {
    return this.page.locator("#group-total").innerText();
  }

  /** Follows a group's link in the list and waits until its profile is shown. */
  async openGroup(groupId: string): Promise<void> {
    await this.page.locator("#group-rows").getByRole("link", { name: groupId, exact: true }).click();
    await this.page.getByRole("heading", { name: `Group ${groupId}`, exact: true }).waitFor();
  }

  /** The open group's profile as shown, by field name (data-field). */
  async profile(): Promise<Map<string, string>> {
    const fields = this.page.locator("#profile dd");
    const shown = new Map<string, string>();
    for (const field of await fields.all()) {
      shown.set((await field.getAttribute("data-field")) ?? "", await field.innerText());
    }
    return shown;
  }

  /**
   * The open group's member rows as cell texts (Account, Role, Name card, Custom data, Message flag,
   * Muted until, Joined[, Edit]), once loaded.
   */
  async memberRows(): Promise<string[][]> {
    await this.settled("#members");
    return this.rows("#member-rows");
  }

  /**
   * Edits a member from the keyboard: focuses its row, Enter opens the form, the fields are filled
   * by their labels, Enter in the name card submits. `custom` sets existing keys' values ("" deletes)
   * and `newKey` adds one. Resolves once the status or the alert says how it went; returns that text.
   */
  async editMember(
    account: string,
    changes: {
      role?: string;
      nameCard?: string;
      msgFlag?: string;
      custom?: Record<string, string>;
      newKey?: [key: string, value: string];
      mute?: string;
    },
  ): Promise<string> {
    await this.page
      .locator("#member-rows tr", { has: this.page.getByText(account, { exact: true }) })
      .focus();
    await this.page.keyboard.press("Enter");
    await this.page.getByRole("heading", { name: `Edit member ${account}`, exact: true }).waitFor();
    if (changes.role !== undefined)
      await this.page.getByLabel("Role", { exact: true }).selectOption(changes.role);
    if (changes.msgFlag !== undefined)
      await this.page.getByLabel("Message flag", { exact: true }).selectOption(changes.msgFlag);
    for (const [key, value] of Object.entries(changes.custom ?? {})) {
      await this.page.getByLabel(`Value of ${key}`, { exact: true }).fill(value);
    }
    if (changes.newKey) {
      await this.page.getByLabel("New key", { exact: true }).fill(changes.newKey[0]);
      await this.page.getByLabel("New value", { exact: true }).fill(changes.newKey[1]);
    }
    if (changes.mute !== undefined) await this.page.getByLabel("Mute for seconds").fill(changes.mute);
    const nameCard = this.page.getByLabel("Name card", { exact: true });
    if (changes.nameCard !== undefined) await nameCard.fill(changes.nameCard);
    await this.clearMessages();
    await nameCard.press("Enter");
    await this.page.locator("#status:not(:empty), #error:not(:empty)").first().waitFor();
    await this.settled("#members");
    return this.page.locator("#status:not(:empty), #error:not(:empty)").first().innerText();
  }

  /** The open group's custom data rows (Key, Value). */
  customDataRows(): Promise<string[][]> {
    return this.rows("#custom-rows");
  }

  /** Renames the open group with the rename form. */
  async rename(name: string): Promise<void> {
    await this.page.getByLabel("Name", { exact: true }).fill(name);
    await this.page.getByRole("button", { name: "Rename (modify_group_base_info)" }).click();
    await this.status(`Renamed to ${name}.`);
  }

  /** Sets the open group's notification with its form. */
  async setNotification(text: string): Promise<void> {
    await this.page.getByLabel("Notification", { exact: true }).fill(text);
    await this.page.getByRole("button", { name: "Set notification (modify_group_base_info)" }).click();
    await this.status("Notification set.");
  }

  /** Adds a member with the add-member form. */
  async addMember(account: string): Promise<void> {
    await this.page.getByLabel("Account", { exact: true }).fill(account);
    await this.page.getByRole("button", { name: "Add member (add_group_member)" }).click();
    await this.status(`Added ${account}.`);
  }

  /** Presses a member's Remove button. */
  async removeMember(account: string): Promise<void> {
    await this.page.getByRole("button", { name: `Remove ${account}`, exact: true }).click();
    await this.status(`Removed ${account}.`);
  }

  /** Destroys the open group, accepting the confirmation. */
  async destroyGroup(groupId: string): Promise<void> {
    await this.page.getByRole("button", { name: "Destroy group (destroy_group)" }).click();
    await this.status(`Destroyed ${groupId}.`);
  }

  /** Waits until the alert region shows an error and returns its text. */
  async error(): Promise<string> {
    const alert = this.page.getByRole("alert");
    await alert.filter({ hasText: /\S/ }).waitFor();
    return alert.innerText();
  }

  /**
   * Refreshes the recent calls until a row names `command`, then returns the rows as cell texts
   * (Time, Source, Command, Group, ErrorCode, Duration), newest first.
   */
  async callRows(command: string): Promise<string[][]> {
    await this.page.getByRole("button", { name: "Refresh calls" }).click();
    await this.page.locator("#call-rows tr", { hasText: command }).first().waitFor();
    return this.rows("#call-rows");
  }

  /**
   * Sets the recent calls' filters by their labels (a field left out is left as it is) and submits
   * with Enter in the Group box; returns the rows shown (as {@link callRows}).
   */
  async filterCalls(filters: { group?: string; api?: string; hideReads?: boolean }): Promise<string[][]> {
    if (filters.api !== undefined) {
      await this.page.getByLabel("API", { exact: true }).selectOption(filters.api);
      await this.settled("#call-table");
    }
    if (filters.hideReads !== undefined) {
      await this.page.getByLabel("Hide reads").setChecked(filters.hideReads);
      await this.settled("#call-table");
    }
    const group = this.page.getByLabel("Group", { exact: true });
    if (filters.group !== undefined) await group.fill(filters.group);
    await group.press("Enter");
    await this.settled("#call-table");
    return this.rows("#call-rows");
  }

  /** Saves a full-page screenshot. */
  async screenshot(file: string): Promise<void> {
    await this.page.screenshot({ path: file, fullPage: true });
  }

  /** Waits until a region the page marks busy (aria-busy) while loading has its new content. */
  async settled(selector: string): Promise<void> {
    await this.page.locator(`${selector}:not([aria-busy])`).waitFor();
  }

  /** Empties the status and alert regions, so the next message is the next action's. */
  private async clearMessages(): Promise<void> {
    // Runs in the page; a string, since the tests compile without the DOM's types.
    await this.page.evaluate(
      'for (const id of ["status", "error"]) document.getElementById(id).textContent = ""',
    );
  }

  /** Waits until the status region says `text`. */
  private async status(text: string): Promise<void> {
    await this.page.getByRole("status").filter({ hasText: text }).waitFor();
  }

  private async rows(tbody: string): Promise<string[][]> {
    const rows = await this.page.locator(`${tbody} tr`).all();
    return Promise.all(rows.map((row) => row.locator("td").allTextContents()));
  }
}
