// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The demo sandbox: a private server with the schema and live workload, and nothing left
// behind afterwards, also after SIGTERM; the screenshot tour writes one image per panel.
#include "audit/actionlog.h"
#include "db/connection.h"
#include "db/conninfo.h"
#include "demo/democluster.h"
#include "demo/demoschema.h"
#include "demo/demoworkload.h"
#include "demosession.h"
#include "mainwindow.h"
#include "support/testutil.h"

#include <QAction>
#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

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

// The environment for a pgops child: offscreen, and settings and action log in a scratch
// directory instead of the account's own.
QProcessEnvironment childEnvironment(const QTemporaryDir &home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    return env;
}

mode_t modeOf(const QString &path)
{
    struct stat st = {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_mode : 0;
}

// A directory in the spot cleanupOrphans() looks at, with an owner.pid naming a dead process and
// a "bin directory" whose pg_ctl leaves a marker if anyone runs it.
struct PlantedOrphan
{
    QString dir;
    QString ownerPid;
    QString marker;
};

PlantedOrphan plantOrphan(const QTemporaryDir &root)
{
    PlantedOrphan planted;
    const QString bin = root.filePath(QStringLiteral("evil-bin"));
    planted.marker = root.filePath(QStringLiteral("pg_ctl-ran"));
    planted.dir = root.filePath(QStringLiteral("pgops-demo-2147483647-planted"));
    planted.ownerPid = planted.dir + QStringLiteral("/owner.pid");
    QDir().mkpath(bin);
    QDir().mkpath(planted.dir + QStringLiteral("/data"));
    QFile script(bin + QStringLiteral("/pg_ctl"));
    if (script.open(QIODevice::WriteOnly))
        script.write("#!/bin/sh\ntouch '" + QFile::encodeName(planted.marker) + "'\n");
    script.close();
    script.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                          | QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
                          | QFileDevice::ExeOther);
    // pid 2147483647 is above any pid_max: the "owner" is gone. No account: run as root.
    QFile owner(planted.ownerPid);
    if (owner.open(QIODevice::WriteOnly))
        owner.write("2147483647\n" + QFile::encodeName(bin) + "\n\n");
    owner.close();
    QFile pid(planted.dir + QStringLiteral("/data/postmaster.pid"));
    if (pid.open(QIODevice::WriteOnly))
        pid.write("not a pid\n");
    return planted;
}

bool chownTo(const QString &path, const char *account)
{
    const passwd *pw = getpwnam(account);
    return pw && ::chown(QFile::encodeName(path).constData(), pw->pw_uid, pw->pw_gid) == 0;
}

// psql as another OS account against the demo socket; true if it got in.
bool connectsAs(const QString &account, const QString &socketDir)
{
    QProcess psql;
    psql.setWorkingDirectory(QStringLiteral("/"));
    psql.setProcessChannelMode(QProcess::MergedChannels);
    psql.start(QStringLiteral("runuser"),
               {QStringLiteral("-u"), account, QStringLiteral("--"), QStringLiteral("psql"), QStringLiteral("-X"),
                QStringLiteral("-w"), QStringLiteral("-At"),
                QStringLiteral("host=%1 port=5432 dbname=postgres user=postgres").arg(socketDir), QStringLiteral("-c"),
                QStringLiteral("SELECT 1")});
    if (!psql.waitForFinished(20000))
        return false;
    return psql.exitStatus() == QProcess::NormalExit && psql.exitCode() == 0;
}

// Starts `pgops --demo` offscreen and waits for it to say where its server lives.
QString startDemo(QProcess &p, const QTemporaryDir &home)
{
    p.setProcessEnvironment(childEnvironment(home));
    p.start(pgops(), {QStringLiteral("--demo"), QStringLiteral("--demo-scale"), QStringLiteral("0.02")});
    QString out;
    QRegularExpressionMatch m;
    const QRegularExpression ready(QStringLiteral("demo ready in (\\S+)"));
    if (!QTest::qWaitFor(
            [&] { return (out += QString::fromLocal8Bit(p.readAllStandardOutput()), m = ready.match(out)).hasMatch(); },
            60000))
        QTest::qFail(qPrintable(QStringLiteral("the demo did not get ready: ") + out), __FILE__, __LINE__);
    return m.captured(1);
}
} // namespace

class TestDemo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("PgOpsTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_demo"));
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

    // A pgops-demo-* directory another local account planted must never make us (maybe root)
    // run what it names; only directories we provably made are stopped and removed.
    void orphanCleanupTrustsOnlyOurOwnDirectories_data()
    {
        QTest::addColumn<QString>("plant");
        QTest::addColumn<bool>("removed");
        QTest::newRow("owned by another account") << QStringLiteral("foreign-dir") << false;
        QTest::newRow("owner.pid owned by another account") << QStringLiteral("foreign-pid") << false;
        QTest::newRow("world-writable") << QStringLiteral("world-writable") << false;
        QTest::newRow("group-writable") << QStringLiteral("group-writable") << false;
        QTest::newRow("owner.pid world-writable") << QStringLiteral("pid-writable") << false;
        QTest::newRow("ours: removed, the bin directory it names ignored") << QStringLiteral("ours") << true;
    }

    void orphanCleanupTrustsOnlyOurOwnDirectories()
    {
        QFETCH(QString, plant);
        QFETCH(bool, removed);
        QTemporaryDir root;
        const PlantedOrphan planted = plantOrphan(root);
        QFile::setPermissions(planted.dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QFile::setPermissions(planted.ownerPid, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        if (plant.startsWith(QLatin1String("foreign")) && ::geteuid() != 0)
            QSKIP("giving a file to another account needs root");
        if (plant == QLatin1String("foreign-dir"))
            QVERIFY(chownTo(planted.dir, "nobody"));
        else if (plant == QLatin1String("foreign-pid"))
            QVERIFY(chownTo(planted.ownerPid, "nobody"));
        else if (plant == QLatin1String("world-writable"))
            QVERIFY(::chmod(QFile::encodeName(planted.dir).constData(), 0777) == 0);
        else if (plant == QLatin1String("group-writable"))
            QVERIFY(::chmod(QFile::encodeName(planted.dir).constData(), 0770) == 0);
        else if (plant == QLatin1String("pid-writable"))
            QVERIFY(::chmod(QFile::encodeName(planted.ownerPid).constData(), 0666) == 0);

        DemoCluster::cleanupOrphans(root.path(), {});
        QVERIFY2(!QFile::exists(planted.marker), "ran the pg_ctl that owner.pid names");
        QCOMPARE(!QFileInfo::exists(planted.dir), removed);
        if (!removed)
            QVERIFY(QFileInfo::exists(planted.ownerPid));
    }

    // Trust authentication is only safe if no other local account can reach the socket.
    void demoServerIsPrivateToItsAccount()
    {
        DemoCluster cluster;
        QString error;
        QVERIFY2(cluster.start({}, &error), qPrintable(error));
        const QString dir = cluster.directory();
        QCOMPARE(modeOf(dir) & 07777, mode_t(0700));
        const mode_t socket = modeOf(dir + QStringLiteral("/.s.PGSQL.5432"));
        QVERIFY(S_ISSOCK(socket));
        QCOMPARE(socket & 077, mode_t(0));
        if (::geteuid() == 0) {
            QVERIFY2(connectsAs(QStringLiteral("postgres"), dir), "the server's own account cannot connect");
            QVERIFY2(!connectsAs(QStringLiteral("nobody"), dir), "another local account can connect");
        }
        cluster.stop();
        QVERIFY(!QFileInfo::exists(dir));
    }

    void demoHonoursReadOnly()
    {
        QTemporaryDir home;
        ActionLog log(home.filePath(QStringLiteral("actions.jsonl")));
        MainWindow window(&log);
        DemoSession demo;
        DemoSession::Options options;
        options.scale = 0.01;
        options.readOnly = true;
        QSignalSpy ready(&demo, &DemoSession::ready);
        QSignalSpy failed(&demo, &DemoSession::failed);
        QString error;
        QVERIFY2(demo.start(options, &window, &error), qPrintable(error));
        QVERIFY(window.server());
        QVERIFY(window.server()->isReadOnly());
        QVERIFY(window.readOnlyAction()->isChecked());
        // Stop once loading is over, as the demo would.
        QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty() || !failed.isEmpty(), 60000);
        QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
        window.disconnectFromServer();
        demo.stop();
    }

    // The password must not stay readable in /proc/PID/cmdline while the window runs.
    void passwordOnTheCommandLineIsBlanked_data()
    {
        QTest::addColumn<QString>("conninfo");
        QTest::newRow("keyword") << QStringLiteral("host=/nonexistent-dir port=5432 password=hunter2-keyword");
        QTest::newRow("uri") << QStringLiteral("postgresql://me:hunter2-uri@%2Fnonexistent-dir:5432/db");
        QTest::newRow("sslpassword") << QStringLiteral("host=/nonexistent-dir sslpassword=hunter2-ssl");
    }

    void passwordOnTheCommandLineIsBlanked()
    {
        QFETCH(QString, conninfo);
        QTemporaryDir home;
        QProcess p;
        p.setProcessEnvironment(childEnvironment(home));
        p.start(pgops(), {QStringLiteral("--read-only"), conninfo});
        QVERIFY(p.waitForStarted(10000));
        QByteArray err;
        QTRY_VERIFY2_WITH_TIMEOUT((err += p.readAllStandardError()).contains(".pgpass"),
                                  qPrintable(QString::fromLocal8Bit(err)), 15000);
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(p.processId()));
        QVERIFY(cmdline.open(QIODevice::ReadOnly));
        QByteArray args = cmdline.readAll();
        args.replace('\0', ' ');
        QVERIFY(args.contains("--read-only"));
        QVERIFY2(!args.contains("hunter2"), args.constData());
        QCOMPARE(p.state(), QProcess::Running);
        p.kill();
        QVERIFY(p.waitForFinished(10000));
    }

    void screenshotOfUnreachableServerFailsPromptly()
    {
        QTemporaryDir home;
        QProcess p;
        p.setProcessEnvironment(childEnvironment(home));
        QElapsedTimer clock;
        clock.start();
        p.start(pgops(),
                {QStringLiteral("--screenshot"), home.filePath(QStringLiteral("shots")),
                 QStringLiteral("host=/nonexistent-dir port=5432")});
        QVERIFY2(p.waitForFinished(20000), "still running after 20 s");
        QVERIFY2(clock.elapsed() < 15000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 1);
        const QString err = QString::fromLocal8Bit(p.readAllStandardError());
        QVERIFY2(err.contains(QLatin1String("pgops: cannot connect to"))
                     && err.contains(QLatin1String("/nonexistent-dir")),
                 qPrintable(err));
        QVERIFY(
            QDir(home.filePath(QStringLiteral("shots"))).entryList({QStringLiteral("*.png")}, QDir::Files).isEmpty());
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
        const QueryResult states = query(
            probe,
            QStringLiteral(
                "SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM orders) AS orders, "
                "(SELECT count(*) FROM pg_inherits WHERE inhparent = 'events'::regclass) AS partitions, "
                "(SELECT NOT indisvalid FROM pg_index WHERE indexrelid = 'customers_email_key'::regclass) AS invalid, "
                "(SELECT count(*) FROM pg_indexes WHERE indexname IN ('orders_customer_idx', "
                "'orders_customer_created_idx', "
                "'orders_coupon_idx')) AS index_states, "
                "(SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements') AS pgss"));
        QVERIFY2(states.ok(), qPrintable(states.error.message));
        QCOMPARE(states.value(0, QStringLiteral("customers")).toLongLong(), 1000);
        QCOMPARE(states.value(0, QStringLiteral("orders")).toLongLong(), 4000);
        QCOMPARE(states.value(0, QStringLiteral("partitions")).toLongLong(), 7);
        QVERIFY(states.value(0, QStringLiteral("invalid")).toBool());
        QTRY_VERIFY_WITH_TIMEOUT(
            query(probe, QStringLiteral("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'sessions_log'"))
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
            "JOIN pg_stat_activity h ON h.pid = ANY (pg_blocking_pids(m.pid)) AND h.application_name = "
            "'inventory-sync' "
            "WHERE r.application_name = 'storefront' AND r.wait_event_type = 'Lock'");
        QTRY_VERIFY_WITH_TIMEOUT(query(probe, chain).value(0, QStringLiteral("readers")).toLongLong() == 2, 20000);
        const QueryResult locks = query(
            probe,
            QStringLiteral(
                "SELECT count(*) FILTER (WHERE NOT granted AND mode = 'AccessExclusiveLock') AS ddl_waiting, "
                "count(*) FILTER (WHERE NOT granted) AS waiting FROM pg_locks WHERE relation = 'inventory'::regclass"));
        QCOMPARE(locks.value(0, QStringLiteral("ddl_waiting")).toLongLong(), 1);
        QVERIFY(locks.value(0, QStringLiteral("waiting")).toLongLong() >= 3);

        // The two shop-web loops pause 150 ms between statements (at most ~55 in 4 s): run back
        // to back they made hundreds and kept a core busy.
        const QString shopStatements = QStringLiteral(
            "SELECT coalesce(sum(calls), 0) AS n FROM pg_stat_statements WHERE query ~ "
            "'^(SELECT c\\.id, c\\.name|INSERT INTO orders|UPDATE orders|SELECT sum\\(qty\\)|SELECT id, kind)'");
        const qint64 before = query(probe, shopStatements).value(0, QStringLiteral("n")).toLongLong();
        QTest::qWait(4000);
        const qint64 made = query(probe, shopStatements).value(0, QStringLiteral("n")).toLongLong() - before;
        QVERIFY2(made > 0 && made < 80, qPrintable(QString::number(made)));
        QTRY_VERIFY_WITH_TIMEOUT(
            query(probe,
                  QStringLiteral("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'billing-worker' "
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
        QTemporaryDir home;
        QProcess p;
        const QString dir = startDemo(p, home);
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
        QTemporaryDir home;
        QProcess p;
        const QString dir = startDemo(p, home);
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
        p.setProcessEnvironment(childEnvironment(shots));
        p.start(pgops(),
                {QStringLiteral("--demo"), QStringLiteral("--demo-scale"), QStringLiteral("0.02"),
                 QStringLiteral("--screenshot"), shots.path()});
        QVERIFY(p.waitForFinished(180000));
        QCOMPARE(p.exitCode(), 0);
        const QStringList printed
            = QString::fromLocal8Bit(p.readAllStandardOutput()).split(QLatin1Char('\n')).filter(QStringLiteral(".png"));
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

QTEST_MAIN(TestDemo)
#include "tst_demo.moc"
