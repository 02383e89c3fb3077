#pragma once

#include "dbtypes.h"
#include "sessionrow.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

namespace PgOps {

class Connection;

enum class SignalKind { Cancel, Terminate };

struct RefusedTarget
{
    SessionRow session;
    QString reason; // names the problem and the fix
};

// What a cancel or terminate will do, worked out before anything runs: the targets, those
// refused and why, warnings, and the exact SQL the confirmation shows.
struct SignalPlan
{
    SignalKind kind = SignalKind::Cancel;
    QList<SessionRow> targets;
    QList<RefusedTarget> refused;
    QStringList warnings;
    // Cancel asked for idle-in-transaction sessions: cancelling does nothing there.
    bool suggestTerminate = false;
    QString sql;
    QVariantList params;

    bool isEmpty() const { return targets.isEmpty(); }
    // The SQL with its parameter written out, for the confirmation and the clipboard.
    QString displaySql() const;
    DbRequest request() const;
};

SignalPlan planSignal(SignalKind kind, const QList<SessionRow> &sessions, const ServerInfo &me, const QSet<int> &ownPids);

// After a cancel: watches the targets for a few seconds and reports which ended their query
// and which still run the same one, so the panel can offer terminate.
class CancelVerifier : public QObject
{
    Q_OBJECT
public:
    CancelVerifier(Connection *connection, const QList<SessionRow> &targets, int watchMs = 3000,
                   QObject *parent = nullptr);
    void start();

Q_SIGNALS:
    void settled(const QList<int> &stopped, const QList<PgOps::SessionRow> &stillRunning);

private:
    void poll();
    void onResult(const PgOps::QueryResult &result);

    QPointer<Connection> m_connection;
    QList<SessionRow> m_targets;
    int m_watchMs;
    int m_elapsedMs = 0;
    quint64 m_pending = 0;
    QTimer m_timer;
};

} // namespace PgOps
