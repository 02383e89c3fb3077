// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// One sessions refresh end to end (query on the worker → parse → keyed merge into the model on
// the GUI thread) with 1,000 and 2,000 sessions, against the bare server-side time of the same
// query measured in the same run. Also the client CPU per refresh and the GUI thread's longest
// stall. Half the sessions sleep in pg_sleep, a tenth idle in transaction, the rest idle.
#include "activity/sessionrow.h"
#include "activity/sessionsmodel.h"
#include "activity/sessionsquery.h"
#include "activity/sessionssource.h"
#include "db/connection.h"
#include "db/conninfo.h"
#include "db/pgsession.h"

#include <libpq-fe.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <sys/resource.h>
#include <vector>

using namespace PgOps;

namespace {
void print(const QString &name, double value, const char *unit)
{
    std::printf("BENCH %s %.3f %s\n", name.toUtf8().constData(), value, unit);
    std::fflush(stdout);
}

double cpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1000.0 + double(ts.tv_nsec) / 1e6;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

// Opens sessions until `total` exist besides ours: half sleeping, a tenth idle in transaction.
bool grow(std::vector<PGconn *> &conns, int total, const QByteArray &conninfo)
{
    while (int(conns.size()) < total) {
        PGconn *c = PQconnectdb(conninfo.constData());
        if (PQstatus(c) != CONNECTION_OK) {
            std::fprintf(stderr, "bench_sessions: connection %zu failed: %s", conns.size(), PQerrorMessage(c));
            PQfinish(c);
            return false;
        }
        const size_t i = conns.size();
        if (i % 2 == 0) {
            PQsendQuery(c, "SELECT pg_sleep(3600) /* bench sleeper */");
        } else if (i % 10 == 1) {
            PQclear(PQexec(c, "BEGIN"));
            PQclear(PQexec(c, "SELECT 1 /* bench idle in transaction */"));
        }
        conns.push_back(c);
    }
    return true;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString conninfo = qEnvironmentVariable("PGOPS_TEST_CONNINFO");
    if (conninfo.isEmpty()) {
        std::fprintf(stderr, "bench_sessions: PGOPS_TEST_CONNINFO is not set; run it through make bench\n");
        return 2;
    }
    rlimit nofile {};
    getrlimit(RLIMIT_NOFILE, &nofile);
    nofile.rlim_cur = nofile.rlim_max;
    setrlimit(RLIMIT_NOFILE, &nofile);

    const QByteArray info = ConnInfo::parse(conninfo).toConninfo();
    Connection c(ConnectionOptions {});
    c.open(info);
    PgSession bare;
    PGconn *rawBare = PQconnectdb(info.constData());
    if (!bare.open(info, 10000).ok() || PQstatus(rawBare) != CONNECTION_OK) {
        std::fprintf(stderr, "bench_sessions: cannot connect\n");
        return 1;
    }
    QEventLoop loop;
    QTimer::singleShot(30000, &loop, [&] { loop.exit(1); });
    QObject::connect(&c, &Connection::statusChanged, &loop, [&](const ConnectionStatus &s) {
        if (s.state == ConnectionState::Connected)
            loop.exit(0);
    });
    if (c.status().state != ConnectionState::Connected && loop.exec() != 0)
        return 1;
    const int version = c.status().server.versionNum;
    const QString sql = SessionsQuery::sql(version);
    const QVariantList params = SessionsQuery::params({c.status().backendPid, PQbackendPID(rawBare)});

    std::vector<PGconn *> conns;
    constexpr int rounds = 15;
    for (int total : {1000, 2000}) {
        if (!grow(conns, total, info))
            return 1;
        const QString prefix = QStringLiteral("sessions_%1_").arg(total);

        // Bare: the same query and parameter through plain libpq, rows received and dropped.
        std::vector<double> bareMs;
        std::vector<double> serverMs;
        const QByteArray sqlUtf8 = sql.toUtf8();
        const QByteArray param = params.first().toString().toUtf8();
        const char *values[] = {param.constData()};
        for (int i = 0; i < rounds + 2; ++i) {
            QElapsedTimer t;
            t.start();
            PGresult *r = PQexecParams(rawBare, sqlUtf8.constData(), 1, nullptr, values, nullptr, nullptr, 0);
            const double ms = double(t.nsecsElapsed()) / 1e6;
            const bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
            PQclear(r);
            if (!ok) {
                std::fprintf(stderr, "bench_sessions: %s", PQerrorMessage(rawBare));
                return 1;
            }
            if (i >= 2)
                bareMs.push_back(ms);
        }
        // Where the client time goes: libpqxx + conversion, parse, merge (same thread).
        std::vector<double> sessionMs, parseMs, mergeMs;
        {
            SessionsModel probeModel;
            for (int i = 0; i < rounds; ++i) {
                QElapsedTimer t;
                t.start();
                const QueryResult r = bare.exec(sql, params);
                sessionMs.push_back(double(t.nsecsElapsed()) / 1e6);
                t.restart();
                const QList<SessionRow> parsed = SessionsQuery::parse(r);
                parseMs.push_back(double(t.nsecsElapsed()) / 1e6);
                t.restart();
                probeModel.merge(parsed);
                mergeMs.push_back(double(t.nsecsElapsed()) / 1e6);
            }
        }
        print(prefix + QStringLiteral("breakdown_libpqxx_exec_and_convert_ms"), median(sessionMs), "ms");
        print(prefix + QStringLiteral("breakdown_parse_ms"), median(parseMs), "ms");
        print(prefix + QStringLiteral("breakdown_merge_ms"), median(mergeMs), "ms");
        // The server's own execution time, without sending rows: EXPLAIN ANALYZE.
        for (int i = 0; i < 5; ++i) {
            const QueryResult r = bare.exec(QStringLiteral("EXPLAIN (ANALYZE, TIMING OFF) ") + sql, params);
            for (const QVariantList &row : r.rows) {
                const QString line = row.value(0).toString();
                if (line.startsWith(QLatin1String("Execution Time:")))
                    serverMs.push_back(line.section(QLatin1Char(' '), 2, 2).toDouble());
            }
        }

        // Ours: SessionsSource, as the panel does: request → worker (rows parsed into SessionRow
        // there) → queued result → merge.
        SessionsModel model;
        std::vector<double> refreshMs;
        double worstStallMs = 0;
        int rows = 0;
        const QSet<int> excluded {c.status().backendPid, PQbackendPID(rawBare)};
        const double cpuBefore = cpuMs();
        for (int i = 0; i < rounds + 2; ++i) {
            QElapsedTimer t;
            t.start();
            SessionsSource::fetch(&c, excluded, &loop, [&](const SessionsSnapshot &snapshot, const DbError &) {
                QElapsedTimer stall;
                stall.start();
                model.merge(snapshot.rows);
                worstStallMs = std::max(worstStallMs, double(stall.nsecsElapsed()) / 1e6);
                rows = model.sessionCount();
                loop.exit(0);
            });
            loop.exec();
            if (i >= 2)
                refreshMs.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        const double cpuPerRefresh = (cpuMs() - cpuBefore) / (rounds + 2);
        std::fprintf(stderr, "bench_sessions: %d sessions in the model\n", rows);
        print(prefix + QStringLiteral("server_execution_ms"), median(serverMs), "ms");
        print(prefix + QStringLiteral("bare_query_ms"), median(bareMs), "ms");
        print(prefix + QStringLiteral("refresh_ms"), median(refreshMs), "ms");
        print(prefix + QStringLiteral("refresh_vs_bare"), median(refreshMs) / median(bareMs), "x");
        print(prefix + QStringLiteral("client_cpu_per_refresh_ms"), cpuPerRefresh, "ms");
        print(prefix + QStringLiteral("gui_longest_stall_ms"), worstStallMs, "ms");
    }
    // A session in pg_sleep outlives its client until the sleep ends: end them, or the next
    // benchmark on this server finds max_connections full.
    PQclear(PQexec(rawBare,
                   "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                   "WHERE query LIKE '%/* bench sleeper */%' AND pid <> pg_backend_pid()"));
    for (PGconn *pc : conns)
        PQfinish(pc);
    PQfinish(rawBare);
    return 0;
}
