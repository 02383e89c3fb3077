// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The lock forest query against the PostgreSQL wiki's pg_locks self-join, on the same scene in
// the same run: 10 queues of 20 sessions each behind a holder, plus one session holding 5,000
// granted locks on other tables. Also the client-side forest build against our query time, and
// pgbench TPS with the panel's query polling every second against no polling.
#include "db/connection.h"
#include "db/conninfo.h"
#include "demo/democluster.h"
#include "locks/lockforest.h"
#include "locks/locksquery.h"
#include "db/pgsession.h"

#include <libpq-fe.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QRegularExpression>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <sys/resource.h>
#include <vector>

using namespace PgOps;

namespace {
void print(const char *name, double value, const char *unit)
{
    std::printf("BENCH %s %.3f %s\n", name, value, unit);
    std::fflush(stdout);
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

double timeMs(PgSession &s, const QString &sql, const QVariantList &params, int rounds, QueryResult *last = nullptr)
{
    std::vector<double> ms;
    for (int i = 0; i < rounds; ++i) {
        QElapsedTimer t;
        t.start();
        QueryResult r = s.exec(sql, params);
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
        if (!r.ok())
            std::fprintf(stderr, "bench_locks: %s\n", qPrintable(r.error.message));
        if (last)
            *last = std::move(r);
    }
    return median(ms);
}

double pgbenchTps(const QString &bin, const QString &host)
{
    QProcess p;
    p.start(bin + QStringLiteral("/pgbench"), {QStringLiteral("-h"), host, QStringLiteral("-U"), QStringLiteral("postgres"),
                                               QStringLiteral("-c"), QStringLiteral("4"), QStringLiteral("-j"), QStringLiteral("2"),
                                               QStringLiteral("-T"), QStringLiteral("5"), QStringLiteral("-S"),
                                               QStringLiteral("-n"), QStringLiteral("postgres")});
    QEventLoop loop;
    QObject::connect(&p, &QProcess::finished, &loop, &QEventLoop::quit);
    loop.exec(); // the polling timer, if any, runs meanwhile
    const QString out = QString::fromLocal8Bit(p.readAllStandardOutput());
    const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("tps = ([0-9.]+)")).match(out);
    if (!m.hasMatch())
        std::fprintf(stderr, "bench_locks: pgbench said: %s %s\n", qPrintable(out), p.readAllStandardError().constData());
    return m.captured(1).toDouble();
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString conninfo = qEnvironmentVariable("PGOPS_TEST_CONNINFO");
    if (conninfo.isEmpty()) {
        std::fprintf(stderr, "bench_locks: PGOPS_TEST_CONNINFO is not set; run it through make bench\n");
        return 2;
    }
    rlimit nofile {};
    getrlimit(RLIMIT_NOFILE, &nofile);
    nofile.rlim_cur = nofile.rlim_max;
    setrlimit(RLIMIT_NOFILE, &nofile);
    const ConnInfo parsed = ConnInfo::parse(conninfo);
    const QByteArray info = parsed.toConninfo();
    PgSession s;
    if (!s.open(info, 10000).ok())
        return 1;

    // The scene.
    s.exec(QStringLiteral("DO $$BEGIN FOR i IN 0..9 LOOP EXECUTE format('CREATE TABLE IF NOT EXISTS lk_%s (i int)', i); END LOOP; "
                          "FOR i IN 0..4999 LOOP EXECUTE format('CREATE TABLE IF NOT EXISTS many_%s (i int)', i); END LOOP; END$$"),
           {});
    std::vector<PGconn *> conns;
    const auto open = [&]() {
        PGconn *c = PQconnectdb(info.constData());
        conns.push_back(c);
        return c;
    };
    PGconn *many = open();
    PQclear(PQexec(many, "BEGIN"));
    PQclear(PQexec(many, "DO $$BEGIN FOR i IN 0..4999 LOOP EXECUTE format('LOCK TABLE many_%s IN ACCESS SHARE MODE', i); "
                         "END LOOP; END$$"));
    for (int chain = 0; chain < 10; ++chain) {
        const QByteArray lock = QStringLiteral("LOCK TABLE lk_%1 IN ACCESS EXCLUSIVE MODE").arg(chain).toUtf8();
        PGconn *holder = open();
        PQclear(PQexec(holder, "BEGIN"));
        PQclear(PQexec(holder, lock.constData()));
        for (int w = 0; w < 20; ++w) {
            PGconn *waiter = open();
            PQclear(PQexec(waiter, "BEGIN"));
            PQsendQuery(waiter, lock.constData());
        }
    }
    int waiting = 0;
    for (int i = 0; i < 100 && waiting < 200; ++i) {
        waiting = int(s.exec(QStringLiteral("SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'"), {})
                          .value(0, QStringLiteral("n"))
                          .toLongLong());
    }
    const qint64 locks = s.exec(QStringLiteral("SELECT count(*) AS n FROM pg_locks"), {}).value(0, QStringLiteral("n")).toLongLong();
    std::fprintf(stderr, "bench_locks: %d sessions waiting, %lld locks in pg_locks\n", waiting, locks);

    const int version = int(s.exec(QStringLiteral("SELECT current_setting('server_version_num')::int AS v"), {})
                                .value(0, QStringLiteral("v"))
                                .toLongLong());
    if (qEnvironmentVariableIsSet("PGOPS_BENCH_EXPLAIN")) {
        const QueryResult plan = s.exec(QStringLiteral("EXPLAIN (ANALYZE, BUFFERS) ") + LocksQuery::sql(version), LocksQuery::params({}));
        for (const QVariantList &row : plan.rows)
            std::fprintf(stderr, "%s\n", qPrintable(row.value(0).toString()));
    }
    QueryResult ours;
    const double oursMs = timeMs(s, LocksQuery::sql(version), LocksQuery::params({}), 15, &ours);
    const double wikiMs = timeMs(s, LocksQuery::wikiSelfJoinSql(), {}, 5);
    std::vector<double> buildMs, parseMs;
    LockForest forest;
    for (int i = 0; i < 15; ++i) {
        QElapsedTimer t;
        t.start();
        const LockSnapshot snapshot = LocksQuery::parse(ours);
        parseMs.push_back(double(t.nsecsElapsed()) / 1e6);
        forest = LockForest::build(snapshot);
        buildMs.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    print("locks_client_parse_ms", median(parseMs), "ms");
    std::fprintf(stderr, "bench_locks: forest has %lld roots and %d waiting sessions\n", qlonglong(forest.roots.size()),
                 forest.waitingSessions);
    print("locks_forest_query_ms", oursMs, "ms");
    print("locks_wiki_self_join_ms", wikiMs, "ms");
    print("locks_wiki_vs_forest_query", wikiMs / oursMs, "x");
    print("locks_client_build_ms", median(buildMs), "ms");
    print("locks_client_build_share_of_query", 100.0 * median(buildMs) / oursMs, "%");

    // Cost to the server: pgbench with and without the panel's query every second.
    QString error;
    const QString bin = DemoCluster::findServerBinaries({}, &error);
    const QString host = parsed.option(QStringLiteral("host"));
    QProcess init;
    init.start(bin + QStringLiteral("/pgbench"), {QStringLiteral("-i"), QStringLiteral("-q"), QStringLiteral("-s"),
                                                  QStringLiteral("2"), QStringLiteral("-h"), host, QStringLiteral("-U"),
                                                  QStringLiteral("postgres"), QStringLiteral("postgres")});
    init.waitForFinished(120000);
    // Alternating runs, medians: the machine's own drift must not decide the ratio.
    std::vector<double> quietRuns, polledRuns;
    Connection poller(ConnectionOptions {});
    poller.open(info);
    QTimer poll;
    poll.setSingleShot(true);
    poll.setInterval(1000);
    int polls = 0;
    const auto pollOnce = [&] {
        DbRequest r;
        r.sql = LocksQuery::sql(version);
        r.params = LocksQuery::params({});
        poller.exec(std::move(r));
    };
    QObject::connect(&poll, &QTimer::timeout, &poller, pollOnce);
    bool polling = false;
    QObject::disconnect(&poller, &Connection::finished, nullptr, nullptr);
    QObject::connect(&poller, &Connection::finished, &poll, [&](const QueryResult &) {
        ++polls;
        if (polling)
            poll.start();
    });
    for (int round = 0; round < 3; ++round) {
        quietRuns.push_back(pgbenchTps(bin, host));
        polling = true;
        QTimer::singleShot(0, &poller, pollOnce);
        polledRuns.push_back(pgbenchTps(bin, host));
        polling = false;
        poll.stop();
    }
    const double quiet = median(quietRuns);
    const double polled = median(polledRuns);
    std::fprintf(stderr, "bench_locks: %d polls during the polled pgbench runs\n", polls);
    print("locks_pgbench_tps_not_polling", quiet, "tps");
    print("locks_pgbench_tps_polling_1s", polled, "tps");
    print("locks_pgbench_tps_polling_vs_not", polled / quiet, "x");

    for (PGconn *c : conns)
        PQfinish(c);
    return 0;
}
