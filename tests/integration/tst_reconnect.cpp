// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// A server restart while polling: the connection reports the outage and recovers within 5 s
// of the server coming back. Runs on its own cluster, since it stops the server.
#include "db/connection.h"
#include "db/conninfo.h"
#include "db/heartbeat.h"
#include "support/testutil.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace PgOps;

class TestReconnect : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        registerMetaTypes();
    }

    void serverRestartWhilePolling()
    {
        Connection c(ConnectionOptions {});
        c.open(ConnInfo::parse(PgOpsTest::conninfo()).toConninfo());
        QTRY_COMPARE_WITH_TIMEOUT(c.status().state, ConnectionState::Connected, 10000);
        const int firstPid = c.status().backendPid;

        Heartbeat poll(&c);
        poll.setIntervalMs(200);
        QSignalSpy beats(&poll, &Heartbeat::latencyMeasured);
        poll.start();
        QVERIFY(beats.wait(5000));

        QVERIFY(PgOpsTest::cluster(QStringLiteral("halt")));
        QTRY_COMPARE_WITH_TIMEOUT(c.status().state, ConnectionState::Reconnecting, 10000);
        // Stay down long enough for the backoff to grow past a few seconds.
        QTRY_VERIFY_WITH_TIMEOUT(c.status().attempt >= 3, 20000);
        QVERIFY(QDateTime::currentDateTimeUtc().secsTo(c.status().retryAt) >= 0);

        QVERIFY(PgOpsTest::cluster(QStringLiteral("resume")));
        QElapsedTimer back;
        back.start();
        QTRY_COMPARE_WITH_TIMEOUT(c.status().state, ConnectionState::Connected, 5000);
        QVERIFY2(back.elapsed() <= 5000, qPrintable(QString::number(back.elapsed())));
        QVERIFY(c.status().backendPid != firstPid);
        beats.clear();
        QVERIFY(beats.wait(5000)); // polling goes on by itself
    }

    void serverRestartFastRecovers()
    {
        Connection c(ConnectionOptions {});
        c.open(ConnInfo::parse(PgOpsTest::conninfo()).toConninfo());
        QTRY_COMPARE_WITH_TIMEOUT(c.status().state, ConnectionState::Connected, 10000);
        QVERIFY(PgOpsTest::cluster(QStringLiteral("restart")));
        Heartbeat poll(&c);
        poll.setIntervalMs(100);
        QSignalSpy beats(&poll, &Heartbeat::latencyMeasured);
        poll.start();
        QVERIFY(beats.wait(5000));
        QCOMPARE(c.status().state, ConnectionState::Connected);
    }
};

QTEST_GUILESS_MAIN(TestReconnect)
#include "tst_reconnect.moc"
