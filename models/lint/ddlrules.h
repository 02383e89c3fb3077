// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "core/severity.h"
#include "lint/lockmode.h"
#include "lint/sqlname.h"
#include "lint/sqlscript.h"

#include <QList>
#include <QString>

#include <functional>

namespace PgOps {

// One table lock a statement takes.
struct DdlLock
{
    LockMode mode = LockMode::None;
    QualifiedName relation; // as written in the statement (schema may be empty)
};

// A rule that fired on one statement: what is wrong and the safe way to do it.
struct RuleFinding
{
    QString rule; // stable kebab-case id, e.g. "index-not-concurrent" (see DdlRules::rules())
    QString message; // the problem in words, with the facts: "CREATE INDEX takes SHARE on orders: writes wait for the
                     // whole build"
    QString safer; // the safe alternative: "CREATE INDEX CONCURRENTLY … outside a transaction block"
    Severity severity = Severity::Warn; // Warn → verdict caution, Critical → danger
    QualifiedName table; // the table concerned, empty when none
};

// What one statement does to the tables it touches, as far as its text (plus the context) tells.
struct DdlFacts
{
    QString command; // SqlStatement::command
    QualifiedName table; // the table it acts on (ALTER TABLE t, CREATE INDEX … ON t, UPDATE t), or empty
    QList<DdlLock> locks; // strongest first; empty when it takes no table lock
    bool rewrites = false; // rewrites the table (and its indexes)
    bool scans = false; // reads the whole table while holding its lock (validation, NOT NULL check, index build)
    QString rewriteNote; // why it does or does not rewrite/scan: "varchar(20) → text is binary-coercible"
    bool createsTable = false; // CREATE TABLE (not … AS): `table` is new and empty
    bool setsLockTimeout = false; // SET [LOCAL] lock_timeout = <not 0>
    bool wholeTableWrite = false; // UPDATE or DELETE without WHERE
    bool isDdl = false; // changes the schema (CREATE/ALTER/DROP/COMMENT …, REINDEX, CLUSTER, VACUUM FULL)
    QList<RuleFinding> findings;

    LockMode strongestLock() const { return locks.isEmpty() ? LockMode::None : locks.first().mode; }
};

// What the rules may know beyond the text. Every member is optional.
struct DdlContext
{
    int serverVersion = 0; // server_version_num (150000); 0 = unknown: judge for the newest release
    // The column's current type as format_type spells it ("character varying(20)"), "" when unknown.
    std::function<QString(const QualifiedName &table, const QString &column)> columnType;
    // A validated CHECK (column IS NOT NULL) exists on it (so SET NOT NULL needs no scan on 12+).
    std::function<bool(const QualifiedName &table, const QString &column)> provenNotNull;
    // The table a foreign key constraint of `table` references (VALIDATE CONSTRAINT takes ROW SHARE
    // on it, DROP CONSTRAINT ACCESS EXCLUSIVE), empty when unknown or not a foreign key.
    std::function<QualifiedName(const QualifiedName &table, const QString &constraint)> referencedTable;
};

// The one rule engine behind `pgops lint` and the migration planner's preview.
namespace DdlRules {
struct RuleInfo
{
    QString id;
    QString summary; // one line: what it catches
};
// Every statement-level rule (the linter adds its file-level ones: missing-lock-timeout,
// concurrently-in-transaction, whole-table-write-with-ddl).
QList<RuleInfo> rules();
// Locks, rewrite/scan and findings of one statement. Never fails: an unknown statement yields
// facts with no locks and no findings.
DdlFacts analyse(const SqlStatement &statement, const DdlContext &context = {});
// Convenience: splits `sql` (one statement) and analyses it.
DdlFacts analyse(const QString &sql, const DdlContext &context = {});
} // namespace DdlRules

} // namespace PgOps
