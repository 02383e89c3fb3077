// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "actions/signalplan.h"

#include <QCoreApplication>
#include <QHash>

namespace PgOps {

namespace {
QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("PgOps::SessionActions", text, nullptr, n);
}

// An array literal for $n::int[] / $n::timestamptz[]; an empty timestamp is SQL NULL.
QString arrayLiteral(const QStringList &values, bool quote)
{
    QStringList parts;
    for (const QString &v : values) {
        if (!quote)
            parts.append(v);
        else if (v.isEmpty())
            parts.append(QStringLiteral("NULL"));
        else
            parts.append(QLatin1Char('"')
                         + QString(v)
                               .replace(QLatin1Char('\\'), QLatin1String("\\\\"))
                               .replace(QLatin1Char('"'), QLatin1String("\\\""))
                         + QLatin1Char('"'));
    }
    return QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
}

// $1 pids, $2 backend starts and, for a cancel, $3 query starts, in the targets' order.

// Each target is checked and signalled in the same row, right before its signal: the session's
// state is read afresh per row (pg_stat_clear_snapshot() drops the statement's cached copy of
// pg_stat_activity before pg_stat_get_activity() reads it), so a signal never goes to a pid whose
// session or query changed since the user confirmed. The permission checks mirror the server's
// own, so a refusal is an answer for that row instead of an error that would abort the statement
// after earlier rows were signalled. A superuser may signal anyone, so its SQL names no role
// catalog at all: the session to end may be the one holding pg_authid, and a statement that
// mentions pg_roles would queue behind that lock.
QString signalSql(SignalKind kind, bool superuser)
{
    const bool cancel = kind == SignalKind::Cancel;
    const QString cancelChecks = cancel ? QStringLiteral(R"SQL(
    WHEN a.query_start IS DISTINCT FROM t.query_start THEN 'moved on'
    WHEN a.state NOT IN ('active', 'fastpath function call') THEN 'not running')SQL")
                                        : QString();
    return QStringLiteral(R"SQL(SELECT t.pid, CASE
    WHEN a.pid IS NULL THEN 'gone'
    WHEN t.backend_start IS NULL OR a.backend_start IS NULL THEN 'unverifiable'
    WHEN a.backend_start <> t.backend_start THEN 'other session'
    WHEN a.backend_type IS DISTINCT FROM 'client backend' THEN 'not a client'%1%5
    WHEN %2(t.pid) THEN 'signalled'
    ELSE 'not signalled' END AS outcome
FROM unnest($1::int[], $2::timestamptz[]%3) AS t(pid, backend_start%4)
LEFT JOIN LATERAL pg_stat_get_activity(CASE WHEN pg_stat_clear_snapshot() IS NULL THEN NULL ELSE t.pid END) a
  ON a.pid = t.pid)SQL")
        .arg(cancelChecks, cancel ? QStringLiteral("pg_cancel_backend") : QStringLiteral("pg_terminate_backend"),
             cancel ? QStringLiteral(", $3::timestamptz[]") : QString(),
             cancel ? QStringLiteral(", query_start") : QString(), superuser ? QString() : QStringLiteral(R"SQL(
    WHEN (SELECT r.rolsuper FROM pg_roles r WHERE r.oid = a.usesysid) THEN 'no permission'
    WHEN NOT pg_has_role(current_user, a.usesysid, 'USAGE')
         AND NOT pg_has_role(current_user, 'pg_signal_backend', 'USAGE') THEN 'no permission')SQL"));
}

// Why a session may not be a target, or an empty string.
QString refusal(SignalKind kind, const SessionRow &s, const ServerInfo &me, const QSet<int> &ownPids)
{
    if (s.pid <= 0)
        return tr("It is a prepared transaction, not a session: nothing runs to cancel or terminate. "
                  "End it with COMMIT PREPARED or ROLLBACK PREPARED.");
    if (ownPids.contains(s.pid))
        return tr("This is one of PgOps's own sessions; PgOps does not signal itself.");
    if (s.isParallelWorker())
        return tr("It is a parallel worker of pid %1: signal its leader, which runs the query; the worker ends with "
                  "it.")
            .arg(s.leaderPid);
    if (!s.backendType.isEmpty() && s.backendType != QLatin1String("client backend"))
        return tr("It is a %1, not a client session: PgOps does not cancel or terminate server processes "
                  "(replication, autovacuum, background workers).")
            .arg(s.backendType);
    if (s.superuser && !me.superuser)
        return tr("It belongs to the superuser %1: only a superuser can signal it. Connect as a superuser to do this.")
            .arg(s.user);
    if (!me.superuser && !me.pgSignalBackend && !s.user.isEmpty() && s.user != me.currentUser)
        return tr("It belongs to %1, and your role %2 may only signal its own sessions. "
                  "Grant it the right with: GRANT pg_signal_backend TO %2;")
            .arg(s.user, me.currentUser);
    if (kind == SignalKind::Cancel && s.state == QLatin1String("idle"))
        return tr("It is idle: no query runs, so there is nothing to cancel. Terminate it if the session itself "
                  "should go.");
    return {};
}
} // namespace

QVariantList signalBindingParams(const QList<SessionRow> &rows, bool withQueryStart)
{
    QStringList pids, backendStarts, queryStarts;
    for (const SessionRow &r : rows) {
        pids.append(QString::number(r.pid));
        backendStarts.append(r.backendStart);
        queryStarts.append(r.queryStart);
    }
    QVariantList params {arrayLiteral(pids, false), arrayLiteral(backendStarts, true)};
    if (withQueryStart)
        params.append(arrayLiteral(queryStarts, true));
    return params;
}

QString SignalPlan::displaySql() const
{
    if (isEmpty())
        return tr("-- Nothing will be sent: no session you chose can be signalled.");
    QString text = sql;
    for (int i = 0; i < params.size(); ++i)
        text += QStringLiteral("\n-- $%1 = '%2'").arg(i + 1).arg(params.at(i).toString());
    return text;
}

QVariantList SignalPlan::auditTargets() const
{
    QVariantList list;
    for (const SessionRow &s : targets) {
        QVariantMap t {
            {QStringLiteral("pid"), s.pid},
            {QStringLiteral("user"), s.user},
            {QStringLiteral("application"), s.application},
            {QStringLiteral("query"), s.query},
            {QStringLiteral("backend_start"), s.backendStart},
        };
        if (kind == SignalKind::Cancel)
            t.insert(QStringLiteral("query_start"), s.queryStart);
        list.append(t);
    }
    return list;
}

DbRequest SignalPlan::request() const
{
    DbRequest r;
    r.sql = sql;
    r.params = params;
    r.access = Access::Signal;
    return r;
}

SignalPlan planSignal(SignalKind kind, const QList<SessionRow> &sessions, const ServerInfo &me,
                      const QSet<int> &ownPids)
{
    SignalPlan plan;
    plan.kind = kind;
    QSet<int> listed;
    for (const SessionRow &s : sessions)
        listed.insert(s.pid);
    QSet<int> seen;
    int idleInTx = 0;
    for (const SessionRow &s : sessions) {
        // A parallel worker folds into its leader: signalling the leader covers it.
        if (seen.contains(s.pid) || (s.isParallelWorker() && listed.contains(s.leaderPid)))
            continue;
        seen.insert(s.pid);
        const QString why = refusal(kind, s, me, ownPids);
        if (!why.isEmpty()) {
            plan.refused.append({s, why});
            continue;
        }
        plan.targets.append(s);
        if (s.isIdleInTransaction())
            ++idleInTx;
    }
    if (kind == SignalKind::Cancel && idleInTx > 0) {
        plan.suggestTerminate = true;
        plan.warnings.append(
            tr("%n target(s) are idle in transaction: they run no query, so cancel does nothing to them. "
               "Terminate ends the session and rolls its transaction back, releasing its locks.",
               idleInTx));
    }
    // With every session refused there is nothing to send: no statement over empty arrays that
    // a reader might take for something that runs.
    if (plan.targets.isEmpty())
        return plan;
    plan.sql = signalSql(kind, me.superuser);
    plan.params = signalBindingParams(plan.targets, kind == SignalKind::Cancel);
    return plan;
}

QString describe(SignalKind kind, SignalOutcome outcome)
{
    switch (outcome) {
    case SignalOutcome::Signalled:
        return kind == SignalKind::Cancel ? tr("cancel sent") : tr("terminated (the server accepted the signal)");
    case SignalOutcome::NotSignalled:
        return tr("not signalled: the server answered false, the process had ended");
    case SignalOutcome::Gone:
        return tr("not signalled: it had already ended");
    case SignalOutcome::OtherSession:
        return tr("not signalled: its pid now belongs to another session");
    case SignalOutcome::MovedOn:
        return tr("not signalled: it started something else");
    case SignalOutcome::NotRunning:
        return tr("not signalled: its query had already finished, nothing runs");
    case SignalOutcome::NotClient:
        return tr("not signalled: it is not a client session");
    case SignalOutcome::NoPermission:
        return tr("not signalled: your role may not signal it");
    case SignalOutcome::Unverifiable:
        return tr("not signalled: PgOps cannot see when it started (the role needs pg_read_all_stats), so it cannot "
                  "make sure this is the session you confirmed");
    case SignalOutcome::Unknown:
        return tr("outcome unknown");
    }
    return {};
}

namespace {
SignalOutcome outcomeFromServer(const QString &text)
{
    static const QHash<QString, SignalOutcome> outcomes {
        {QStringLiteral("signalled"), SignalOutcome::Signalled},
        {QStringLiteral("not signalled"), SignalOutcome::NotSignalled},
        {QStringLiteral("gone"), SignalOutcome::Gone},
        {QStringLiteral("other session"), SignalOutcome::OtherSession},
        {QStringLiteral("moved on"), SignalOutcome::MovedOn},
        {QStringLiteral("not running"), SignalOutcome::NotRunning},
        {QStringLiteral("not a client"), SignalOutcome::NotClient},
        {QStringLiteral("no permission"), SignalOutcome::NoPermission},
        {QStringLiteral("unverifiable"), SignalOutcome::Unverifiable},
    };
    return outcomes.value(text, SignalOutcome::Unknown);
}

QString pidList(const QList<SignalReport::Answer> &answers)
{
    QStringList pids;
    for (const SignalReport::Answer &a : answers)
        pids.append(QString::number(a.session.pid));
    return pids.join(QStringLiteral(", "));
}
} // namespace

SignalReport SignalReport::of(const SignalPlan &plan, const QueryResult &result)
{
    SignalReport report;
    report.kind = plan.kind;
    for (const SessionRow &t : plan.targets)
        report.answers.append({t, SignalOutcome::Unknown});
    if (result.outcomeUnknown) {
        // Sent, and the connection broke before the answer: the signals may have gone out.
        report.state = State::Unknown;
        report.error = result.error.message;
        return report;
    }
    if (!result.ok()) {
        // Only a server error means the statement ran; anything else never reached the server.
        const bool ran = result.error.kind == ErrorKind::Sql || result.error.kind == ErrorKind::Permission
            || result.error.kind == ErrorKind::StatementTimeout || result.error.kind == ErrorKind::LockTimeout;
        report.state = ran ? State::Failed : State::NotSent;
        report.error = QString(result.error.message + QLatin1Char(' ') + result.error.hint).trimmed();
        return report;
    }
    for (int i = 0; i < result.rows.size(); ++i) {
        const int pid = int(result.value(i, QStringLiteral("pid")).toLongLong());
        for (Answer &a : report.answers) {
            if (a.session.pid == pid)
                a.outcome = outcomeFromServer(result.value(i, QStringLiteral("outcome")).toString());
        }
    }
    return report;
}

QList<SessionRow> SignalReport::signalled() const
{
    QList<SessionRow> rows;
    for (const Answer &a : answers) {
        if (a.outcome == SignalOutcome::Signalled)
            rows.append(a.session);
    }
    return rows;
}

bool SignalReport::allSignalled() const
{
    return state == State::Answered && signalled().size() == answers.size();
}

QStringList SignalReport::notSignalledText() const
{
    QStringList lines;
    for (const Answer &a : answers) {
        if (a.outcome != SignalOutcome::Signalled)
            lines.append(tr("pid %1 %2.").arg(a.session.pid).arg(describe(kind, a.outcome)));
    }
    return lines;
}

QString SignalReport::text() const
{
    const bool cancel = kind == SignalKind::Cancel;
    switch (state) {
    case State::NotSent:
        return tr("Not done: %1 Nothing was signalled.").arg(error);
    case State::Unknown:
        return tr("Outcome unknown: the connection broke after the %1 request for pid %2 was sent, before the server "
                  "answered (%3). The signal may or may not have reached the server: check the sessions list.")
            .arg(cancel ? tr("cancel") : tr("terminate"), pidList(answers), error);
    case State::Failed:
        if (answers.size() == 1)
            return tr("Not done: the server answered with an error: %1").arg(error);
        return tr("The server answered with an error: %1 Signals to pids before the failing one may have been sent: "
                  "outcome unknown for pid %2; check the sessions list.")
            .arg(error, pidList(answers));
    case State::Answered:
        break;
    }
    const int sent = int(signalled().size());
    QString head;
    if (sent == 0)
        head = cancel ? tr("Nothing was cancelled.") : tr("Nothing was terminated.");
    else if (cancel)
        head = tr("Cancel sent to %n session(s).", sent);
    else if (sent == answers.size())
        head = tr("Terminated %n session(s): the server accepted the signal.", sent);
    else
        head = tr("Terminated %1 of %2 session(s): the server accepted the signal for those.")
                   .arg(sent)
                   .arg(answers.size());
    const QStringList rest = notSignalledText();
    return rest.isEmpty() ? head : head + QLatin1Char(' ') + rest.join(QLatin1Char(' '));
}

} // namespace PgOps
