#!/usr/bin/env bash
# Makes the pinned Pulumi CLI and a Node.js language host available and prints the directory that
# holds them (logs go to stderr). Order:
#   1. a `pulumi` on PATH at the pinned version, with a language host beside it, is used as is
#      (e.g. the official installer on a workstation);
#   2. else a cached build under $IMGROUPS_CACHE_DIR (default ~/.cache/imgroups), keyed by version;
#   3. else both are built from the Go module proxy with the wrapper modules in toolchain/
#      (docs/pulumi-notes.md §3.2; deviations in DECISIONS.md) and cached.
# The dynamic-provider plugin script from node_modules/@pulumi/pulumi is copied beside them.
set -euo pipefail

PULUMI_VERSION="v3.248.0"
# The Node language host module of 3.248 is not served by the module proxy reachable here; the last
# release that ships it inside github.com/pulumi/pulumi/sdk/v3 is v3.68.0 (see DECISIONS.md).
LANGHOST_VERSION="v3.68.0"

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache_root="${IMGROUPS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/imgroups}"
bin_dir="$cache_root/pulumi-$PULUMI_VERSION-langhost-$LANGHOST_VERSION/bin"
plugin_src="$repo_root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
log() { printf '[ensure-pulumi] %s\n' "$*" >&2; }

install_plugin_script() {
  # Copied, not linked, so the cache never points into a deleted checkout.
  if [ -f "$plugin_src" ]; then
    install -m 0755 "$plugin_src" "$1/pulumi-resource-pulumi-nodejs"
  else
    log "error: $plugin_src not found: run 'npm ci' first"
    exit 1
  fi
}

if existing=$(command -v pulumi 2>/dev/null) && [ "$(pulumi version 2>/dev/null)" = "$PULUMI_VERSION" ]; then
  dir=$(dirname "$existing")
  if [ -x "$dir/pulumi-language-nodejs" ] && [ -x "$dir/pulumi-resource-pulumi-nodejs" ]; then
    log "using pulumi $PULUMI_VERSION found on PATH in $dir"
    echo "$dir"
    exit 0
  fi
  if [ -x "$dir/pulumi-language-nodejs" ]; then
    # The official layout has no dynamic-provider plugin script: link the CLI and its language host
    # into a directory of ours and put the script beside them (never writing into $dir).
    linked="$cache_root/pulumi-$PULUMI_VERSION-from-path/bin"
    mkdir -p "$linked"
    ln -sf "$dir/pulumi" "$linked/pulumi"
    ln -sf "$dir/pulumi-language-nodejs" "$linked/pulumi-language-nodejs"
    install_plugin_script "$linked"
    log "using pulumi $PULUMI_VERSION found on PATH in $dir (with the dynamic-provider plugin from node_modules)"
    echo "$linked"
    exit 0
  fi
fi

if [ -x "$bin_dir/pulumi" ] && [ -x "$bin_dir/pulumi-language-nodejs" ] \
   && [ "$("$bin_dir/pulumi" version 2>/dev/null)" = "$PULUMI_VERSION" ]; then
  install_plugin_script "$bin_dir"
  log "using cached pulumi $PULUMI_VERSION in $bin_dir"
  echo "$bin_dir"
  exit 0
fi

command -v go >/dev/null || { log "error: no pulumi $PULUMI_VERSION on PATH and no Go toolchain to build it"; exit 1; }
# toolchain/pulumi-cli/go.mod requires the Go version pulumi v3.248.0 itself requires.
need_go=$(sed -n 's/^go //p' "$repo_root/toolchain/pulumi-cli/go.mod")
have_go=$(go env GOVERSION | sed 's/^go//')
if [ "$(printf '%s\n%s\n' "$need_go" "$have_go" | sort -V | head -n1)" != "$need_go" ]; then
  log "error: building pulumi $PULUMI_VERSION needs Go >= $need_go (found $have_go); install it, or put pulumi $PULUMI_VERSION on PATH"
  exit 1
fi
log "building pulumi $PULUMI_VERSION and the Node language host from the Go module proxy (cold: ~4 min on 2 cores)"
export GOTOOLCHAIN=local GOFLAGS="-buildvcs=false -mod=readonly" CGO_ENABLED=0
# pulumi's module versions are missing from the public checksum database (404); go.sum is committed.
export GONOSUMDB="github.com/pulumi/*"
staging="$bin_dir.partial.$$"
trap 'rm -rf "$staging"' EXIT
mkdir -p "$staging"
(cd "$repo_root/toolchain/pulumi-cli" && go build -trimpath \
  -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
  -o "$staging/" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
(cd "$repo_root/toolchain/pulumi-language-nodejs" && go build -trimpath \
  -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$LANGHOST_VERSION" \
  -o "$staging/" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs)
built=$("$staging/pulumi" version)
[ "$built" = "$PULUMI_VERSION" ] || { log "error: built pulumi reports '$built', expected $PULUMI_VERSION"; exit 1; }
install_plugin_script "$staging"
rm -rf "$bin_dir" && mkdir -p "$(dirname "$bin_dir")" && mv "$staging" "$bin_dir"
log "built pulumi $built into $bin_dir"
echo "$bin_dir"
