// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "storage/storageaction.h"

#include "storage/storagesql.h"

#include <QCoreApplication>

namespace PgOps {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::StorageAction", text);
}

StorageAction onIndex(StorageAction::Kind kind, const IndexRow &index, int lockTimeoutMs)
{
    StorageAction a;
    a.kind = kind;
    a.oid = index.oid;
    a.schema = index.schema;
    a.name = index.name;
    a.lockTimeoutMs = lockTimeoutMs;
    return a;
}
} // namespace

QString StorageAction::title() const
{
    const QString object = schema + QLatin1Char('.') + name;
    switch (kind) {
    case Kind::Drop:
        return tr("Drop index %1").arg(object);
    case Kind::Reindex:
        return tr("Rebuild index %1").arg(object);
    case Kind::Recreate:
        return tr("Recreate index %1").arg(object);
    case Kind::Vacuum:
        return tr("Vacuum table %1").arg(object);
    }
    return {};
}

QStringList StorageAction::prelude() const
{
    return StorageSql::actionPrelude(lockTimeoutMs).split(QLatin1Char('\n'));
}

QString StorageAction::displaySql() const
{
    return (prelude() + statements).join(QLatin1Char('\n'));
}

StorageAction StorageAction::drop(const IndexRow &index, int lockTimeoutMs)
{
    StorageAction a = onIndex(Kind::Drop, index, lockTimeoutMs);
    a.statements = {StorageSql::dropIndex(index)};
    return a;
}

StorageAction StorageAction::reindex(const IndexRow &index, int serverVersionNum, int lockTimeoutMs)
{
    StorageAction a = onIndex(Kind::Reindex, index, lockTimeoutMs);
    a.statements = {StorageSql::reindexIndex(index, serverVersionNum)};
    return a;
}

StorageAction StorageAction::recreate(const IndexRow &index, int lockTimeoutMs)
{
    StorageAction a = onIndex(Kind::Recreate, index, lockTimeoutMs);
    a.statements = StorageSql::recreateStatements(index);
    return a;
}

StorageAction StorageAction::vacuum(const TableRow &table, int lockTimeoutMs)
{
    StorageAction a;
    a.kind = Kind::Vacuum;
    a.oid = table.oid;
    a.schema = table.schema;
    a.name = table.name;
    a.lockTimeoutMs = lockTimeoutMs;
    a.statements = {StorageSql::vacuumTable(table)};
    return a;
}

StorageAction StorageAction::forFinding(const StorageFinding &finding, const StorageSnapshot &snapshot,
                                        int lockTimeoutMs)
{
    StorageAction a;
    if (finding.index.isEmpty()) {
        for (const TableRow &t : snapshot.tables) {
            if (t.oid == finding.oid)
                a = vacuum(t, lockTimeoutMs);
        }
    } else {
        for (const IndexRow &i : snapshot.indexes) {
            if (i.oid != finding.oid)
                continue;
            switch (finding.kind) {
            case StorageFinding::Kind::Invalid:
                a = recreate(i, lockTimeoutMs);
                break;
            case StorageFinding::Kind::Bloat:
                a = reindex(i, snapshot.serverVersion, lockTimeoutMs);
                break;
            default:
                a = drop(i, lockTimeoutMs);
            }
        }
    }
    a.reason = finding.reason;
    a.keepOid = finding.keepOid;
    a.keep = finding.keep;
    return a;
}

} // namespace PgOps
