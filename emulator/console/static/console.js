// The emulator's web console: plain DOM, no framework, no build step (emulator/README.md "Web console").
//
// Every value from the emulator reaches the page as text (textContent / Text nodes), never as HTML,
// so an account named `<img src=x onerror=alert(1)>` shows as those characters. Accounts and IDs are
// only ever array entries or strings, never object keys, so `__proto__` is an account like any other.
// The credential travels in the Authorization header (never a cookie) and is kept in sessionStorage,
// which ends with the tab.

const API = "/console/api/";
const CREDENTIAL_KEY = "im-emulator-console-credential";
const GROUP_PAGE = 50;
const MEMBER_PAGE = 50;

const CALL_PAGE = 200;
/** get_group_info's mute value meaning "for ever" (docs/api-reference.md §7.12). */
const MUTE_FOREVER = 4294967295;
/** How many of a call's groups are linked in its row (get_group_info may name 50). */
const CALL_GROUP_LINKS = 3;

const state = {
  credential: sessionStorage.getItem(CREDENTIAL_KEY),
  role: "viewer",
  groupOffset: 0,
  /** The group list's search and filters as last submitted, and its sort. */
  groupQuery: { q: "", type: "", owner: "" },
  sort: "created",
  order: "asc",
  /** The open group's ID, or null. */
  groupId: null,
  memberOffset: 0,
  /** The open group's owner (who cannot be removed). */
  owner: "",
  /** The member being edited: its row as listed, or null. */
  editing: null,
  /** The recent calls' filters as last submitted. */
  callFilter: { group: "", api: "", hideReads: false },
};

/** A refused console request: the server's message and, when the model refused, its IM ErrorCode. */
class ConsoleFailure extends Error {
  constructor(message, code, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/** Calls a console endpoint; resolves with its JSON or throws a ConsoleFailure. */
async function call(path, body) {
  const headers = {};
  if (state.credential) headers.Authorization = `Bearer ${state.credential}`;
  const init = { method: "GET", headers };
  if (body !== undefined) {
    init.method = "POST";
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(API + path, init);
  const data = await response.json();
  if (!response.ok) throw new ConsoleFailure(data.error, data.code, response.status);
  return data;
}

/** A query string from pairs (values are encoded, so any group ID is safe). */
function query(params) {
  return new URLSearchParams(params).toString();
}

/** Creates an element; string and number children become Text nodes, never markup. */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children.map((child) => (typeof child === "number" ? String(child) : child)));
  return node;
}

function byId(id) {
  return document.getElementById(id);
}

/** Unix seconds as `YYYY-MM-DD HH:MM:SS` (UTC); 0 as a dash. */
function formatSeconds(seconds) {
  return seconds ? new Date(seconds * 1000).toISOString().slice(0, 19).replace("T", " ") : "—";
}

function showStatus(text) {
  byId("error").textContent = "";
  byId("status").textContent = text;
}

function showError(error) {
  byId("status").textContent = "";
  const code = error.code === undefined ? "" : `ErrorCode ${error.code}: `;
  byId("error").textContent = `${code}${error.message}`;
}

/**
 * Marks a region busy (aria-busy) while `load` runs: set before the first await, so whoever started
 * the load (a person, or a browser test) sees it busy until the new rows are in.
 */
async function busy(id, load) {
  const region = byId(id);
  region.setAttribute("aria-busy", "true");
  try {
    return await load();
  } finally {
    region.removeAttribute("aria-busy");
  }
}

/** Runs an action, showing its failure in the alert region instead of throwing. */
async function guarded(action) {
  try {
    await action();
  } catch (error) {
    showError(error);
  }
}

// Access ------------------------------------------------------------------------------------------

async function loadSession() {
  let session;
  try {
    session = await call("session");
  } catch (error) {
    if (error.status !== 401) throw error;
    forgetCredential();
    session = await call("session");
    showError(error);
  }
  state.role = session.role;
  const apis = byId("call-api");
  if (apis.options.length === 1) {
    apis.append(...session.apis.map((api) => el("option", { value: api }, api)));
  }
  byId("app-info").textContent =
    `SDKAppID ${session.sdkAppId} · App admins: ${session.adminIdentifiers.join(", ")}`;
  renderAccess();
}

function renderAccess() {
  const editing = state.role === "editor";
  byId("mode").textContent = editing ? "editing" : "read-only";
  byId("unlock-form").hidden = editing;
  byId("lock").hidden = !editing;
  for (const node of document.querySelectorAll(".edit-only")) node.hidden = !editing;
  // The member form is shown only while a member is being edited (Edit, or Enter on its row).
  if (!editing) closeMemberEdit({ focus: false });
}

function forgetCredential() {
  state.credential = null;
  state.role = "viewer";
  sessionStorage.removeItem(CREDENTIAL_KEY);
}

async function unlock(credential) {
  state.credential = credential;
  try {
    await call("session");
  } catch (error) {
    forgetCredential();
    throw error;
  }
  sessionStorage.setItem(CREDENTIAL_KEY, credential);
  await loadSession();
  await refreshAll();
  showStatus("Editing unlocked.");
}

// Groups ------------------------------------------------------------------------------------------

/** Each sort key as the caption names it. */
const SORT_LABELS = { created: "creation time", name: "name", members: "member count" };

function loadGroups() {
  return busy("group-table", showGroups);
}

async function showGroups() {
  const { q, type, owner } = state.groupQuery;
  const params = { q, type, owner, sort: state.sort, order: state.order };
  const page = await call(`groups?${query({ ...params, offset: state.groupOffset, limit: GROUP_PAGE })}`);
  const rows = page.groups.map((group) => {
    const row = el(
      "tr",
      { tabindex: "0", "data-group": group.GroupId },
      el("td", {}, el("a", { href: `#${query({ group: group.GroupId })}` }, group.GroupId)),
      el("td", {}, group.Type),
      el("td", {}, group.Name),
      el("td", { class: "number" }, group.MemberNum),
      el("td", {}, group.Owner_Account || "—"),
      el("td", {}, formatSeconds(group.CreateTime)),
    );
    if (group.GroupId === state.groupId) row.setAttribute("aria-current", "true");
    return row;
  });
  if (rows.length === 0) {
    const why = page.total === 0 ? "No groups." : "No group matches the search and filters.";
    rows.push(el("tr", {}, el("td", { colspan: "6" }, why)));
  }
  byId("group-rows").replaceChildren(...rows);
  byId("group-total").textContent =
    page.matched === page.total ? `(${page.total})` : `(${page.matched} of ${page.total} match)`;
  for (const th of document.querySelectorAll("#group-table th[data-sort]")) {
    const sorted = th.dataset.sort === state.sort;
    th.setAttribute("aria-sort", sorted ? (state.order === "asc" ? "ascending" : "descending") : "none");
  }
  byId("group-caption").textContent =
    `Sorted by ${SORT_LABELS[state.sort]}, ${state.order === "asc" ? "ascending" : "descending"}; ` +
    "search, filter and sort run in the emulator. Enter on a row opens it.";
  renderPager("groups", state.groupOffset, GROUP_PAGE, page.matched);
}

/** A click on a column's sort button: that column ascending, or the other way round if already sorted by it. */
function sortBy(key) {
  state.order = state.sort === key && state.order === "asc" ? "desc" : "asc";
  state.sort = key;
  state.groupOffset = 0;
  return loadGroups();
}

function renderPager(prefix, offset, size, total) {
  const last = Math.min(offset + size, total);
  byId(`${prefix}-page`).textContent = total === 0 ? "" : `${offset + 1}–${last} of ${total}`;
  byId(`${prefix}-previous`).disabled = offset === 0;
  byId(`${prefix}-next`).disabled = last >= total;
}

// One group ---------------------------------------------------------------------------------------

/** Profile fields shown, in order (the rest of get_group_info's fields are in the API). */
const PROFILE_FIELDS = [
  ["Type", "Type"],
  ["Name", "Name"],
  ["Owner_Account", "Owner"],
  ["Introduction", "Introduction"],
  ["Notification", "Notification"],
  ["FaceUrl", "Face URL"],
  ["MemberNum", "Members"],
  ["MaxMemberNum", "Member limit"],
  ["ApplyJoinOption", "Apply join option"],
  ["InviteJoinOption", "Invite join option"],
  ["MuteAllMember", "Mute all members"],
  ["CreateTime", "Created (UTC)"],
  ["LastInfoTime", "Profile changed (UTC)"],
  ["InfoSeq", "InfoSeq"],
  ["NextMsgSeq", "NextMsgSeq"],
];
const TIME_FIELDS = new Set(["CreateTime", "LastInfoTime"]);

async function openGroup(groupId, { focus = true } = {}) {
  const switching = groupId !== state.groupId;
  if (switching) {
    state.memberOffset = 0;
    closeMemberEdit({ focus: false });
  }
  state.groupId = groupId;
  let profile;
  try {
    profile = await call(`group?${query({ GroupId: groupId })}`);
  } catch (error) {
    closeGroup();
    throw error;
  }
  state.owner = profile.Owner_Account;
  const entries = [];
  for (const [field, label] of PROFILE_FIELDS) {
    if (!(field in profile)) continue;
    const value = profile[field];
    const text = TIME_FIELDS.has(field) ? formatSeconds(value) : String(value);
    entries.push(el("dt", {}, label), el("dd", { "data-field": field }, text === "" ? "—" : text));
  }
  byId("profile").replaceChildren(...entries);
  const custom = profile.AppDefinedData.map((entry) =>
    el("tr", {}, el("td", {}, entry.Key), el("td", {}, entry.Value)),
  );
  if (custom.length === 0) custom.push(el("tr", {}, el("td", { colspan: "2" }, "None.")));
  byId("custom-rows").replaceChildren(...custom);
  // Refilled only for another group, so a refused edit leaves what the user typed to correct.
  if (switching) {
    byId("rename-name").value = profile.Name;
    byId("notification-text").value = profile.Notification;
  }
  byId("group").hidden = false;
  await loadMembers();
  await loadGroups();
  // The heading names the group once all of it is shown (what the browser tests wait for).
  byId("group-heading").textContent = `Group ${profile.GroupId}`;
  if (focus) byId("group-heading").focus();
}

function closeGroup() {
  state.groupId = null;
  closeMemberEdit({ focus: false });
  byId("group").hidden = true;
  if (location.hash) history.replaceState(null, "", location.pathname);
}

function loadMembers() {
  return busy("members", showMembers);
}

async function showMembers() {
  const note = byId("member-note");
  let page;
  try {
    page = await call(
      `members?${query({ GroupId: state.groupId, offset: state.memberOffset, limit: MEMBER_PAGE })}`,
    );
  } catch (error) {
    // e.g. 10007: the members of an AVChatRoom cannot be listed, as in the REST API.
    if (error.code === undefined) throw error;
    note.hidden = false;
    note.textContent = `Members cannot be listed: ErrorCode ${error.code}: ${error.message}`;
    byId("member-rows").replaceChildren();
    byId("member-total").textContent = "";
    renderPager("members", 0, MEMBER_PAGE, 0);
    return;
  }
  note.hidden = true;
  const editing = state.role === "editor";
  const rows = page.MemberList.map((member) => memberRow(member, page.now, editing));
  byId("member-rows").replaceChildren(...rows);
  byId("member-total").textContent = `(${page.MemberNum})`;
  renderPager("members", state.memberOffset, MEMBER_PAGE, page.MemberNum);
}

/** One member's row: every field ImGroupMembers manages, mute and join time; Edit and Remove when editing. */
function memberRow(member, now, editing) {
  const account = member.Member_Account;
  const edit = el("td", { class: "edit-only" });
  edit.hidden = !editing;
  if (editing) {
    const open = el("button", { type: "button", "aria-label": `Edit ${account}` }, "Edit");
    open.addEventListener("click", () => openMemberEdit(member, open));
    edit.append(open);
    if (account !== state.owner) {
      const remove = el("button", { type: "button", "aria-label": `Remove ${account}` }, "Remove");
      remove.addEventListener("click", () => guarded(() => removeMember(account)));
      edit.append(" ", remove);
    }
  }
  const custom = member.AppMemberDefinedData ?? [];
  const row = el(
    "tr",
    { tabindex: "0", "data-account": account },
    el("td", { class: "account" }, account),
    el("td", { class: "token" }, member.Role),
    el("td", {}, member.NameCard || "—"),
    el(
      "td",
      { class: "custom" },
      ...(custom.length === 0
        ? ["—"]
        : [el("ul", {}, ...custom.map((entry) => el("li", {}, `${entry.Key} = ${entry.Value}`)))]),
    ),
    el("td", { class: "token" }, member.MsgFlag),
    el("td", {}, formatMute(member.MuteUntil, now)),
    el("td", {}, formatSeconds(member.JoinTime)),
    edit,
  );
  row.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target === row && state.role === "editor") {
      event.preventDefault();
      openMemberEdit(member, row);
    }
  });
  return row;
}

/** A mute end as shown: a dash when not muted now, "for ever", or the time it ends. */
function formatMute(muteUntil, now) {
  if (!muteUntil || muteUntil <= now) return "—";
  return muteUntil === MUTE_FOREVER ? "for ever" : formatSeconds(muteUntil);
}

// Member edit ---------------------------------------------------------------------------------------

/** Opens the edit form for one member, filled with its values; `opener` gets the focus back on close. */
function openMemberEdit(member, opener) {
  state.editing = { member, opener };
  const account = member.Member_Account;
  byId("member-edit-heading").textContent = `Edit member ${account}`;
  const role = byId("member-role");
  role.value = member.Role;
  // Only the owner is shown as Owner; ownership moves with change_group_owner (docs/api-reference.md §7.9).
  for (const option of role.options) option.disabled = option.value === "Owner" && member.Role !== "Owner";
  byId("member-name-card").value = member.NameCard;
  byId("member-msg-flag").value = member.MsgFlag;
  const keys = (member.AppMemberDefinedData ?? []).map((entry, index) => {
    const id = `member-custom-${index}`;
    return el(
      "div",
      { class: "pair" },
      el("label", { for: id }, `Value of ${entry.Key}`),
      el("input", { id, "data-key": entry.Key, value: entry.Value, spellcheck: "false" }),
    );
  });
  byId("member-custom-keys").replaceChildren(...keys);
  byId("member-new-key").value = "";
  byId("member-new-value").value = "";
  byId("member-mute").value = "";
  byId("member-edit").hidden = false;
  byId("member-role").focus();
}

function closeMemberEdit({ focus = true } = {}) {
  const opener = state.editing?.opener;
  state.editing = null;
  byId("member-edit").hidden = true;
  if (focus && opener?.isConnected) opener.focus();
}

/** The fields the user changed, as modify_group_member_info names them. */
function memberChanges(member) {
  const changes = {};
  const role = byId("member-role").value;
  if (role !== member.Role) changes.Role = role;
  const nameCard = byId("member-name-card").value;
  if (nameCard !== member.NameCard) changes.NameCard = nameCard;
  const msgFlag = byId("member-msg-flag").value;
  if (msgFlag !== member.MsgFlag) changes.MsgFlag = msgFlag;
  const custom = [];
  for (const input of byId("member-custom-keys").querySelectorAll("input")) {
    const old = member.AppMemberDefinedData.find((entry) => entry.Key === input.dataset.key);
    if (input.value !== old.Value) custom.push({ Key: input.dataset.key, Value: input.value });
  }
  const newKey = byId("member-new-key").value;
  if (newKey !== "") custom.push({ Key: newKey, Value: byId("member-new-value").value });
  if (custom.length > 0) changes.AppMemberDefinedData = custom;
  const mute = byId("member-mute").value.trim();
  // Digits go as a number; anything else as typed, so the API's own check names it (10004).
  if (mute !== "") changes.MuteTime = /^\d+$/.test(mute) ? Number(mute) : mute;
  return changes;
}

async function saveMember() {
  const { member } = state.editing;
  const account = member.Member_Account;
  const changes = memberChanges(member);
  if (Object.keys(changes).length === 0) {
    showStatus(`Nothing changed for ${account}.`);
    return;
  }
  await edit("member", { GroupId: state.groupId, Member_Account: account, ...changes }, () => {
    closeMemberEdit({ focus: false });
    return `Saved ${account} (${Object.keys(changes).join(", ")}).`;
  });
  // The row was redrawn: put the focus on its Edit button again.
  const again = byId("member-rows").querySelector(`tr[data-account="${CSS.escape(account)}"] button`);
  (again ?? byId("member-rows")).focus();
}

// Edits -------------------------------------------------------------------------------------------

/** Runs an edit, then refreshes what it may have changed (also when the model refused it). */
async function edit(name, body, done) {
  let answer;
  try {
    answer = await call(`edit/${name}`, body);
  } finally {
    await refreshAll();
  }
  showStatus(done(answer));
}

function removeMember(account) {
  return edit(
    "remove-member",
    { GroupId: state.groupId, Member_Account: account },
    () => `Removed ${account}.`,
  );
}

// Recent calls ------------------------------------------------------------------------------------

function loadCalls() {
  return busy("call-table", showCalls);
}

async function showCalls() {
  const { group, api, hideReads } = state.callFilter;
  const page = await call(
    `calls?${query({ group, api, reads: hideReads ? "hide" : "show", limit: CALL_PAGE })}`,
  );
  const rows = page.calls.map((entry) =>
    el(
      "tr",
      entry.errorCode === 0 ? {} : { class: "failed" },
      el("td", {}, new Date(entry.time).toISOString().slice(11, 23)),
      el("td", {}, entry.source),
      el("td", {}, entry.command),
      el("td", { class: "groups" }, ...groupLinks(entry.groupIds)),
      el("td", { class: "number" }, entry.errorCode === null ? "no answer" : entry.errorCode),
      el("td", { class: "number" }, `${entry.durationMs.toFixed(1)} ms`),
    ),
  );
  if (rows.length === 0) {
    const why = page.kept === 0 ? "No calls yet." : "No recent call matches the filters.";
    rows.push(el("tr", {}, el("td", { colspan: "6" }, why)));
  }
  byId("call-rows").replaceChildren(...rows);
  const shown = page.calls.length < page.matched ? `newest ${page.calls.length} of ` : "";
  byId("call-count").textContent = `${shown}${page.matched} matching of ${page.kept} kept`;
}

/** Links to the groups a call named (the first few; the rest counted). */
function groupLinks(groupIds) {
  if (groupIds.length === 0) return ["—"];
  const links = [];
  for (const groupId of groupIds.slice(0, CALL_GROUP_LINKS)) {
    if (links.length > 0) links.push(" ");
    links.push(el("a", { href: `#${query({ group: groupId })}` }, groupId));
  }
  if (groupIds.length > CALL_GROUP_LINKS) links.push(` +${groupIds.length - CALL_GROUP_LINKS} more`);
  return links;
}

// Wiring ------------------------------------------------------------------------------------------

async function refreshAll() {
  if (state.groupId !== null) {
    try {
      await openGroup(state.groupId, { focus: false });
    } catch (error) {
      // Destroyed meanwhile (here or through the API): say so; the group is closed.
      if (error.code !== 10010) throw error;
      showStatus(error.message);
    }
  }
  await loadGroups();
  await loadCalls();
}

/** Reads `#group=<id>` (and a one-time `#token=<token>`, which is then removed from the address). */
async function followHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get("token");
  if (token !== null) {
    params.delete("token");
    history.replaceState(null, "", params.size ? `#${params}` : location.pathname);
    await unlock(token);
  }
  const groupId = params.get("group");
  if (groupId !== null) await openGroup(groupId);
}

function onSubmit(id, action) {
  byId(id).addEventListener("submit", (event) => {
    event.preventDefault();
    guarded(action);
  });
}

onSubmit("unlock-form", async () => {
  const input = byId("credential");
  const credential = input.value;
  input.value = "";
  await unlock(credential);
});
byId("lock").addEventListener("click", () =>
  guarded(async () => {
    forgetCredential();
    renderAccess();
    await refreshAll();
    showStatus("Back to read-only.");
  }),
);
onSubmit("rename-form", () => {
  const Name = byId("rename-name").value;
  return edit("rename", { GroupId: state.groupId, Name }, () => `Renamed to ${Name}.`);
});
onSubmit("notification-form", () =>
  edit(
    "notification",
    { GroupId: state.groupId, Notification: byId("notification-text").value },
    () => "Notification set.",
  ),
);
onSubmit("add-member-form", () => {
  const input = byId("add-member-account");
  const account = input.value;
  return edit("add-member", { GroupId: state.groupId, Member_Account: account }, (answer) => {
    input.value = "";
    // add_group_member answers Result 2 for an account that already is a member.
    return answer.result.MemberList[0].Result === 2 ? `${account} already is a member.` : `Added ${account}.`;
  });
});
onSubmit("destroy-form", async () => {
  const groupId = state.groupId;
  if (!window.confirm(`Destroy group ${groupId}? Its ID cannot be used again.`)) return;
  await edit("destroy", { GroupId: groupId }, () => `Destroyed ${groupId}.`);
});
byId("groups-previous").addEventListener("click", () =>
  guarded(() => {
    state.groupOffset = Math.max(0, state.groupOffset - GROUP_PAGE);
    return loadGroups();
  }),
);
byId("groups-next").addEventListener("click", () =>
  guarded(() => {
    state.groupOffset += GROUP_PAGE;
    return loadGroups();
  }),
);
byId("members-previous").addEventListener("click", () =>
  guarded(() => {
    state.memberOffset = Math.max(0, state.memberOffset - MEMBER_PAGE);
    return loadMembers();
  }),
);
byId("members-next").addEventListener("click", () =>
  guarded(() => {
    state.memberOffset += MEMBER_PAGE;
    return loadMembers();
  }),
);
byId("refresh").addEventListener("click", () => guarded(refreshAll));
byId("calls-refresh").addEventListener("click", () => guarded(loadCalls));
onSubmit("group-search", () => {
  state.groupQuery = {
    q: byId("group-q").value.trim(),
    type: byId("group-type").value,
    owner: byId("group-owner").value.trim(),
  };
  state.groupOffset = 0;
  return loadGroups();
});
byId("group-type").addEventListener("change", () => byId("group-search").requestSubmit());
byId("group-clear").addEventListener("click", () =>
  guarded(() => {
    byId("group-search").reset();
    state.groupQuery = { q: "", type: "", owner: "" };
    state.groupOffset = 0;
    return loadGroups();
  }),
);
for (const button of document.querySelectorAll("button.sort")) {
  button.addEventListener("click", () => guarded(() => sortBy(button.dataset.sort)));
}
byId("group-rows").addEventListener("keydown", (event) => {
  const row = event.target;
  if (event.key !== "Enter" || !(row instanceof HTMLTableRowElement) || !row.dataset.group) return;
  event.preventDefault();
  const groupId = row.dataset.group;
  // As following the row's link would: the address names the group (no hashchange from pushState).
  history.pushState(null, "", `#${query({ group: groupId })}`);
  guarded(() => openGroup(groupId));
});
onSubmit("member-form", saveMember);
byId("member-cancel").addEventListener("click", () => closeMemberEdit());
byId("member-form").addEventListener("keydown", (event) => {
  if (event.key === "Escape") closeMemberEdit();
});
onSubmit("call-filters", () => {
  state.callFilter = {
    group: byId("call-group").value.trim(),
    api: byId("call-api").value,
    hideReads: byId("call-hide-reads").checked,
  };
  return loadCalls();
});
for (const id of ["call-api", "call-hide-reads"]) {
  byId(id).addEventListener("change", () => byId("call-filters").requestSubmit());
}
byId("group-calls").addEventListener("click", () =>
  guarded(async () => {
    byId("call-group").value = state.groupId;
    byId("call-filters").requestSubmit();
    byId("calls-heading").focus();
  }),
);
window.addEventListener("hashchange", () => guarded(followHash));

guarded(async () => {
  await loadSession();
  await loadGroups();
  await loadCalls();
  await followHash();
  document.body.dataset.ready = "true";
});
