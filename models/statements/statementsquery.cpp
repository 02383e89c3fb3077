// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "statements/statementsquery.h"

#include "storage/storagesql.h"

#include <QTimeZone>

namespace PgOps {

namespace {
// shared_preload_libraries has no row in pg_settings for a role without pg_read_all_settings.
// pg_extension and pg_namespace, not the server version: the extension's version decides the
// columns, and it lives in a schema that need not be on the search_path.
const char *probeText = R"SQL(SELECT e.extversion, n.nspname AS schema, current_database() AS database,
       current_user AS role,
       EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_stat_statements') AS available,
       (SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries') AS preload,
       pg_has_role('pg_read_all_stats', 'USAGE') AS read_all_stats
FROM (SELECT 1) one
LEFT JOIN pg_extension e ON e.extname = 'pg_stat_statements'
LEFT JOIN pg_namespace n ON n.oid = e.extnamespace)SQL";

// No SQL comments inside: the text is what pg_stat_statements keeps of our own statement.
// Another role's statements, for a role without pg_read_all_stats, come without text and
// queryid: `entries` sums them per role, database and level, so that each row keeps a key of its
// own.
// %1 toplevel, %2 plans, %3 total, %4 mean, %5 min, %6 max, %7 stddev, %8 plan time, %9 read
// time, %10 write time, %11 wal bytes, %12 stats_since, %13 the view.
const char *entriesText = R"SQL(WITH s AS (
    SELECT userid, dbid, %1 AS toplevel, queryid, query, calls, %2 AS plans,
           %3 AS total_ms, %4 AS mean_ms, %5 AS min_ms, %6 AS max_ms, %7 AS stddev_ms, %8 AS plan_ms,
           rows, shared_blks_hit, shared_blks_read, shared_blks_dirtied, shared_blks_written,
           temp_blks_read, temp_blks_written, %9 AS read_ms, %10 AS write_ms, %11 AS wal_bytes, %12 AS since
    FROM %13),
entries AS (
    SELECT userid, dbid, toplevel, queryid, query, calls, plans, total_ms, mean_ms, min_ms, max_ms, stddev_ms,
           plan_ms, rows, shared_blks_hit, shared_blks_read, shared_blks_dirtied, shared_blks_written,
           temp_blks_read, temp_blks_written, read_ms, write_ms, wal_bytes, since, 0::bigint AS hidden_count
    FROM s WHERE queryid IS NOT NULL
    UNION ALL
    SELECT userid, dbid, toplevel, NULL, NULL, sum(calls)::bigint, sum(plans)::bigint, sum(total_ms),
           sum(total_ms) / nullif(sum(calls), 0), min(min_ms), max(max_ms), NULL, sum(plan_ms), sum(rows)::bigint,
           sum(shared_blks_hit)::bigint, sum(shared_blks_read)::bigint, sum(shared_blks_dirtied)::bigint,
           sum(shared_blks_written)::bigint, sum(temp_blks_read)::bigint, sum(temp_blks_written)::bigint,
           sum(read_ms), sum(write_ms), sum(wal_bytes), min(since), count(*)
    FROM s WHERE queryid IS NULL GROUP BY userid, dbid, toplevel),
top AS (
    SELECT * FROM entries ORDER BY %14 DESC NULLS LAST, queryid, userid, dbid, toplevel LIMIT $1),
meta AS (
    SELECT (SELECT count(*) FROM s) AS statements, (SELECT sum(total_ms) FROM s)::float8 AS all_ms,
           (SELECT count(*) FROM s WHERE queryid IS NULL) AS hidden_all,
           %15 AS dealloc, %16 AS stats_reset, extract(epoch FROM now())::float8 AS server_now))SQL";

QString sortColumn(StatementSort sort)
{
    switch (sort) {
    case StatementSort::TotalTime:
        return QStringLiteral("total_ms");
    case StatementSort::MeanTime:
        return QStringLiteral("mean_ms");
    case StatementSort::Calls:
        return QStringLiteral("calls");
    case StatementSort::Rows:
        return QStringLiteral("rows");
    case StatementSort::SharedRead:
        return QStringLiteral("shared_blks_read");
    case StatementSort::TempWritten:
        return QStringLiteral("temp_blks_written");
    }
    return QStringLiteral("total_ms");
}

QString ident(const QString &schema)
{
    return StorageSql::quoteIdent(schema.isEmpty() ? QStringLiteral("public") : schema);
}

// One entry of shared_preload_libraries: "pg_stat_statements", "$libdir/pg_stat_statements.so",
// quoted or not.
bool namesPgStatStatements(QString library)
{
    library = library.trimmed();
    if (library.size() >= 2 && library.startsWith(QLatin1Char('"')) && library.endsWith(QLatin1Char('"')))
        library = library.mid(1, library.size() - 2);
    library = library.section(QLatin1Char('/'), -1);
    if (library.endsWith(QLatin1String(".so")))
        library.chop(3);
    return library == QLatin1String("pg_stat_statements");
}
} // namespace

QString StatementsQuery::marker()
{
    return QStringLiteral("/* pgops */ ");
}

int StatementsQuery::versionNumber(const QString &extensionVersion)
{
    const QStringList parts = extensionVersion.split(QLatin1Char('.'));
    if (parts.isEmpty() || extensionVersion.isEmpty())
        return 0;
    return parts.value(0).toInt() * 100 + parts.value(1).toInt();
}

QString StatementsQuery::probeSql()
{
    return marker() + QLatin1String(probeText);
}

StatementsProbe StatementsQuery::parseProbe(const QueryResult &result)
{
    StatementsProbe p;
    const auto value = [&](const char *column) {
        return result.value(0, QLatin1String(column));
    };
    p.version = value("extversion").toString();
    p.schema = value("schema").toString();
    p.database = value("database").toString();
    p.role = value("role").toString();
    p.available = value("available").toBool();
    p.preloadKnown = value("preload").isValid();
    for (const QString &library : value("preload").toString().split(QLatin1Char(',')))
        p.preloaded = p.preloaded || namesPgStatStatements(library);
    p.readAllStats = value("read_all_stats").toBool();
    return p;
}

StatementsAvailability StatementsQuery::availability(const StatementsProbe &probe, const DbError &readError)
{
    StatementsAvailability a;
    const QString preload = QStringLiteral("In postgresql.conf: shared_preload_libraries = 'pg_stat_statements' "
                                           "(added to the libraries already listed there, comma-separated).");
    const QString restart = QStringLiteral("Restart the server: a reload does not load a library.");
    const QString create
        = QStringLiteral("Connected to database \"%1\", as a superuser: CREATE EXTENSION pg_stat_statements;")
              .arg(probe.database);
    const QString grant
        = QStringLiteral("For every role's statements (not only its own): GRANT pg_read_all_stats TO %1;")
              .arg(StorageSql::quoteIdent(probe.role));
    if (readError.sqlState == QLatin1String("55000")) {
        a.state = StatementsAvailability::State::NotLoaded;
        a.problem = QStringLiteral("pg_stat_statements is installed in database \"%1\" but the server has not "
                                   "loaded it: it must be in shared_preload_libraries.")
                        .arg(probe.database);
        a.steps = {preload, restart};
        return a;
    }
    if (!probe.version.isEmpty())
        return a;
    if (!probe.available) {
        a.state = StatementsAvailability::State::NotAvailable;
        a.problem = QStringLiteral("The server has no pg_stat_statements: the extension's files are not installed.");
        a.steps.append(QStringLiteral("Install the server's contrib modules (Debian and Ubuntu: part of the "
                                      "postgresql-NN package; RHEL: postgresqlNN-contrib)."));
    } else {
        a.state = StatementsAvailability::State::NotInstalled;
        a.problem = QStringLiteral("pg_stat_statements is not installed in database \"%1\".").arg(probe.database);
    }
    if (!probe.preloadKnown)
        a.steps << preload + QStringLiteral(" Skip this and the restart if it is there already.") << restart;
    else if (!probe.preloaded)
        a.steps << preload << restart;
    a.steps.append(create);
    if (!probe.readAllStats)
        a.steps.append(grant);
    return a;
}

QString StatementsQuery::sql(const QString &extensionVersion, const QString &schema, StatementSort sort, Names names)
{
    const int v = versionNumber(extensionVersion);
    const bool v18 = v >= 108, v19 = v >= 109, v111 = v >= 111;
    const QString null = QStringLiteral("NULL::float8");
    const auto exec = [v18, v](const char *name) -> QString {
        if (v < 103 && qstrcmp(name, "total") != 0 && qstrcmp(name, "mean") != 0)
            return QStringLiteral("NULL::float8"); // min, max and stddev arrived in 1.3
        return QLatin1String(name) + (v18 ? QLatin1String("_exec_time") : QLatin1String("_time"));
    };
    const QString view = ident(schema) + QLatin1String(".pg_stat_statements");
    QString text = QLatin1String(entriesText);
    text = text.arg(v19 ? QStringLiteral("toplevel") : QStringLiteral("true"),
                    v18 ? QStringLiteral("plans") : QStringLiteral("NULL::bigint"), exec("total"), exec("mean"),
                    exec("min"), exec("max"), exec("stddev"), v18 ? QStringLiteral("total_plan_time") : null);
    text = text.arg(
        v111 ? QStringLiteral("shared_blk_read_time + local_blk_read_time") : QStringLiteral("blk_read_time"),
        v111 ? QStringLiteral("shared_blk_write_time + local_blk_write_time") : QStringLiteral("blk_write_time"),
        v18 ? QStringLiteral("wal_bytes::float8") : null,
        v111 ? QStringLiteral("extract(epoch FROM stats_since)::float8") : null, view, sortColumn(sort));
    const QString info = ident(schema) + QLatin1String(".pg_stat_statements_info");
    text = text.arg(v19 ? QStringLiteral("(SELECT dealloc FROM %1)").arg(info) : QStringLiteral("NULL::bigint"),
                    v19 ? QStringLiteral("(SELECT extract(epoch FROM stats_reset)::float8 FROM %1)").arg(info) : null);
    const bool fallback = names == Names::CatalogFallback;
    // Catalog oids as constants, as the sessions fallback does: 1260 pg_authid, 1262 pg_database.
    const QString select = fallback
        ? QStringLiteral("SELECT m.*, t.*, 'role ' || t.userid AS user_name, 'database ' || t.dbid AS database_name,\n"
                         "       (SELECT string_agg(DISTINCT l.pid::text, ',') FROM pg_locks l WHERE l.locktype = "
                         "'relation'\n        AND l.relation IN (1260, 1262) AND l.granted AND l.mode = "
                         "'AccessExclusiveLock') AS catalog_holders\nFROM meta m LEFT JOIN top t ON true\n")
        : QStringLiteral("SELECT m.*, t.*, r.rolname AS user_name, d.datname AS database_name, NULL::text AS "
                         "catalog_holders\nFROM meta m LEFT JOIN top t ON true\nLEFT JOIN pg_roles r ON r.oid = "
                         "t.userid\nLEFT JOIN pg_database d ON d.oid = t.dbid\n");
    return marker() + text + QLatin1Char('\n') + select
        + QStringLiteral("ORDER BY t.%1 DESC NULLS LAST, t.queryid, t.userid, t.dbid, t.toplevel")
              .arg(sortColumn(sort));
}

QVariantList StatementsQuery::params(int limit)
{
    return {qMax(1, limit)};
}

QString StatementsQuery::resetSql(const QString &schema)
{
    return QStringLiteral("SELECT %1.pg_stat_statements_reset()").arg(ident(schema));
}

namespace {
struct Columns
{
    explicit Columns(const ResultRows &rows)
    {
        const auto col = [&](const char *column) {
            return rows.columnIndex(column);
        };
        userid = col("userid"), dbid = col("dbid"), toplevel = col("toplevel"), queryid = col("queryid"),
        query = col("query"), calls = col("calls"), plans = col("plans"), total = col("total_ms"),
        mean = col("mean_ms"), min = col("min_ms"), max = col("max_ms"), stddev = col("stddev_ms"),
        plan = col("plan_ms"), rows_ = col("rows"), hit = col("shared_blks_hit"), read = col("shared_blks_read"),
        dirtied = col("shared_blks_dirtied"), written = col("shared_blks_written"), tempRead = col("temp_blks_read"),
        tempWritten = col("temp_blks_written"), readMs = col("read_ms"), writeMs = col("write_ms"),
        wal = col("wal_bytes"), since = col("since"), hiddenCount = col("hidden_count"), user = col("user_name"),
        database = col("database_name"), statements = col("statements"), hiddenAll = col("hidden_all"),
        allMs = col("all_ms"), dealloc = col("dealloc"), statsReset = col("stats_reset"), serverNow = col("server_now"),
        holders = col("catalog_holders");
    }
    int userid, dbid, toplevel, queryid, query, calls, plans, total, mean, min, max, stddev, plan, rows_, hit, read,
        dirtied, written, tempRead, tempWritten, readMs, writeMs, wal, since, hiddenCount, user, database, statements,
        hiddenAll, allMs, dealloc, statsReset, serverNow, holders;
};

class RowReader
{
public:
    RowReader(const ResultRows &rows, int row) : m_rows(rows), m_row(row) { }
    bool null(int c) const { return c < 0 || m_rows.isNull(m_row, c); }
    QString str(int c) const { return null(c) ? QString() : QString::fromUtf8(m_rows.text(m_row, c)); }
    qint64 integer(int c, qint64 otherwise = 0) const
    {
        return null(c) ? otherwise : m_rows.text(m_row, c).toLongLong();
    }
    double real(int c, double otherwise = 0) const { return null(c) ? otherwise : m_rows.text(m_row, c).toDouble(); }
    bool flag(int c, bool otherwise) const { return null(c) ? otherwise : m_rows.text(m_row, c) == "t"; }
    QDateTime time(int c) const
    {
        return null(c) ? QDateTime() : QDateTime::fromMSecsSinceEpoch(qint64(real(c) * 1000.0), QTimeZone::utc());
    }

private:
    const ResultRows &m_rows;
    int m_row;
};

StatementRow parseRow(const RowReader &v, const Columns &c)
{
    StatementRow s;
    s.key.queryId = v.integer(c.queryid);
    s.key.userId = quint32(v.integer(c.userid));
    s.key.dbId = quint32(v.integer(c.dbid));
    s.key.toplevel = v.flag(c.toplevel, true);
    s.hiddenCount = int(v.integer(c.hiddenCount));
    s.hidden = s.hiddenCount > 0;
    s.user = v.str(c.user);
    s.database = v.str(c.database);
    if (s.user.isEmpty())
        s.user = QStringLiteral("role %1").arg(s.key.userId); // dropped since it ran
    if (s.database.isEmpty())
        s.database = QStringLiteral("database %1").arg(s.key.dbId);
    s.query = v.str(c.query);
    s.own = s.query.startsWith(StatementsQuery::marker().trimmed());
    s.calls = v.integer(c.calls);
    s.plans = v.integer(c.plans, -1);
    s.totalExecMs = v.real(c.total);
    s.meanExecMs = v.real(c.mean);
    s.minExecMs = v.real(c.min, -1);
    s.maxExecMs = v.real(c.max, -1);
    s.stddevExecMs = v.real(c.stddev, -1);
    s.totalPlanMs = v.real(c.plan, -1);
    s.rows = v.integer(c.rows_);
    s.sharedBlksHit = v.integer(c.hit);
    s.sharedBlksRead = v.integer(c.read);
    s.sharedBlksDirtied = v.integer(c.dirtied);
    s.sharedBlksWritten = v.integer(c.written);
    s.tempBlksRead = v.integer(c.tempRead);
    s.tempBlksWritten = v.integer(c.tempWritten);
    s.blkReadMs = v.real(c.readMs);
    s.blkWriteMs = v.real(c.writeMs);
    s.walBytes = v.real(c.wal, -1);
    s.statsSince = v.time(c.since);
    return s;
}
} // namespace

StatementsSnapshot StatementsQuery::parse(const ResultRows &rows, const QString &extensionVersion, StatementSort sort)
{
    const Columns c(rows);
    StatementsSnapshot s;
    s.extensionVersion = extensionVersion;
    s.sort = sort;
    s.rows.reserve(rows.rowCount());
    for (int r = 0; r < rows.rowCount(); ++r) {
        const RowReader v(rows, r);
        if (r == 0) { // the meta columns repeat on every row, and come on one row when there is none
            s.statementCount = int(v.integer(c.statements));
            s.allExecMs = v.real(c.allMs);
            s.hiddenStatements = int(v.integer(c.hiddenAll));
            s.deallocations = v.integer(c.dealloc, -1);
            s.statsReset = v.time(c.statsReset);
            s.serverNow = v.time(c.serverNow);
            for (const QString &pid : v.str(c.holders).split(QLatin1Char(','), Qt::SkipEmptyParts))
                s.catalogHolders.append(pid.toInt());
        }
        if (v.null(c.hiddenCount)) // the one row of an empty pg_stat_statements
            continue;
        s.rows.append(parseRow(v, c));
    }
    return s;
}

} // namespace PgOps
