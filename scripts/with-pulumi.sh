#!/usr/bin/env bash
# Runs a command with the pinned Pulumi CLI first on PATH (building it on first use), Pulumi's
# update checks and plugin downloads off. Usage: scripts/with-pulumi.sh <command> [args...]
set -euo pipefail
bin_dir=$(bash "$(dirname "${BASH_SOURCE[0]}")/ensure-pulumi.sh")
export PATH="$bin_dir:$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
exec "$@"
