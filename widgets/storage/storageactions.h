// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "storage/storageaction.h"
#include "storage/storageactionrunner.h"

#include <QObject>
#include <QPointer>

#include <functional>

class QWidget;

namespace PgOps {

class DbServer;

// The Storage panel's actions with the house rules: confirm with the exact SQL, run through
// StorageActionRunner (read-only refused below the widgets, action log first), report what the
// server answered; exact measurements with their cost said first; the findings as a script.
class StorageActions : public QObject
{
    Q_OBJECT
public:
    // Lock timeout of storage actions: a DDL statement that waits for its lock makes everyone
    // behind it wait too.
    static constexpr int lockTimeoutMs = 2000;
    using Confirm = std::function<bool(const StorageAction &)>;

    explicit StorageActions(QWidget *dialogParent);
    void setServer(DbServer *server);
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    bool isRunning() const { return m_runner->isRunning(); }

    void run(const StorageAction &action);
    void countRows(const TableRow &table);
    void measure(const StorageSnapshot &snapshot, quint32 oid, bool index);
    void exportScript(const QList<StorageFinding> &findings, const QString &serverName);

Q_SIGNALS:
    void statusMessage(const QString &message);
    // An action finished (or was refused): the panel refreshes to show what the server has now.
    void finished(const PgOps::StorageActionReport &report);

private:
    QWidget *m_dialogParent;
    QPointer<DbServer> m_server;
    StorageActionRunner *m_runner;
    Confirm m_confirm;
};

} // namespace PgOps
