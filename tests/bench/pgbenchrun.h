// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <vector>

// pgbench as a load beside a benchmark: 4 clients, 2 threads, single-row SELECT + UPDATE by
// random id on one table, every transaction logged (-l) into a directory of its own.
//
// It runs open-loop when given a rate (-R): a transaction's latency counts from its scheduled
// start, so clients stuck behind row locks show up as every transaction scheduled meanwhile
// waiting, not as a handful of slow ones (closed-loop clients would simply stop sending,
// hiding the stall).
namespace PgOpsBench {

struct Latencies
{
    qint64 transactions = 0;
    double p50Ms = 0;
    double p99Ms = 0;
    double maxMs = 0; // the longest wait any client saw
    double seconds = 0;
    int failed = 0; // transactions pgbench logged as failed
    int aborted = 0; // clients pgbench aborted on an error
    int errors() const { return failed + aborted; }
};

// The value at fraction `p` (0…1) of ascending `sorted`, 0 when empty.
double percentile(const std::vector<double> &sorted, double p);

class PgbenchRun
{
public:
    // rows: ids are drawn from 1…rows; rate: transactions/s over all clients, 0 = closed loop.
    PgbenchRun(QString program, QByteArray conninfo, qint64 rows, int rate);

    // pgbench next to the server binaries (PGOPS_PG_BIN, else the newest
    // /usr/lib/postgresql/*/bin, as tests/support/pgcluster.sh finds them); "" when absent.
    static QString program();

    // Starts pgbench on `table` for `seconds` (-T; a phase of unknown length passes a long one
    // and calls stop()); true once it has run through the warm-up.
    bool start(const QString &phase, const QString &table, int seconds);
    static constexpr int warmUpMs = 2000; // connections up and caches warm before a window opens
    // When the measured window may open: after the warm-up.
    qint64 windowStartUs() const;
    bool running() const { return m_process.state() != QProcess::NotRunning; }
    bool waitEnded(int ms) { return m_process.waitForFinished(ms); }
    // Lets the window's transactions (also those stuck until its end) finish and reach the
    // log, then terminates pgbench.
    void stop();
    QString output() const; // stdout and stderr
    // The transactions scheduled in [fromUs, toUs] (µs since the epoch).
    Latencies window(qint64 fromUs, qint64 toUs) const;

    static qint64 nowUs();

private:
    QString m_program;
    QByteArray m_conninfo;
    qint64 m_rows;
    int m_rate;
    QTemporaryDir m_dir;
    QProcess m_process;
    QString m_phase;
    qint64 m_launchedUs = 0;
};

} // namespace PgOpsBench
