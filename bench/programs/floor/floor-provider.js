/**
 * The floor baseline's dynamic provider (issue 20): every method returns at once, no I/O. A
 * resource's only input and only output is `v`, a digest of what the spec declares for it, so a
 * changed declaration is an update and nothing else is stored. Plain CommonJS: the dynamic-provider
 * process loads it with require, through the one-line stub in index.ts.
 */
const floorProvider = {
  async diff(_id, olds, news) {
    return { changes: olds.v !== news.v };
  },
  async create(inputs) {
    return { id: inputs.v, outs: { v: inputs.v } };
  },
  async read(id, props) {
    return { id, props };
  },
  async update(_id, _olds, news) {
    return { outs: { v: news.v } };
  },
  async delete() {},
};

module.exports = { floorProvider };
