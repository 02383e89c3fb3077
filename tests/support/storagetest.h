// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "storage/storagesource.h"
#include "support/testutil.h"

#include <QObject>

// Helpers of the storage integration tests: one storage read, and its rows by name.
namespace PgOpsTest {

// Reads the storage of `schema` through StorageSource::fetch, as the panel and the command do.
// False (with the reason in `why`) when it failed or did not answer within `timeoutMs`.
inline bool fetchStorage(PgOps::Connection &c, const QString &schema, PgOps::StorageSnapshot &out, QString *why,
                         int timeoutMs = 15000)
{
    bool answered = false;
    PgOps::DbError error;
    QObject context;
    PgOps::StorageSource::fetch(&c, schema, &context, [&](const PgOps::StorageSnapshot &s, const PgOps::DbError &e) {
        out = s;
        error = e;
        answered = true;
    });
    if (!QTest::qWaitFor([&answered] { return answered; }, timeoutMs)) {
        *why = QStringLiteral("the storage query did not answer within %1 ms").arg(timeoutMs);
        return false;
    }
    *why = error.message;
    return !error.isError();
}

inline const PgOps::TableRow *tableNamed(const PgOps::StorageSnapshot &s, const QString &name)
{
    for (const PgOps::TableRow &t : s.tables) {
        if (t.name == name)
            return &t;
    }
    return nullptr;
}

inline const PgOps::IndexRow *indexNamed(const PgOps::StorageSnapshot &s, const QString &name)
{
    for (const PgOps::IndexRow &i : s.indexes) {
        if (i.name == name)
            return &i;
    }
    return nullptr;
}

// The findings of one kind about the relation with this oid.
inline QList<PgOps::StorageFinding> findingsOf(const PgOps::StorageSnapshot &s, quint32 oid,
                                               PgOps::StorageFinding::Kind kind)
{
    QList<PgOps::StorageFinding> out;
    for (const PgOps::StorageFinding &f : s.findings) {
        if (f.oid == oid && f.kind == kind)
            out.append(f);
    }
    return out;
}

} // namespace PgOpsTest
