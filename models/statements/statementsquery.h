// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"
#include "statements/statementssnapshot.h"

namespace PgOps {

// What the probe found out about the extension in this database, right before the read.
struct StatementsProbe
{
    QString version; // pg_extension.extversion; empty: not installed here
    QString schema; // where its view lives
    QString database;
    QString role;
    bool available = true; // the server has the extension's files (pg_available_extensions)
    // shared_preload_libraries as pg_settings shows it; unknown for a role that may not read it.
    bool preloadKnown = false;
    bool preloaded = false;
    bool readAllStats = false; // superuser or (inherited) member of pg_read_all_stats
};

// The SQL of the Statements panel and `pgops statements`, chosen by the installed extension's
// version (not the server's: an extension is updated on its own, by ALTER EXTENSION), and the
// parsing of its rows into value types.
//
// It never waits behind a lock: pg_stat_statements takes no relation lock, but the names of
// roles and databases come from pg_authid and pg_database, which wait behind an ACCESS EXCLUSIVE
// lock on them. The monitoring lock_timeout ends that wait, and the fallback reads the same rows
// with the names as numbers, naming the pid that holds the catalog.
class StatementsQuery
{
public:
    enum class Names
    {
        Catalog, // role and database names from pg_roles / pg_database
        CatalogFallback, // "role 16384", "database 5", and who holds the catalog
    };

    // Every query of ours starts so: the statement lists mark (and the panel hides) our own.
    static QString marker();
    // 1.10 → 110: versions compare as numbers, not text ("1.10" < "1.9" as text).
    static int versionNumber(const QString &extensionVersion);

    static QString probeSql();
    static StatementsProbe parseProbe(const QueryResult &result);
    // What the probe, and the read's error (SQLSTATE 55000: not preloaded), say about whether the
    // figures can be read, with the exact fix.
    static StatementsAvailability availability(const StatementsProbe &probe, const DbError &readError = {});

    // $1: how many entries, the top ones by `sort`.
    static QString sql(const QString &extensionVersion, const QString &schema, StatementSort sort,
                       Names names = Names::Catalog);
    static QVariantList params(int limit);
    // Rows into the value types, on the connection's worker. The probe's facts and the hidden
    // statements' partial reason are the caller's (StatementsSource).
    static StatementsSnapshot parse(const ResultRows &rows, const QString &extensionVersion, StatementSort sort);

    // Empties the statistics of every entry (superuser, or a role granted EXECUTE on it).
    static QString resetSql(const QString &schema);
};

} // namespace PgOps
