// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "plans/explainrequest.h"

#include <QString>
#include <QStringList>

// The safe EXPLAIN runner's SQL: which statements it takes, the EXPLAIN it sends (only options
// the server knows), and everything it sends around it. Pure: the widgets show the transcript
// before running, `pgops explain` refuses bad input before connecting.
namespace PgOps::ExplainSql {

enum class Option
{
    Analyze,
    Buffers,
    Verbose,
    Settings,
    Wal,
    GenericPlan,
    Serialize,
    Memory
};
// SETTINGS 12+, WAL 13+, GENERIC_PLAN 16+, SERIALIZE and MEMORY 17+; the rest always.
bool supports(Option option, int serverVersionNum);
QString optionName(Option option); // "GENERIC_PLAN"

struct Check
{
    QString problem; // what is wrong and what to do instead; empty: fine
    bool modifiesData = false; // ANALYZE would really write (then roll back): ask first
    int parameterCount = 0; // the highest $n
    bool ok() const { return problem.isEmpty(); }
};
// Exactly one statement EXPLAIN can plan, no transaction control, no EXPLAIN of its own,
// nothing left unclosed. Tokenized (quotes, dollar quotes, comments), never split on ';'.
Check check(const QString &sql);

// check(), then the request as a whole on this server: option combinations the server refuses
// (GENERIC_PLAN with ANALYZE; WAL, SERIALIZE without ANALYZE), a value for every $n unless a
// generic plan is made, timeouts not negative. Empty: it can run.
QString problem(const ExplainRequest &r, int serverVersionNum);
// The options asked for that this server does not know; they are left out, never sent.
QStringList unsupported(const ExplainRequest &r, int serverVersionNum);

// "EXPLAIN (ANALYZE true, BUFFERS true, FORMAT JSON) <sql>", the SQL verbatim; empty when
// problem() is not.
QString explainStatement(const ExplainRequest &r, int serverVersionNum);
// ANALYZE of a statement that writes, by its text or by the user's word (ExplainRequest::writes):
// it really executes (then is rolled back), so it is confirmed first, logged, refused in
// read-only mode, and runs read-write.
bool executesWrites(const ExplainRequest &r);
// The SET LOCAL statements run after BEGIN: statement_timeout and lock_timeout, and
// transaction_read_only unless executesWrites (a hidden write is refused, not run); for a generic plan also
// standard_conforming_strings and client_encoding, so the server lexes as our tokenizer.
QStringList setup(const ExplainRequest &r);
// A generic plan of a statement with $n: the extended protocol would make $n parameters of the
// statement, which Bind must give values for (and the planner would plan with them), so it goes
// through the simple protocol. The tokenizer's check is the only guard against a second
// statement there, and the transaction is read-only (setup()).
bool needsSimpleProtocol(const ExplainRequest &r, int serverVersionNum);
// Every statement sent, in order: BEGIN, setup(), explainStatement(), ROLLBACK.
QStringList transcript(const ExplainRequest &r, int serverVersionNum);

} // namespace PgOps::ExplainSql
