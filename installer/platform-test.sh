#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The PgOps authors
# SPDX-License-Identifier: MIT
# Configures, builds and runs the whole CTest suite on this platform (the host, or inside the
# Debian 13 build root), in build/<platform>. Writes one summary line to build/<platform>/summary.txt.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
platform=$("$here/platform.sh")
build="$src/build/$platform"
summary="$build/summary.txt"
mkdir -p "$build"
rm -f "$summary"

fail() { echo "$platform: $*" | tee "$summary"; exit 1; }

"$here/deps.sh" || fail "installing dependencies failed"
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$build/configure.log" 2>&1 \
    || { cat "$build/configure.log"; fail "configure failed"; }
grep -E '^-- +(Qt |SQL highlighting|Charts)' "$build/configure.log" | sed "s/^-- */[$platform] /"
cmake --build "$build" -j"$(nproc)" || fail "build failed"

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
pgver=$("$pgbin/postgres" --version 2>/dev/null | awk '{print $3}')
qtver=$(sed -n 's/^Qt6Core_VERSION:.*=//p' "$build/CMakeCache.txt" | head -n1)
[ -n "$qtver" ] || qtver=$(grep -m1 -oE 'Qt [0-9.]+' "$build/configure.log" | cut -d' ' -f2)
pqxxver=$(sed -n 's/^PQXX_VERSION:.*=//p' "$build/CMakeCache.txt" | head -n1)
[ -n "$pqxxver" ] || pqxxver=$(grep -m1 -oE 'libpqxx [0-9.]+' "$build/configure.log" | cut -d' ' -f2)

export QT_QPA_PLATFORM=offscreen
(cd "$build" && ctest -j"$(nproc)" --output-on-failure --timeout 300) 2>&1 | tee "$build/ctest.log"
status=${PIPESTATUS[0]}
# "NN% tests passed, F tests failed out of T"
line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$build/ctest.log" | tail -n1)
failed=$(echo "$line" | sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/')
total=$(echo "$line" | sed -E 's/.* failed out of ([0-9]+).*/\1/')
[ -n "$total" ] || { total=0; failed=0; status=1; }
passed=$((total - failed))
echo "$platform (Qt $qtver, libpqxx $pqxxver, PostgreSQL $pgver): $passed passed, $failed failed" > "$summary"
# No server may outlive the run, whatever happened above.
for d in "$build"/tests/clusters/*/; do
    [ -f "$d/postmaster.pid" ] && "$src/tests/support/pgcluster.sh" stop "${d%/}" >/dev/null 2>&1
done
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$total" -gt 0 ]
