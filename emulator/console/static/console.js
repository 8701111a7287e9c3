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

const state = {
  credential: sessionStorage.getItem(CREDENTIAL_KEY),
  role: "viewer",
  groupOffset: 0,
  /** The open group's ID, or null. */
  groupId: null,
  memberOffset: 0,
  /** The open group's owner (who cannot be removed). */
  owner: "",
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

async function loadGroups() {
  const page = await call(`groups?${query({ offset: state.groupOffset, limit: GROUP_PAGE })}`);
  const rows = page.groups.map((group) =>
    el(
      "tr",
      group.GroupId === state.groupId ? { "aria-current": "true" } : {},
      el("td", {}, el("a", { href: `#${query({ group: group.GroupId })}` }, group.GroupId)),
      el("td", {}, group.Type),
      el("td", {}, group.Name),
      el("td", { class: "number" }, group.MemberNum),
      el("td", {}, group.Owner_Account || "—"),
    ),
  );
  if (rows.length === 0) rows.push(el("tr", {}, el("td", { colspan: "5" }, "No groups.")));
  byId("group-rows").replaceChildren(...rows);
  byId("group-total").textContent = `(${page.total})`;
  renderPager("groups", state.groupOffset, GROUP_PAGE, page.total);
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
  if (switching) state.memberOffset = 0;
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
  byId("group").hidden = true;
  if (location.hash) history.replaceState(null, "", location.pathname);
}

async function loadMembers() {
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
  const rows = page.MemberList.map((member) => {
    const account = member.Member_Account;
    const edit = el("td", { class: "edit-only" });
    edit.hidden = !editing;
    if (editing && account !== state.owner) {
      const remove = el("button", { type: "button", "aria-label": `Remove ${account}` }, "Remove");
      remove.addEventListener("click", () => guarded(() => removeMember(account)));
      edit.append(remove);
    }
    return el(
      "tr",
      {},
      el("td", { class: "account" }, account),
      el("td", {}, member.Role),
      el("td", {}, formatSeconds(member.JoinTime)),
      edit,
    );
  });
  byId("member-rows").replaceChildren(...rows);
  byId("member-total").textContent = `(${page.MemberNum})`;
  renderPager("members", state.memberOffset, MEMBER_PAGE, page.MemberNum);
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

async function loadCalls() {
  const { calls } = await call("calls");
  const rows = calls.map((entry) =>
    el(
      "tr",
      entry.errorCode === 0 ? {} : { class: "failed" },
      el("td", {}, new Date(entry.time).toISOString().slice(11, 23)),
      el("td", {}, entry.source),
      el("td", {}, entry.command),
      el("td", { class: "number" }, entry.errorCode === null ? "no answer" : entry.errorCode),
      el("td", { class: "number" }, `${entry.durationMs.toFixed(1)} ms`),
    ),
  );
  if (rows.length === 0) rows.push(el("tr", {}, el("td", { colspan: "5" }, "No calls yet.")));
  byId("call-rows").replaceChildren(...rows);
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
window.addEventListener("hashchange", () => guarded(followHash));

guarded(async () => {
  await loadSession();
  await loadGroups();
  await loadCalls();
  await followHash();
  document.body.dataset.ready = "true";
});
