#!/usr/bin/env node
// The `imgroups-export` command: provider/dist/cli/export.js (see run-built.js).
require("./run-built")("imgroups-export", "export");
