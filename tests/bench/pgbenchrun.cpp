// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "pgbenchrun.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QStringList>
#include <QVersionNumber>

#include <algorithm>
#include <cmath>

namespace PgOpsBench {

double percentile(const std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const auto index = qsizetype(std::ceil(p * double(sorted.size()))) - 1;
    return sorted[size_t(std::clamp<qsizetype>(index, 0, qsizetype(sorted.size()) - 1))];
}

PgbenchRun::PgbenchRun(QString program, QByteArray conninfo, qint64 rows, int rate)
    : m_program(std::move(program)), m_conninfo(std::move(conninfo)), m_rows(rows), m_rate(rate)
{
}

QString PgbenchRun::program()
{
    QString bin = qEnvironmentVariable("PGOPS_PG_BIN");
    if (bin.isEmpty()) {
        const QDir root(QStringLiteral("/usr/lib/postgresql"));
        QStringList versions = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        std::sort(versions.begin(), versions.end(), [](const QString &a, const QString &b) {
            return QVersionNumber::fromString(a) < QVersionNumber::fromString(b);
        });
        if (!versions.isEmpty())
            bin = root.filePath(versions.last() + QStringLiteral("/bin"));
    }
    const QString program = bin + QStringLiteral("/pgbench");
    return QFile::exists(program) ? program : QString();
}

qint64 PgbenchRun::nowUs()
{
    return QDateTime::currentMSecsSinceEpoch() * 1000;
}

bool PgbenchRun::start(const QString &phase, const QString &table, int seconds)
{
    m_phase = phase;
    QFile script(m_dir.filePath(phase + QStringLiteral(".sql")));
    if (!m_dir.isValid() || !script.open(QIODevice::WriteOnly))
        return false;
    script.write(QStringLiteral("\\set id random(1, %1)\n"
                                "\\set v random(1, 1000000)\n"
                                "SELECT n FROM %2 WHERE id = :id;\n"
                                "UPDATE %2 SET n = :v WHERE id = :id;\n")
                     .arg(m_rows)
                     .arg(table)
                     .toUtf8());
    script.close();
    QStringList args = QStringLiteral("-n -c 4 -j 2 -l -T").split(QLatin1Char(' '));
    args << QString::number(seconds) << QStringLiteral("--log-prefix=") + m_dir.filePath(phase) << QStringLiteral("-f")
         << script.fileName();
    if (m_rate > 0)
        args << QStringLiteral("-R") << QString::number(m_rate);
    args << QString::fromUtf8(m_conninfo); // pgbench expands a conninfo given as the database
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PGAPPNAME"), QStringLiteral("pgops-bench-pgbench"));
    m_process.setProcessEnvironment(env);
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setStandardOutputFile(m_dir.filePath(phase + QStringLiteral(".out")));
    m_launchedUs = nowUs();
    m_process.start(m_program, args);
    if (!m_process.waitForStarted(10000))
        return false;
    // Still running after the warm-up: it connected and works.
    return !m_process.waitForFinished(warmUpMs);
}

qint64 PgbenchRun::windowStartUs() const
{
    return m_launchedUs + qint64(warmUpMs) * 1000;
}

void PgbenchRun::stop()
{
    // pgbench has no graceful stop: what its per-thread log buffer (8 KiB, ~45 bytes a line)
    // holds when it is terminated is lost, so it gets long enough to fill and flush a few.
    const int perThreadRate = std::max(1, (m_rate > 0 ? m_rate : 2000) / 2);
    const int tailMs = std::max(3000, 3 * 8192 / 45 * 1000 / perThreadRate);
    if (m_process.waitForFinished(tailMs))
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(10000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString PgbenchRun::output() const
{
    QFile f(m_dir.filePath(m_phase + QStringLiteral(".out")));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

Latencies PgbenchRun::window(qint64 fromUs, qint64 toUs) const
{
    // Log lines: client_id transaction_no time script_no time_epoch time_us [schedule_lag]; time
    // in µs (from the scheduled start with -R), or "failed" / "skipped". One file per thread.
    Latencies out;
    out.seconds = double(toUs - fromUs) / 1e6;
    std::vector<double> ms;
    const QDir dir(m_dir.path());
    for (const QString &name : dir.entryList({m_phase + QStringLiteral(".*")}, QDir::Files)) {
        if (name.endsWith(QLatin1String(".sql")) || name.endsWith(QLatin1String(".out")))
            continue;
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        while (!f.atEnd()) {
            const QList<QByteArray> fields = f.readLine().simplified().split(' ');
            if (fields.size() < 6)
                continue;
            const qint64 endUs = fields.at(4).toLongLong() * 1000000 + fields.at(5).toLongLong();
            bool isNumber = false;
            const qint64 latencyUs = fields.at(2).toLongLong(&isNumber);
            const qint64 startUs = isNumber ? endUs - latencyUs : endUs;
            if (startUs < fromUs || startUs > toUs)
                continue;
            if (isNumber)
                ms.push_back(double(latencyUs) / 1000.0);
            else
                out.failed += fields.at(2) == "failed";
        }
    }
    std::sort(ms.begin(), ms.end());
    out.transactions = qint64(ms.size());
    out.p50Ms = percentile(ms, 0.50);
    out.p99Ms = percentile(ms, 0.99);
    out.maxMs = ms.empty() ? 0 : ms.back();
    out.aborted = int(output().count(QLatin1String("aborted in command")));
    return out;
}

} // namespace PgOpsBench
