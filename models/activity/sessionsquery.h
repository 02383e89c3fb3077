// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "activity/sessionrow.h"
#include "db/dbtypes.h"

#include <QList>
#include <QSet>
#include <QVariantList>

namespace PgOps {

// The version-aware pg_stat_activity query (PostgreSQL 12–17) and its parsing.
class SessionsQuery
{
public:
    enum class Source
    {
        Activity, // pg_stat_activity, with role and database names
        // pg_stat_get_activity(NULL) without pg_authid, pg_database or pg_roles: what still
        // answers when one of those catalogs is held ACCESS EXCLUSIVE (the views join them and
        // would wait). Names come as "role 10" / "database 5"; catalog_holders names who locks them.
        CatalogFallback,
    };
    static QString sql(int serverVersionNum, Source source = Source::Activity);
    // The pids holding a role or database catalog ACCESS EXCLUSIVE (CatalogFallback only).
    static QList<int> catalogHolders(const QueryResult &result);
    // $1: our own backend pids as an int[] literal, sorted; also how signal actions pass pids.
    static QVariantList params(const QSet<int> &excludedPids);
    static QList<SessionRow> parse(const QueryResult &result);
    // The same straight from the server's text, on the connection's worker (DbRequest::parse):
    // no QVariant per cell on the way.
    static QList<SessionRow> parse(const ResultRows &rows);
};

} // namespace PgOps
