#!/usr/bin/env bash
# Installs what the project needs, skipping what is already in place:
#   - Node packages (npm ci) when node_modules is missing or older than package-lock.json;
#   - the pinned Pulumi CLI and Node language host (scripts/ensure-pulumi.sh, cached by version);
#   - with --browser (the tests and CI): Chromium for the web console's browser tests, Debian's
#     package at /usr/bin/chromium (or $IMGROUPS_CHROMIUM), installed with apt-get when running as
#     root, else a failure saying how to install it. The main job never needs it.
# Idempotent; the main job (`npm run up`) and the tests (`npm test`) both start with it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
log() { printf '[setup] %s\n' "$*" >&2; }

browser=false
for arg in "$@"; do
  case "$arg" in
    --browser) browser=true ;;
    *) log "unknown option $arg (usage: setup.sh [--browser])"; exit 2 ;;
  esac
done

ensure_chromium() {
  local chromium="${IMGROUPS_CHROMIUM:-/usr/bin/chromium}"
  [ -x "$chromium" ] && return 0
  if [ -n "${IMGROUPS_CHROMIUM:-}" ]; then
    log "error: IMGROUPS_CHROMIUM=$chromium is not an executable Chromium"
    exit 1
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Chromium for the console's browser tests (apt-get update, apt-get install -y chromium)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
    [ -x "$chromium" ] && return 0
    log "error: apt-get installed chromium but $chromium is not there"
    exit 1
  fi
  log "error: Chromium is missing: the web console's browser tests drive $chromium (they never download a browser)."
  log "  Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y chromium"
  log "  elsewhere: install Chromium and set IMGROUPS_CHROMIUM to its binary"
  exit 1
}

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
if $browser; then ensure_chromium; fi
