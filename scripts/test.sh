#!/usr/bin/env bash
# npm test after pretest (setup, build, lint): the quick benchmark's call-count gate and the unit
# and direct-provider tests side by side — the first is mostly the Pulumi CLI's processes, the
# second one mocha process, so on 2 cores together they take little more than the longer one —
# then the e2e tier, two files at a time. Stops at the first tier that fails.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin_dir=$(bash scripts/ensure-pulumi.sh) || exit 1
export PATH="$bin_dir:$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true

mkdir -p .work
bench_log=.work/bench-quick.log
node bench/dist/bench/index.js --quick --no-engine --out .work/bench-quick >"$bench_log" 2>&1 &
bench_pid=$!
# Never leave the benchmark running if this script is stopped.
trap 'kill "$bench_pid" 2>/dev/null' EXIT

mocha --grep @e2e --invert
unit=$?
wait "$bench_pid"
gate=$?
trap - EXIT
echo
echo "== quick benchmark (call-count gate), run beside the unit tests; log: $bench_log"
cat "$bench_log"
if [ "$unit" -ne 0 ]; then echo "npm test: unit tests failed" >&2; exit 1; fi
if [ "$gate" -ne 0 ]; then echo "npm test: the quick benchmark's call-count gate failed" >&2; exit 1; fi

exec mocha --grep @e2e --parallel --jobs 2
