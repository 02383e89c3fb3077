#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The PgOps authors
# SPDX-License-Identifier: MIT
# `make test`: the suite on the host, then (Debian 12 host, as root) inside the Debian 13
# build root. One summary line per platform; non-zero exit if either fails.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
started=$SECONDS
platforms=()
status=0

"$here/platform-test.sh" || status=1
platforms+=("$("$here/platform.sh")")

host=$("$here/platform.sh")
if [ "$host" = debian12 ] && [ "$(id -u)" -eq 0 ] && [ "${PGOPS_SKIP_BUILDROOT:-0}" != 1 ]; then
    if "$here/buildroot.sh" ensure; then
        "$here/buildroot.sh" run installer/platform-test.sh || status=1
    else
        echo "debian13: the build root could not be created" > "$src/build/debian13-summary.txt"
        status=1
    fi
    platforms+=(debian13)
elif [ "$host" = debian12 ]; then
    echo "make test: not root, so the Debian 13 build root was skipped (run as root to test both platforms)"
fi

echo
echo "== PgOps test summary ($((SECONDS - started)) s)"
total_passed=0; total_failed=0
for p in "${platforms[@]}"; do
    f="$src/build/$p/summary.txt"
    [ -f "$f" ] || f="$src/build/$p-summary.txt"
    if [ -f "$f" ]; then
        line=$(cat "$f")
        echo "$line"
        n=$(echo "$line" | grep -oE '[0-9]+ passed' | cut -d' ' -f1); total_passed=$((total_passed + ${n:-0}))
        n=$(echo "$line" | grep -oE '[0-9]+ failed' | cut -d' ' -f1); total_failed=$((total_failed + ${n:-0}))
    else
        echo "$p: no result"; status=1
    fi
done
[ "$total_failed" -eq 0 ] || status=1
echo "Total: $total_passed passed, $total_failed failed"
exit $status
