#!/usr/bin/env node
// The `imgroups-drift` command: provider/dist/cli/drift.js (see run-built.js).
require("./run-built")("imgroups-drift", "drift");
