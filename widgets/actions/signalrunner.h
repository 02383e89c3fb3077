// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "actions/confirmsignaldialog.h"
#include "actions/signalplan.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>

class QWidget;

namespace PgOps {

class Connection;

class DbServer;

// Cancel / terminate with the house rules, for every panel that offers them: plan (refusing
// our own sessions, server processes, idle sessions for a cancel and what the role may not
// signal), confirm with the exact SQL, run on the "actions" connection, report what the server
// answered per session, and after a cancel verify and offer terminate.
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
    // ok: every target was signalled (and, for a cancel, its query stopped).
    void finished(PgOps::SignalKind kind, bool ok, const QString &message);

private:
    void onResult(const SignalPlan &plan, const QueryResult &result);
    void verifyCancel(const SignalReport &report);
    void finish(SignalKind kind, bool ok, const QString &message);
    Connection *connection() const;

    QWidget *m_dialogParent;
    QPointer<DbServer> m_server;
    Confirm m_confirm;
};

} // namespace PgOps
