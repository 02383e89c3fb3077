// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"
#include "storage/storagesnapshot.h"

#include <functional>

class QObject;

namespace PgOps {

class Connection;

// An exact measurement through pgstattuple: free and dead space as the pages hold them.
struct StorageMeasurement
{
    bool index = false;
    qint64 bytes = -1;
    double scannedPercent = 100; // pgstattuple_approx reads only pages not all-visible
    double deadPercent = -1;
    double freePercent = -1;
    double leafDensity = -1; // pgstatindex
    double leafFragmentation = -1;
};

// What the Storage panel and `pgops storage` read: the storage query parsed, rolled up and
// judged on the connection's worker, so the GUI thread gets finished value types even for a
// 100,000-relation catalog.
class StorageSource
{
public:
    template<typename T> using Done = std::function<void(const T &value, const DbError &error)>;
    // What a storage read may take: the size functions open every relation, seconds on a
    // catalog of 100,000.
    static constexpr int statementTimeoutMs = 120000;

    // `schema` empty: every schema.
    static void fetch(Connection *connection, const QString &schema, QObject *context, Done<StorageSnapshot> done);
    // pgstattuple_approx (table) or pgstatindex (btree index) of one relation.
    static void measure(Connection *connection, const QString &extensionSchema, bool index, quint32 oid,
                        QObject *context, Done<StorageMeasurement> done);
};

} // namespace PgOps
