// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/livejudge.h"

#include "core/format.h"
#include "migrate/stepjudge.h"

namespace PgOps::LiveJudge {

namespace {
bool blocksWrites(LockMode mode)
{
    return LockModes::conflicts(mode, LockMode::RowExclusive);
}

QString who(const SessionFacts &s)
{
    QString text = QStringLiteral("pid %1").arg(s.pid);
    QStringList detail;
    if (!s.application.isEmpty())
        detail << s.application;
    if (!s.user.isEmpty())
        detail << s.user;
    if (!s.state.isEmpty())
        detail << s.state;
    if (s.transactionSeconds >= 0)
        detail << QStringLiteral("transaction open %1").arg(formatSeconds(s.transactionSeconds));
    if (!detail.isEmpty())
        text += QStringLiteral(" (%1)").arg(detail.join(QLatin1String(", ")));
    return text;
}

// Sessions on the table whose lock (held or awaited) the step's lock must wait for.
QList<int> lockers(MigrationStep &s, const TableFacts &t, LockMode mode, Verdict *verdict)
{
    QList<int> pids;
    for (const SessionFacts &session : t.lockers) {
        if (!LockModes::conflicts(session.heldMode, mode))
            continue;
        pids << session.pid;
        const bool old = session.transactionSeconds > dangerTransactionSeconds;
        s.reasons << QStringLiteral("%1 %2 %3 on %4: this step's %5 waits for it%6.")
                         .arg(who(session), session.granted ? QStringLiteral("holds") : QStringLiteral("waits for"),
                              LockModes::toSql(session.heldMode), t.name.display(), LockModes::toSql(mode),
                              blocksWrites(mode) ? QStringLiteral(", and queries on the table queue behind it (%1)")
                                                       .arg(LockModes::blocksWhat(mode))
                                                 : QString());
        if (blocksWrites(mode))
            *verdict = std::max(*verdict, old ? Verdict::Danger : Verdict::Caution);
    }
    return pids;
}

void oldTransactions(MigrationStep &s, const PlanContext &context, const QList<int> &counted, bool strong,
                     Verdict *verdict)
{
    const bool concurrently = !s.inTransaction;
    if (!strong && !concurrently && !s.rewrites)
        return;
    for (const SessionFacts &session : context.oldTransactions) {
        if (counted.contains(session.pid))
            continue;
        QString effect;
        if (concurrently)
            effect = QStringLiteral("CONCURRENTLY waits for every older transaction that could use the table to end");
        else if (s.rewrites)
            effect = QStringLiteral("its snapshot sees the table empty after the rewrite, and a lock it holds on "
                                    "the table makes the step wait");
        else
            effect = QStringLiteral("a lock it took on the table would make the step wait, with every query queued "
                                    "behind");
        s.reasons << QStringLiteral("%1 has been open longer than %2: %3.")
                         .arg(who(session), formatSeconds(context.oldTransactionSeconds), effect);
        *verdict = std::max(*verdict, Verdict::Caution);
    }
}

void size(MigrationStep &s, const TableFacts &t, LockMode mode, Verdict *verdict)
{
    if (t.bytes >= 0 && t.rowEstimate >= 0)
        s.reasons << QStringLiteral("%1: %2, about %3 rows%4.")
                         .arg(t.name.display(), StepJudge::formatBytes(t.bytes), QString::number(qint64(t.rowEstimate)),
                              t.writesPerSecond >= 0
                                  ? QStringLiteral(", %1 writes/s").arg(QString::number(t.writesPerSecond, 'f', 1))
                                  : QString());
    if (!(s.rewrites || s.scans) || t.bytes < 0 || !blocksWrites(mode))
        return;
    if (t.bytes > dangerBytes) {
        s.reasons << QStringLiteral("%1 %2 under %3: %4 for the whole time.")
                         .arg(s.rewrites ? QStringLiteral("Rewrites") : QStringLiteral("Scans"),
                              StepJudge::formatBytes(t.bytes), LockModes::toSql(mode), LockModes::blocksWhat(mode));
        *verdict = Verdict::Danger;
    }
    if (t.writesPerSecond > 0)
        s.reasons << QStringLiteral("About %1 writes/s to %2 wait while it runs.")
                         .arg(QString::number(t.writesPerSecond, 'f', 1), t.name.display());
}

void dependents(PlannedStep &planned, const PlanContext &context, Verdict *verdict)
{
    static const QStringList breaking {QStringLiteral("view"),       QStringLiteral("materialized view"),
                                       QStringLiteral("rule"),       QStringLiteral("policy"),
                                       QStringLiteral("function"),   QStringLiteral("trigger"),
                                       QStringLiteral("foreign key")};
    for (const auto &[table, column] : std::as_const(planned.breaksColumns)) {
        const TableFacts *t = context.table(table);
        if (!t)
            continue;
        for (const DependentFacts &d : t->dependents) {
            if (d.column != column || !breaking.contains(d.kind))
                continue;
            planned.step.reasons << QStringLiteral("%1 %2 depends on %3.%4: the step fails until it is dropped or "
                                                   "changed%5.")
                                        .arg(d.kind, d.name, table.display(), SqlNames::displayIdent(column),
                                             d.detail.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(d.detail));
            *verdict = Verdict::Danger;
        }
    }
}
} // namespace

void apply(PlannedStep &planned, const PlanContext &context, Verdict *verdict)
{
    if (!context.live)
        return;
    MigrationStep &s = planned.step;
    QList<int> counted;
    bool strong = false;
    for (const DdlLock &lock : std::as_const(s.locks)) {
        const TableFacts *t = context.table(lock.relation);
        if (!t || !t->exists)
            continue;
        strong = strong || blocksWrites(lock.mode);
        counted << lockers(s, *t, lock.mode, verdict);
        if (lock.mode >= LockMode::ShareUpdateExclusive)
            size(s, *t, lock.mode, verdict);
    }
    oldTransactions(s, context, counted, strong, verdict);
    dependents(planned, context, verdict);
}

} // namespace PgOps::LiveJudge
