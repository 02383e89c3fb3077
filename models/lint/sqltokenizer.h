// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringView>

namespace PgOps {

// One token of SQL as PostgreSQL's own lexer (src/backend/parser/scan.l) cuts it, with
// standard_conforming_strings on. Whitespace is dropped; comments are kept (the linter reads
// "-- pgops:allow RULE" from them).
struct SqlToken
{
    enum class Kind
    {
        Word, // keyword or unquoted identifier: SELECT, orders, a$b
        QuotedIdentifier, // "Order ""x""", U&"d\0061t\+000061"
        String, // 'it''s', E'\'', U&'…', N'…', B'101', X'1F'
        DollarString, // $$…$$, $body$…$body$
        Number, // 42, 1.5e3, .5, 0x1F, 1_000
        Parameter, // $1
        Operator, // + - * / < > = ~ ! @ # % ^ & | ` ? and runs of them, ::, :=, =>
        Punctuation, // , . : [ ]
        OpenParen,
        CloseParen,
        Semicolon,
        Comment, // -- … and /* … */ (nested)
    };
    Kind kind = Kind::Word;
    qsizetype start = 0; // offset into the text, in UTF-16 units
    qsizetype length = 0;
    int line = 1; // 1-based line the token starts on
    QString text; // as written

    // A Word equal to `keyword` (upper case ASCII), case-insensitively.
    bool is(QLatin1String keyword) const;
    bool isWord() const { return kind == Kind::Word; }
    // For a Parameter: n of $n; else 0.
    int parameterNumber() const;
    qsizetype end() const { return start + length; }
};

// Why a text cannot be cut into tokens: a quote, comment or dollar quote that is never closed.
struct SqlLexError
{
    int line = 0; // where the unclosed thing starts
    QString message; // what is open and how to close it
    bool isError() const { return !message.isEmpty(); }
};

class SqlTokenizer
{
public:
    // Every token of `text`, comments included. An unclosed quote, comment or dollar quote ends
    // the list with the unclosed token (running to the end) and sets `error`.
    static QList<SqlToken> tokenize(QStringView text, SqlLexError *error = nullptr);
};

} // namespace PgOps
