#!/usr/bin/env bash
# Installs what the project needs, skipping what is already in place:
#   - Node packages (npm ci) when node_modules is missing or older than package-lock.json;
#   - the pinned Pulumi CLI and Node language host (scripts/ensure-pulumi.sh, cached by version).
# Idempotent; the main job (`npm run up`) and the tests (`npm test`) both start with it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
log() { printf '[setup] %s\n' "$*" >&2; }

stamp=node_modules/.imgroups-lock.sha256
# sha256sum on Linux, shasum on macOS.
if command -v sha256sum >/dev/null; then want=$(sha256sum package-lock.json | cut -d' ' -f1)
else want=$(shasum -a 256 package-lock.json | cut -d' ' -f1); fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  log "installing Node packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
bash scripts/ensure-pulumi.sh >/dev/null
