// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"
#include "storage/storageaction.h"

#include <QObject>
#include <QPointer>

namespace PgOps {

class DbServer;

// What the server answered to a storage action; never what was asked.
struct StorageActionReport
{
    enum class State
    {
        Done, // every statement succeeded
        NotRun, // refused or checked before anything was sent: nothing changed
        Failed, // a statement failed; `message` says which and what ran before it
        Unknown, // the connection broke after a statement was sent: it may or may not have run
    };
    State state = State::Done;
    QString message;
    QString sqlState;
};

// Runs a confirmed storage action on its own "maintenance" connection: checks that the oid still
// names the relation the user confirmed, sends the session settings (lock_timeout, no
// statement_timeout), then each statement in order, each announced to the action log before it
// leaves. Read-only mode refuses it here, below the widgets.
class StorageActionRunner : public QObject
{
    Q_OBJECT
public:
    explicit StorageActionRunner(QObject *parent = nullptr);
    void setServer(DbServer *server);
    bool isRunning() const { return m_running; }
    void run(const StorageAction &action);
    // Cancels the statement running now; what it had done is reported as the server answers.
    void cancel();

Q_SIGNALS:
    void stepStarted(const QString &sql);
    void finished(const PgOps::StorageActionReport &report);

private:
    void sendNext();
    void finish(StorageActionReport::State state, const QString &message, const QString &sqlState = {});
    void onStatement(const QueryResult &result);

    QPointer<DbServer> m_server;
    StorageAction m_action;
    int m_next = 0; // index into prelude + statements
    QStringList m_sequence;
    quint64 m_current = 0;
    bool m_running = false;
};

} // namespace PgOps
