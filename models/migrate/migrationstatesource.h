// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"
#include "migrate/runstate.h"

#include <QList>
#include <QString>

#include <functional>

class QObject;

namespace PgOps {

class Connection;

// Reads the migrations stored in the target's `pgops` schema (RunStateSql), for the wizard's list
// of migrations in flight and `pgops migrate status`. Read-only requests: they run in read-only
// mode too, and never wait behind a lock on a user table.
class MigrationStateSource
{
public:
    // Every migration (name "") or the one named, newest first, with its progress and the pid
    // holding its advisory lock. A database without the pgops schema has none: an empty list and
    // no error.
    static quint64 read(Connection *connection, const QString &name, QObject *context,
                        std::function<void(const QList<PgOps::MigrationRun> &, const PgOps::DbError &)> done);
    // The steps of one migration in plan order (empty without the schema or the migration). A
    // stored definition this version cannot read is an error (kind Usage) naming the field.
    static quint64 readSteps(Connection *connection, const QString &name, QObject *context,
                             std::function<void(const QList<PgOps::StepRun> &, const PgOps::DbError &)> done);
};

} // namespace PgOps
