// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/connection.h"
#include "support/migrationcases.h"

#include <QList>
#include <QObject>
#include <QString>

#include <memory>

namespace PgOpsTest {

// What the migration proof tests share: the three sessions a MigrationProver needs and the
// cases, each in a schema named by the test's prefix. A test class derives from it (its own
// Q_OBJECT and slots; this base has none).
class ProofTest : public QObject
{
protected:
    // For initTestCase: skips without a server (fails under CI), then opens `<application>-admin`,
    // `-step` and `-holder` and loads the cases of `prefix`; fails the test when a session does not
    // come up.
    void initProofTest(const QString &application, const QString &prefix);
    // A failed step may leave a transaction open; the next case starts clean.
    void rollBackSessions();
    MigrationCase caseNamed(const QString &name) const;
    // One data row per case, named after it, with the column "name".
    static void addCaseRows(const QString &prefix);

    std::unique_ptr<PgOps::Connection> m_admin;
    std::unique_ptr<PgOps::Connection> m_step;
    std::unique_ptr<PgOps::Connection> m_holder;
    QList<MigrationCase> m_cases;
};

} // namespace PgOpsTest
