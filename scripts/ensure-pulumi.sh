#!/usr/bin/env bash
# Makes the pinned Pulumi CLI (and its Node.js language host) available, printing the directory
# that holds them. Order: a `pulumi` already on PATH at the pinned version is used as is; else a
# cached build under $IMGROUPS_CACHE_DIR; else it is built from the Go module proxy with the
# wrapper module in toolchain/pulumi-cli (DESIGN.md §3.2) and cached, keyed by version.
#
# Usage: scripts/ensure-pulumi.sh   -> prints the bin directory on stdout (logs go to stderr)
set -euo pipefail

PULUMI_VERSION="v3.248.0"
# The Node language host is never tagged on its own; it is taken at the commit of tag pkg/v3.248.0.
LANGHOST_COMMIT="dc7edd58bc13179f81b80983aab4eb7f74a01b41"

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache_root="${IMGROUPS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/imgroups}"
bin_dir="$cache_root/pulumi-$PULUMI_VERSION-$LANGHOST_COMMIT/bin"
log() { printf '[ensure-pulumi] %s\n' "$*" >&2; }

plugin_src="$repo_root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"

install_plugin_script() {
  # The dynamic-provider plugin is a shell script shipped inside @pulumi/pulumi; it must sit next
  # to the CLI on PATH. Copied (not linked) so the cache never points into a deleted checkout.
  local dest="$1"
  if [ -f "$plugin_src" ]; then
    cp "$plugin_src" "$dest/pulumi-resource-pulumi-nodejs"
    chmod +x "$dest/pulumi-resource-pulumi-nodejs"
  else
    log "warning: $plugin_src not found (run npm ci first); dynamic providers will not load"
  fi
}

# 1. A pulumi already on PATH at the pinned version (e.g. the official installer on a workstation).
if existing=$(command -v pulumi 2>/dev/null) && [ "$(pulumi version 2>/dev/null)" = "$PULUMI_VERSION" ]; then
  dir=$(dirname "$existing")
  if [ -x "$dir/pulumi-language-nodejs" ] && [ -x "$dir/pulumi-resource-pulumi-nodejs" ]; then
    log "using pulumi $PULUMI_VERSION found on PATH at $dir"
    echo "$dir"
    exit 0
  fi
fi

# 2. The cache.
if [ -x "$bin_dir/pulumi" ] && [ "$("$bin_dir/pulumi" version 2>/dev/null)" = "$PULUMI_VERSION" ] \
   && [ -x "$bin_dir/pulumi-language-nodejs" ]; then
  install_plugin_script "$bin_dir"
  log "using cached pulumi $PULUMI_VERSION at $bin_dir"
  echo "$bin_dir"
  exit 0
fi

# 3. Build from the Go module proxy.
command -v go >/dev/null || { log "error: Go is required to build the Pulumi CLI (no pulumi $PULUMI_VERSION on PATH)"; exit 1; }
log "building pulumi $PULUMI_VERSION from the Go module proxy (a cold build takes several minutes)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$repo_root/toolchain/pulumi-cli/go.mod" "$repo_root/toolchain/pulumi-cli/go.sum" "$repo_root/toolchain/pulumi-cli/tools.go" "$work/"
mkdir -p "$bin_dir.tmp"
(
  cd "$work"
  export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false CGO_ENABLED=0
  # pulumi's modules are not always in the public checksum database; go.sum is committed instead.
  export GONOSUMDB="github.com/pulumi/*" GONOSUMCHECK="github.com/pulumi/*"
  go build -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
    -o "$bin_dir.tmp/" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
    github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
)
rm -rf "$bin_dir" && mv "$bin_dir.tmp" "$bin_dir"
install_plugin_script "$bin_dir"
built=$("$bin_dir/pulumi" version)
[ "$built" = "$PULUMI_VERSION" ] || { log "error: built pulumi reports '$built', expected $PULUMI_VERSION"; exit 1; }
log "built pulumi $built into $bin_dir"
echo "$bin_dir"
