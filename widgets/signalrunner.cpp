#include "signalrunner.h"

#include "connection.h"
#include "dbserver.h"

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
    if (Connection *old = connection())
        disconnect(old, nullptr, this, nullptr);
    m_server = server;
    m_pending = 0;
    if (Connection *c = connection())
        connect(c, &Connection::finished, this, &SignalRunner::onResult);
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
    m_plan = plan;
    m_pending = connection()->exec(plan.request());
}

void SignalRunner::onResult(const QueryResult &result)
{
    if (!m_pending || result.requestId != m_pending)
        return;
    m_pending = 0;
    const SignalPlan plan = m_plan;
    if (!result.ok()) {
        const QString message = QString(result.error.message + QLatin1Char('\n') + result.error.hint).trimmed();
        Q_EMIT finished(plan.kind, false, message);
        QMessageBox::warning(m_dialogParent, tr("Not done"), message);
        return;
    }
    if (plan.kind == SignalKind::Terminate) {
        Q_EMIT finished(plan.kind, true, tr("Terminated %n session(s).", nullptr, int(plan.targets.size())));
        return;
    }
    // A cancel is a request: check that the queries really stopped, and offer terminate if not.
    auto *verifier = new CancelVerifier(connection(), plan.targets, 3000, this);
    connect(verifier, &CancelVerifier::settled, this, [this, verifier](const QList<int> &stopped, const QList<SessionRow> &still) {
        verifier->deleteLater();
        if (still.isEmpty()) {
            Q_EMIT finished(SignalKind::Cancel, true, tr("Cancelled: %n query(ies) stopped.", nullptr, int(stopped.size())));
            return;
        }
        const QString m = tr("%n session(s) still run the same query 3 s after the cancel.", nullptr, int(still.size()));
        Q_EMIT finished(SignalKind::Cancel, false, m);
        run(SignalKind::Terminate, still, m + QLatin1Char(' ') + tr("Terminate them?"));
    });
    verifier->start();
}

} // namespace PgOps
