// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "db/libraryversions.h"

#include <libpq-fe.h>
#include <pqxx/version>

namespace PgOps::LibraryVersions {

QString libpqxx()
{
    // pkg-config's version when the build passes it: the header's macro is not always bumped
    // (Debian 12's libpqxx 6.4.5 says "6.4.4"), the package's version is what a bug report needs.
#ifdef PGOPS_LIBPQXX_VERSION
    if (sizeof(PGOPS_LIBPQXX_VERSION) > 1)
        return QStringLiteral(PGOPS_LIBPQXX_VERSION);
#endif
    return QStringLiteral(PQXX_VERSION);
}

QString libpq()
{
    return libpqText(PQlibVersion());
}

QString libpqText(int versionNumber)
{
    if (versionNumber <= 0)
        return {};
    // From PostgreSQL 10 on the number is major * 10000 + minor; before, major.minor * 100 + patch.
    if (versionNumber >= 100000)
        return QStringLiteral("%1.%2").arg(versionNumber / 10000).arg(versionNumber % 10000);
    return QStringLiteral("%1.%2.%3")
        .arg(versionNumber / 10000)
        .arg(versionNumber / 100 % 100)
        .arg(versionNumber % 100);
}

} // namespace PgOps::LibraryVersions
