// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "activity/sessionrow.h"
#include "db/dbtypes.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

namespace PgOps {

class Connection;

// After a cancel: watches the targets for a few seconds and reports which ended their query
// and which still run the same one (same session, same query_start, still running), so the panel
// can offer terminate. When the check itself fails, says so instead of guessing.
class CancelVerifier : public QObject
{
    Q_OBJECT
public:
    CancelVerifier(Connection *connection, const QList<SessionRow> &targets, int watchMs = 3000,
                   QObject *parent = nullptr);
    void start();

Q_SIGNALS:
    void settled(const QList<int> &stopped, const QList<PgOps::SessionRow> &stillRunning);
    void failed(const QString &message);

private:
    void poll();
    void onResult(const PgOps::QueryResult &result);

    QPointer<Connection> m_connection;
    QList<SessionRow> m_targets;
    int m_watchMs;
    int m_elapsedMs = 0;
    QTimer m_timer;
};

} // namespace PgOps
