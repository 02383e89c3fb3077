// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The plan tree of the wizard's review: three phases with counts and worst verdicts, steps beneath
// with their roles; a re-plan of the same migration merges by step id (no reset: rows changed,
// inserted and removed where they are), a plan of another migration resets.
#include "migrate/migrationplanmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace PgOps;

namespace {
MigrationStep step(const QString &id, MigrationPhase phase, const QString &title, Verdict verdict = Verdict::Ok)
{
    MigrationStep s;
    s.id = id;
    s.phase = phase;
    s.title = title;
    s.sql = title + QLatin1Char(';');
    s.rollbackSql = QStringLiteral("-- undo ") + title;
    s.verdict = verdict;
    s.locks = {{LockMode::AccessExclusive, {QStringLiteral("public"), QStringLiteral("orders")}}};
    s.lockHoldEstimate = QStringLiteral("milliseconds once granted");
    return s;
}

MigrationPlan changeType(const QString &name = QStringLiteral("orders-amount"))
{
    MigrationPlan p;
    p.name = name;
    p.steps = {step(QStringLiteral("expand-1"), MigrationPhase::Expand, QStringLiteral("Add column")),
               step(QStringLiteral("expand-2"), MigrationPhase::Expand, QStringLiteral("Create sync trigger")),
               step(QStringLiteral("migrate-1"), MigrationPhase::Migrate, QStringLiteral("Backfill")),
               step(QStringLiteral("migrate-2"), MigrationPhase::Migrate, QStringLiteral("Switch")),
               step(QStringLiteral("contract-1"), MigrationPhase::Contract, QStringLiteral("Swap columns"))};
    return p;
}

struct Spies
{
    explicit Spies(QAbstractItemModel *m)
        : reset(m, &QAbstractItemModel::modelReset)
        , inserted(m, &QAbstractItemModel::rowsInserted)
        , removed(m, &QAbstractItemModel::rowsRemoved)
        , changed(m, &QAbstractItemModel::dataChanged)
    {
    }
    void clear() { reset.clear(), inserted.clear(), removed.clear(), changed.clear(); }
    QSignalSpy reset, inserted, removed, changed;
};

QStringList ids(const MigrationPlanModel &model, MigrationPhase phase)
{
    QStringList list;
    const QModelIndex parent = model.indexOfPhase(phase);
    for (int r = 0; r < model.rowCount(parent); ++r)
        list << model.index(r, 0, parent).data(MigrationPlanModel::IdRole).toString();
    return list;
}
} // namespace

class TestMigrationPlanModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void phasesAndStepsWithRoles()
    {
        MigrationPlanModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        MigrationPlan plan = changeType();
        plan.steps[1].verdict = Verdict::Caution;
        plan.steps[4].verdict = Verdict::Danger;
        model.setPlan(plan);
        QCOMPARE(model.rowCount(), 3);
        const QModelIndex expand = model.indexOfPhase(MigrationPhase::Expand);
        QCOMPARE(expand.data().toString(), QStringLiteral("Expand (2 steps)"));
        QCOMPARE(expand.data(MigrationPlanModel::VerdictRole).toInt(), int(Verdict::Caution));
        QCOMPARE(model.index(0, MigrationPlanModel::VerdictColumn).data().toString(), QStringLiteral("caution"));
        QVERIFY(expand.data(MigrationPlanModel::IsPhaseRole).toBool());
        QCOMPARE(model.indexOfPhase(MigrationPhase::Contract).data(MigrationPlanModel::VerdictRole).toInt(),
                 int(Verdict::Danger));
        QCOMPARE(ids(model, MigrationPhase::Migrate),
                 (QStringList {QStringLiteral("migrate-1"), QStringLiteral("migrate-2")}));
        const QModelIndex first = model.index(0, 0, expand);
        QCOMPARE(first.data().toString(), QStringLiteral("expand-1  Add column"));
        QCOMPARE(first.data(MigrationPlanModel::SqlRole).toString(), QStringLiteral("Add column;"));
        QCOMPARE(first.data(MigrationPlanModel::RollbackSqlRole).toString(), QStringLiteral("-- undo Add column"));
        QCOMPARE(first.data(MigrationPlanModel::StepRole).value<MigrationStep>().title, QStringLiteral("Add column"));
        QCOMPARE(model.index(0, MigrationPlanModel::Lock, expand).data().toString(),
                 QStringLiteral("ACCESS EXCLUSIVE"));
        QCOMPARE(model.index(0, MigrationPlanModel::Lock, expand).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("ACCESS EXCLUSIVE on public.orders"));
        // An ok verdict has no background (an invalid colour would paint black); caution has one.
        QVERIFY(!model.index(0, MigrationPlanModel::VerdictColumn, expand).data(Qt::BackgroundRole).isValid());
        QVERIFY(model.index(1, MigrationPlanModel::VerdictColumn, expand).data(Qt::BackgroundRole).isValid());
        QCOMPARE(model.step(first)->id, QStringLiteral("expand-1"));
        QCOMPARE(model.parent(first), expand);
        QCOMPARE(model.indexOfStep(QStringLiteral("contract-1")).parent(),
                 model.indexOfPhase(MigrationPhase::Contract));
    }

    void rePlanMergesWithoutReset()
    {
        MigrationPlanModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPlan(changeType());
        Spies spies(&model);
        const QPersistentModelIndex kept = model.indexOfStep(QStringLiteral("migrate-2"));

        model.setPlan(changeType()); // the same plan again: no signal at all
        QCOMPARE(spies.reset.size() + spies.inserted.size() + spies.removed.size() + spies.changed.size(), 0);

        MigrationPlan live = changeType(); // the live context changed one step's verdict
        live.steps[2].verdict = Verdict::Danger;
        live.steps[2].reasons = {QStringLiteral("an old transaction holds a lock")};
        model.setPlan(live);
        QCOMPARE(spies.reset.size(), 0);
        QCOMPARE(spies.inserted.size() + spies.removed.size(), 0);
        // The step's row, then its phase's summary (worst verdict changed).
        QCOMPARE(spies.changed.size(), 2);
        QCOMPARE(spies.changed.at(0).at(0).value<QModelIndex>(), model.indexOfStep(QStringLiteral("migrate-1")));
        QCOMPARE(spies.changed.at(1).at(0).value<QModelIndex>(), model.indexOfPhase(MigrationPhase::Migrate));
        QCOMPARE(model.indexOfPhase(MigrationPhase::Migrate).data(MigrationPlanModel::VerdictRole).toInt(),
                 int(Verdict::Danger));
        QVERIFY(kept.isValid());
        QCOMPARE(kept.data(MigrationPlanModel::IdRole).toString(), QStringLiteral("migrate-2"));
    }

    void rePlanInsertsAndRemovesInPlace()
    {
        MigrationPlanModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPlan(changeType());
        Spies spies(&model);
        const QPersistentModelIndex contract = model.indexOfStep(QStringLiteral("contract-1"));

        MigrationPlan more = changeType(); // a NOT NULL proof now needed: two steps more
        more.steps.insert(2, step(QStringLiteral("expand-3"), MigrationPhase::Expand, QStringLiteral("Add check")));
        more.steps.insert(5, step(QStringLiteral("migrate-3"), MigrationPhase::Migrate, QStringLiteral("Validate")));
        model.setPlan(more);
        QCOMPARE(spies.reset.size(), 0);
        QCOMPARE(spies.removed.size(), 0);
        QCOMPARE(spies.inserted.size(), 2);
        QCOMPARE(spies.inserted.at(0).at(0).value<QModelIndex>(), model.indexOfPhase(MigrationPhase::Expand));
        QCOMPARE(spies.inserted.at(0).at(1).toInt(), 2);
        QCOMPARE(spies.inserted.at(1).at(0).value<QModelIndex>(), model.indexOfPhase(MigrationPhase::Migrate));
        QCOMPARE(spies.inserted.at(1).at(1).toInt(), 2);
        QCOMPARE(ids(model, MigrationPhase::Expand),
                 (QStringList {QStringLiteral("expand-1"), QStringLiteral("expand-2"), QStringLiteral("expand-3")}));
        // Phase summaries (their counts) changed.
        QVERIFY(spies.changed.size() >= 2);
        QCOMPARE(model.indexOfPhase(MigrationPhase::Expand).data().toString(), QStringLiteral("Expand (3 steps)"));

        spies.clear();
        MigrationPlan fewer = more; // and gone again, plus the first expand step
        fewer.steps.removeAt(5);
        fewer.steps.removeAt(2);
        fewer.steps.removeAt(0);
        model.setPlan(fewer);
        QCOMPARE(spies.reset.size(), 0);
        QCOMPARE(spies.inserted.size(), 0);
        QCOMPARE(spies.removed.size(), 3);
        QCOMPARE(ids(model, MigrationPhase::Expand), QStringList {QStringLiteral("expand-2")});
        QCOMPARE(ids(model, MigrationPhase::Migrate),
                 (QStringList {QStringLiteral("migrate-1"), QStringLiteral("migrate-2")}));
        QVERIFY(contract.isValid());
        QCOMPARE(contract.row(), 0);
    }

    void emptyPhaseSaysSo()
    {
        MigrationPlanModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        MigrationPlan plan = changeType();
        plan.steps = {plan.steps.first()};
        model.setPlan(plan);
        QCOMPARE(model.indexOfPhase(MigrationPhase::Contract).data().toString(), QStringLiteral("Contract (no steps)"));
        QCOMPARE(model.index(2, MigrationPlanModel::VerdictColumn).data().toString(), QString());
    }

    void anotherMigrationResets()
    {
        MigrationPlanModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPlan(changeType());
        Spies spies(&model);
        model.setPlan(changeType(QStringLiteral("another")));
        QCOMPARE(spies.reset.size(), 1);
        QCOMPARE(spies.inserted.size() + spies.removed.size(), 0);
        QCOMPARE(model.plan().name, QStringLiteral("another"));
        model.clear();
        QCOMPARE(spies.reset.size(), 2);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(model.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestMigrationPlanModel)
#include "tst_migrationplanmodel.moc"
