// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The connection layer's limits against hostile networks: a listener that never answers, a
// cancel request that hangs, and several connections of one server trying at once.
#include "db/connection.h"
#include "db/conninfo.h"
#include "db/dbserver.h"
#include "support/testutil.h"

#include <QElapsedTimer>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <memory>

using namespace PgOps;

namespace {
using PgOpsTest::run;

std::unique_ptr<Connection> openConnection()
{
    auto c = std::make_unique<Connection>(ConnectionOptions {});
    c->open(ConnInfo::parse(PgOpsTest::conninfo()).toConninfo());
    return c;
}

// A TCP proxy on its own thread: the first connection is passed through to the test server's
// Unix socket, every later one (PQcancel's) is accepted and never answered, so a cancel request
// hangs for as long as the proxy lives.
class CancelSwallowingProxy : public QThread
{
public:
    explicit CancelSwallowingProxy(QString socketPath) : m_socketPath(std::move(socketPath)) { }
    quint16 port() const { return m_port.loadAcquire(); }

protected:
    void run() override
    {
        QTcpServer server;
        server.listen(QHostAddress::LocalHost);
        int seen = 0;
        QObject::connect(&server, &QTcpServer::newConnection, [&] {
            while (QTcpSocket *client = server.nextPendingConnection()) {
                client->setParent(&server);
                if (seen++ > 0)
                    continue; // swallowed
                auto *upstream = new QLocalSocket(&server);
                upstream->connectToServer(m_socketPath);
                QObject::connect(client, &QTcpSocket::readyRead, upstream,
                                 [client, upstream] { upstream->write(client->readAll()); });
                QObject::connect(upstream, &QLocalSocket::readyRead, client,
                                 [client, upstream] { client->write(upstream->readAll()); });
            }
        });
        m_port.storeRelease(server.serverPort());
        exec();
    }

private:
    QString m_socketPath;
    QAtomicInteger<quint16> m_port {0};
};
} // namespace

class TestConnectLimits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        registerMetaTypes();
    }

    void silentListenerIsCappedAndClosingNeverWaits()
    {
        // Accepts TCP connections (the kernel does, into the backlog) and never answers: with
        // connect_timeout=0 libpq alone would wait forever.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        ConnectionOptions o;
        o.connectTimeoutS = 2;
        auto c = std::make_unique<Connection>(o);
        QElapsedTimer t;
        t.start();
        c->open(QStringLiteral("host=127.0.0.1 port=%1 dbname=x user=x connect_timeout=0 sslmode=disable")
                    .arg(silent.serverPort())
                    .toUtf8());
        QSignalSpy accepted(&silent, &QTcpServer::newConnection);
        QTRY_COMPARE_WITH_TIMEOUT(c->status().state, ConnectionState::Reconnecting, 6000);
        QVERIFY2(t.elapsed() < 5000, qPrintable(QString::number(t.elapsed())));
        QVERIFY2(c->status().message.contains(QLatin1String("within 2 s")), qPrintable(c->status().message));
        // Once the retry is under way it is stuck in it: closing must not wait for it.
        QTRY_VERIFY_WITH_TIMEOUT(accepted.size() >= 2, 5000);
        QElapsedTimer closing;
        closing.start();
        c.reset();
        QVERIFY2(closing.elapsed() < 200, qPrintable(QString::number(closing.elapsed())));
        QVERIFY(Connection::waitForClosed(3000)); // and the worker does stop soon after
    }

    void aHangingCancelNeverBlocksTheGuiThread()
    {
        const QString dir = ConnInfo::parse(PgOpsTest::conninfo()).option(QStringLiteral("host"));
        CancelSwallowingProxy proxy(dir + QStringLiteral("/.s.PGSQL.5432"));
        proxy.start();
        QTRY_VERIFY(proxy.port() != 0);
        Connection c(ConnectionOptions {});
        c.open(QStringLiteral("host=127.0.0.1 port=%1 user=postgres dbname=postgres sslmode=disable")
                   .arg(proxy.port())
                   .toUtf8());
        QTRY_COMPARE_WITH_TIMEOUT(c.status().state, ConnectionState::Connected, 10000);
        const quint64 id = c.exec(QStringLiteral("SELECT pg_sleep(3)"));
        auto watcher = openConnection();
        const QString running = QStringLiteral("SELECT count(*) AS n FROM pg_stat_activity "
                                               "WHERE query = 'SELECT pg_sleep(3)' AND state = 'active'");
        QTRY_VERIFY_WITH_TIMEOUT(run(*watcher, running).value(0, QStringLiteral("n")).toInt() == 1, 5000);
        c.cancel(id); // its PQcancel now hangs on the proxy, on a pool thread
        QElapsedTimer gui;
        gui.start();
        for (int i = 0; i < 5; ++i) {
            c.cancel(id);
            c.exec(QStringLiteral("SELECT 1"), {}, QStringLiteral("tag"));
        }
        QVERIFY2(gui.elapsed() < 100, qPrintable(QString::number(gui.elapsed())));
        proxy.quit();
        proxy.wait();
    }

    void oneConnectAttemptAtATimePerServer()
    {
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        // Attempts that are gated one at a time arrive at least a connect timeout apart; without
        // the gate they all arrive at once. (Counting open sockets here would race the peer's close.)
        QElapsedTimer clock;
        clock.start();
        QList<qint64> arrivals;
        connect(&silent, &QTcpServer::newConnection, this, [&] {
            while (QTcpSocket *s = silent.nextPendingConnection()) {
                arrivals.append(clock.elapsed());
                s->setParent(&silent);
            }
        });
        DbServer server(ConnInfo::parse(
            QStringLiteral("host=127.0.0.1 port=%1 dbname=x user=x sslmode=disable").arg(silent.serverPort())));
        ConnectionOptions o;
        o.connectTimeoutS = 1;
        server.setMonitorOptions(o);
        for (const char *purpose : {"monitor", "sessions", "locks", "storage"})
            server.connection(QString::fromLatin1(purpose));
        QTRY_VERIFY_WITH_TIMEOUT(arrivals.size() >= 3, 15000);
        for (qsizetype i = 1; i < arrivals.size(); ++i)
            QVERIFY2(arrivals.at(i) - arrivals.at(i - 1) >= 800,
                     qPrintable(QString::number(arrivals.at(i) - arrivals.at(i - 1))));
    }
};

QTEST_GUILESS_MAIN(TestConnectLimits)
#include "tst_connectlimits.moc"
