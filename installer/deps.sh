#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The PgOps authors
# SPDX-License-Identifier: MIT
# Installs the build/test packages that are missing on this Debian host.
# On other distributions it prints what to install and exits non-zero.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

codename=""
if [ -r /etc/os-release ]; then
    # shellcheck disable=SC1091
    . /etc/os-release
    codename=${VERSION_CODENAME:-}
    id_like="${ID:-} ${ID_LIKE:-}"
else
    id_like=""
fi

wanted() {
    # Package names from the list that apply to this release.
    while read -r name releases; do
        case "$name" in ''|'#'*) continue ;; esac
        if [ -z "$releases" ] || [[ " $releases " == *" $codename "* ]]; then
            echo "$name"
        fi
    done < "$here/packages-debian.txt"
}

case "$id_like" in
*debian*|*ubuntu*) ;;
*)
    cat >&2 <<MSG
PgOps: this is not a Debian or Ubuntu system, so nothing was installed.
Install the equivalents of these packages yourself, then run the command again:
  dnf:    gcc-c++ cmake ninja-build pkgconf qt6-qtbase-devel qt6-qtcharts-devel qt6-qtsvg-devel
          libpqxx-devel libpq-devel kf6-syntax-highlighting-devel postgresql-server postgresql-contrib xorg-x11-server-Xvfb
  pacman: base-devel cmake ninja qt6-base qt6-charts qt6-svg libpqxx postgresql syntax-highlighting xorg-server-xvfb
MSG
    exit 2
    ;;
esac

missing=()
for p in $(wanted); do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "PgOps: installing missing packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
# A list older than a day may no longer name the current package versions.
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -n1)" ]; then
    $sudo apt-get update -qq
fi
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
