// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"
#include "migrate/plancontext.h"

#include <QList>

#include <functional>

class QObject;

namespace PgOps {

class Connection;

// What the wizard asks the catalog while the user fills the form.
class MigrationCatalog
{
public:
    struct TableEntry
    {
        QualifiedName name;
        qint64 bytes = -1; // from relpages (no lock wait)
        double rowEstimate = -1;
    };
    // Ordinary and partitioned tables outside the system schemas, largest first.
    static quint64 listTables(Connection *connection, QObject *context,
                              std::function<void(const QList<TableEntry> &, const DbError &)> done);
    // Columns of one table (format_type spelling); empty list + no error when it does not exist.
    static quint64 listColumns(Connection *connection, const QualifiedName &table, QObject *context,
                               std::function<void(const QList<ColumnFacts> &, const DbError &)> done);
    // The server's own spelling of a type name (format_type(to_regtype($1), NULL)), "" when it does
    // not name a type (`problem` then says so). Never spliced: sent as a parameter.
    static quint64 checkType(Connection *connection, const QString &type, QObject *context,
                             std::function<void(const QString &canonical, const QString &problem)> done);
};

} // namespace PgOps
