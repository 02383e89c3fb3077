#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The PgOps authors
# SPDX-License-Identifier: MIT
# `make run`: install what is missing, build, start PgOps. On a host without a reference
# platform package (Debian 12 has no KF6 SyntaxHighlighting), as root, it builds and runs in the
# Debian 13 build root with the display passed through. Set PGOPS_RUN_NATIVE=1 to stay on the host.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

"$here/deps.sh"
has_kf6() { dpkg-query -W -f='${Status}' libkf6syntaxhighlighting-dev 2>/dev/null | grep -q 'install ok installed'; }

if [ -z "${PGOPS_IN_BUILDROOT:-}" ] && [ "${PGOPS_RUN_NATIVE:-0}" != 1 ] && ! has_kf6 \
   && [ "$(id -u)" -eq 0 ] && [ "$("$here/platform.sh")" = debian12 ]; then
    echo "make run: this host lacks KF6 SyntaxHighlighting; building and running in the Debian 13 build root"
    "$here/buildroot.sh" ensure
    exec "$here/buildroot.sh" run installer/run-native.sh "$@"
fi
exec "$here/run-native.sh" "$@"
