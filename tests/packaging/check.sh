#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The PgOps authors
# SPDX-License-Identifier: MIT
# The package and desktop integration checks that CTest runs (tests/packaging/CMakeLists.txt):
#   check.sh build BUILD_DIR                 the .deb, with CPack, into BUILD_DIR/packages
#   check.sh install BUILD_DIR SRC_DIR URL "SIZES"
#                                            it installs with dpkg into a scratch root and runs from it,
#                                            and every file its .desktop and metainfo name is there
#   check.sh lintian BUILD_DIR               lintian reports no errors
#   check.sh desktop FILE | appstream FILE   the validators pass
# A missing tool skips (exit 77), except under CI=true, where it fails.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=installed.sh
. "$here/installed.sh"

fail() { echo "FAIL: $*" >&2; exit 1; }
need() {
    for tool in "$@"; do
        command -v "$tool" >/dev/null && continue
        [ "${CI:-}" = true ] && fail "$tool is missing (installer/deps.sh installs it)"
        echo "SKIP: $tool is missing (installer/deps.sh installs it)"; exit 77
    done
}
the_deb() {
    local debs=("$1"/packages/pgops_*.deb)
    [ -f "${debs[0]}" ] || fail "no package in $1/packages: the package_build test makes it"
    [ ${#debs[@]} -eq 1 ] || fail "more than one package in $1/packages: ${debs[*]}"
    echo "${debs[0]}"
}

build() {
    need cpack dpkg-shlibdeps file
    local dir=$1
    rm -f "$dir"/packages/pgops_*.deb
    (cd "$dir" && cpack --config CPackConfig.cmake) > "$dir/packages-cpack.log" 2>&1 \
        || { cat "$dir/packages-cpack.log"; fail "cpack failed"; }
    local deb; deb=$(the_deb "$dir")
    dpkg-deb --info "$deb"
    dpkg-deb --contents "$deb"
    check_depends "$dir" "$deb"
}

# Depends must name every package the binary's libraries come from (what dpkg-shlibdeps works out
# from the packaged binary itself, not from CPack's log) and the SVG icon engine's package, a
# plugin nothing links; Recommends the server --demo starts.
check_depends() {
    local dir=$1 deb=$2 depends recommends work needed svg
    # The package names alone, space-separated: "libc6 (>= 2.34), a | b" → " libc6 a b ".
    depends=" $(dpkg-deb -f "$deb" Depends | sed -E 's/\([^)]*\)//g' | tr ',|' '  ' | tr -s ' ') "
    recommends=$(dpkg-deb -f "$deb" Recommends)
    work=$(mktemp -d "$dir/packages/shlibs.XXXXXX")
    dpkg-deb -x "$deb" "$work/root"
    mkdir -p "$work/debian" && touch "$work/debian/control"
    needed=$(cd "$work" && dpkg-shlibdeps -O -e root/usr/bin/pgops 2>/dev/null | sed 's/^shlibs:Depends=//')
    rm -rf "$work"
    [ -n "$needed" ] || fail "dpkg-shlibdeps found no libraries for usr/bin/pgops"
    svg=$(dpkg-query -S '*/qt6/plugins/iconengines/libqsvgicon.so' 2>/dev/null | cut -d: -f1)
    for want in $(echo "$needed" | tr ',' '\n' | awk '{print $1}') "${svg:-libqt6svg6}"; do
        [[ "$depends" == *" $want "* ]] || fail "Depends lacks $want: $(dpkg-deb -f "$deb" Depends)"
    done
    echo "Depends names all $(echo "$needed" | tr ',' '\n' | wc -l) library packages and ${svg:-libqt6svg6}"
    [[ "$recommends" == *postgresql* ]] || fail "Recommends lacks postgresql: $recommends"
}

install_deb() {
    need dpkg dpkg-deb file
    local dir=$1 src=$2 url=$3 sizes=$4 deb root
    deb=$(the_deb "$dir")
    root="$dir/packages/scratch"
    rm -rf "$root"
    mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers"
    # The scratch root's package database says what this system has installed, so dpkg refuses
    # the package if a dependency is missing or too old here; the files go to the scratch root.
    cp /var/lib/dpkg/status "$root/var/lib/dpkg/status"
    touch "$root/var/lib/dpkg/available"
    local force=(--force-bad-path) # no ldconfig etc. in the scratch root: the package has no scripts
    [ "$(id -u)" -eq 0 ] || force+=(--force-not-root)
    dpkg --root="$root" --log=/dev/null "${force[@]}" -i "$deb" 2>&1 | grep -v 'files list file for package' \
        || true
    dpkg --root="$root" -s pgops 2>/dev/null | grep -q '^Status: install ok installed' \
        || fail "dpkg did not install $deb into $root"
    ICON_SIZES=$sizes check_installed "$root" "$src" "$url" "$(dpkg-deb -f "$deb" Version)"
}

case "${1:-}" in
build) build "$2" ;;
install) install_deb "$2" "$3" "$4" "$5" ;;
lintian)
    need lintian
    deb=$(the_deb "$2")
    # Errors fail; warnings and notes are shown for whoever reads the log.
    lintian --fail-on error --tag-display-limit 0 "$deb" || fail "lintian reports errors for $deb"
    ;;
desktop) need desktop-file-validate; desktop-file-validate "$2" || fail "desktop-file-validate: $2" ;;
appstream)
    need appstreamcli
    appstreamcli validate --no-net --pedantic "$2" || fail "appstreamcli validate: $2"
    ;;
*) fail "usage: $0 build|install|lintian|desktop|appstream …" ;;
esac
echo PASS
