#pragma once

#include "confirmsignaldialog.h"
#include "sessionactions.h"

#include <QObject>
#include <QPointer>

#include <functional>

class QWidget;

namespace PgOps {

class DbServer;

// Cancel / terminate with the house rules, for every panel that offers them: plan (refusing
// our own sessions and what the role may not signal), confirm with the exact SQL, run on the
// "actions" connection, and after a cancel verify and offer terminate.
class SignalRunner : public QObject
{
    Q_OBJECT
public:
    using Confirm = std::function<ConfirmSignalDialog::Choice(const SignalPlan &, const QString &preface)>;

    explicit SignalRunner(QWidget *dialogParent);

    void setServer(DbServer *server);
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    void run(SignalKind kind, const QList<SessionRow> &sessions, const QString &preface = {});

Q_SIGNALS:
    void finished(PgOps::SignalKind kind, bool ok, const QString &message);

private:
    void onResult(const QueryResult &result);
    Connection *connection() const;

    QWidget *m_dialogParent;
    QPointer<DbServer> m_server;
    Confirm m_confirm;
    quint64 m_pending = 0;
    SignalPlan m_plan;
};

} // namespace PgOps
