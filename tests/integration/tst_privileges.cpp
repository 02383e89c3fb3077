// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// What a role without pg_monitor sees, and what still answers while a role catalog is held
// ACCESS EXCLUSIVE: never a false all-clear. Lock scenes on the lock cluster (serialised with
// tst_locks by CTest), built by a superuser and read by the fixture's plain role.
#include "activity/sessionsquery.h"
#include "db/dbserver.h"
#include "locks/lockforest.h"
#include "locks/locksquery.h"
#include "actions/signalplan.h"
#include "activity/sessionrow.h"
#include "activity/sessionspanel.h"
#include "activity/sessionsummary.h"
#include "support/testutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <memory>

using namespace PgOps;
using PgOpsTest::openSession;
using PgOpsTest::pidOf;
using PgOpsTest::run;
using PgOpsTest::sql;

namespace {
QString plainConninfo()
{
    return PgOpsTest::conninfo() + QStringLiteral(" user=plainuser");
}

struct CliRun
{
    int exitCode = -1;
    QJsonObject json;
    QString stderrText;
};

CliRun cli(const QString &command, const QString &conninfo)
{
    QProcess p;
    p.start(QStringLiteral(PGOPS_BINARY), {command, QStringLiteral("--format"), QStringLiteral("json"), conninfo});
    CliRun r;
    if (!p.waitForFinished(30000)) {
        QTest::qFail("the command did not finish within 30 s", __FILE__, __LINE__);
        return r;
    }
    r.exitCode = p.exitCode();
    r.json = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    r.stderrText = QString::fromLocal8Bit(p.readAllStandardError());
    return r;
}
} // namespace

class TestPrivileges : public QObject
{
    Q_OBJECT
    std::unique_ptr<Connection> m_plain; // no pg_monitor, no pg_read_all_stats


private Q_SLOTS:
    void initTestCase()
    {
        PGOPS_REQUIRE_SERVER();
        registerMetaTypes();
        auto admin = openSession(QStringLiteral("tst-admin"));
        sql(*admin, QStringLiteral("CREATE TABLE IF NOT EXISTS privt (id int)"));
        m_plain = openSession(QStringLiteral("tst-plain"), QStringLiteral("user=plainuser"));
        QVERIFY(pidOf(*m_plain) > 0);
        QVERIFY(!m_plain->status().server.pgReadAllStats);
    }

    void otherRolesSessionsAreShownAsHidden()
    {
        auto busy = openSession(QStringLiteral("tst-secret"));
        const int busyPid = pidOf(*busy);
        busy->exec(QStringLiteral("SELECT pg_sleep(30) AS secret_work"));
        DbRequest r;
        r.sql = SessionsQuery::sql(m_plain->status().server.versionNum);
        r.params = SessionsQuery::params({m_plain->status().backendPid});
        QList<SessionRow> rows;
        QVERIFY(QTest::qWaitFor(
            [&] {
                rows = SessionsQuery::parse(run(*m_plain, r));
                return std::any_of(rows.cbegin(), rows.cend(), [&](const SessionRow &s) { return s.pid == busyPid; });
            },
            5000));
        const auto it = std::find_if(rows.cbegin(), rows.cend(), [&](const SessionRow &s) { return s.pid == busyPid; });
        QVERIFY(it->hidden);
        QVERIFY(it->isClientBackend()); // not dropped as if it were a background process
        QVERIFY(SessionSummary::of(rows, 1, 100).hidden >= 1);

        const CliRun out = cli(QStringLiteral("sessions"), plainConninfo());
        QCOMPARE(out.exitCode, 0);
        QCOMPARE(out.json.value(QLatin1String("partial")), QJsonValue(true));
        QVERIFY(out.json.value(QLatin1String("partial_reasons"))
                    .toArray()
                    .first()
                    .toString()
                    .contains(QLatin1String("pg_monitor")));
        QVERIFY(out.stderrText.contains(QLatin1String("partial")));
        bool listed = false;
        for (const QJsonValue &v : out.json.value(QLatin1String("sessions")).toArray())
            listed = listed
                || (v.toObject().value(QLatin1String("pid")).toInt() == busyPid
                    && v.toObject().value(QLatin1String("hidden")).toBool());
        QVERIFY(listed);
    }

    void lockWaitsOfOtherRolesAreNotAnAllClear()
    {
        auto holder = openSession(QStringLiteral("tst-holder"));
        auto waiter = openSession(QStringLiteral("tst-waiter"));
        const int holderPid = pidOf(*holder);
        const int waiterPid = pidOf(*waiter);
        sql(*holder, QStringLiteral("BEGIN; LOCK TABLE privt IN ACCESS EXCLUSIVE MODE"));
        waiter->exec(QStringLiteral("SELECT count(*) FROM privt"));

        LocksQuery::Options o;
        o.seesAllSessions = false;
        DbRequest r;
        r.sql = LocksQuery::sql(m_plain->status().server.versionNum, o);
        r.params = LocksQuery::params({m_plain->status().backendPid});
        LockSnapshot snapshot;
        LockForest f;
        QVERIFY(QTest::qWaitFor(
            [&] {
                snapshot = LocksQuery::parse(run(*m_plain, r));
                f = LockForest::build(snapshot);
                return f.waitingSessions == 1;
            },
            5000));
        QCOMPARE(f.roots.size(), 1);
        QCOMPARE(f.roots.first().pid(), holderPid);
        QCOMPARE(f.roots.first().children.first().pid(), waiterPid);
        QCOMPARE(snapshot.hiddenSessions, 2);

        const CliRun out = cli(QStringLiteral("locks"), plainConninfo());
        QCOMPARE(out.exitCode, 0);
        QCOMPARE(out.json.value(QLatin1String("roots")).toArray().size(), 1);
        QCOMPARE(out.json.value(QLatin1String("partial")), QJsonValue(true));
        QVERIFY(out.stderrText.contains(QLatin1String("pg_monitor")));
        sql(*holder, QStringLiteral("ROLLBACK"));
    }

    void lockedRoleCatalogStillAnswersAndItsHolderCanBeEnded()
    {
        // Everything that will read must be connected first: logging in needs pg_authid.
        auto monitor = std::make_unique<Connection>(ConnectionOptions {}); // lock_timeout 1 s, as panels have
        monitor->open(ConnInfo::parse(PgOpsTest::conninfo()).toConninfo());
        auto holder = openSession(QStringLiteral("tst-catalog-holder"));
        auto waiter = openSession(QStringLiteral("tst-catalog-waiter"));
        DbServer server(ConnInfo::parse(PgOpsTest::conninfo()));
        SessionsPanel panel;
        panel.setServer(&server);
        panel.setActive(true);
        QTRY_VERIFY_WITH_TIMEOUT(panel.hasData(), 10000);
        Connection *actions = server.connection(QStringLiteral("user"));
        QVERIFY(pidOf(*actions) > 0);
        const int holderPid = pidOf(*holder);
        const int waiterPid = pidOf(*waiter);
        QVERIFY(pidOf(*monitor) > 0);

        sql(*holder, QStringLiteral("BEGIN; LOCK TABLE pg_authid IN ACCESS EXCLUSIVE MODE"));
        waiter->exec(QStringLiteral("SELECT count(*) FROM pg_roles"));

        // The view times out on the lock; the fallback answers and names the holder.
        DbRequest view;
        view.sql = SessionsQuery::sql(monitor->status().server.versionNum);
        view.params = SessionsQuery::params({});
        QCOMPARE(run(*monitor, view).error.kind, ErrorKind::LockTimeout);
        DbRequest fallback = view;
        fallback.sql = SessionsQuery::sql(monitor->status().server.versionNum, SessionsQuery::Source::CatalogFallback);
        const QueryResult rows = run(*monitor, fallback);
        QVERIFY2(rows.ok(), qPrintable(rows.error.message));
        QCOMPARE(SessionsQuery::catalogHolders(rows), QList<int> {holderPid});
        QTRY_VERIFY_WITH_TIMEOUT(panel.summaryText().contains(QStringLiteral("pid %1").arg(holderPid)), 10000);

        LocksQuery::Options o;
        o.catalogFallback = true;
        DbRequest locks;
        locks.sql = LocksQuery::sql(monitor->status().server.versionNum, o);
        locks.params = LocksQuery::params({});
        LockForest f;
        QVERIFY(QTest::qWaitFor(
            [&] { return (f = LockForest::build(LocksQuery::parse(run(*monitor, locks)))).waitingSessions >= 1; },
            5000));
        QVERIFY(f.find(holderPid) && f.find(waiterPid));

        // Ending the holder works while its lock stands: a superuser's signal names no role catalog.
        const QList<SessionRow> listed = SessionsQuery::parse(rows);
        const auto target
            = std::find_if(listed.cbegin(), listed.cend(), [&](const SessionRow &s) { return s.pid == holderPid; });
        QVERIFY(target != listed.cend());
        const ServerInfo me = actions->status().server;
        const SignalPlan plan = planSignal(SignalKind::Terminate, {*target}, me, {});
        QCOMPARE(plan.targets.size(), 1);
        const QueryResult answer = run(*actions, plan.request());
        QVERIFY2(answer.ok(), qPrintable(answer.error.message));
        QCOMPARE(answer.value(0, QStringLiteral("outcome")).toString(), QStringLiteral("signalled"));
        QTRY_VERIFY_WITH_TIMEOUT(run(*monitor, view).ok(), 10000); // the catalog is free again
    }
};

QTEST_MAIN(TestPrivileges)
#include "tst_privileges.moc"
