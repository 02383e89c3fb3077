// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "lint/ddlrules.h"

#include <QList>
#include <QSet>
#include <QString>

namespace PgOps {

// What `pgops lint` remembers while it reads one file top to bottom: the tables created in it
// (new and empty: no lock findings on them), whether lock_timeout is set (per session, or SET
// LOCAL in the open transaction), and the open BEGIN … COMMIT block with its DDL and whole-table
// writes. It turns the rule engine's statement findings into the file's.
class LintFileState
{
public:
    struct Located
    {
        const SqlStatement *statement = nullptr; // stays valid while the script lives
        RuleFinding finding;
    };

    explicit LintFileState(DdlContext context);

    // The findings of this statement, and those of an earlier one that its COMMIT settles.
    QList<Located> next(const SqlStatement &statement);
    // At the end of the file: the open transaction's pending findings.
    QList<Located> finish();
    // A relation created earlier in the file (a table, or an index on such a table).
    bool isNew(const QualifiedName &relation) const;

private:
    static QString key(const QualifiedName &relation);
    void transactionControl(const SqlStatement &statement, QList<Located> &out);
    void lockTimeout(const SqlStatement &statement, const DdlFacts &facts);
    void remember(const SqlStatement &statement, const DdlFacts &facts);
    void missingLockTimeout(const SqlStatement &statement, const DdlFacts &facts, QList<Located> &out) const;
    QList<Located> settleTransaction();

    DdlContext m_context;
    QSet<QString> m_new;
    bool m_inTransaction = false;
    bool m_transactionDdl = false;
    bool m_sessionTimeout = false;
    bool m_localTimeout = false;
    QList<const SqlStatement *> m_transactionWrites;
};

} // namespace PgOps
