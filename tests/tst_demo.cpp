// The demo sandbox: a private server with the schema and live workload, and nothing left
// behind afterwards, also after SIGTERM; the screenshot tour writes one image per panel.
#include "connection.h"
#include "conninfo.h"
#include "democluster.h"
#include "demoschema.h"
#include "demoworkload.h"
#include "testutil.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace PgOps;

namespace {
// Processes whose command line mentions path: a server or watchdog that outlived its demo.
QStringList processesMentioning(const QString &path)
{
    QStringList found;
    const QByteArray needle = QFile::encodeName(path);
    const auto pids = QDir(QStringLiteral("/proc")).entryList({QStringLiteral("[0-9]*")}, QDir::Dirs);
    for (const QString &pid : pids) {
        if (pid.toLongLong() == QCoreApplication::applicationPid())
            continue;
        QFile f(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle))
            found.append(pid);
    }
    return found;
}

QueryResult query(Connection &c, const QString &sql)
{
    QSignalSpy spy(&c, &Connection::finished);
    const quint64 id = c.exec(sql);
    QDeadlineTimer deadline(30000);
    while (!deadline.hasExpired()) {
        for (const auto &args : std::as_const(spy)) {
            const auto r = args.at(0).value<QueryResult>();
            if (r.requestId == id)
                return r;
        }
        spy.wait(int(qMax<qint64>(1, deadline.remainingTime())));
    }
    return {};
}

QString pgops()
{
    return QStringLiteral(PGOPS_BINARY);
}

// Starts `pgops --demo` offscreen and waits for it to say where its server lives.
QString startDemo(QProcess &p)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    p.setProcessEnvironment(env);
    p.start(pgops(), {QStringLiteral("--demo"), QStringLiteral("--demo-scale"), QStringLiteral("0.02")});
    QString out;
    QRegularExpressionMatch m;
    const QRegularExpression ready(QStringLiteral("demo ready in (\\S+)"));
    if (!QTest::qWaitFor([&] { return (out += QString::fromLocal8Bit(p.readAllStandardOutput()), m = ready.match(out)).hasMatch(); },
                         60000))
        qWarning("the demo did not get ready: %s", qPrintable(out));
    return m.captured(1);
}
} // namespace

class TestDemo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        registerMetaTypes();
        QString error;
        if (DemoCluster::findServerBinaries({}, &error).isEmpty())
            QFAIL(qPrintable(error)); // make test installs the server: its absence is a failure
    }

    void missingBinariesAreExplained()
    {
        QString error;
        QVERIFY(DemoCluster::findServerBinaries(QStringLiteral("/nonexistent"), &error).isEmpty());
        QVERIFY2(error.contains(QLatin1String("--pg-bin")), qPrintable(error));
    }

    void schemaWorkloadAndLockChain()
    {
        DemoCluster cluster;
        QString error;
        QVERIFY2(cluster.start({}, &error), qPrintable(error));
        const QString dir = cluster.directory();
        QVERIFY(QFileInfo(dir + QStringLiteral("/data/postmaster.pid")).exists());
        // The socket lives in the private directory; there is no TCP listener.
        QVERIFY(QFileInfo::exists(dir + QStringLiteral("/.s.PGSQL.5432")));

        ConnectionOptions loaderOptions;
        loaderOptions.statementTimeoutMs = 0;
        auto loader = std::make_unique<Connection>(loaderOptions);
        loader->open(ConnInfo::parse(cluster.conninfo()).toConninfo());
        DemoSchema schema(loader.get(), 0.02);
        QSignalSpy done(&schema, &DemoSchema::finished);
        schema.start();
        QVERIFY(done.wait(60000));
        QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));
        loader.reset(); // as the demo does: its backend's statistics are flushed when it exits

        Connection probe(ConnectionOptions {});
        probe.open(ConnInfo::parse(cluster.conninfo()).toConninfo());
        const QueryResult states = query(probe, QStringLiteral(
            "SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM orders) AS orders, "
            "(SELECT count(*) FROM pg_inherits WHERE inhparent = 'events'::regclass) AS partitions, "
            "(SELECT NOT indisvalid FROM pg_index WHERE indexrelid = 'customers_email_key'::regclass) AS invalid, "
            "(SELECT count(*) FROM pg_indexes WHERE indexname IN ('orders_customer_idx', 'orders_customer_created_idx', "
            "'orders_coupon_idx')) AS index_states, "
            "(SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements') AS pgss"));
        QVERIFY2(states.ok(), qPrintable(states.error.message));
        QCOMPARE(states.value(0, QStringLiteral("customers")).toLongLong(), 1000);
        QCOMPARE(states.value(0, QStringLiteral("orders")).toLongLong(), 4000);
        QCOMPARE(states.value(0, QStringLiteral("partitions")).toLongLong(), 7);
        QVERIFY(states.value(0, QStringLiteral("invalid")).toBool());
        QTRY_VERIFY_WITH_TIMEOUT(query(probe, QStringLiteral("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'sessions_log'"))
                                         .value(0, QStringLiteral("n_dead_tup"))
                                         .toLongLong()
                                     > 0,
                                 15000);
        QCOMPARE(states.value(0, QStringLiteral("index_states")).toLongLong(), 3);
        QCOMPARE(states.value(0, QStringLiteral("pgss")).toLongLong(), 1);

        DemoWorkload workload(cluster.conninfo());
        workload.start();
        // Three levels: readers wait for the ALTER TABLE, which waits for the open transaction.
        const QString chain = QStringLiteral(
            "SELECT count(*) AS readers FROM pg_stat_activity r "
            "JOIN pg_stat_activity m ON m.pid = ANY (pg_blocking_pids(r.pid)) AND m.application_name = 'migration' "
            "JOIN pg_stat_activity h ON h.pid = ANY (pg_blocking_pids(m.pid)) AND h.application_name = 'inventory-sync' "
            "WHERE r.application_name = 'storefront' AND r.wait_event_type = 'Lock'");
        QTRY_VERIFY_WITH_TIMEOUT(query(probe, chain).value(0, QStringLiteral("readers")).toLongLong() == 2, 20000);
        const QueryResult locks = query(probe, QStringLiteral(
            "SELECT count(*) FILTER (WHERE NOT granted AND mode = 'AccessExclusiveLock') AS ddl_waiting, "
            "count(*) FILTER (WHERE NOT granted) AS waiting FROM pg_locks WHERE relation = 'inventory'::regclass"));
        QCOMPARE(locks.value(0, QStringLiteral("ddl_waiting")).toLongLong(), 1);
        QVERIFY(locks.value(0, QStringLiteral("waiting")).toLongLong() >= 3);
        QTRY_VERIFY_WITH_TIMEOUT(
            query(probe, QStringLiteral("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'billing-worker' "
                                        "AND state = 'idle in transaction'"))
                    .value(0, QStringLiteral("n"))
                    .toLongLong()
                == 1,
            10000);

        workload.stop();
        cluster.stop();
        QVERIFY(!QFileInfo::exists(dir));
        QTRY_VERIFY_WITH_TIMEOUT(processesMentioning(dir).isEmpty(), 5000);
    }

    void sigtermLeavesNothingBehind()
    {
        QProcess p;
        const QString dir = startDemo(p);
        QVERIFY(!dir.isEmpty());
        QVERIFY(QFileInfo::exists(dir));
        p.terminate(); // SIGTERM
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(!QFileInfo::exists(dir));
        QTRY_VERIFY_WITH_TIMEOUT(processesMentioning(dir).isEmpty(), 5000);
    }

    void killedPgopsLeavesNothingBehind()
    {
        QProcess p;
        const QString dir = startDemo(p);
        QVERIFY(!dir.isEmpty());
        p.kill(); // SIGKILL: no chance to clean up; the watchdog must
        QVERIFY(p.waitForFinished(10000));
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(dir), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(processesMentioning(dir).isEmpty(), 10000);
    }

    void screenshotTourWritesOneImagePerPanel()
    {
        QTemporaryDir shots;
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        p.setProcessEnvironment(env);
        p.start(pgops(), {QStringLiteral("--demo"), QStringLiteral("--demo-scale"), QStringLiteral("0.02"),
                          QStringLiteral("--screenshot"), shots.path()});
        QVERIFY(p.waitForFinished(180000));
        QCOMPARE(p.exitCode(), 0);
        const QStringList printed = QString::fromLocal8Bit(p.readAllStandardOutput()).split(QLatin1Char('\n')).filter(QStringLiteral(".png"));
        const QStringList files = QDir(shots.path()).entryList({QStringLiteral("*.png")}, QDir::Files, QDir::Name);
        QCOMPARE(files.size(), 7);
        QCOMPARE(printed.size(), files.size());
        QCOMPARE(files.first(), QStringLiteral("01-sessions.png"));
        for (const QString &f : files) {
            const QImage image(shots.filePath(f));
            QCOMPARE(image.size(), QSize(1280, 800));
        }
    }
};

QTEST_GUILESS_MAIN(TestDemo)
#include "tst_demo.moc"
