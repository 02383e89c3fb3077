// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"
#include "migrate/migrationspec.h"
#include "migrate/plancontext.h"

#include <QList>

#include <functional>

class QObject;

namespace PgOps {

class Connection;

// Reads a migration's live context from the target: the tables it names (and the tables their
// foreign keys reference), write rates from two samples of pg_stat_user_tables `sampleMs`
// apart (a timer between them, never a sleep), current lockers and old transactions. Read-only;
// our own sessions are left out by pid. Nothing it reads waits behind an ACCESS EXCLUSIVE lock.
class MigrationContextSource
{
public:
    struct Options
    {
        int sampleMs = 1000; // 0: no write rate (writesPerSecond stays -1)
        double oldTransactionSeconds = 60;
        // Sessions to leave out of lockers and old transactions besides the reading one; the
        // connection's DbServer::ownBackendPids() are added by read().
        QList<int> excludedPids;
    };
    // Every table `spec` touches, schema defaulted, referenced tables included, no duplicates.
    static QList<QualifiedName> tablesOf(const MigrationSpec &spec);
    // Every index a drop_index of `spec` names, schema defaulted, no duplicates.
    static QList<QualifiedName> indexesOf(const MigrationSpec &spec);
    // Reads the context on `connection` (any connection of the server; Access::Read). `done` is
    // called once on `context`'s thread, with the facts read so far and `error` set on failure
    // (a failure of one part lands in PlanContext::problems; `error` is for the whole read).
    // Dropped when `context` dies. Returns the first request's id (0 when refused).
    static quint64 read(Connection *connection, const QList<QualifiedName> &tables, const Options &options,
                        QObject *context, std::function<void(const PlanContext &, const DbError &error)> done);
    // The same, also reading PlanContext::droppedIndexes for `droppedIndexes`.
    static quint64 read(Connection *connection, const QList<QualifiedName> &tables,
                        const QList<QualifiedName> &droppedIndexes, const Options &options, QObject *context,
                        std::function<void(const PlanContext &, const DbError &error)> done);
    // The same for everything `spec` touches: tablesOf(spec) and indexesOf(spec).
    static quint64 read(Connection *connection, const MigrationSpec &spec, const Options &options, QObject *context,
                        std::function<void(const PlanContext &, const DbError &error)> done);
};

} // namespace PgOps
