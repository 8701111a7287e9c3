#!/usr/bin/env node
// The `imgroups-recover` command: provider/dist/cli/recover.js (see run-built.js).
require("./run-built")("imgroups-recover", "recover");
