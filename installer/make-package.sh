#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The PgOps authors
# SPDX-License-Identifier: MIT
# `make package`: the .deb of this platform, and on a Debian 12 host as root also the Debian 13
# one from the build root. The packages land in build/packages/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
out="$src/build/packages"
mkdir -p "$out"

if [ "${1:-}" = --platform ]; then
    # One platform, where this runs (the host, or inside the build root).
    "$here/deps.sh"
    build="$src/build/$("$here/platform.sh")"
    cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$build"
    rm -f "$build"/packages/pgops_*.deb
    (cd "$build" && cpack --config CPackConfig.cmake >/dev/null)
    cp "$build"/packages/pgops_*.deb "$out/"
    exit 0
fi

"$0" --platform
if [ "$("$here/platform.sh")" = debian12 ] && [ "$(id -u)" -eq 0 ]; then
    "$here/buildroot.sh" ensure
    "$here/buildroot.sh" run installer/make-package.sh --platform
elif [ "$("$here/platform.sh")" = debian12 ]; then
    echo "make package: not root, so only the Debian 12 package was made (the Debian 13 one needs the build root)"
fi
echo "make package: in $out"
ls -1 "$out"/pgops_*.deb
