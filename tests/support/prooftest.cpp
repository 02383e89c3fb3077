// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "support/prooftest.h"

#include "support/testutil.h"

#include <QTest>

namespace PgOpsTest {

void ProofTest::initProofTest(const QString &application, const QString &prefix)
{
    PGOPS_REQUIRE_SERVER();
    PgOps::registerMetaTypes();
    m_admin = openSession(application + QLatin1String("-admin"));
    m_step = openSession(application + QLatin1String("-step"));
    m_holder = openSession(application + QLatin1String("-holder"));
    QVERIFY(pidOf(*m_admin) > 0);
    QVERIFY(pidOf(*m_step) > 0);
    QVERIFY(pidOf(*m_holder) > 0);
    m_cases = migrationCases(prefix);
}

void ProofTest::rollBackSessions()
{
    for (PgOps::Connection *c : {m_step.get(), m_holder.get(), m_admin.get()})
        run(*c, QStringLiteral("ROLLBACK"));
}

MigrationCase ProofTest::caseNamed(const QString &name) const
{
    for (const MigrationCase &c : m_cases)
        if (c.name == name)
            return c;
    return {};
}

void ProofTest::addCaseRows(const QString &prefix)
{
    QTest::addColumn<QString>("name");
    for (const MigrationCase &c : migrationCases(prefix))
        QTest::newRow(qPrintable(c.name)) << c.name;
}

} // namespace PgOpsTest
