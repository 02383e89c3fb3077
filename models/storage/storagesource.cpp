// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "storage/storagesource.h"

#include "db/connection.h"
#include "storage/storageanalysis.h"
#include "storage/storagequery.h"
#include "storage/storagesql.h"

namespace PgOps {

void StorageSource::fetch(Connection *connection, const QString &schema, QObject *context, Done<StorageSnapshot> done)
{
    const int version = connection->status().server.versionNum;
    DbRequest r;
    r.sql = StorageQuery::sql(version);
    r.params = StorageQuery::params(schema);
    r.tag = QStringLiteral("storage");
    r.parse = [version](const ResultRows &rows) {
        StorageSnapshot s = StorageQuery::parse(rows, version);
        // Evidence ages by the server's clock: the client's may be off.
        StorageAnalysis::analyse(s, s.serverNow.isValid() ? s.serverNow : QDateTime::currentDateTimeUtc());
        return QVariant::fromValue(s);
    };
    connection->exec(std::move(r), context, [done](const QueryResult &result) {
        done(result.parsed.value<StorageSnapshot>(), result.error);
    });
}

void StorageSource::measure(Connection *connection, const QString &extensionSchema, bool index, quint32 oid,
                            QObject *context, Done<StorageMeasurement> done)
{
    DbRequest r;
    r.sql = index ? StorageSql::measureIndex(extensionSchema) : StorageSql::measureTable(extensionSchema);
    r.params = {qint64(oid)};
    r.tag = QStringLiteral("storage-measure");
    connection->exec(std::move(r), context, [done, index](const QueryResult &result) {
        StorageMeasurement m;
        m.index = index;
        if (result.ok() && !result.rows.isEmpty()) {
            const auto value = [&](const char *name) { return result.value(0, QLatin1String(name)); };
            if (index) {
                m.bytes = value("index_size").toLongLong();
                m.leafDensity = value("avg_leaf_density").toDouble();
                m.leafFragmentation = value("leaf_fragmentation").toDouble();
                m.freePercent = m.leafDensity >= 0 ? 100.0 - m.leafDensity : -1;
            } else {
                m.bytes = value("table_len").toLongLong();
                m.scannedPercent = value("scanned_percent").toDouble();
                m.deadPercent = value("dead_tuple_percent").toDouble();
                m.freePercent = value("approx_free_percent").toDouble();
            }
        }
        done(m, result.error);
    });
}

} // namespace PgOps
