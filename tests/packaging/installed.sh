# shellcheck shell=bash
# SPDX-FileCopyrightText: 2026 The PgOps authors
# SPDX-License-Identifier: MIT
# Sourced by check.sh: what must hold of PgOps installed under a root directory.
# Every file the .desktop entry and the AppStream metainfo name must be where they say.

# The value of KEY in the [Desktop Entry] group of a .desktop file.
desktop_value() { sed -n "/^\[Desktop Entry\]/,/^\[/s/^$2=//p" "$1" | head -n1; }
# The text of every <TAG …>text</TAG> in an XML file, one per line.
xml_texts() { grep -oE "<$2( [^>]*)?>[^<]*</$2>" "$1" | sed -E "s/<[^>]*>//g"; }
png_size() { file -b "$1" | grep -oE '[0-9]+ x [0-9]+' | tr -d ' '; }

# The scalable icon and a PNG of exactly each size the build renders (ICON_SIZES, from CMake).
check_icon() {
    local root=$1 icon=$2 size f
    [ -f "$root/usr/share/icons/hicolor/scalable/apps/$icon.svg" ] || fail "no scalable icon $icon.svg"
    [ -n "${ICON_SIZES:-}" ] || fail "no icon sizes given"
    for size in $ICON_SIZES; do
        f="$root/usr/share/icons/hicolor/${size}x${size}/apps/$icon.png"
        [ -f "$f" ] || fail "no ${size}x${size} icon $icon.png"
        [ "$(png_size "$f")" = "${size}x${size}" ] || fail "$f is $(png_size "$f") pixels, not ${size}x${size}"
    done
    echo "icon $icon: scalable + PNG at $ICON_SIZES"
}

# The whole Exec line (field codes dropped) starts: run with --version on Qt's offscreen platform,
# so the GUI path runs (QApplication, platform plugin, the SVG icon engine found).
check_desktop_entry() {
    local root=$1 file=$2 exec word out
    exec=$(desktop_value "$file" Exec | sed -E 's/ ?%[a-zA-Z]//g'); word=${exec%% *}
    [ -x "$root/usr/bin/$word" ] || fail "Exec=$exec: no /usr/bin/$word"
    # shellcheck disable=SC2086 # the Exec line's own words
    out=$(cd / && QT_QPA_PLATFORM=offscreen QT_DEBUG_PLUGINS=1 "$root/usr/bin/$word" ${exec#"$word"} --version 2>&1) \
        || fail "Exec=$exec --version failed: $out"
    [[ "$out" == *"pgops "* ]] || fail "Exec=$exec --version printed no version: $out"
    [[ "$out" == *iconengines/libqsvgicon.so* ]] || fail "Exec=$exec: Qt found no SVG icon engine for the icon"
    word=$(desktop_value "$file" TryExec)
    [ -z "$word" ] || [ -x "$root/usr/bin/$word" ] || fail "TryExec=$word: no /usr/bin/$word"
    check_icon "$root" "$(desktop_value "$file" Icon)"
}

check_screenshots() {
    local meta=$1 src=$2 url=$3 n=0 line
    while read -r line; do
        local link width height path
        link=$(echo "$line" | sed -E 's/.*>([^<]*)<.*/\1/')
        width=$(echo "$line" | grep -oE 'width="[0-9]+"' | grep -oE '[0-9]+')
        height=$(echo "$line" | grep -oE 'height="[0-9]+"' | grep -oE '[0-9]+')
        # The URLs point into the published repository: the same path must be a picture here.
        [[ "$link" == "$url/raw/main/"* ]] || fail "screenshot $link is not under $url/raw/main/"
        path="$src/${link#"$url/raw/main/"}"
        [ -f "$path" ] || fail "screenshot $link: no $path in the source tree"
        [ "$(png_size "$path")" = "${width}x${height}" ] \
            || fail "screenshot $path is $(png_size "$path"), the metainfo says ${width}x${height}"
        n=$((n + 1))
    done < <(grep -oE '<image [^>]*>[^<]*</image>' "$meta")
    [ "$n" -ge 1 ] || fail "the metainfo has no screenshots"
    echo "screenshots: $n, each in the source tree at the size the metainfo says"
}

check_metainfo() {
    local root=$1 src=$2 url=$3 meta id launchable binary version
    meta=$(find "$root/usr/share/metainfo" -name '*.metainfo.xml' 2>/dev/null | head -n1)
    [ -n "$meta" ] || fail "no metainfo in /usr/share/metainfo"
    id=$(xml_texts "$meta" id | head -n1)
    [ "$(basename "$meta")" = "$id.metainfo.xml" ] || fail "metainfo file $(basename "$meta") for id $id"
    launchable=$(xml_texts "$meta" launchable)
    [ "$launchable" = "$id.desktop" ] || fail "launchable $launchable is not the id's .desktop ($id.desktop)"
    [ -f "$root/usr/share/applications/$launchable" ] || fail "launchable $launchable is not installed"
    check_desktop_entry "$root" "$root/usr/share/applications/$launchable"
    for binary in $(xml_texts "$meta" binary); do
        [ -x "$root/usr/bin/$binary" ] || fail "provides binary $binary: no /usr/bin/$binary"
    done
    check_icon "$root" "$(xml_texts "$meta" icon | head -n1)"
    check_screenshots "$meta" "$src" "$url"
    version=$(grep -oE '<release version="[^"]+"' "$meta" | head -n1 | cut -d'"' -f2)
    echo "$id: launchable, binary, icon and screenshots present; newest release $version"
    META_VERSION=$version
}

check_installed() {
    local root=$1 src=$2 url=$3 debversion=$4 out version
    out=$("$root/usr/bin/pgops" --version) || fail "pgops --version failed: $out"
    echo "installed pgops --version: $out"
    version=${out#pgops }
    [ "$version" = "${debversion%%-*}" ] || fail "pgops says $version, the package is $debversion"
    out=$("$root/usr/bin/pgops" lint --help) || fail "pgops lint --help failed"
    [[ "$out" == *"Usage:"*"lint"* ]] || fail "pgops lint --help printed no usage: $out"
    # A real run of the installed binary: a file with a finding exits 1 and names the rule.
    out=$(echo 'CREATE INDEX i ON t (a);' | "$root/usr/bin/pgops" lint -); local status=$?
    if [ "$status" -ne 1 ] || [[ "$out" != *index-not-concurrent* ]]; then
        fail "installed pgops lint did not find index-not-concurrent (exit $status): $out"
    fi
    check_metainfo "$root" "$src" "$url"
    [ "$META_VERSION" = "$version" ] || fail "the metainfo's newest release is $META_VERSION, pgops is $version"
    zcat "$root/usr/share/man/man1/pgops.1.gz" | grep -qE "^\.TH +\"?PGOPS\"? +\"?1\"?.*$version" \
        || fail "no man page pgops(1) for $version in /usr/share/man/man1"
    for f in copyright changelog.Debian.gz; do
        [ -f "$root/usr/share/doc/pgops/$f" ] || fail "no /usr/share/doc/pgops/$f"
    done
    echo "man page, copyright and changelog present"
}
