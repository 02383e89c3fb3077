#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The PgOps authors
# SPDX-License-Identifier: MIT
# Builds for this platform and starts PgOps; without a display, renders the screenshot tour.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
build="$src/build/$("$here/platform.sh")"
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target pgops
pgops="$build/app/pgops"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    # With no arguments: the demo sandbox, so there is something alive to look at.
    if [ $# -eq 0 ]; then set -- --demo; fi
    exec "$pgops" "$@"
fi

shots="$src/build/screenshots"
echo "make run: no display (DISPLAY/WAYLAND_DISPLAY unset), so PgOps runs headless: pgops --demo --screenshot $shots"
QT_QPA_PLATFORM=offscreen "$pgops" --demo --screenshot "$shots" "$@"
echo "make run: screenshots of every panel are in $shots"
