#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The PgOps authors
# SPDX-License-Identifier: MIT
# Prints this platform's short name (debian12, debian13, …): the build directory's name.
. /etc/os-release 2>/dev/null || true
echo "${ID:-unknown}${VERSION_ID%%.*}"
