// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The sessions model, filter, thresholds, summary and signal planning; no server needed.
#include "actions/signalplan.h"
#include "activity/sessionblocking.h"
#include "activity/sessionfilter.h"
#include "activity/sessionsmodel.h"
#include "activity/sessionsummary.h"
#include "core/format.h"
#include "support/sessionrows.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace PgOps;

namespace {
using PgOpsTest::session;
} // namespace

class TestSessionsModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void mergeIsKeyedNeverAReset()
    {
        SessionsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        model.merge({session(1), session(2), session(3), session(4)});
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(inserted.size(), 1);
        const QPersistentModelIndex keep(model.index(3, 0)); // pid 4
        const QPersistentModelIndex gone(model.index(1, 0)); // pid 2
        inserted.clear();
        changed.clear();

        // pid 2 leaves, pid 3 changes state, pid 5 arrives, pid 1 and 4 are unchanged.
        model.merge({session(1), session(3, QStringLiteral("idle")), session(4), session(5)});
        QCOMPARE(reset.size(), 0);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().row(), 1); // pid 3, now at row 1
        QVERIFY(!gone.isValid());
        QVERIFY(keep.isValid());
        QCOMPARE(keep.data(SessionsModel::PidRole).toInt(), 4);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.index(3, SessionsModel::Pid).data().toInt(), 5);

        // Identical refresh: nothing announced at all.
        changed.clear();
        inserted.clear();
        removed.clear();
        model.merge({session(1), session(3, QStringLiteral("idle")), session(4), session(5)});
        QCOMPARE(changed.size() + inserted.size() + removed.size(), 0);

        model.merge({});
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(reset.size(), 0);
    }

    void parallelWorkersUnderTheirLeader()
    {
        SessionsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.merge({session(10), session(11, QStringLiteral("active"), 1, 10),
                     session(12, QStringLiteral("active"), 1, 10), session(20)});
        QCOMPARE(model.rowCount(), 2);
        const QModelIndex leader = model.indexOfPid(10);
        QCOMPARE(model.rowCount(leader), 2);
        QCOMPARE(model.index(0, SessionsModel::Pid, leader).data().toInt(), 11);
        QVERIFY(model.index(0, SessionsModel::BackendType, leader).data().toString().contains(QLatin1String("10")));
        QCOMPARE(model.parent(model.index(1, 0, leader)), leader);
        QCOMPARE(model.sessionCount(), 4);

        // A worker finishes; pid 20 leaves above nothing: children keep their parent.
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.merge({session(10), session(12, QStringLiteral("active"), 1, 10)});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowCount(model.indexOfPid(10)), 1);
        QCOMPARE(removed.size(), 2);

        // The leader goes first: its worker stands on its own.
        model.merge({session(12, QStringLiteral("active"), 1, 10)});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, SessionsModel::Pid).data().toInt(), 12);
    }

    void durationsTickBetweenRefreshes()
    {
        SessionsModel model;
        model.merge({session(1, QStringLiteral("active"), 10)});
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        const double before = model.index(0, SessionsModel::QueryDuration).data(SessionsModel::SortRole).toDouble();
        QTRY_VERIFY(model.index(0, SessionsModel::QueryDuration).data(SessionsModel::SortRole).toDouble()
                    > before + 0.05);
        model.tick();
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().column(), int(SessionsModel::QueryDuration));
    }

    void timePassingIsNotAnnouncedAsAChange()
    {
        // 1,000 running queries whose only news is two more seconds: nothing to re-sort,
        // re-filter or walk; the cells show the new figures when painted.
        SessionsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.merge({session(1, QStringLiteral("active"), 10), session(2, QStringLiteral("active"), 20)});
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.merge({session(1, QStringLiteral("active"), 12), session(2, QStringLiteral("active"), 22)});
        QCOMPARE(changed.size(), 0);
        QCOMPARE(model.rowAt(model.indexOfPid(1)).queryS, 12.0);
        SessionRow moved = session(2, QStringLiteral("idle"), 0);
        model.merge({session(1, QStringLiteral("active"), 14), moved});
        QCOMPARE(changed.size(), 1); // the state changed: that row, and only it
        QCOMPARE(changed.first().at(0).toModelIndex().row(), 1);
    }

    void aTickDoesNotAskForAResort()
    {
        // Every ticking duration grows alike: announcing the sort key would make the proxy
        // re-sort 1,000 rows every second for nothing.
        SessionsModel model;
        model.merge({session(1), session(2)});
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.tick();
        QVERIFY(!changed.isEmpty());
        for (const QList<QVariant> &args : std::as_const(changed)) {
            const QList<int> roles = args.at(2).value<QList<int>>();
            QVERIFY(!roles.isEmpty());
            QVERIFY(!roles.contains(SessionsModel::SortRole));
            QVERIFY(!roles.contains(SessionsModel::FilterRole));
        }
    }

    void thresholds()
    {
        SessionThresholds t;
        QCOMPARE(t.of(session(1, QStringLiteral("active"), 59)), Severity::None);
        QCOMPARE(t.of(session(1, QStringLiteral("active"), 61)), Severity::Warn);
        QCOMPARE(t.of(session(1, QStringLiteral("active"), 301)), Severity::Critical);
        QCOMPARE(t.of(session(1, QStringLiteral("idle in transaction"), 31)), Severity::Warn);
        QCOMPARE(t.of(session(1, QStringLiteral("idle in transaction (aborted)"), 301)), Severity::Critical);
        QCOMPARE(t.of(session(1, QStringLiteral("idle"), 10000)), Severity::None);
        QCOMPARE(t.of(session(1, QStringLiteral("active"), 50), 20), Severity::Warn); // time passed since the fetch

        SessionsModel model;
        model.merge({session(1, QStringLiteral("active"), 400), session(2, QStringLiteral("active"), 1)});
        QVERIFY(model.index(0, SessionsModel::QueryDuration).data(Qt::BackgroundRole).isValid());
        QVERIFY(!model.index(1, SessionsModel::QueryDuration).data(Qt::BackgroundRole).isValid());
        QCOMPARE(model.index(0, 0).data(SessionsModel::SeverityRole).toInt(), int(Severity::Critical));
        QCOMPARE(formatSeconds(400), QStringLiteral("6m 40s"));
        QCOMPARE(formatSeconds(25), QStringLiteral("25s")); // one style beside "6m 40s"
        QCOMPARE(formatSeconds(2.5), QStringLiteral("2.5s"));
        QCOMPARE(formatSeconds(-1), QString());
    }

    void filters()
    {
        SessionsModel model;
        SessionFilter filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        SessionRow bg = session(9, QString(), -1);
        bg.backendType = QStringLiteral("checkpointer");
        SessionRow other = session(4, QStringLiteral("active"), 5);
        other.user = QStringLiteral("bob");
        other.database = QStringLiteral("reports");
        other.application = QStringLiteral("psql");
        other.query = QStringLiteral("SELECT * FROM invoices");
        model.merge({session(1, QStringLiteral("active"), 120), session(2, QStringLiteral("idle"), 3),
                     session(3, QStringLiteral("idle in transaction"), 45), other, bg,
                     session(5, QStringLiteral("active"), 120, 1)});
        QCOMPARE(filter.rowCount(), 4); // the checkpointer is hidden, the worker sits under pid 1

        SessionCriteria c;
        c.states = {QStringLiteral("active")};
        filter.setCriteria(c);
        QCOMPARE(filter.rowCount(), 2);
        QCOMPARE(filter.rowCount(filter.index(0, 0)) + filter.rowCount(filter.index(1, 0)), 1); // the worker follows

        c = {};
        c.minDurationS = 40;
        filter.setCriteria(c);
        QCOMPARE(filter.rowCount(), 2); // the 120 s query and the 45 s idle transaction

        c = {};
        c.longRunningOnly = true;
        filter.setCriteria(c);
        QCOMPARE(filter.rowCount(), 1);

        c = {};
        c.idleInTransactionOnly = true;
        filter.setCriteria(c);
        QCOMPARE(filter.rowCount(), 1);
        QCOMPARE(filter.matchingSessions().first().pid, 3);

        c = {};
        c.text = QStringLiteral("INVOICES");
        c.user = QStringLiteral("bo");
        c.database = QStringLiteral("rep");
        c.application = QStringLiteral("psql");
        filter.setCriteria(c);
        QCOMPARE(filter.rowCount(), 1);

        c = {};
        c.includeBackground = true;
        filter.setCriteria(c);
        QCOMPARE(filter.rowCount(), 5);

        // Sorting by duration survives a refresh.
        filter.setCriteria({});
        filter.sort(SessionsModel::QueryDuration, Qt::DescendingOrder);
        QCOMPARE(filter.index(0, SessionsModel::Pid).data().toInt(), 1);
        model.merge({session(1, QStringLiteral("active"), 120), session(2, QStringLiteral("idle"), 3),
                     session(3, QStringLiteral("idle in transaction"), 45), other, bg,
                     session(6, QStringLiteral("active"), 900)});
        QCOMPARE(filter.index(0, SessionsModel::Pid).data().toInt(), 6);
    }

    void summary()
    {
        SessionRow waiting = session(4, QStringLiteral("active"), 2);
        waiting.waitEventType = QStringLiteral("Lock");
        const SessionSummary s
            = SessionSummary::of({session(1, QStringLiteral("active"), 10), session(2, QStringLiteral("idle"), 1),
                                  session(3, QStringLiteral("idle in transaction"), 30), waiting,
                                  session(5, QStringLiteral("active"), 99, 1)},
                                 2, 100);
        QCOMPARE(s.active, 2);
        QCOMPARE(s.idle, 1);
        QCOMPARE(s.idleInTransaction, 1);
        QCOMPARE(s.total, 6); // four client backends plus two of ours; the worker uses no slot
        QCOMPARE(s.waitingOnLocks, 1);
        QCOMPARE(s.oldestXactPid, 3);
        QCOMPARE(s.longestQueryPid, 1);
    }

    void blockingCountsChainsOnceAndFindsRoots()
    {
        // 1 ← 2 ← 3, 1 ← 4, 5 waits for 1 and 6, 7 ↔ 8 a cycle.
        QList<SessionRow> rows;
        for (int pid = 1; pid <= 8; ++pid)
            rows.append(session(pid));
        const auto waits = [&rows](int pid, QList<int> on) {
            rows[pid - 1].blockedByPids = on;
            rows[pid - 1].blockedBy = int(on.size());
        };
        waits(2, {1});
        waits(3, {2});
        waits(4, {1});
        waits(5, {1, 6});
        waits(7, {8});
        waits(8, {7});
        SessionBlocking::annotate(rows);
        const auto of = [&rows](int pid) {
            return std::pair {rows.at(pid - 1).blockingDirect, rows.at(pid - 1).blockingTotal};
        };
        QCOMPARE(of(1), (std::pair {3, 4}));
        QCOMPARE(of(2), (std::pair {1, 1}));
        QCOMPARE(of(3), (std::pair {0, 0}));
        QCOMPARE(of(6), (std::pair {1, 1}));
        QCOMPARE(of(7), (std::pair {1, 1}));
        QVERIFY(rows.at(0).isRootBlocker());
        QVERIFY(rows.at(5).isRootBlocker());
        QVERIFY(!rows.at(1).isRootBlocker()); // it waits itself
        QVERIFY(!rows.at(6).isRootBlocker()); // a cycle has no root

        const SessionSummary s = SessionSummary::of(rows, 0, 100);
        QCOMPARE(s.rootBlockers, 2);
        QCOMPARE(s.topRootPid, 1);
        QCOMPARE(s.topRootBlocking, 4);

        SessionsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.merge(rows);
        const QModelIndex root = model.indexOfPid(1).siblingAtColumn(SessionsModel::Blocking);
        QCOMPARE(root.data().toString(), QStringLiteral("root · 3 (4 in all)"));
        QVERIFY(root.data(Qt::BackgroundRole).isValid());
        QVERIFY(root.data(Qt::ToolTipRole).toString().contains(QLatin1String("root blocker")));
        QCOMPARE(model.indexOfPid(2).siblingAtColumn(SessionsModel::Blocking).data().toString(), QStringLiteral("1"));
        QCOMPARE(model.indexOfPid(5).siblingAtColumn(SessionsModel::BlockedBy).data().toString(),
                 QStringLiteral("1, 6"));
        QVERIFY(!model.indexOfPid(3).siblingAtColumn(SessionsModel::Blocking).data().isValid());
    }

    void defaultOrderIsActiveWorkFirst()
    {
        // 150 idle pool sessions idle for ages must not push a 20 s query down the list.
        SessionsModel model;
        SessionFilter filter;
        filter.setSourceModel(&model);
        QList<SessionRow> rows;
        for (int pid = 100; pid < 250; ++pid)
            rows.append(session(pid, QStringLiteral("idle"), 3600 + pid));
        rows.append(session(1, QStringLiteral("active"), 20));
        rows.append(session(2, QStringLiteral("idle in transaction"), 500));
        rows.append(session(3, QStringLiteral("active"), 2));
        model.merge(rows);
        filter.sort(SessionsModel::State, Qt::DescendingOrder);
        const auto pidAt = [&filter](int row) {
            return filter.index(row, SessionsModel::Pid).data().toInt();
        };
        QCOMPARE(pidAt(0), 1);
        QCOMPARE(pidAt(1), 3);
        QCOMPARE(pidAt(2), 2);
        QCOMPARE(pidAt(3), 249); // then the idle pool, longest idle first
    }

    void filterCountsWhatTheListWouldShow()
    {
        SessionsModel model;
        SessionFilter filter;
        filter.setSourceModel(&model);
        SessionRow bg = session(9, QString(), -1);
        bg.backendType = QStringLiteral("checkpointer");
        model.merge({session(1), session(2, QStringLiteral("idle")), bg});
        SessionCriteria c;
        c.states = {QStringLiteral("active")};
        filter.setCriteria(c);
        QCOMPARE(filter.rowCount(), 1);
        QCOMPARE(filter.unfilteredCount(), 2); // not 3: the checkpointer is not listed unfiltered either
        c.includeBackground = true;
        filter.setCriteria(c);
        QCOMPARE(filter.unfilteredCount(), 3);
    }

    void staleRowsAreGreyedUntilTheNextMerge()
    {
        SessionsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.merge({session(1), session(2, QStringLiteral("active"), 3, 1)});
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(!model.index(0, 0).data(Qt::ForegroundRole).isValid());
        model.setStale(true);
        QCOMPARE(changed.size(), 2); // the session and its worker
        QVERIFY(changed.first().at(2).value<QList<int>>().contains(Qt::ForegroundRole));
        QVERIFY(model.index(0, 0).data(Qt::ForegroundRole).isValid());
        QVERIFY(model.index(0, 0, model.index(0, 0)).data(Qt::ForegroundRole).isValid());
        model.merge({session(1)});
        QVERIFY(!model.isStale());
        QVERIFY(!model.index(0, 0).data(Qt::ForegroundRole).isValid());
    }

    void signalPlans()
    {
        ServerInfo me;
        me.currentUser = QStringLiteral("alice");
        SessionRow mine = session(1);
        SessionRow own = session(2);
        SessionRow bobs = session(3);
        bobs.user = QStringLiteral("bob");
        SessionRow root = session(4);
        root.user = QStringLiteral("postgres");
        root.superuser = true;
        SessionRow idleTx = session(5, QStringLiteral("idle in transaction"), 40);

        SignalPlan p = planSignal(SignalKind::Cancel, {mine, own, bobs, root, idleTx}, me, {2});
        QCOMPARE(p.targets.size(), 2);
        QCOMPARE(p.refused.size(), 3);
        QVERIFY(p.refused.at(0).reason.contains(QLatin1String("own sessions")));
        QVERIFY(p.refused.at(1).reason.contains(QLatin1String("GRANT pg_signal_backend TO alice")));
        QVERIFY(p.refused.at(2).reason.contains(QLatin1String("superuser")));
        QVERIFY(p.suggestTerminate);
        QVERIFY(p.warnings.first().contains(QLatin1String("cancel does nothing")));
        QVERIFY(p.sql.contains(QLatin1String("WHEN pg_cancel_backend(t.pid) THEN 'signalled'")));
        QCOMPARE(p.params.first(), QVariant(QStringLiteral("{1,5}")));
        QVERIFY(p.displaySql().contains(QLatin1String("$1 = '{1,5}'")));
        QCOMPARE(p.request().access, Access::Signal);

        me.pgSignalBackend = true;
        p = planSignal(SignalKind::Terminate, {bobs}, me, {});
        QCOMPARE(p.targets.size(), 1);
        QVERIFY(!p.suggestTerminate);
        QVERIFY(p.sql.contains(QLatin1String("pg_terminate_backend")));
    }
};

QTEST_GUILESS_MAIN(TestSessionsModel)
#include "tst_sessionsmodel.moc"
