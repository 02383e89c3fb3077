#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The PgOps authors
# SPDX-License-Identifier: MIT
# Runs the benchmarks against a throwaway cluster: tests/bench/run.sh BUILD_DIR [NAME_FILTER]
set -euo pipefail
build=$(cd "${1:?usage: run.sh BUILD_DIR [NAME_FILTER]}" && pwd)
filter=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
script="$here/../support/pgcluster.sh"
data="$build/tests/clusters/bench"
# pgcluster.sh wants the socket's parent to be ours alone, as the CTest fixtures' is: not /tmp.
sock="/tmp/pgops-bench-$(echo "$build" | md5sum | cut -c1-10)/bench"
trap '"$script" stop "$data" >/dev/null 2>&1 || true' EXIT
# The sessions benchmark opens 2,000 sessions.
PGOPS_MAX_CONNECTIONS=2200 "$script" start "$data" "$sock"
export PGOPS_TEST_CONNINFO="host=$sock port=5432 dbname=postgres user=postgres"
export PGOPS_TEST_CLUSTER_DATA="$data" PGOPS_TEST_CLUSTER_SCRIPT="$script"
status=0
for b in "$build"/tests/bench/bench_* "$build"/tests/bench/fuzz_*; do
    [ -f "$b" ] && [ -x "$b" ] || continue
    [[ "$(basename "$b")" == *"$filter"* ]] || continue
    echo "== $(basename "$b")"
    "$b" || status=1
done
exit $status
