// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

// The PostgreSQL client libraries PgOps was built with and runs on, for the About dialog and bug
// reports. Kept in db/ because only this layer may include libpqxx and libpq.
namespace PgOps::LibraryVersions {

// The libpqxx built against, e.g. "7.10.0": pkg-config's version, else the header's PQXX_VERSION.
// libpqxx links in a check symbol named after its major.minor, so the one loaded at run time is
// of the same series.
QString libpqxx();

// The libpq loaded at run time (PQlibVersion()), e.g. "17.2": it may be newer than the one
// built against, and it decides which connection options and TLS features work.
QString libpq();

// PQlibVersion()'s number as people write it: 170002 → "17.2", 90624 → "9.6.24"; "" for 0.
QString libpqText(int versionNumber);

} // namespace PgOps::LibraryVersions
