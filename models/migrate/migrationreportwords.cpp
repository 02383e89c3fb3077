// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/migrationreportwords.h"

#include "core/format.h"

#include <QLocale>

#include <algorithm>

namespace PgOps::MigrationReportWords {

QString phaseTitle(MigrationPhase phase)
{
    QString name = MigrationPlans::toName(phase);
    if (!name.isEmpty())
        name[0] = name.at(0).toUpper();
    return name;
}

QString version(int serverVersionNum)
{
    if (serverVersionNum <= 0)
        return QStringLiteral("the newest PostgreSQL");
    const int major = serverVersionNum / 10000;
    if (major >= 10)
        return QStringLiteral("PostgreSQL %1").arg(major);
    return QStringLiteral("PostgreSQL %1.%2").arg(serverVersionNum / 10000).arg(serverVersionNum / 100 % 100);
}

QString bytes(qint64 value)
{
    if (value < 0)
        return QStringLiteral("unknown");
    // As the step reasons and `pgops lint` write sizes: one plan, one way ("20.2 MB" everywhere).
    return QLocale::c().formattedDataSize(value, 1, QLocale::DataSizeTraditionalFormat);
}

QString count(double value)
{
    if (value < 0)
        return QStringLiteral("unknown");
    QString digits = QString::number(qint64(value + 0.5));
    for (qsizetype at = digits.size() - 3; at > 0; at -= 3)
        digits.insert(at, QLatin1Char(','));
    return digits;
}

QString rate(double value)
{
    if (value < 0)
        return QStringLiteral("unknown");
    return QString::number(value, 'f', value < 100 ? 1 : 0);
}

QStringList strongestRelations(const MigrationStep &step)
{
    QStringList relations;
    for (const DdlLock &lock : step.locks)
        if (lock.mode == step.strongestLock() && !relations.contains(lock.relation.display()))
            relations << lock.relation.display();
    return relations;
}

QString locks(const MigrationStep &step)
{
    QStringList parts;
    for (const DdlLock &lock : step.locks)
        if (lock.mode != LockMode::None)
            parts << QStringLiteral("%1 on %2").arg(LockModes::toSql(lock.mode), lock.relation.display());
    return parts.isEmpty() ? QStringLiteral("no table lock") : parts.join(QLatin1String(", "));
}

QString rewriteScan(const MigrationStep &step)
{
    QString text;
    if (step.rewrites && step.scans)
        text = QStringLiteral("rewrites and scans the table");
    else if (step.rewrites)
        text = QStringLiteral("rewrites the table");
    else if (step.scans)
        text = QStringLiteral("scans the table");
    else
        text = QStringLiteral("no rewrite or scan");
    return step.rewriteNote.isEmpty() ? text : text + QStringLiteral(" (") + step.rewriteNote + QLatin1Char(')');
}

QString holdEstimate(const MigrationStep &step)
{
    return step.lockHoldEstimate.isEmpty() ? QStringLiteral("unknown") : step.lockHoldEstimate;
}

QString contextSource(const MigrationPlan &plan)
{
    const PlanContext &c = plan.context;
    if (!c.live)
        return QStringLiteral("offline: planned for %1 without live facts (give CONNINFO for table sizes, write "
                              "rates, blocking sessions and dependents)")
            .arg(version(plan.serverVersion));
    return QStringLiteral("live: %1, read %2")
        .arg(c.server.isEmpty() ? version(plan.serverVersion) : c.server,
             c.readAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")));
}

QString session(const SessionFacts &s)
{
    QStringList who;
    if (!s.application.isEmpty())
        who << s.application;
    if (!s.user.isEmpty())
        who << s.user;
    QString text = QStringLiteral("pid %1").arg(s.pid);
    if (!who.isEmpty())
        text += QStringLiteral(" (%1)").arg(who.join(QLatin1String(", ")));
    if (!s.state.isEmpty())
        text += QLatin1Char(' ') + s.state;
    if (s.transactionSeconds >= 0)
        text += QStringLiteral(", transaction open for %1").arg(formatSeconds(s.transactionSeconds));
    if (s.heldMode != LockMode::None)
        text += s.granted ? QStringLiteral(", holds %1").arg(LockModes::toSql(s.heldMode))
                          : QStringLiteral(", waits for %1").arg(LockModes::toSql(s.heldMode));
    if (!s.query.isEmpty())
        text += QStringLiteral(": ") + s.query.simplified();
    return text;
}

QString dependent(const DependentFacts &d)
{
    QString text = d.kind + QLatin1Char(' ') + d.name;
    if (!d.column.isEmpty())
        text += QStringLiteral(" on column ") + d.column;
    if (!d.detail.isEmpty())
        text += QStringLiteral(": ") + d.detail;
    return text;
}

QString tableSummary(const TableFacts &t)
{
    if (!t.exists)
        return QStringLiteral("%1: does not exist").arg(t.name.display());
    QString text = QStringLiteral("%1 (%2): %3, %4 rows, %5 writes/s")
                       .arg(t.name.display(), t.kind.isEmpty() ? QStringLiteral("table") : t.kind, bytes(t.bytes),
                            count(t.rowEstimate), rate(t.writesPerSecond));
    text += t.keyColumns.isEmpty() ? QStringLiteral(", no key")
                                   : QStringLiteral(", key (%1)").arg(t.keyColumns.join(QLatin1String(", ")));
    return text;
}

QList<RuleFinding> untoldFindings(const MigrationStep &step)
{
    QList<RuleFinding> untold;
    for (const RuleFinding &f : step.findings) {
        const QString told = QStringLiteral("%1 (%2)").arg(f.message, f.rule);
        if (std::none_of(step.reasons.cbegin(), step.reasons.cend(),
                         [&told](const QString &reason) { return reason.startsWith(told); }))
            untold.append(f);
    }
    return untold;
}

} // namespace PgOps::MigrationReportWords
