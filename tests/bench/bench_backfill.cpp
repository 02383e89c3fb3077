// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// Issue 14's performance target, in one run on one server: a column's change (n int → bigint)
// backfilled by (a) MigrationRunner's governed keyset batches (planned live as `pgops migrate
// start` plans it, run up to ready; the backfill step alone is timed) and (b) one `UPDATE` of
// the whole table into a plain new column (no sync trigger: the change as a person would type
// it), each on its own copy of the same table (id bigint primary key, n int), while pgbench runs
// single-row SELECT + UPDATE by random id on the table being changed; pgbench alone first gives
// the baseline. pgbench runs open-loop at --rate (see pgbenchrun.h); its latencies are those of
// the transactions scheduled inside the measured window, the longest being the longest (lock)
// wait a client saw. Missed targets are printed (TARGET MISSED), not failed.
//
// 5,000,000 rows by default (several minutes); a quick run:
//   PGOPS_BENCH_ROWS=200000 tests/bench/run.sh build/debian12 backfill
#include "db/connection.h"
#include "db/conninfo.h"
#include "db/dbserver.h"
#include "migrate/migrationcontextsource.h"
#include "migrate/migrationplanner.h"
#include "migrate/migrationrunner.h"
#include "migrate/migrationspecjson.h"
#include "migrate/runoptions.h"
#include "pgbenchrun.h"

#include <libpq-fe.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <numeric>
#include <vector>

using namespace PgOps;
using PgOpsBench::Latencies;
using PgOpsBench::PgbenchRun;

namespace {
constexpr const char *database = "bench_backfill";

struct Settings
{
    qint64 rows = 5000000;
    int rate = 400; // pgbench -R (transactions/s over all clients); 0: closed loop, as fast as it can
    int baselineSeconds = 15;
    RunOptions options; // the runner's defaults but for --batch-time
};

void print(const QString &name, double value, const char *unit)
{
    std::printf("BENCH %s %.3f %s\n", name.toUtf8().constData(), value, unit);
    std::fflush(stdout);
}

// A target of issue 14: said on stdout, never the exit code (a missed target is a result).
void reportTarget(const QString &name, double value, const char *comparison, double limit, bool met)
{
    std::printf("TARGET %s %s %.3f (target %s %.3f)\n", met ? "met" : "MISSED", name.toUtf8().constData(), value,
                comparison, limit);
    std::fflush(stdout);
}

bool run(PGconn *c, const QByteArray &sql, qint64 *affected = nullptr)
{
    PGresult *r = PQexec(c, sql.constData());
    const ExecStatusType status = PQresultStatus(r);
    if (affected)
        *affected = QByteArray(PQcmdTuples(r)).toLongLong();
    PQclear(r);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return true;
    std::fprintf(stderr, "bench_backfill: %s\n%s", sql.left(200).constData(), PQerrorMessage(c));
    return false;
}

void printLatencies(const QString &phase, const Latencies &l)
{
    print(QStringLiteral("pgbench_p50_") + phase, l.p50Ms, "ms");
    print(QStringLiteral("pgbench_p99_") + phase, l.p99Ms, "ms");
    print(QStringLiteral("pgbench_max_latency_") + phase, l.maxMs, "ms");
    print(QStringLiteral("pgbench_tps_") + phase, l.seconds > 0 ? double(l.transactions) / l.seconds : 0, "tx/s");
    print(QStringLiteral("pgbench_errors_") + phase, l.errors(), "errors");
}

bool loadTables(PGconn *c, qint64 rows)
{
    std::fprintf(stderr, "bench_backfill: loading two tables of %lld rows…\n", qlonglong(rows));
    const QByteArray n = QByteArray::number(rows);
    return run(c, "CREATE SCHEMA bench") && run(c, "CREATE TABLE bench.t_a (id bigint PRIMARY KEY, n int)")
        && run(c,
               "INSERT INTO bench.t_a SELECT g, (g * 7919 % 1000000)::int FROM generate_series(1::bigint, " + n + ") g")
        && run(c, "CREATE TABLE bench.t_b (id bigint PRIMARY KEY, n int)")
        && run(c, "INSERT INTO bench.t_b SELECT * FROM bench.t_a") && run(c, "VACUUM ANALYZE bench.t_a")
        && run(c, "VACUUM ANALYZE bench.t_b") && run(c, "CHECKPOINT");
}

bool waitConnected(Connection *c)
{
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, [&] { loop.exit(1); });
    timeout.start(30000);
    QObject::connect(c, &Connection::statusChanged, &loop, [&](const ConnectionStatus &s) {
        if (s.state == ConnectionState::Connected)
            loop.exit(0);
    });
    return c->status().state == ConnectionState::Connected || loop.exec() == 0;
}

// The spec planned against the live database, as `pgops migrate start` plans it.
bool planLive(DbServer &server, const MigrationSpec &spec, MigrationPlan *plan)
{
    Connection *c = server.connection(QStringLiteral("bench"));
    if (!waitConnected(c)) {
        std::fprintf(stderr, "bench_backfill: the planner's connection did not come up\n");
        return false;
    }
    QEventLoop loop;
    PlanContext context;
    DbError error;
    MigrationContextSource::Options options;
    options.sampleMs = 0;
    MigrationContextSource::read(c, spec, options, &loop, [&](const PlanContext &read, const DbError &e) {
        context = read;
        error = e;
        loop.exit(0);
    });
    QTimer::singleShot(60000, &loop, [&] { loop.exit(1); });
    if (loop.exec() != 0 || error.isError() || !context.problems.isEmpty()) {
        std::fprintf(stderr, "bench_backfill: cannot read the live context: %s %s\n", qPrintable(error.message),
                     qPrintable(context.problems.join(QLatin1String("; "))));
        return false;
    }
    *plan = MigrationPlanner::plan(spec, context);
    for (const QString &problem : std::as_const(plan->problems))
        std::fprintf(stderr, "bench_backfill: plan problem: %s\n", qPrintable(problem));
    return plan->problems.isEmpty();
}

struct Backfill
{
    bool ok = false;
    qint64 rows = 0;
    qint64 startUs = 0; // the step before the backfill done (the runner goes straight on)
    qint64 endUs = 0; // the backfill step recorded done
    int batches = 0;
    std::vector<double> batchMs;
    int lastBatchRows = 0;
    double governorRowsPerSecond = 0;
    double seconds() const { return double(endUs - startUs) / 1e6; }
};

// Runs expand and migrate, up to ready for contract.
Backfill runToReady(DbServer &server, const RunOptions &options, const MigrationSpec &spec, const MigrationPlan &plan)
{
    Backfill b;
    MigrationRunner runner(&server, options);
    QEventLoop loop;
    RunOutcome outcome;
    bool backfillDone = false;
    QObject::connect(&runner, &MigrationRunner::stepChanged, &loop, [&](const StepRun &s) {
        if (s.status != StepStatus::Done || backfillDone)
            return;
        if (s.step.kind == StepKind::Backfill) {
            backfillDone = true;
            b.endUs = PgbenchRun::nowUs();
            b.rows = s.rowsDone;
        } else {
            b.startUs = PgbenchRun::nowUs();
        }
    });
    QObject::connect(&runner, &MigrationRunner::progress, &loop, [&](const BackfillProgress &p) {
        if (p.paused || backfillDone)
            return;
        ++b.batches;
        b.batchMs.push_back(p.lastBatchMs);
        b.lastBatchRows = p.batchRows;
        b.governorRowsPerSecond = p.rowsPerSecond;
    });
    QObject::connect(&runner, &MigrationRunner::message, &loop, [](const QString &text) {
        std::fprintf(stderr, "bench_backfill: runner: %s\n", qPrintable(text));
    });
    QObject::connect(&runner, &MigrationRunner::finished, &loop, [&](const RunOutcome &o) {
        outcome = o;
        loop.exit(0);
    });
    b.startUs = PgbenchRun::nowUs();
    runner.start(spec, plan);
    if (runner.isRunning())
        loop.exec();
    b.ok = outcome.result == RunOutcome::Result::Done && outcome.run.state == RunState::Ready && backfillDone;
    if (!b.ok)
        std::fprintf(stderr, "bench_backfill: the runner did not get to ready: %s (state %s)\n",
                     qPrintable(outcome.message), qPrintable(RunStates::toName(outcome.run.state)));
    return b;
}

// (a): the runner on bench.t_a while pgbench works on it.
bool benchRunner(const RunOptions &options, const ConnInfo &info, PgbenchRun &pgbench, Backfill *backfill,
                 Latencies *latencies)
{
    const QByteArray specJson = QByteArrayLiteral(
        R"({"name": "bench-backfill", "operations": [{"op": "change_type", "table": "bench.t_a", "column": "n",)"
        R"( "type": "bigint", "using": "n::bigint"}]})");
    MigrationSpec spec;
    SpecError specError;
    if (!MigrationSpecJson::parse(specJson, &spec, &specError)) {
        std::fprintf(stderr, "bench_backfill: spec: %s\n", qPrintable(specError.toText()));
        return false;
    }
    auto server = std::make_unique<DbServer>(info);
    MigrationPlan plan;
    if (!planLive(*server, spec, &plan))
        return false;
    if (!pgbench.start(QStringLiteral("backfill"), QStringLiteral("bench.t_a"), 86400)) {
        std::fprintf(stderr, "bench_backfill: pgbench did not run:\n%s\n", qPrintable(pgbench.output()));
        return false;
    }
    *backfill = runToReady(*server, options, spec, plan);
    const bool pgbenchAlive = pgbench.running();
    pgbench.stop();
    server.reset();
    Connection::waitForClosed(5000);
    if (!backfill->ok)
        return false;
    if (!pgbenchAlive)
        std::fprintf(stderr, "bench_backfill: pgbench ended before the backfill did:\n%s\n",
                     qPrintable(pgbench.output()));
    *latencies = pgbench.window(std::max(backfill->startUs, pgbench.windowStartUs()), backfill->endUs);
    return pgbenchAlive;
}

// (b): one UPDATE of bench.t_b (a new bigint column, no trigger) while pgbench works on it.
bool benchUpdate(const Settings &settings, PGconn *c, PgbenchRun &pgbench, double *seconds, Latencies *latencies)
{
    if (!run(c, "ALTER TABLE bench.t_b ADD COLUMN n_new bigint") || !run(c, "CHECKPOINT"))
        return false;
    if (!pgbench.start(QStringLiteral("update"), QStringLiteral("bench.t_b"), 86400)) {
        std::fprintf(stderr, "bench_backfill: pgbench did not run:\n%s\n", qPrintable(pgbench.output()));
        return false;
    }
    const qint64 startUs = PgbenchRun::nowUs();
    qint64 updated = 0;
    const bool ok = run(c, "UPDATE bench.t_b SET n_new = (n::bigint)", &updated);
    const qint64 endUs = PgbenchRun::nowUs();
    const bool pgbenchAlive = pgbench.running();
    pgbench.stop();
    if (!ok || updated != settings.rows || !pgbenchAlive) {
        std::fprintf(stderr, "bench_backfill: the UPDATE updated %lld rows of %lld; pgbench said:\n%s\n",
                     qlonglong(updated), qlonglong(settings.rows), qPrintable(pgbench.output()));
        return false;
    }
    *seconds = double(endUs - startUs) / 1e6;
    *latencies = pgbench.window(startUs, endUs);
    return true;
}

bool parseSettings(const QCoreApplication &app, Settings *settings)
{
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption rows(QStringLiteral("rows"), QStringLiteral("Rows per table (PGOPS_BENCH_ROWS)."),
                                  QStringLiteral("N"),
                                  qEnvironmentVariable("PGOPS_BENCH_ROWS", QString::number(settings->rows)));
    const QCommandLineOption rate(QStringLiteral("rate"),
                                  QStringLiteral("pgbench's transactions/s over its 4 clients (0: as fast as it can, "
                                                 "closed loop)."),
                                  QStringLiteral("TPS"), QString::number(settings->rate));
    const QCommandLineOption baseline(QStringLiteral("baseline-seconds"),
                                      QStringLiteral("pgbench alone for this long."), QStringLiteral("S"),
                                      QString::number(settings->baselineSeconds));
    const QCommandLineOption batchTime(QStringLiteral("batch-time"),
                                       QStringLiteral("The governor's batch-time target (as pgops migrate's)."),
                                       QStringLiteral("MS"), QString::number(settings->options.batchTimeMs));
    parser.addOptions({rows, rate, baseline, batchTime});
    parser.process(app);
    bool ok[4] = {};
    settings->rows = parser.value(rows).toLongLong(&ok[0]);
    settings->rate = parser.value(rate).toInt(&ok[1]);
    settings->baselineSeconds = parser.value(baseline).toInt(&ok[2]);
    settings->options.batchTimeMs = parser.value(batchTime).toInt(&ok[3]);
    if (ok[0] && ok[1] && ok[2] && ok[3] && settings->rows >= 1000 && settings->rate >= 0
        && settings->baselineSeconds >= 5 && settings->options.batchTimeMs >= 10)
        return true;
    std::fprintf(stderr,
                 "bench_backfill: --rows takes 1000 or more, --rate 0 or more, --baseline-seconds 5 or more, "
                 "--batch-time 10 or more\n");
    return false;
}

void report(const Settings &settings, Backfill &backfill, double updateSeconds, const Latencies &baseline,
            const Latencies &duringBackfill, const Latencies &duringUpdate)
{
    // Over the table's rows: those pgbench updated meanwhile were made right by the sync trigger,
    // so the backfill skips them (backfill_rows_done); either way every row is done at the end.
    const double backfillRate = double(settings.rows) / backfill.seconds();
    const double updateRate = double(settings.rows) / updateSeconds;
    std::sort(backfill.batchMs.begin(), backfill.batchMs.end());
    std::fprintf(stderr,
                 "bench_backfill: %lld rows; pgbench at %d tx/s (0: closed loop), 4 clients; backfill %.1f s in "
                 "%d batches (batch time %d ms), UPDATE %.1f s\n",
                 qlonglong(settings.rows), settings.rate, backfill.seconds(), backfill.batches,
                 settings.options.batchTimeMs, updateSeconds);
    print(QStringLiteral("backfill_rows_per_s"), backfillRate, "rows/s");
    print(QStringLiteral("update_rows_per_s"), updateRate, "rows/s");
    print(QStringLiteral("backfill_vs_update"), backfillRate / updateRate, "ratio");
    print(QStringLiteral("backfill_seconds"), backfill.seconds(), "s");
    print(QStringLiteral("backfill_rows_done"), double(backfill.rows), "rows");
    print(QStringLiteral("update_seconds"), updateSeconds, "s");
    print(QStringLiteral("backfill_batches"), backfill.batches, "batches");
    print(QStringLiteral("backfill_batch_ms_p50"), PgOpsBench::percentile(backfill.batchMs, 0.5), "ms");
    print(QStringLiteral("backfill_batch_ms_max"), backfill.batchMs.empty() ? 0 : backfill.batchMs.back(), "ms");
    print(QStringLiteral("backfill_batch_rows_last"), backfill.lastBatchRows, "rows");
    // The batches' own time (each request BEGIN … COMMIT, as the worker timed it): the rest
    // of backfill_seconds went between batches (round trips, load samples).
    print(QStringLiteral("backfill_batch_ms_sum"),
          std::accumulate(backfill.batchMs.begin(), backfill.batchMs.end(), 0.0), "ms");
    print(QStringLiteral("backfill_governor_rows_per_s"), backfill.governorRowsPerSecond, "rows/s");
    printLatencies(QStringLiteral("baseline"), baseline);
    printLatencies(QStringLiteral("backfill"), duringBackfill);
    printLatencies(QStringLiteral("update"), duringUpdate);
    const double ratioBackfill = baseline.p99Ms > 0 ? duringBackfill.p99Ms / baseline.p99Ms : 0;
    print(QStringLiteral("pgbench_p99_ratio_backfill"), ratioBackfill, "ratio");
    print(QStringLiteral("pgbench_p99_ratio_update"), baseline.p99Ms > 0 ? duringUpdate.p99Ms / baseline.p99Ms : 0,
          "ratio");
    reportTarget(QStringLiteral("backfill_vs_update"), backfillRate / updateRate, ">=", 0.5,
                 backfillRate / updateRate >= 0.5);
    reportTarget(QStringLiteral("pgbench_p99_ratio_backfill"), ratioBackfill, "<=", 2, ratioBackfill <= 2);
    reportTarget(QStringLiteral("pgbench_errors_backfill"), duringBackfill.errors(), "==", 0,
                 duringBackfill.errors() == 0);
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Settings settings;
    if (!parseSettings(app, &settings))
        return 2;
    const QString conninfo = qEnvironmentVariable("PGOPS_TEST_CONNINFO");
    if (conninfo.isEmpty()) {
        std::fprintf(stderr, "bench_backfill: PGOPS_TEST_CONNINFO is not set; run it through make bench\n");
        return 2;
    }
    const QString program = PgbenchRun::program();
    if (program.isEmpty()) {
        std::fprintf(stderr, "bench_backfill: no pgbench under PGOPS_PG_BIN or /usr/lib/postgresql/*/bin\n");
        return 1;
    }
    ConnInfo info = ConnInfo::parse(conninfo);
    PGconn *admin = PQconnectdb(info.toConninfo().constData());
    const QByteArray drop = QByteArray("DROP DATABASE IF EXISTS ") + database + " WITH (FORCE)";
    if (PQstatus(admin) != CONNECTION_OK || !run(admin, "SET client_min_messages = warning") || !run(admin, drop)
        || !run(admin, QByteArray("CREATE DATABASE ") + database)) {
        std::fprintf(stderr, "bench_backfill: cannot create the database: %s", PQerrorMessage(admin));
        return 1;
    }
    info.setOption(QStringLiteral("dbname"), QLatin1String(database));
    const QByteArray target = info.toConninfo();
    PGconn *c = PQconnectdb(target.constData());
    bool ok = PQstatus(c) == CONNECTION_OK && loadTables(c, settings.rows);

    // pgbench alone: its baseline.
    Latencies baseline, duringBackfill, duringUpdate;
    if (ok) {
        PgbenchRun alone(program, target, settings.rows, settings.rate);
        ok = alone.start(QStringLiteral("baseline"), QStringLiteral("bench.t_a"),
                         settings.baselineSeconds + PgbenchRun::warmUpMs / 1000);
        const qint64 fromUs = alone.windowStartUs();
        ok = ok && alone.waitEnded(settings.baselineSeconds * 1000 + 30000);
        if (!ok)
            std::fprintf(stderr, "bench_backfill: pgbench failed:\n%s\n", qPrintable(alone.output()));
        else
            baseline = alone.window(fromUs, PgbenchRun::nowUs());
    }
    // (a) ours, then vacuumed so that its dead rows do not cost (b) an autovacuum.
    Backfill backfill;
    if (ok) {
        PgbenchRun during(program, target, settings.rows, settings.rate);
        ok = run(c, "CHECKPOINT") && benchRunner(settings.options, info, during, &backfill, &duringBackfill)
            && run(c, "VACUUM bench.t_a") && run(c, "CHECKPOINT");
    }
    // (b) one UPDATE.
    double updateSeconds = 0;
    if (ok) {
        PgbenchRun during(program, target, settings.rows, settings.rate);
        ok = benchUpdate(settings, c, during, &updateSeconds, &duringUpdate);
    }
    PQfinish(c);
    run(admin, drop);
    PQfinish(admin);
    if (!ok)
        return 1;

    report(settings, backfill, updateSeconds, baseline, duringBackfill, duringUpdate);
    return 0;
}
