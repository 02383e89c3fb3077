// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// Each phase of a migration plan can be rolled back until contract begins: for every operation,
// the expand phase run and then undone by its steps' rollback SQL in reverse order leaves the
// schema (compared as a canonical catalog dump) and the data exactly as they were; the migrate
// phase, run after expand and undone the same way, leaves the schema as expand left it. Each
// operation runs in a schema of its own, rollback_<case>: the cluster is shared.
#include "support/catalogdump.h"
#include "support/migrationcases.h"
#include "support/migrationproof.h"
#include "support/prooftest.h"
#include "support/testutil.h"

#include <QTest>

#include <algorithm>
#include <memory>

using namespace PgOps;
using namespace PgOpsTest;

class TestMigrationRollback : public ProofTest
{
    Q_OBJECT

    // Runs a phase's steps in order; fails the test at the first that fails.
    bool runPhase(MigrationProver &prover, const QList<MigrationStep> &steps)
    {
        for (const MigrationStep &step : steps) {
            if (!prover.runStep(step, false)) {
                QTest::qFail(qPrintable(QStringLiteral("%1 failed: %2").arg(step.id, prover.error())), __FILE__,
                             __LINE__);
                return false;
            }
        }
        return true;
    }

    // Runs the rollback SQL of a phase's steps, the last step's first.
    bool undoPhase(MigrationProver &prover, const QList<MigrationStep> &steps)
    {
        for (auto it = steps.crbegin(); it != steps.crend(); ++it) {
            if (!it->reversible) {
                QTest::qFail(qPrintable(it->id + QLatin1String(" is marked irreversible before contract")), __FILE__,
                             __LINE__);
                return false;
            }
            if (!prover.rollBack(*it)) {
                QTest::qFail(qPrintable(QStringLiteral("rollback of %1 failed: %2").arg(it->id, prover.error())),
                             __FILE__, __LINE__);
                return false;
            }
        }
        return true;
    }

private Q_SLOTS:
    void initTestCase() { initProofTest(QStringLiteral("tst-migrationrollback"), QStringLiteral("rollback_")); }

    void cleanup() { rollBackSessions(); }

    void cleanupTestCase()
    {
        // Empty unless the sessions came up.
        for (const MigrationCase &c : std::as_const(m_cases))
            sql(*m_admin, QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE").arg(c.schema));
    }

    void phaseRollbackRestoresTheSchema_data() { addCaseRows(QStringLiteral("rollback_")); }

    void phaseRollbackRestoresTheSchema()
    {
        QFETCH(QString, name);
        const MigrationCase c = caseNamed(name);
        sql(*m_admin, setupSql(c.schema));
        QVERIFY(!QTest::currentTestFailed());
        MigrationProver prover(*m_admin, *m_step, *m_holder, c.schema);
        MigrationSpec spec;
        spec.name = QStringLiteral("rollback-") + c.name;
        spec.operations = {c.op};
        MigrationPlan plan;
        QVERIFY2(prover.plan(spec, &plan), qPrintable(prover.error()));
        const QList<MigrationStep> expand = plan.stepsOf(MigrationPhase::Expand);
        const QList<MigrationStep> migrate = plan.stepsOf(MigrationPhase::Migrate);
        for (const MigrationStep &s : std::as_const(plan.steps))
            qInfo().noquote() << s.id << s.sql.simplified().left(150)
                              << "ROLLBACK:" << s.rollbackSql.simplified().left(150);

        const QString schema = catalogDump(*m_admin, c.schema);
        const QString data = dataChecksum(*m_admin, c.schema);
        QVERIFY(!schema.isEmpty() && !data.isEmpty());
        QVERIFY(runPhase(prover, expand));
        if (!expand.isEmpty()) // the phase did change something, or the comparison proves nothing
            QVERIFY(catalogDump(*m_admin, c.schema) != schema || dataChecksum(*m_admin, c.schema) != data);
        QVERIFY(undoPhase(prover, expand));
        const QString undone = catalogDump(*m_admin, c.schema);
        QVERIFY2(undone == schema,
                 qPrintable(QStringLiteral("expand rollback left:\n") + dumpDifference(schema, undone)));
        QCOMPARE(dataChecksum(*m_admin, c.schema), data);

        // Expand again (its rollback must not stand in the way), then migrate and back.
        QVERIFY(runPhase(prover, expand));
        const QString expanded = catalogDump(*m_admin, c.schema);
        QVERIFY(runPhase(prover, migrate));
        const bool changesSchema = std::any_of(migrate.cbegin(), migrate.cend(),
                                               [](const MigrationStep &s) { return s.kind == StepKind::Ddl; });
        if (changesSchema)
            QVERIFY(catalogDump(*m_admin, c.schema) != expanded);
        QVERIFY(undoPhase(prover, migrate));
        const QString back = catalogDump(*m_admin, c.schema);
        QVERIFY2(back == expanded,
                 qPrintable(QStringLiteral("migrate rollback left:\n") + dumpDifference(expanded, back)));
        sql(*m_admin, QStringLiteral("DROP SCHEMA %1 CASCADE").arg(c.schema));
    }
};

QTEST_GUILESS_MAIN(TestMigrationRollback)
#include "tst_migrationrollback.moc"
