#!/usr/bin/env bash
# Builds for this platform and starts PgOps; without a display, renders the screenshot tour.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
build="$src/build/$("$here/platform.sh")"
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target pgops
pgops="$build/app/pgops"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    exec "$pgops" "$@"
fi

# No display: start a throwaway server, render every panel, and say where the pictures are.
shots="$src/build/screenshots"
data="$build/run-cluster"
sock="/tmp/pgops-run-$(echo "$build" | md5sum | cut -c1-10)"
trap '"$src/tests/fixture/pgcluster.sh" stop "$data" >/dev/null 2>&1 || true' EXIT
"$src/tests/fixture/pgcluster.sh" start "$data" "$sock" >/dev/null
echo "make run: no display (DISPLAY/WAYLAND_DISPLAY unset), so PgOps runs headless against a throwaway server"
QT_QPA_PLATFORM=offscreen "$pgops" --screenshot "$shots" "host=$sock port=5432 dbname=postgres user=postgres" "$@"
echo "make run: screenshots are in $shots"
