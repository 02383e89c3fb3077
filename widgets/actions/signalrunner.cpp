// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "actions/signalrunner.h"

#include "actions/cancelverifier.h"
#include "db/connection.h"
#include "db/dbserver.h"

#include <QMessageBox>
#include <QWidget>

namespace PgOps {

SignalRunner::SignalRunner(QWidget *dialogParent)
    : QObject(dialogParent)
    , m_dialogParent(dialogParent)
    , m_confirm([dialogParent](const SignalPlan &plan, const QString &preface) {
        ConfirmSignalDialog dialog(plan, preface, dialogParent);
        dialog.exec();
        return dialog.choice();
    })
{
}

Connection *SignalRunner::connection() const
{
    return m_server ? m_server->connection(QStringLiteral("actions")) : nullptr;
}

void SignalRunner::setServer(DbServer *server)
{
    m_server = server;
}

void SignalRunner::run(SignalKind kind, const QList<SessionRow> &sessions, const QString &preface)
{
    if (!m_server || m_server->isReadOnly() || sessions.isEmpty())
        return;
    const SignalPlan plan = planSignal(kind, sessions, m_server->serverInfo(), m_server->ownBackendPids());
    const ConfirmSignalDialog::Choice choice = m_confirm(plan, preface);
    if (choice == ConfirmSignalDialog::TerminateInstead) {
        run(SignalKind::Terminate, plan.targets, preface);
        return;
    }
    if (choice != ConfirmSignalDialog::Proceed || plan.isEmpty())
        return;
    Connection *actions = connection();
    const DbRequest request = plan.request();
    // The action log writes the attempt, with the sessions confirmed, before the statement
    // leaves: a crash between sending and the answer must still leave a record of it.
    m_server->announceAction(actions, request, plan.auditTargets());
    actions->exec(request, this, [this, plan](const QueryResult &result) { onResult(plan, result); });
}

void SignalRunner::finish(SignalKind kind, bool ok, const QString &message)
{
    Q_EMIT finished(kind, ok, message);
    if (ok)
        return;
    // Whatever did not go as confirmed is said where the user looks, without blocking the window.
    auto *box = new QMessageBox(QMessageBox::Warning, kind == SignalKind::Cancel ? tr("Cancel") : tr("Terminate"),
                                message, QMessageBox::Ok, m_dialogParent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void SignalRunner::onResult(const SignalPlan &plan, const QueryResult &result)
{
    // What the server answered per session, never what was asked.
    const SignalReport report = SignalReport::of(plan, result);
    if (report.state != SignalReport::State::Answered || plan.kind == SignalKind::Terminate
        || report.signalled().isEmpty()) {
        finish(plan.kind, report.allSignalled(), report.text());
        return;
    }
    verifyCancel(report);
}

void SignalRunner::verifyCancel(const SignalReport &report)
{
    // A cancel is a request: check that the queries really stopped, and offer terminate if not.
    const QString notSignalled = report.notSignalledText().join(QLatin1Char(' '));
    const auto withRest = [notSignalled](const QString &m) {
        return notSignalled.isEmpty() ? m : m + QLatin1Char(' ') + notSignalled;
    };
    auto *verifier = new CancelVerifier(connection(), report.signalled(), 3000, this);
    connect(verifier, &CancelVerifier::settled, this,
            [this, verifier, withRest, notSignalled](const QList<int> &stopped, const QList<SessionRow> &still) {
                verifier->deleteLater();
                if (still.isEmpty()) {
                    finish(SignalKind::Cancel, notSignalled.isEmpty(),
                           withRest(stopped.size() == 1 ? tr("Cancelled: 1 query stopped.")
                                                        : tr("Cancelled: %1 queries stopped.").arg(stopped.size())));
                    return;
                }
                const QString m
                    = tr("%n session(s) still run the same query 3 s after the cancel.", nullptr, int(still.size()));
                Q_EMIT finished(SignalKind::Cancel, false, withRest(m));
                run(SignalKind::Terminate, still, m + QLatin1Char(' ') + tr("Terminate them?"));
            });
    connect(verifier, &CancelVerifier::failed, this, [this, verifier, withRest, report](const QString &message) {
        verifier->deleteLater();
        finish(SignalKind::Cancel, false,
               withRest(tr("Cancel sent to %n session(s), but PgOps could not verify whether the queries stopped: %1",
                           nullptr, int(report.signalled().size()))
                            .arg(message)));
    });
    verifier->start();
}

} // namespace PgOps
