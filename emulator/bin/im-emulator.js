#!/usr/bin/env node
// The `im-emulator` command. This file is committed (dist/ is not), so npm links the bin when the
// package is installed — also as a workspace of a fresh clone, before anything is built — and it
// only loads the compiled CLI, or says how to build it.
const { existsSync } = require("node:fs");
const path = require("node:path");

const cli = path.join(__dirname, "..", "dist", "cli.js");
if (!existsSync(cli)) {
  process.stderr.write(
    `im-emulator: ${cli} does not exist: the package is not built (run \`npm run build\` in the repository)\n`,
  );
  process.exit(1);
}
require(cli);
