// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// What the sessions filter accepts and what `pgops sessions` lists, in which order: pure logic
// (pgops_logic only), no model, no server.
#include "activity/sessioncriteria.h"
#include "support/sessionrows.h"

#include <QTest>

#include <algorithm>

using namespace PgOps;

Q_DECLARE_METATYPE(PgOps::SessionRow)
Q_DECLARE_METATYPE(PgOps::SessionCriteria)

namespace {
using PgOpsTest::session;

SessionRow worker(int pid, int leader, double seconds)
{
    return session(pid, QStringLiteral("active"), seconds, leader);
}

SessionRow background(int pid)
{
    SessionRow r = session(pid, QString(), -1);
    r.database.clear();
    r.backendType = QStringLiteral("checkpointer");
    return r;
}

SessionRow hidden(int pid)
{
    SessionRow r = session(pid, QString(), -1);
    r.backendType.clear(); // the role may not see it
    r.hidden = true;
    return r;
}

SessionRow withQuery(SessionRow r, const QString &user, const QString &query)
{
    r.user = user;
    r.query = query;
    return r;
}

SessionCriteria states(const QStringList &s)
{
    SessionCriteria c;
    c.states = QSet<QString>(s.cbegin(), s.cend());
    return c;
}

SessionCriteria minDuration(double seconds)
{
    SessionCriteria c;
    c.minDurationS = seconds;
    return c;
}

SessionCriteria withBackground()
{
    SessionCriteria c;
    c.includeBackground = true;
    return c;
}

QList<int> pids(const QList<SessionRow> &rows)
{
    QList<int> result;
    for (const SessionRow &r : rows)
        result.append(r.pid);
    return result;
}

constexpr double longRunningS = 60;
} // namespace

class TestSessionCriteria : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void accepts_data()
    {
        QTest::addColumn<SessionRow>("row");
        QTest::addColumn<SessionCriteria>("criteria");
        QTest::addColumn<double>("extraSeconds");
        QTest::addColumn<bool>("accepted");

        SessionCriteria longRunning;
        longRunning.longRunningOnly = true;
        SessionCriteria idleTxOnly;
        idleTxOnly.idleInTransactionOnly = true;
        SessionCriteria text;
        text.text = QStringLiteral("INVOICES");
        SessionCriteria user;
        user.user = QStringLiteral("bo");
        const SessionRow invoices
            = withQuery(session(1), QStringLiteral("bob"), QStringLiteral("SELECT * FROM invoices"));
        const QString idleTx = QStringLiteral("idle in transaction");

        QTest::newRow("any client session") << session(1) << SessionCriteria {} << 0.0 << true;
        QTest::newRow("background hidden by default") << background(1) << SessionCriteria {} << 0.0 << false;
        QTest::newRow("background with includeBackground") << background(1) << withBackground() << 0.0 << true;
        QTest::newRow("hidden session with a database is a client") << hidden(1) << SessionCriteria {} << 0.0 << true;
        QTest::newRow("state matches") << session(1) << states({QStringLiteral("active")}) << 0.0 << true;
        QTest::newRow("state differs") << session(1, QStringLiteral("idle")) << states({QStringLiteral("active")})
                                       << 0.0 << false;
        QTest::newRow("aborted counts as idle in transaction")
            << session(1, QStringLiteral("idle in transaction (aborted)")) << states({idleTx}) << 0.0 << true;
        QTest::newRow("query long enough")
            << session(1, QStringLiteral("active"), 120) << minDuration(60) << 0.0 << true;
        QTest::newRow("query too short") << session(1, QStringLiteral("active"), 5) << minDuration(60) << 0.0 << false;
        QTest::newRow("time since the fetch counts")
            << session(1, QStringLiteral("active"), 50) << minDuration(60) << 20.0 << true;
        QTest::newRow("idle transaction counts its idle time")
            << session(1, idleTx, 45) << minDuration(40) << 0.0 << true;
        QTest::newRow("an idle session never lasts")
            << session(1, QStringLiteral("idle"), 1000) << minDuration(10) << 0.0 << false;
        QTest::newRow("long running past the threshold")
            << session(1, QStringLiteral("active"), 61) << longRunning << 0.0 << true;
        QTest::newRow("long running below the threshold")
            << session(1, QStringLiteral("active"), 59) << longRunning << 0.0 << false;
        QTest::newRow("idle in transaction only, active") << session(1) << idleTxOnly << 0.0 << false;
        QTest::newRow("idle in transaction only, idle tx") << session(1, idleTx, 5) << idleTxOnly << 0.0 << true;
        QTest::newRow("text ignores case") << invoices << text << 0.0 << true;
        QTest::newRow("text not in the query") << session(1) << text << 0.0 << false;
        QTest::newRow("user is a substring") << invoices << user << 0.0 << true;
        QTest::newRow("user differs") << session(1) << user << 0.0 << false;
    }

    void accepts()
    {
        QFETCH(SessionRow, row);
        QFETCH(SessionCriteria, criteria);
        QFETCH(double, extraSeconds);
        QFETCH(bool, accepted);
        QCOMPARE(criteria.accepts(row, extraSeconds, longRunningS), accepted);
    }

    // includeBackground widens the list without being a filter the panel announces.
    void isEmpty()
    {
        QVERIFY(SessionCriteria {}.isEmpty());
        QVERIFY(withBackground().isEmpty());
        QVERIFY(!minDuration(1).isEmpty());
        QVERIFY(!states({QStringLiteral("idle")}).isEmpty());
    }

    void selectForReport_data()
    {
        QTest::addColumn<QList<SessionRow>>("rows");
        QTest::addColumn<SessionCriteria>("criteria");
        QTest::addColumn<QList<int>>("expected");

        const QString idleTx = QStringLiteral("idle in transaction");
        QTest::newRow("active first, then idle in transaction, then idle; longest first, ties by pid")
            << QList<SessionRow> {session(5, QStringLiteral("idle"), 900), session(1, QStringLiteral("active"), 5),
                                  session(2, QStringLiteral("active"), 120), session(3, idleTx, 45),
                                  session(4, QStringLiteral("idle"), 10)}
            << SessionCriteria {} << QList<int> {2, 1, 3, 4, 5};
        QTest::newRow("workers right after their leader, longest first")
            << QList<SessionRow> {worker(11, 10, 10), session(20, QStringLiteral("active"), 60), worker(12, 10, 20),
                                  session(10, QStringLiteral("active"), 30)}
            << SessionCriteria {} << QList<int> {20, 10, 12, 11};
        QTest::newRow("workers follow a matching leader whatever their own duration")
            << QList<SessionRow> {session(10, QStringLiteral("active"), 120), worker(11, 10, 5)} << minDuration(100)
            << QList<int> {10, 11};
        QTest::newRow("workers of a leader filtered out go with it")
            << QList<SessionRow> {session(10, QStringLiteral("active"), 5), worker(11, 10, 200),
                                  session(20, QStringLiteral("active"), 150)}
            << minDuration(100) << QList<int> {20};
        QTest::newRow("a worker whose leader is gone stands on its own")
            << QList<SessionRow> {worker(11, 99, 30), session(1, QStringLiteral("active"), 10)} << SessionCriteria {}
            << QList<int> {11, 1};
        QTest::newRow("a worker on its own is filtered like a session")
            << QList<SessionRow> {worker(11, 99, 30)} << minDuration(100) << QList<int> {};
        QTest::newRow("background processes only when asked for")
            << QList<SessionRow> {background(7), session(1, QStringLiteral("active"), 10)} << SessionCriteria {}
            << QList<int> {1};
        QTest::newRow("background processes after the timed sessions")
            << QList<SessionRow> {background(7), session(9, QStringLiteral("active"), 10)} << withBackground()
            << QList<int> {9, 7};
        QTest::newRow("by state") << QList<SessionRow> {session(1, QStringLiteral("idle")), session(2, idleTx, 3),
                                                        session(3, QStringLiteral("idle in transaction (aborted)"), 8)}
                                  << states({idleTx}) << QList<int> {3, 2};
        QTest::newRow("nothing") << QList<SessionRow> {} << SessionCriteria {} << QList<int> {};
    }

    void selectForReport()
    {
        QFETCH(QList<SessionRow>, rows);
        QFETCH(SessionCriteria, criteria);
        QFETCH(QList<int>, expected);
        QCOMPARE(pids(PgOps::selectForReport(rows, criteria, longRunningS)), expected);
        // The server's row order is not ours to rely on: the same rows reversed print the same.
        std::reverse(rows.begin(), rows.end());
        QCOMPARE(pids(PgOps::selectForReport(rows, criteria, longRunningS)), expected);
    }
};

QTEST_GUILESS_MAIN(TestSessionCriteria)
#include "tst_sessioncriteria.moc"
