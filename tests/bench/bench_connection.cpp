// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// Round trip of a small query through the threaded Connection (queue → worker → queued
// signal) against the same query on a bare PgSession in the calling thread, same server,
// same run. The ratio is the cost of never blocking the GUI thread.
#include "db/connection.h"
#include "db/conninfo.h"
#include "db/pgsession.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <cstdio>

using namespace PgOps;

namespace {
void print(const char *name, double value, const char *unit)
{
    std::printf("BENCH %s %.3f %s\n", name, value, unit);
    std::fflush(stdout);
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString conninfo = qEnvironmentVariable("PGOPS_TEST_CONNINFO");
    if (conninfo.isEmpty()) {
        std::fprintf(stderr, "bench_connection: PGOPS_TEST_CONNINFO is not set; run it through make bench\n");
        return 2;
    }
    const QByteArray info = ConnInfo::parse(conninfo).toConninfo();
    constexpr int rounds = 3000;
    const QString sql = QStringLiteral("SELECT pid, state, query FROM pg_stat_activity WHERE pid = pg_backend_pid()");

    PgSession bare;
    if (!bare.open(info, 10000).ok()) {
        std::fprintf(stderr, "bench_connection: cannot connect\n");
        return 1;
    }
    for (int i = 0; i < 200; ++i)
        bare.exec(sql, {});
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < rounds; ++i)
        bare.exec(sql, {});
    const double bareUs = double(t.nsecsElapsed()) / 1000.0 / rounds;

    Connection c(ConnectionOptions {});
    c.open(info);
    QEventLoop loop;
    int left = rounds + 200;
    QElapsedTimer threaded;
    QObject::connect(&c, &Connection::finished, &loop, [&](const QueryResult &) {
        if (--left == rounds)
            threaded.start();
        if (left == 0)
            loop.quit();
        else
            c.exec(sql);
    });
    c.exec(sql);
    QTimer::singleShot(120000, &loop, [&] { loop.exit(1); });
    if (loop.exec() != 0) {
        std::fprintf(stderr, "bench_connection: timed out\n");
        return 1;
    }
    const double threadedUs = double(threaded.nsecsElapsed()) / 1000.0 / rounds;
    print("connection_bare_roundtrip", bareUs, "us");
    print("connection_threaded_roundtrip", threadedUs, "us");
    print("connection_threaded_vs_bare", threadedUs / bareUs, "x");
    return 0;
}
