// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "lint/ddlrules.h"

#include <QList>
#include <QString>

#include <functional>

namespace PgOps {

// One finding of `pgops lint`, located in its file.
struct LintFinding
{
    QString file;
    int line = 0; // the statement's first line (1-based)
    RuleFinding finding;
    QString statement; // the statement's text, first line only (for the report)
    QString live; // with --conn: the live judgement, e.g. "live: orders is 412 MB, ~1,900 writes/s"
};

struct LintOptions
{
    int serverVersion = 0; // --pg-version N → N * 10000; 0 = newest rules
    DdlContext context; // columnType / provenNotNull from a live connection (--conn), else empty
};

// Lints plain SQL migration files: per statement, the rule engine, plus the file-level rules
// (lock_timeout not set before a strong lock, CONCURRENTLY inside BEGIN … COMMIT, a whole-table
// UPDATE/DELETE in a transaction with DDL). Tables created earlier in the file are new: no lock
// findings on them. `-- pgops:allow RULE[, RULE…]` on the line before a statement accepts them.
namespace SqlLinter {
// The findings of one file's text, in line order. `error` gets the lexer's problem (an
// unclosed quote: "line 12: unterminated dollar-quoted string …"), the findings up to it are kept.
QList<LintFinding> lint(const QString &file, const QString &text, const LintOptions &options, QString *error = nullptr);
// `text` with the rows of each COPY … FROM STDIN (up to the line "\.") blanked out, lines kept:
// the rows are data, not SQL, and a ';' in them must not cut statements. lint() does it itself;
// call it once on a file's text as read (on its own output it would blank every later line).
QString withoutCopyData(const QString &text);
// Every rule id the linter can report, statement and file level, for --help and the README.
QStringList ruleIds();
} // namespace SqlLinter

} // namespace PgOps
