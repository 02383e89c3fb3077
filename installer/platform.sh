#!/usr/bin/env bash
# Prints this platform's short name (debian12, debian13, …): the build directory's name.
. /etc/os-release 2>/dev/null || true
echo "${ID:-unknown}${VERSION_ID%%.*}"
