// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "lint/lockmode.h"
#include "migrate/migrationplan.h"
#include "migrate/migrationspec.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace PgOps {
class Connection;
}

// Runs a migration plan's steps on a real server and holds each step's claims (locks, rewrite,
// scan) against what the server shows while and after it runs. Everything it touches lives in
// one schema.
namespace PgOpsTest {

class MigrationProver
{
public:
    // `admin` builds scenes and reads pg_locks; `step` runs the steps (its own session, so its
    // pid's locks are the step's); `holder` keeps a transaction open so a CONCURRENTLY step waits
    // where it can be watched. All three connected, none inside a transaction.
    MigrationProver(PgOps::Connection &admin, PgOps::Connection &step, PgOps::Connection &holder, QString schema);

    // Reads `spec`'s live context through MigrationContextSource and plans it. False (see
    // error()) when the read failed or the plan has problems.
    bool plan(const PgOps::MigrationSpec &spec, PgOps::MigrationPlan *plan);

    // Runs the step as the runner would. With `prove`, its claims are checked: a claim the server
    // contradicts lands in mismatches() (the step still completes), what held in proofs().
    // False (see error()) when its SQL failed.
    bool runStep(const PgOps::MigrationStep &step, bool prove);
    // Runs the step's rollback SQL (nothing when it has none).
    bool rollBack(const PgOps::MigrationStep &step);

    const QStringList &mismatches() const { return m_mismatches; }
    const QStringList &proofs() const { return m_proofs; }
    const QString &error() const { return m_error; }
    int batchesRun() const { return m_batches; }

private:
    struct Relation
    {
        QString name;
        QString kind; // pg_class.relkind
        qint64 filenode = 0;
    };
    using Relations = QHash<qint64, Relation>; // by oid
    using Held = QHash<qint64, PgOps::LockMode>; // strongest granted mode by oid

    bool runInTransaction(const PgOps::MigrationStep &step, bool prove);
    bool runOutsideTransaction(const QString &sql, const PgOps::MigrationStep *proving);
    bool runStatementWatched(const QString &statement, Held *held);
    bool runBackfill(const PgOps::MigrationStep &step, bool prove);
    bool exec(PgOps::Connection &c, const QString &sql, const QVariantList &params = {},
              QList<QVariantList> *rows = nullptr);
    Relations relations();
    qint64 sequentialScans(const Relations &tables); // -1 on failure
    Held heldBy(int pid);
    void compareLocks(const PgOps::MigrationStep &step, const Relations &before, const Relations &after,
                      const Held &held);
    void compareRewrite(const PgOps::MigrationStep &step, const Relations &before, const Relations &after);
    void mismatch(const PgOps::MigrationStep &step, const QString &what);

    PgOps::Connection &m_admin;
    PgOps::Connection &m_step;
    PgOps::Connection &m_holder;
    QString m_schema;
    QStringList m_mismatches;
    QStringList m_proofs;
    QString m_error;
    int m_batches = 0;
};

} // namespace PgOpsTest
