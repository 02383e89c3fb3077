// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The list of migrations in flight: finished ones are left out; a new read merges by name (a
// changed row is updated where it is, a gone one removed, a new one appended, never a reset), so
// the selection survives the refresh; progress reads as rows of the estimate, capped at 100 %.
#include "migrate/migrationrunsmodel.h"

#include <QTimeZone>
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace PgOps;

namespace {
MigrationRun run(const QString &name, RunState state, qint64 done = 0, qint64 total = -1)
{
    MigrationRun r;
    r.name = name;
    r.state = state;
    r.phase = MigrationPhase::Migrate;
    r.step = QStringLiteral("migrate-1");
    r.rowsDone = done;
    r.rowsTotal = total;
    r.updatedAt = QDateTime(QDate(2026, 12, 2), QTime(9, 0), QTimeZone::utc());
    return r;
}

QStringList names(const MigrationRunsModel &model)
{
    QStringList list;
    for (int r = 0; r < model.rowCount(); ++r)
        list << model.index(r, MigrationRunsModel::NameColumn).data().toString();
    return list;
}
} // namespace

class TestMigrationRunsModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void mergesByNameWithoutReset()
    {
        MigrationRunsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        model.setRuns({run(QStringLiteral("a"), RunState::Running, 10, 100), run(QStringLiteral("b"), RunState::Ready),
                       run(QStringLiteral("done"), RunState::Completed),
                       run(QStringLiteral("undone"), RunState::RolledBack)});
        QCOMPARE(names(model), (QStringList {QStringLiteral("a"), QStringLiteral("b")}));
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(model.index(0, MigrationRunsModel::StateColumn).data().toString(), QStringLiteral("running"));
        QCOMPARE(model.index(0, MigrationRunsModel::PhaseColumn).data().toString(), QStringLiteral("migrate"));
        QCOMPARE(model.index(0, MigrationRunsModel::StepColumn).data().toString(), QStringLiteral("migrate-1"));
        QCOMPARE(model.index(0, MigrationRunsModel::ProgressColumn).data().toString(),
                 QStringLiteral("10 of 100 rows (10 %)"));
        QCOMPARE(model.index(1, MigrationRunsModel::ProgressColumn).data().toString(), QString());
        QCOMPARE(model.index(1, 0).data(MigrationRunsModel::StateRole).toInt(), int(RunState::Ready));

        // The same read again: nothing changes, nothing is signalled.
        inserted.clear();
        model.setRuns(
            {run(QStringLiteral("a"), RunState::Running, 10, 100), run(QStringLiteral("b"), RunState::Ready)});
        QCOMPARE(inserted.size(), 0);
        QCOMPARE(changed.size(), 0);

        // a moved on, b finished, c is new: a updated in place, b removed, c appended.
        MigrationRun a = run(QStringLiteral("a"), RunState::Failed, 60, 100);
        a.lastError = QStringLiteral("lock timeout after 10 attempts\nheld by pid 42");
        a.holderPid = 0;
        model.setRuns({run(QStringLiteral("c"), RunState::Stopped), a, run(QStringLiteral("b"), RunState::Completed)});
        QCOMPARE(names(model), (QStringList {QStringLiteral("a"), QStringLiteral("c")}));
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.first().at(1).toInt(), 1);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), 0);
        QCOMPARE(model.index(0, MigrationRunsModel::StateColumn).data().toString(), QStringLiteral("failed"));
        QCOMPARE(model.index(0, MigrationRunsModel::ErrorColumn).data().toString(),
                 QStringLiteral("lock timeout after 10 attempts"));
        QCOMPARE(model.index(0, 0).data(Qt::ToolTipRole).toString(), a.lastError);
        QCOMPARE(model.rowOf(QStringLiteral("c")), 1);
        QCOMPARE(model.rowOf(QStringLiteral("b")), -1);

        model.setRuns({});
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(reset.size(), 0);
    }

    void runningWithAHolderNamesItsPid()
    {
        MigrationRunsModel model;
        MigrationRun r = run(QStringLiteral("x"), RunState::Running);
        r.holderPid = 4242;
        model.setRuns({r});
        QCOMPARE(model.index(0, MigrationRunsModel::StateColumn).data().toString(),
                 QStringLiteral("running (pid 4242)"));
        QVERIFY(model.index(0, 0).data(Qt::ToolTipRole).toString().contains(QLatin1String("4242")));
    }

    void progressIsCappedByWhatIsDone()
    {
        // reltuples is an estimate: more rows done than estimated never shows more than 100 %.
        QCOMPARE(MigrationRunsModel::progressText(run(QStringLiteral("x"), RunState::Running, 120, 100)),
                 QStringLiteral("120 of 120 rows (100 %)"));
        QCOMPARE(MigrationRunsModel::percent(run(QStringLiteral("x"), RunState::Running, 120, 100)), 100);
        QCOMPARE(MigrationRunsModel::progressText(run(QStringLiteral("x"), RunState::Running, 5, -1)),
                 QStringLiteral("5 rows"));
        QCOMPARE(MigrationRunsModel::percent(run(QStringLiteral("x"), RunState::Running, 5, -1)), -1);
    }
};

QTEST_GUILESS_MAIN(TestMigrationRunsModel)
#include "tst_migrationrunsmodel.moc"
