/**
 * The no-op dynamic provider behind the stub in index.ts: every method returns at once, no I/O.
 * Plain CommonJS (the dynamic-provider process loads it with require, without ts-node), and kept
 * outside the serialized closure so state holds only a small stub, as with ImGroup/ImGroupMembers.
 */

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

/** The computed outputs ImGroup / ImGroupMembers add, with plausible values. */
function withComputed(inputs) {
  if (inputs.members !== undefined) {
    return { ...inputs, memberNum: Object.keys(inputs.members).length };
  }
  return {
    ...inputs,
    createdAt: 1_700_000_000,
    memberNum: 1,
    maxMemberNum: 2000,
    lastInfoTime: 1_700_000_000,
    lastMsgTime: 0,
    nextMsgSeq: 1,
    owner: inputs.ownerAccount ?? "",
  };
}

module.exports = {
  /** Keys members by account, as ImGroupMembers.check does, so state has the same shape and size. */
  async check(_olds, news) {
    const raw = news.members;
    if (!Array.isArray(raw)) return { inputs: news };
    const members = {};
    for (const entry of raw) {
      if (typeof entry === "string") members[entry] = { role: "Member" };
      else {
        const { account, ...rest } = entry;
        members[account] = { role: "Member", ...rest };
      }
    }
    return { inputs: { ...news, members } };
  },
  /** Like the real providers: only declared inputs are compared; computed outputs never diff. */
  async diff(_id, olds, news) {
    const changed = Object.keys(news).filter(
      (key) => key !== "__provider" && stable(olds[key]) !== stable(news[key]),
    );
    return { changes: changed.length > 0 };
  },
  async create(inputs) {
    return { id: String(inputs.groupId ?? "noop"), outs: withComputed(inputs) };
  },
  async read(id, props) {
    return { id, props, inputs: props };
  },
  async update(_id, _olds, news) {
    return { outs: withComputed(news) };
  },
  async delete() {},
};
