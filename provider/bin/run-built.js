// Shared by the committed bin files of this package (dist/ is not committed, so npm could not link
// bins that point into it before the first build): runs one compiled CLI entry point, or says how to
// build it.
const { existsSync } = require("node:fs");
const path = require("node:path");

/**
 * Runs `dist/cli/<tool>.js` as the command `bin`, exactly as `node dist/cli/<tool>.js` would.
 * @param {string} bin the command's name, for the error message
 * @param {string} tool the entry point under dist/cli (drift, review, recover)
 */
module.exports = function runBuilt(bin, tool) {
  const dist = path.join(__dirname, "..", "dist", "cli");
  const entry = path.join(dist, `${tool}.js`);
  if (!existsSync(entry)) {
    process.stderr.write(
      `${bin}: ${entry} does not exist: the package is not built (run \`npm run build\` in the repository)\n`,
    );
    process.exit(1);
  }
  // The entry point runs itself only as the main module; from here it is started the same way.
  const { runAsScript } = require(path.join(dist, "command.js"));
  runAsScript(bin, require(entry).main);
};
