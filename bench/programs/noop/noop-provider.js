/**
 * The no-op dynamic provider behind the stub in index.ts: every method returns at once, no I/O.
 * Plain CommonJS (the dynamic-provider process loads it with require, without ts-node), and kept
 * outside the serialized closure so state holds only a small stub, as with ImGroup/ImGroupMembers.
 *
 * State gets what the real providers put there: for a member set a summary
 * (`"10,000 members · <12 hex>"`) and the same bookkeeping fields, never the accounts
 * (provider/resources/member-set.ts); for a group the same computed fields. The summary is the
 * count and a digest of the encoded list as the program sent it: no parsing, so that changing the
 * list changes the summary (an update) at the cost of one hash, not the real check's work.
 */
const { createHash } = require("node:crypto");

/** Outputs ImGroup adds to its inputs (provider/resources/im-group.ts). */
const GROUP_OUTPUTS = [
  "createdAt",
  "memberNum",
  "maxMemberNum",
  "lastInfoTime",
  "lastMsgTime",
  "nextMsgSeq",
  "owner",
];
/** Outputs ImGroupMembers adds to its inputs (provider/resources/im-group-members-provider.ts; the stored form leaves some out). */
const MEMBERS_OUTPUTS = ["declared", "memberNum", "liveFingerprint", "unapplied", "memberListBytes"];
/** A group type's default member limit (provider/schemas/limits.ts), for a maxMemberNum of the real size. */
const TYPE_MAX_MEMBERS = { Private: 200, Public: 2000, ChatRoom: 10000 };
/** An allowance for a group's base fields in a get_group_info answer, as the real provider records. */
const GROUP_ENTRY_BYTES = 1024;
/** Bytes one member adds to a get_group_info answer with the role read (`{"Member_Account":"u123456","Role":"Member"},`). */
const MEMBER_ENTRY_BYTES = 45;

/** JSON with object keys sorted, so key order never makes a diff. */
function stable(value) {
  return (
    JSON.stringify(value, (_key, v) =>
      v !== null && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v,
    ) ?? "null"
  );
}

function isMemberSet(props) {
  return typeof props.members === "string";
}

/** sha256, first 12 hex digits, as in the real summaries. */
function digest(text) {
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}

/** `"10,000 members · 1f2e3d4c5b6a"`, the shape of provider/resources/member-set.ts summaryOf. */
function summaryOf(count, hex) {
  return `${count.toLocaleString("en-US")} ${count === 1 ? "member" : "members"} · ${hex}`;
}

/** The member count a summary starts with. */
function countOf(summary) {
  return Number(/^[\d,]+/.exec(summary)?.[0].replace(/,/g, "") ?? 0);
}

/** The computed outputs ImGroup / ImGroupMembers add, with values of the real sizes. */
function withComputed(inputs) {
  if (isMemberSet(inputs)) {
    const count = countOf(inputs.members);
    // The stored form of provider/resources/members-state-v2.ts when the group matches: no __urn,
    // declared, liveFingerprint, nor an empty memberFields.
    const { __urn: _urn, memberFields, ...rest } = inputs;
    return {
      ...rest,
      ...(memberFields?.length > 0 && { memberFields }),
      memberNum: count,
      memberListBytes: GROUP_ENTRY_BYTES + count * MEMBER_ENTRY_BYTES,
    };
  }
  return {
    ...inputs,
    createdAt: 1_700_000_000,
    memberNum: inputs.ownerAccount === undefined ? 0 : 1,
    maxMemberNum: inputs.maxMemberCount ?? TYPE_MAX_MEMBERS[inputs.type] ?? 2000,
    lastInfoTime: 1_700_000_000,
    lastMsgTime: 0,
    nextMsgSeq: 1,
    owner: inputs.ownerAccount ?? "",
  };
}

/** The input part of outputs, as the real `read`s return it. */
function inputsOf(props) {
  const hidden = new Set(["__provider", ...(isMemberSet(props) ? MEMBERS_OUTPUTS : GROUP_OUTPUTS)]);
  return Object.fromEntries(Object.entries(props).filter(([key]) => !hidden.has(key)));
}

const noopProvider = {
  async configure() {},
  /** The encoded member list becomes a summary, as ImGroupMembers.check makes it (member count, digest). */
  async check(_olds, news) {
    if (!isMemberSet(news)) return { inputs: news };
    const text = news.members;
    // The encoded list is a JSON array with an entry per line (program-members.ts).
    const count = text === "[]" ? 0 : text.split("\n").length;
    return {
      inputs: {
        ...news,
        members: summaryOf(count, digest(text)),
        memberFields: [],
        mode: news.mode ?? "authoritative",
      },
    };
  },
  /**
   * Like the real providers: only declared inputs are compared (what the stored form leaves out read
   * back as its default); computed outputs never diff.
   */
  async diff(_id, olds, news) {
    const recorded = isMemberSet(olds) ? { memberFields: [], ...olds } : olds;
    const changed = Object.keys(news).filter(
      (key) => key !== "__provider" && key !== "__urn" && stable(recorded[key]) !== stable(news[key]),
    );
    return { changes: changed.length > 0 };
  },
  async create(inputs) {
    return { id: String(inputs.groupId ?? "noop"), outs: withComputed(inputs) };
  },
  async read(id, props) {
    return { id, props, inputs: inputsOf(props) };
  },
  async update(_id, _olds, news) {
    return { outs: withComputed(news) };
  },
  async delete() {},
};

module.exports = { noopProvider };
