#!/usr/bin/env bash
# Installs what the project needs, skipping what is already in place:
#   - Node packages (npm ci) when node_modules is missing or older than package-lock.json;
#   - the pinned Pulumi CLI and Node language host (scripts/ensure-pulumi.sh, cached by version);
#   - with --browser: Chromium for the web console's browser tests, Debian's package at
#     /usr/bin/chromium (or $IMGROUPS_CHROMIUM), installed with apt-get when running as root, else a
#     failure saying how to install it. The main job never needs it.
#   - with --tests (npm test, test:unit and CI): Chromium as --browser, and the other programs tests
#     start: curl and a JDK (java, keytool: the HTTPS test's Java client, as the doocs SDK connects)
#     and openssl (the emulator's --tls certificates), from Debian's packages when missing.
# Idempotent; the main job (`npm run up`) and the tests (`npm test`) both start with it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
log() { printf '[setup] %s\n' "$*" >&2; }

browser=false
tests=false
for arg in "$@"; do
  case "$arg" in
    --browser) browser=true ;;
    --tests) browser=true; tests=true ;;
    *) log "unknown option $arg (usage: setup.sh [--browser | --tests])"; exit 2 ;;
  esac
done

apt_updated=false
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if ! $apt_updated; then apt-get update -qq; apt_updated=true; fi
  apt-get install -y -qq "$@" >/dev/null
}

# The programs tests start besides node and pulumi; each is installed only when missing.
ensure_test_tools() {
  local missing=()
  command -v curl >/dev/null || missing+=(curl)
  command -v openssl >/dev/null || missing+=(openssl)
  { command -v java >/dev/null && command -v keytool >/dev/null; } || missing+=(default-jdk-headless)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing ${missing[*]} for the tests (apt-get)"
    apt_install "${missing[@]}"
    return 0
  fi
  log "warning: ${missing[*]} missing and not root: the tests that start them will skip"
}

ensure_chromium() {
  local chromium="${IMGROUPS_CHROMIUM:-/usr/bin/chromium}"
  [ -x "$chromium" ] && return 0
  if [ -n "${IMGROUPS_CHROMIUM:-}" ]; then
    log "error: IMGROUPS_CHROMIUM=$chromium is not an executable Chromium"
    exit 1
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Chromium for the console's browser tests (apt-get update, apt-get install -y chromium)"
    apt_install chromium
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
if $tests; then ensure_test_tools; fi
