#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The PgOps authors
# SPDX-License-Identifier: MIT
# The Debian 13 (trixie) build root: the reference platform on a Debian 12 host.
#
#   installer/buildroot.sh ensure        create or refresh it when its package list changed
#   installer/buildroot.sh run CMD...    run CMD inside it, in this checkout, as root
#   installer/buildroot.sh path          print where it lives
#
# It lives outside the checkout (PGOPS_BUILDROOT, default /var/cache/pgops/trixie-root)
# so clean clones reuse it. Commands run in a private mount namespace
# (unshare --mount --propagation private), so no mount outlives the command,
# even when the command fails or is killed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
root=${PGOPS_BUILDROOT:-/var/cache/pgops/trixie-root}
suite=trixie
recipe_version=3 # bump when the way the root is made changes

die() { echo "buildroot: $*" >&2; exit 1; }

packages() {
    while read -r name releases; do
        case "$name" in ''|'#'*) continue ;; esac
        if [ -z "$releases" ] || [[ " $releases " == *" $suite "* ]]; then echo "$name"; fi
    done < "$here/packages-debian.txt"
}

stamp() { { echo "recipe $recipe_version"; packages; } | sha256sum | cut -d' ' -f1; }

mirror() {
    # The host's own Debian mirror, so the root comes from where apt already goes.
    if [ -n "${PGOPS_DEBIAN_MIRROR:-}" ]; then echo "$PGOPS_DEBIAN_MIRROR"; return; fi
    local uri
    uri=$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -E '/debian/?$' | head -n1 || true)
    [ -n "$uri" ] || uri=$(grep -hsE '^deb ' /etc/apt/sources.list | awk '{print $2}' | grep -E '/debian/?$' | head -n1 || true)
    [ -n "$uri" ] || die "no Debian mirror found in the apt sources; set PGOPS_DEBIAN_MIRROR"
    echo "$uri"
}

# Runs "$@" chrooted into $1 inside a new private mount namespace.
enter() {
    local dir=$1; shift
    [ "$(id -u)" -eq 0 ] || die "the build root needs root (unshare + chroot)"
    local disp_mount=""
    [ -d /tmp/.X11-unix ] && disp_mount=1
    PGOPS_ROOT_DIR=$dir PGOPS_SRC=$src PGOPS_DISP=$disp_mount \
    unshare --mount --propagation private -- bash -ec '
        r=$PGOPS_ROOT_DIR
        mkdir -p "$r$PGOPS_SRC" "$r/proc" "$r/dev" "$r/tmp/.X11-unix"
        mount --bind "$PGOPS_SRC" "$r$PGOPS_SRC"
        mount -t proc proc "$r/proc"
        mount --rbind /dev "$r/dev"
        mount --make-rslave "$r/dev"
        if [ -n "$PGOPS_DISP" ]; then mount --bind /tmp/.X11-unix "$r/tmp/.X11-unix"; fi
        if [ -n "${XAUTHORITY:-}" ] && [ -f "$XAUTHORITY" ]; then
            cp "$XAUTHORITY" "$r/tmp/.pgops-xauth" && export XAUTHORITY=/tmp/.pgops-xauth
        fi
        cp /etc/resolv.conf "$r/etc/resolv.conf" 2>/dev/null || true
        cd "$r$PGOPS_SRC" 2>/dev/null || true
        exec chroot "$r" /usr/bin/env -i \
            PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
            HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" CI="${CI:-}" \
            DISPLAY="${DISPLAY:-}" WAYLAND_DISPLAY="${WAYLAND_DISPLAY:-}" XAUTHORITY="${XAUTHORITY:-}" \
            QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-}" PGOPS_IN_BUILDROOT=1 \
            PGOPS_PLATFORM_DIR="${PGOPS_PLATFORM_DIR:-}" CTEST_PARALLEL_LEVEL="${CTEST_PARALLEL_LEVEL:-}" \
            bash -c "cd \"\$0\" && exec \"\$@\"" "$PGOPS_SRC" "$@"
    ' bash "$@"
}

create() {
    command -v debootstrap >/dev/null || die "debootstrap is missing: apt-get install debootstrap"
    local tmp="$root.new" started=$SECONDS
    rm -rf "$tmp"
    mkdir -p "$(dirname "$root")"
    echo "buildroot: creating the Debian 13 build root in $root (about 2 minutes)"
    debootstrap --variant=minbase "$suite" "$tmp" "$(mirror)" > "$tmp.log" 2>&1 \
        || { tail -n 20 "$tmp.log" >&2; die "debootstrap failed (full log: $tmp.log)"; }
    # Packages must not start services in the root, and postgresql must not make a cluster:
    # tests start their own throwaway servers.
    printf '#!/bin/sh\nexit 101\n' > "$tmp/usr/sbin/policy-rc.d"
    chmod +x "$tmp/usr/sbin/policy-rc.d"
    mkdir -p "$tmp/etc/postgresql-common/createcluster.d"
    echo "create_main_cluster = false" > "$tmp/etc/postgresql-common/createcluster.d/pgops.conf"
    enter "$tmp" bash -ec "export DEBIAN_FRONTEND=noninteractive; apt-get update -qq; \
        apt-get install -y -qq --no-install-recommends $(packages | tr '\n' ' ') >/dev/null" \
        >> "$tmp.log" 2>&1 || { tail -n 20 "$tmp.log" >&2; die "package install failed (full log: $tmp.log)"; }
    enter "$tmp" apt-get clean >/dev/null 2>&1 || true
    stamp > "$tmp/.pgops-stamp"
    rm -rf "$root"
    mv "$tmp" "$root"
    rm -f "$tmp.log"
    echo "buildroot: ready in $((SECONDS - started)) s, $(du -sh "$root" | cut -f1)"
}

cmd=${1:-}
case "$cmd" in
ensure)
    if [ -f "$root/.pgops-stamp" ] && [ "$(cat "$root/.pgops-stamp")" = "$(stamp)" ]; then exit 0; fi
    create
    ;;
run)
    shift
    [ -f "$root/.pgops-stamp" ] || die "no build root at $root: run '$0 ensure' first"
    enter "$root" "$@"
    ;;
path) echo "$root" ;;
*) die "usage: $0 ensure | run CMD... | path" ;;
esac
