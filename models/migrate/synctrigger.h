// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "lint/sqlname.h"

#include <QList>
#include <QPair>
#include <QString>

namespace PgOps {

// The BEFORE INSERT OR UPDATE trigger that keeps an old and a new column in step while old and
// new application code run side by side. Its writes are skipped while a backfill batch runs
// (`SET LOCAL pgops.backfill = on`), so the backfill's own UPDATEs are not rewritten.
class SyncTrigger
{
public:
    // Names from the table and the old column: function <schema>.<table>_<column>__pgops_sync,
    // trigger <column>__pgops_sync.
    SyncTrigger(const QualifiedName &table, const QString &column);

    const QualifiedName &function() const { return m_function; }
    const QString &trigger() const { return m_trigger; }

    // Two-way: on INSERT the new column, when set, wins over the old one (which may hold only its
    // DEFAULT), else it is computed from the old one; on UPDATE, when only the new column
    // changed the old one follows (`down`), when the old one changed the new one follows (`up`),
    // and when neither changed nothing is computed. Both are
    // plpgsql expressions over NEW (see rewriteForTrigger).
    QString createTwoWay(const QString &oldColumn, const QString &newColumn, const QString &up, const QString &down,
                         int serverVersion) const;
    // One-way: each target is computed from the old column when it is inserted missing or the
    // old column changes. `targets`: column and plpgsql expression.
    QString createOneWay(const QString &oldColumn, const QList<QPair<QString, QString>> &targets,
                         int serverVersion) const;
    // DROP TRIGGER …; DROP FUNCTION …;
    QString dropSql() const;

    // `expression` (user SQL over `column`) for the trigger body: every identifier token naming
    // `column` (also `table.column`) becomes `replacement` (NEW."column"); names after `::` or
    // before `(` are types and functions and stay. Tokens, never a regex over the text.
    static QString rewriteForTrigger(const QString &expression, const QString &column, const QString &replacement,
                                     const QString &tableName);

private:
    QString create(const QString &body, int serverVersion) const;

    QualifiedName m_table;
    QualifiedName m_function;
    QString m_trigger;
};

} // namespace PgOps
