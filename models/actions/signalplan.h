// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "activity/sessionrow.h"
#include "db/dbtypes.h"

#include <QSet>

namespace PgOps {

enum class SignalKind
{
    Cancel,
    Terminate
};

struct RefusedTarget
{
    SessionRow session;
    QString reason; // names the problem and the fix
};

// What a cancel or terminate will do, worked out before anything runs: the targets, those
// refused and why, warnings, and the exact SQL the confirmation shows. The SQL binds each signal
// to the session the user confirmed (pid + backend_start, and query_start for a cancel), checked
// by the server right before it sends that signal.
struct SignalPlan
{
    SignalKind kind = SignalKind::Cancel;
    QList<SessionRow> targets;
    QList<RefusedTarget> refused;
    QStringList warnings;
    // Cancel asked for idle-in-transaction sessions: cancelling does nothing there.
    bool suggestTerminate = false;
    QString sql;
    QVariantList params; // $1 pids, $2 backend starts, for a cancel $3 query starts; in target order

    // Nothing will be sent: every session asked for was refused (sql and params are empty).
    bool isEmpty() const { return targets.isEmpty(); }
    // The SQL with its parameters written out, for the confirmation and the clipboard; for an
    // empty plan a comment saying that nothing will be sent.
    QString displaySql() const;
    DbRequest request() const;
    // The targets as the action log records them (DbServer::announceAction): per session pid,
    // user, application, query, backend_start and, for a cancel, query_start.
    QVariantList auditTargets() const;
};

SignalPlan planSignal(SignalKind kind, const QList<SessionRow> &sessions, const ServerInfo &me,
                      const QSet<int> &ownPids);

// What the server answered for one target of a signal plan.
enum class SignalOutcome
{
    Signalled, // pg_cancel_backend / pg_terminate_backend answered true
    NotSignalled, // it answered false: the process was gone when the signal was sent
    Gone, // no session with that pid any more
    OtherSession, // the pid now belongs to a newer session
    MovedOn, // cancel: the session runs another query than the one confirmed
    NotRunning, // cancel: its query had finished, nothing runs
    NotClient, // not a client backend (walsender, autovacuum, background worker, …)
    NoPermission, // the role may not signal it
    Unverifiable, // the role cannot see when it started, so cannot be sure it is the same session
    Unknown, // no answer for it (see SignalReport::state)
};

// The server's answer to a signal plan's request, per target; never what was asked.
struct SignalReport
{
    enum class State
    {
        Answered, // one outcome per target
        NotSent, // refused or failed before it reached the server: nothing was signalled
        Unknown, // sent, then the connection broke: the signals may or may not have gone out
        Failed, // the server answered with an error
    };
    struct Answer
    {
        SessionRow session;
        SignalOutcome outcome = SignalOutcome::Unknown;
    };

    SignalKind kind = SignalKind::Cancel;
    State state = State::Answered;
    QString error;
    QList<Answer> answers;

    static SignalReport of(const SignalPlan &plan, const QueryResult &result);
    QList<SessionRow> signalled() const;
    bool allSignalled() const;
    // "pid 42 not signalled: it started something else." for every target not signalled.
    QStringList notSignalledText() const;
    // The whole answer for a person; for a cancel without the verification that follows.
    QString text() const;
};

QString describe(SignalKind kind, SignalOutcome outcome);

// $1 pids, $2 backend_start and (withQueryStart) $3 query_start arrays: what a signal or its
// verification is bound to.
QVariantList signalBindingParams(const QList<SessionRow> &rows, bool withQueryStart);

} // namespace PgOps
