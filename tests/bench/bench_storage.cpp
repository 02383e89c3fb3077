// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// One Storage refresh end to end (the storage query on the worker → parse → analysis → keyed
// merge into the tables, indexes and findings models on the GUI thread) with about 20,000 and
// 100,000 relations, against the same query and parameter through bare libpq in the same run.
// Also the first fill against a refresh where nothing changed, where the client time goes, and
// the GUI thread's longest stall seen by a 1 ms timer while the refreshes run.
//
// The relations live in a database of their own, bench_storage: tables (id bigint primary key,
// name text, n int) over ten schemas; every tenth also has an index on n, every hundredth a
// second, duplicate one; the first hundred hold 1,000 rows and are analysed.
#include "db/connection.h"
#include "db/conninfo.h"
#include "db/pgsession.h"
#include "storage/storageanalysis.h"
#include "storage/storagefindingsmodel.h"
#include "storage/storageindexesmodel.h"
#include "storage/storagequery.h"
#include "storage/storagesource.h"
#include "storage/storagetablesmodel.h"

#include <libpq-fe.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace PgOps;

namespace {
constexpr const char *database = "bench_storage";
constexpr int rounds = 5;
// Relations per table on average: the table, its primary key, 0.1 index on n, 0.01 duplicate.
constexpr double relationsPerTable = 2.11;
constexpr int tablesPerTransaction = 2000;
constexpr int tablesWithRows = 100;
volatile quint64 g_sink = 0; // what the bare baseline read, so no cell read is optimised away

void print(const QString &name, double value, const char *unit)
{
    std::printf("BENCH %s %.3f %s\n", name.toUtf8().constData(), value, unit);
    std::fflush(stdout);
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

double msSince(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

bool run(PGconn *c, const QByteArray &sql)
{
    PGresult *r = PQexec(c, sql.constData());
    const ExecStatusType status = PQresultStatus(r);
    PQclear(r);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return true;
    std::fprintf(stderr, "bench_storage: %s\n%s", sql.left(200).constData(), PQerrorMessage(c));
    return false;
}

qint64 count(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    const qint64 n = PQresultStatus(r) == PGRES_TUPLES_OK ? QByteArray(PQgetvalue(r, 0, 0)).toLongLong() : -1;
    PQclear(r);
    return n;
}

// Tables [from, to), one transaction per tablesPerTransaction (the lock table holds them).
bool createTables(PGconn *c, int from, int to)
{
    for (int first = from; first < to; first += tablesPerTransaction) {
        const int last = std::min(to, first + tablesPerTransaction) - 1;
        const QByteArray sql = QStringLiteral(R"SQL(DO $$BEGIN
FOR i IN %1..%2 LOOP
    EXECUTE format('CREATE TABLE app_%s.t_%s (id bigint PRIMARY KEY, name text, n int)', i % 10, i);
    IF i % 10 = 0 THEN EXECUTE format('CREATE INDEX t_%s_n ON app_%s.t_%s (n)', i, i % 10, i); END IF;
    IF i % 100 = 0 THEN EXECUTE format('CREATE INDEX t_%s_n_again ON app_%s.t_%s (n)', i, i % 10, i); END IF;
    IF i < %3 THEN
        EXECUTE format('INSERT INTO app_%s.t_%s SELECT g, md5(g::text), g %% 100 FROM generate_series(1, 1000) g',
                       i % 10, i);
        EXECUTE format('ANALYZE app_%s.t_%s', i % 10, i);
    END IF;
END LOOP;
END$$)SQL")
                                   .arg(first)
                                   .arg(last)
                                   .arg(tablesWithRows)
                                   .toUtf8();
        if (!run(c, sql))
            return false;
    }
    return true;
}

// The stall probe: a 1 ms timer on the GUI thread and the longest gap between its ticks.
class StallProbe
{
public:
    StallProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            m_worst = std::max(m_worst, msSince(m_last));
            m_last.restart();
        });
    }
    void start()
    {
        m_worst = 0;
        m_last.start();
        m_timer.start();
    }
    double stop()
    {
        m_worst = std::max(m_worst, msSince(m_last));
        m_timer.stop();
        return m_worst;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_last;
    double m_worst = 0;
};

struct Models
{
    StorageTablesModel tables;
    StorageIndexesModel indexes;
    StorageFindingsModel findings;

    void set(const StorageSnapshot &s)
    {
        tables.setSnapshot(s);
        indexes.setSnapshot(s);
        findings.setSnapshot(s);
    }
};

struct Refresh
{
    double totalMs = 0; // request → models updated and the result released
    double modelMs = 0; // the three setSnapshot calls, on the GUI thread
    double releaseMs = 0; // after the callback: the delivered result freed, on the GUI thread
    bool ok = false;
};

// One refresh as the panel does it: StorageSource::fetch, then the three models.
Refresh refresh(Connection *c, Models &models, QEventLoop &loop, StorageSnapshot *last = nullptr)
{
    Refresh out;
    QElapsedTimer t, after;
    t.start();
    StorageSource::fetch(c, {}, &loop, [&](const StorageSnapshot &s, const DbError &error) {
        if (error.isError()) {
            std::fprintf(stderr, "bench_storage: refresh failed: %s\n", qPrintable(error.message));
            loop.exit(1);
            return;
        }
        QElapsedTimer m;
        m.start();
        models.set(s);
        out.modelMs = msSince(m);
        if (last)
            *last = s;
        loop.exit(0);
        after.start();
    });
    out.ok = loop.exec() == 0;
    out.totalMs = msSince(t);
    out.releaseMs = after.isValid() ? msSince(after) : 0;
    return out;
}

// The bare baseline: the same SQL and parameter through PQexecParams, every cell read.
double bareQueryMs(PGconn *c, const QByteArray &sql, int *rows)
{
    QElapsedTimer t;
    t.start();
    const char *values[] = {nullptr}; // $1 NULL: every schema, as the panel's default
    PGresult *r = PQexecParams(c, sql.constData(), 1, nullptr, values, nullptr, nullptr, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        std::fprintf(stderr, "bench_storage: bare query failed: %s", PQerrorMessage(c));
        PQclear(r);
        return -1;
    }
    quint64 checksum = 0;
    const int n = PQntuples(r);
    const int columns = PQnfields(r);
    for (int row = 0; row < n; ++row) {
        for (int col = 0; col < columns; ++col)
            checksum += quint64(PQgetlength(r, row, col)) + quint64(uchar(PQgetvalue(r, row, col)[0]));
    }
    PQclear(r);
    const double ms = msSince(t);
    *rows = n;
    g_sink = g_sink + checksum;
    return ms;
}

bool waitConnected(Connection &c, QEventLoop &loop)
{
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, [&] { loop.exit(1); });
    timeout.start(30000);
    const QMetaObject::Connection connected
        = QObject::connect(&c, &Connection::statusChanged, &loop, [&](const ConnectionStatus &s) {
              if (s.state == ConnectionState::Connected)
                  loop.exit(0);
          });
    const bool ok = c.status().state == ConnectionState::Connected || loop.exec() == 0;
    QObject::disconnect(connected);
    return ok;
}

// Creates the tables up to `tables`, then measures on backends opened afterwards (the bare one
// and ours see the same catalog history), bare and ours alternating round by round.
bool benchAt(int relations, int tablesBefore, int tables, PGconn *creator, const QByteArray &info, QEventLoop &loop)
{
    const QString tag = QStringLiteral("%1k").arg(relations / 1000);
    QElapsedTimer created;
    created.start();
    if (!createTables(creator, tablesBefore, tables))
        return false;
    const double createS = msSince(created) / 1000.0;
    const qint64 inQuery = count(creator,
                                 "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                 "WHERE n.nspname LIKE 'app\\_%' AND c.relkind IN ('r', 'i')");
    const qint64 pgClass = count(creator, "SELECT count(*) FROM pg_class");
    const qint64 toast = count(creator,
                               "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                               "WHERE n.nspname = 'pg_toast'");
    std::fprintf(stderr, "bench_storage: %d tables created (%d new) in %.1f s\n", tables, tables - tablesBefore,
                 createS);
    print(QStringLiteral("storage_create_%1_s").arg(tag), createS, "s");
    print(QStringLiteral("storage_relations_%1").arg(tag), double(inQuery), "relations");
    print(QStringLiteral("storage_pg_class_%1").arg(tag), double(pgClass), "rows");
    print(QStringLiteral("storage_pg_class_toast_%1").arg(tag), double(toast), "rows");

    // No statement_timeout here: a slow query is measured, not cut (said on stderr above 10 s).
    ConnectionOptions options;
    options.purpose = QStringLiteral("storage");
    options.statementTimeoutMs = 0;
    Connection c(options);
    c.open(info);
    PGconn *bare = PQconnectdb(info.constData());
    PgSession session;
    if (!waitConnected(c, loop) || PQstatus(bare) != CONNECTION_OK || !session.open(info, 10000).ok()) {
        std::fprintf(stderr, "bench_storage: cannot connect\n");
        PQfinish(bare);
        return false;
    }
    const int version = c.status().server.versionNum;
    const QString sql = StorageQuery::sql(version);
    const QByteArray sqlUtf8 = sql.toUtf8();

    // Round 0 warms both backends' caches up and is not counted.
    StallProbe probe;
    std::vector<double> bareMs, fillMs, mergeMs, fillModelMs, mergeModelMs, releaseMs;
    double worstStallMs = 0;
    StorageSnapshot last;
    int rows = 0, tableRows = 0, indexRows = 0, findingRows = 0;
    for (int i = 0; i < rounds + 1; ++i) {
        const double b = bareQueryMs(bare, sqlUtf8, &rows);
        if (b < 0)
            break;
        auto models = std::make_unique<Models>();
        last = {}; // the last reference to a whole snapshot: freed here, not while the probe runs
        probe.start();
        const Refresh first = refresh(&c, *models, loop);
        const Refresh second = refresh(&c, *models, loop, &last);
        const double stall = probe.stop();
        if (!first.ok || !second.ok)
            break;
        tableRows = models->tables.tableCount();
        indexRows = models->indexes.rowCount();
        findingRows = models->findings.rowCount();
        if (i == 0)
            continue;
        bareMs.push_back(b);
        fillMs.push_back(first.totalMs);
        mergeMs.push_back(second.totalMs);
        fillModelMs.push_back(first.modelMs);
        mergeModelMs.push_back(second.modelMs);
        releaseMs.push_back(std::max(first.releaseMs, second.releaseMs));
        worstStallMs = std::max(worstStallMs, stall);
    }
    PQfinish(bare);
    if (int(mergeMs.size()) != rounds)
        return false;
    if (median(bareMs) > 10000)
        std::fprintf(stderr, "bench_storage: the bare query takes more than the monitor's 10 s statement_timeout\n");

    // Where the client time goes, on this thread: parse and analysis apart.
    std::vector<double> parseMs, analyseMs;
    for (int i = 0; i < 3; ++i) {
        session.exec(sql, StorageQuery::params({}), [&](const ResultRows &r) {
            QElapsedTimer t;
            t.start();
            StorageSnapshot s = StorageQuery::parse(r, version);
            parseMs.push_back(msSince(t));
            t.restart();
            StorageAnalysis::analyse(s, QDateTime::currentDateTimeUtc());
            analyseMs.push_back(msSince(t));
            return QVariant();
        });
    }

    qsizetype duplicates = 0, unused = 0;
    for (const StorageFinding &f : std::as_const(last.findings)) {
        duplicates += f.kind == StorageFinding::Kind::Duplicate;
        unused += f.kind == StorageFinding::Kind::Unused;
    }
    std::fprintf(stderr,
                 "bench_storage: the query returns %d rows; the models hold %d tables, %d indexes, %d findings "
                 "(%lld duplicate, %lld unused)\n",
                 rows, tableRows, indexRows, findingRows, qlonglong(duplicates), qlonglong(unused));

    const QString prefix = QStringLiteral("storage_refresh_%1_").arg(tag);
    print(prefix + QStringLiteral("bare"), median(bareMs), "ms");
    print(prefix + QStringLiteral("pgops"), median(fillMs), "ms");
    print(prefix + QStringLiteral("ratio"), median(fillMs) / median(bareMs), "x");
    print(prefix + QStringLiteral("pgops_unchanged"), median(mergeMs), "ms");
    print(prefix + QStringLiteral("ratio_unchanged"), median(mergeMs) / median(bareMs), "x");
    print(QStringLiteral("storage_worker_parse_%1").arg(tag), median(parseMs), "ms");
    print(QStringLiteral("storage_worker_analyse_%1").arg(tag), median(analyseMs), "ms");
    print(QStringLiteral("storage_model_fill_%1").arg(tag), median(fillModelMs), "ms");
    print(QStringLiteral("storage_model_merge_%1").arg(tag), median(mergeModelMs), "ms");
    print(QStringLiteral("storage_result_release_%1").arg(tag), median(releaseMs), "ms");
    print(QStringLiteral("storage_gui_stall_%1").arg(tag), worstStallMs, "ms");
    return true;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString conninfo = qEnvironmentVariable("PGOPS_TEST_CONNINFO");
    if (conninfo.isEmpty()) {
        std::fprintf(stderr, "bench_storage: PGOPS_TEST_CONNINFO is not set; run it through make bench\n");
        return 2;
    }
    ConnInfo parsed = ConnInfo::parse(conninfo);
    PGconn *admin = PQconnectdb(parsed.toConninfo().constData());
    if (PQstatus(admin) != CONNECTION_OK) {
        std::fprintf(stderr, "bench_storage: cannot connect: %s", PQerrorMessage(admin));
        return 1;
    }
    const QByteArray drop = QByteArray("DROP DATABASE IF EXISTS ") + database + " WITH (FORCE)";
    if (!run(admin, "SET client_min_messages = warning") || !run(admin, drop)
        || !run(admin, QByteArray("CREATE DATABASE ") + database))
        return 1;
    parsed.setOption(QStringLiteral("dbname"), QLatin1String(database));
    const QByteArray info = parsed.toConninfo();
    PGconn *creator = PQconnectdb(info.constData());
    if (PQstatus(creator) != CONNECTION_OK
        || !run(creator, "DO $$BEGIN FOR s IN 0..9 LOOP EXECUTE format('CREATE SCHEMA app_%s', s); END LOOP; END$$"))
        return 1;

    QEventLoop loop;
    int tables = 0;
    bool ok = true;
    // PGOPS_BENCH_STORAGE_MAX=20000: the first size only, for a quicker profile.
    const int upTo = qEnvironmentVariableIsSet("PGOPS_BENCH_STORAGE_MAX")
        ? qEnvironmentVariableIntValue("PGOPS_BENCH_STORAGE_MAX")
        : 100000;
    for (int relations : {20000, 100000}) {
        if (relations > upTo)
            break;
        const int want = int(relations / relationsPerTable);
        ok = ok && benchAt(relations, tables, want, creator, info, loop);
        tables = want;
    }
    PQfinish(creator);
    Connection::waitForClosed(5000);
    run(admin, drop);
    PQfinish(admin);
    return ok ? 0 : 1;
}
