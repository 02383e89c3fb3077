// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "storage/storagesnapshot.h"

namespace PgOps {

// One storage action, worked out before anything runs: the relation it acts on (bound by oid
// and name, checked again right before it runs), the statements in order and the reason.
struct StorageAction
{
    enum class Kind
    {
        Drop, // DROP INDEX CONCURRENTLY
        Reindex, // REINDEX INDEX CONCURRENTLY
        Recreate, // a failed build: drop, then create again, both concurrently
        Vacuum,
    };
    Kind kind = Kind::Drop;
    quint32 oid = 0;
    QString schema;
    QString name; // the index, or the table for Vacuum
    QString reason;
    // A duplicate's drop: the index kept, checked to be there and valid right before.
    quint32 keepOid = 0;
    QString keep;
    QStringList statements;
    int lockTimeoutMs = 2000;

    bool isValid() const { return oid != 0 && !statements.isEmpty(); }
    QString title() const; // "Drop index public.orders_coupon_idx"
    // Exactly what is sent, in order: the session settings, then the statements.
    QString displaySql() const;
    QStringList prelude() const;

    static StorageAction drop(const IndexRow &index, int lockTimeoutMs);
    static StorageAction reindex(const IndexRow &index, int serverVersionNum, int lockTimeoutMs);
    static StorageAction recreate(const IndexRow &index, int lockTimeoutMs);
    static StorageAction vacuum(const TableRow &table, int lockTimeoutMs);
    // The action a finding ends in; invalid when its relation is not in the snapshot.
    static StorageAction forFinding(const StorageFinding &finding, const StorageSnapshot &snapshot, int lockTimeoutMs);
};

} // namespace PgOps
