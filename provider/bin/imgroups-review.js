#!/usr/bin/env node
// The `imgroups-review` command: provider/dist/cli/review.js (see run-built.js).
require("./run-built")("imgroups-review", "review");
