// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"
#include "migrate/contractevidence.h"

#include <functional>

class QObject;

namespace PgOps {

class Connection;

// Reads the evidence before contract (ContractEvidence) on a connection of the target, and stores
// the snapshot it is measured against. Every read runs rolled back with SET LOCAL timeouts
// (ContractEvidenceSql::readSetup); catalogs and statistics views are joined by name, so nothing
// but the consistency count (bounded by lock_timeout) can wait behind a lock on a user table.
// Callbacks arrive on `context`'s thread, once, unless `context` is gone by then.
class EvidenceSource
{
public:
    // Reads the references, scans and consistency counts of `run` (its spec and steps, as from
    // RunStateSql::selectMigrations + parseSteps). A missing or unloaded pg_stat_statements is
    // no error (ContractEvidence::statementsProblem says so); a count that fails leaves its
    // ConsistencyCheck::problem set. `error` is for the read as a whole (the spec unreadable,
    // the first query failing).
    static void read(Connection *connection, const MigrationRun &run, QObject *context,
                     std::function<void(const ContractEvidence &evidence, const DbError &error)> done);
    // Reads the references and scans of `run` now and stores them in pgops.migrations.evidence
    // (Access::Write), to be compared with at contract: call it when the migration becomes ready.
    static void snapshot(Connection *connection, const MigrationRun &run, QObject *context,
                         std::function<void(const DbError &error)> done);
    // Records which pg_stat_statements entries name a rename_table's old name now, before the
    // rename (they target the table's OID, so new code's statements land in them too and they
    // never count as evidence). Call it once the migration is stored and before its first step
    // runs; it keeps a record already stored and records nothing once a step of `run.steps` is
    // not pending (after the rename it would record the view's entries), nor for a spec without
    // rename_table. Without this record the
    // ready snapshot stands in, less precisely (see ContractEvidence).
    static void snapshotAtStart(Connection *connection, const MigrationRun &run, QObject *context,
                                std::function<void(const DbError &error)> done);
};

} // namespace PgOps
