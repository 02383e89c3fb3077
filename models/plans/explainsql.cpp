// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/explainsql.h"

#include "lint/sqlscript.h"

#include <QCoreApplication>

namespace PgOps::ExplainSql {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::ExplainSql", text);
}

// What EXPLAIN takes (the grammar's ExplainableStmt), by SqlStatement::command. A WITH whose
// main statement the tokenizer cannot tell is left to the server.
bool explainable(const QString &command)
{
    static const QStringList commands
        = {QStringLiteral("SELECT"),      QStringLiteral("INSERT"),          QStringLiteral("UPDATE"),
           QStringLiteral("DELETE"),      QStringLiteral("MERGE"),           QStringLiteral("VALUES"),
           QStringLiteral("TABLE"),       QStringLiteral("EXECUTE"),         QStringLiteral("DECLARE"),
           QStringLiteral("SELECT INTO"), QStringLiteral("CREATE TABLE AS"), QStringLiteral("CREATE MATERIALIZED VIEW"),
           QStringLiteral("WITH")};
    return commands.contains(command);
}

// "SELECT on line 1 and DROP TABLE on line 3", "SELECT on line 1, SELECT on line 2 and …"
QString lineList(const QList<SqlStatement> &statements)
{
    QStringList lines;
    for (const SqlStatement &s : statements)
        lines.append(s.command.isEmpty() ? tr("one on line %1").arg(s.line)
                                         : tr("%1 on line %2").arg(s.command).arg(s.line));
    if (lines.size() < 2)
        return lines.join(QString());
    return lines.mid(0, lines.size() - 1).join(QStringLiteral(", ")) + tr(" and ") + lines.constLast();
}

struct Flag
{
    Option option;
    bool wanted;
};

QList<Flag> flags(const ExplainRequest &r)
{
    return {{Option::Analyze, r.analyze},     {Option::Buffers, r.buffers}, {Option::Verbose, r.verbose},
            {Option::Settings, r.settings},   {Option::Wal, r.wal},         {Option::GenericPlan, r.genericPlan},
            {Option::Serialize, r.serialize}, {Option::Memory, r.memory}};
}

QString parameterProblem(const ExplainRequest &r, const Check &c, int serverVersionNum)
{
    if (r.genericPlan && supports(Option::GenericPlan, serverVersionNum)) {
        if (!r.params.isEmpty())
            return tr("A generic plan is made without parameter values: leave the values out, or untick "
                      "GENERIC_PLAN to plan with them.");
        return {};
    }
    const int given = int(r.params.size());
    if (given < c.parameterCount) {
        const QString values = tr("Give a value for each of $1 … $%1").arg(c.parameterCount);
        if (r.genericPlan)
            return tr("The statement uses $%1, and GENERIC_PLAN (which plans without values) needs PostgreSQL "
                      "16 or later. %2.")
                .arg(c.parameterCount)
                .arg(values);
        return tr("The statement uses $%1 but %2 value(s) were given. %3, or tick GENERIC_PLAN (PostgreSQL 16+) "
                  "for a plan without values.")
            .arg(c.parameterCount)
            .arg(given)
            .arg(values);
    }
    if (given > c.parameterCount)
        return c.parameterCount == 0
            ? tr("%1 parameter value(s) were given, but the statement has no $1: leave the values out.").arg(given)
            : tr("%1 parameter value(s) were given, but the statement uses only $1 … $%2: leave the extra values out.")
                  .arg(given)
                  .arg(c.parameterCount);
    return {};
}
} // namespace

bool supports(Option option, int serverVersionNum)
{
    switch (option) {
    case Option::Analyze:
    case Option::Buffers:
    case Option::Verbose:
        return true;
    case Option::Settings:
        return serverVersionNum >= 120000;
    case Option::Wal:
        return serverVersionNum >= 130000;
    case Option::GenericPlan:
        return serverVersionNum >= 160000;
    case Option::Serialize:
    case Option::Memory:
        return serverVersionNum >= 170000;
    }
    return false;
}

QString optionName(Option option)
{
    switch (option) {
    case Option::Analyze:
        return QStringLiteral("ANALYZE");
    case Option::Buffers:
        return QStringLiteral("BUFFERS");
    case Option::Verbose:
        return QStringLiteral("VERBOSE");
    case Option::Settings:
        return QStringLiteral("SETTINGS");
    case Option::Wal:
        return QStringLiteral("WAL");
    case Option::GenericPlan:
        return QStringLiteral("GENERIC_PLAN");
    case Option::Serialize:
        return QStringLiteral("SERIALIZE");
    case Option::Memory:
        return QStringLiteral("MEMORY");
    }
    return {};
}

Check check(const QString &sql)
{
    Check c;
    const SqlScript script(sql);
    if (!script.ok()) {
        c.problem = tr("Line %1: %2.").arg(script.error().line).arg(script.error().message);
        return c;
    }
    const QList<SqlStatement> &statements = script.statements();
    if (statements.isEmpty()) {
        c.problem = tr("There is no statement to explain: the text is empty or only comments. Enter one statement.");
        return c;
    }
    if (statements.size() > 1) {
        c.problem = tr("PgOps runs one statement at a time, and found %1: %2. Run them one by one.")
                        .arg(statements.size())
                        .arg(lineList(statements));
        return c;
    }
    const SqlStatement &s = statements.first();
    c.modifiesData = s.modifiesData;
    c.parameterCount = s.maxParameter;
    if (s.transactionControl) {
        c.problem = tr("%1 controls transactions, and PgOps runs EXPLAIN inside a transaction of its own that it "
                       "always rolls back: %1 would end or change it. Leave it out and explain the statement alone.")
                        .arg(s.command);
    } else if (s.command == QLatin1String("EXPLAIN")) {
        c.problem = tr("This is already an EXPLAIN: leave out \"EXPLAIN …\" and give the statement alone; PgOps adds "
                       "EXPLAIN with the options you choose.");
    } else if (!explainable(s.command)) {
        c.problem = tr("EXPLAIN cannot plan %1. It plans SELECT, INSERT, UPDATE, DELETE, MERGE, VALUES, EXECUTE, "
                       "DECLARE, CREATE TABLE AS and CREATE MATERIALIZED VIEW … AS (and a WITH leading to one of "
                       "them).")
                        .arg(s.command.isEmpty() ? tr("a statement that does not start with a keyword") : s.command);
    }
    return c;
}

QString problem(const ExplainRequest &r, int serverVersionNum)
{
    const Check c = check(r.sql);
    if (!c.ok())
        return c.problem;
    if (r.genericPlan && r.analyze)
        return tr("GENERIC_PLAN cannot be combined with ANALYZE: a generic plan has no parameter values to run "
                  "with. Untick one of them.");
    if (r.wal && !r.analyze)
        return tr("WAL reports what the run wrote and needs ANALYZE: tick ANALYZE or untick WAL.");
    if (r.serialize && !r.analyze)
        return tr("SERIALIZE measures sending the result of a run and needs ANALYZE: tick ANALYZE or untick "
                  "SERIALIZE.");
    if (r.statementTimeoutMs < 0 || r.lockTimeoutMs < 0)
        return tr("Timeouts are milliseconds, 0 for none; not negative.");
    return parameterProblem(r, c, serverVersionNum);
}

QStringList unsupported(const ExplainRequest &r, int serverVersionNum)
{
    QStringList names;
    for (const Flag &f : flags(r)) {
        if (f.wanted && !supports(f.option, serverVersionNum))
            names.append(optionName(f.option));
    }
    return names;
}

QString explainStatement(const ExplainRequest &r, int serverVersionNum)
{
    if (!problem(r, serverVersionNum).isEmpty())
        return {};
    QStringList options;
    for (const Flag &f : flags(r)) {
        if (!f.wanted || !supports(f.option, serverVersionNum))
            continue;
        // Before 13 BUFFERS needs ANALYZE; SERIALIZE takes a format, not a boolean.
        if (f.option == Option::Buffers && !r.analyze && serverVersionNum < 130000)
            continue;
        options.append(f.option == Option::Serialize ? QStringLiteral("SERIALIZE TEXT")
                                                     : optionName(f.option) + QStringLiteral(" true"));
    }
    // From 18 ANALYZE reports buffers unless told not to: what was not asked for is not shown.
    if (r.analyze && !r.buffers && serverVersionNum >= 180000)
        options.append(QStringLiteral("BUFFERS false"));
    options.append(QStringLiteral("FORMAT JSON"));
    return QStringLiteral("EXPLAIN (%1) %2").arg(options.join(QStringLiteral(", ")), r.sql);
}

bool executesWrites(const ExplainRequest &r)
{
    return r.analyze && (r.writes || check(r.sql).modifiesData);
}

QStringList setup(const ExplainRequest &r)
{
    QStringList statements {QStringLiteral("SET LOCAL statement_timeout = %1").arg(qMax(0, r.statementTimeoutMs)),
                            QStringLiteral("SET LOCAL lock_timeout = %1").arg(qMax(0, r.lockTimeoutMs))};
    // Only a write the user confirmed runs read-write. Without ANALYZE nothing is executed; with
    // it, a statement whose text does not write may still write through a function, a trigger or
    // a sequence, whose effects on sequences and the like a ROLLBACK does not undo: the server
    // refuses those (SQLSTATE 25006) instead, and the user can run it as a write.
    if (!executesWrites(r))
        statements.append(QStringLiteral("SET LOCAL transaction_read_only = on"));
    // A generic plan may go through the simple protocol (needsSimpleProtocol), where the server
    // cuts statements itself: make it lex as our tokenizer does, whatever the role or database
    // sets (with standard_conforming_strings off, 'a\'' would end where we see no end).
    if (r.genericPlan && !r.analyze) {
        statements.append(QStringLiteral("SET LOCAL standard_conforming_strings = on"));
        statements.append(QStringLiteral("SET LOCAL client_encoding = 'UTF8'"));
    }
    return statements;
}

bool needsSimpleProtocol(const ExplainRequest &r, int serverVersionNum)
{
    return r.genericPlan && !r.analyze && supports(Option::GenericPlan, serverVersionNum)
        && check(r.sql).parameterCount > 0;
}

QStringList transcript(const ExplainRequest &r, int serverVersionNum)
{
    const QString explain = explainStatement(r, serverVersionNum);
    if (explain.isEmpty())
        return {};
    return QStringList {QStringLiteral("BEGIN")} + setup(r) + QStringList {explain, QStringLiteral("ROLLBACK")};
}

} // namespace PgOps::ExplainSql
