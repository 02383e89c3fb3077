// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "lint/sqlname.h"
#include "lint/sqltokenizer.h"

#include <QList>
#include <QString>

#include <initializer_list>

namespace PgOps {

// Walks a statement's tokens (comments already gone) for the rule engine: keywords, names,
// parenthesised groups and the text of a clause as written.
class SqlTokenCursor
{
public:
    explicit SqlTokenCursor(const QList<SqlToken> &tokens, int from = 0, int to = -1);

    bool atEnd() const { return m_pos >= m_end; }
    int position() const { return m_pos; }
    void setPosition(int position) { m_pos = position; }
    int end() const { return m_end; }
    // The token `ahead` places on; an empty Punctuation token past the end.
    const SqlToken &peek(int ahead = 0) const;
    bool peekIs(const char *keyword, int ahead = 0) const;
    bool peekKind(SqlToken::Kind kind, int ahead = 0) const;
    // Consumes the keyword when it is next.
    bool accept(const char *keyword);
    // Consumes the keywords when all of them come next in this order, else nothing.
    bool acceptAll(std::initializer_list<const char *> keywords);
    void skip(int count = 1) { m_pos = qMin(m_end, m_pos + count); }
    // One identifier, folded as PostgreSQL does ("" when the next token is not one).
    QString identifier();
    // A possibly qualified name (a three-part name keeps its last two parts).
    QualifiedName name();
    // At '(': moves past its matching ')' and returns the index of the '(' (else -1).
    int skipGroup();
    // The tokens up to (not including) the first top-level word among `stops`, or the end.
    int findTopLevel(std::initializer_list<const char *> stops) const;
    bool hasTopLevel(const char *keyword) const { return findTopLevel({keyword}) < m_end; }

    // The text of tokens [from, to), spaced as written.
    static QString text(const QList<SqlToken> &tokens, int from, int to);
    // An identifier token folded ("Order" kept, Orders → orders); "" for other kinds.
    static QString fold(const SqlToken &token);
    // Splits [from, to) at top-level commas into [from, to) ranges.
    static QList<QPair<int, int>> splitTopLevel(const QList<SqlToken> &tokens, int from, int to);

private:
    const QList<SqlToken> &m_tokens;
    int m_pos;
    int m_end;
};

} // namespace PgOps
