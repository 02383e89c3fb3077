// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "lint/sqltokencursor.h"

namespace PgOps {

namespace {
using Kind = SqlToken::Kind;

const SqlToken &pastEnd()
{
    static const SqlToken token {Kind::Punctuation, 0, 0, 0, QString()};
    return token;
}
} // namespace

SqlTokenCursor::SqlTokenCursor(const QList<SqlToken> &tokens, int from, int to)
    : m_tokens(tokens), m_pos(from), m_end(to < 0 ? int(tokens.size()) : qMin(to, int(tokens.size())))
{
}

const SqlToken &SqlTokenCursor::peek(int ahead) const
{
    const int at = m_pos + ahead;
    return at >= 0 && at < m_end ? m_tokens[at] : pastEnd();
}

bool SqlTokenCursor::peekIs(const char *keyword, int ahead) const
{
    return peek(ahead).is(QLatin1String(keyword));
}

bool SqlTokenCursor::peekKind(SqlToken::Kind kind, int ahead) const
{
    return m_pos + ahead < m_end && peek(ahead).kind == kind;
}

bool SqlTokenCursor::accept(const char *keyword)
{
    if (!peekIs(keyword))
        return false;
    ++m_pos;
    return true;
}

bool SqlTokenCursor::acceptAll(std::initializer_list<const char *> keywords)
{
    int ahead = 0;
    for (const char *keyword : keywords) {
        if (!peekIs(keyword, ahead++))
            return false;
    }
    m_pos += ahead;
    return true;
}

QString SqlTokenCursor::fold(const SqlToken &token)
{
    if (token.kind == Kind::Word)
        return token.text.toLower();
    if (token.kind == Kind::QuotedIdentifier && token.text.startsWith(QLatin1Char('"')) && token.text.size() >= 2)
        return token.text.mid(1, token.text.size() - 2).replace(QLatin1String("\"\""), QLatin1String("\""));
    return QString();
}

QString SqlTokenCursor::identifier()
{
    if (atEnd())
        return QString();
    const QString folded = fold(peek());
    if (!folded.isEmpty())
        ++m_pos;
    return folded;
}

QualifiedName SqlTokenCursor::name()
{
    QStringList parts;
    const QString first = identifier();
    if (first.isEmpty())
        return {};
    parts.append(first);
    while (peek().kind == Kind::Punctuation && peek().text == QLatin1String(".") && !fold(peek(1)).isEmpty()) {
        skip();
        parts.append(identifier());
    }
    QualifiedName name;
    name.name = parts.last();
    if (parts.size() > 1)
        name.schema = parts[parts.size() - 2];
    return name;
}

int SqlTokenCursor::skipGroup()
{
    if (!peekKind(Kind::OpenParen))
        return -1;
    const int open = m_pos;
    int depth = 0;
    for (; m_pos < m_end; ++m_pos) {
        if (m_tokens[m_pos].kind == Kind::OpenParen) {
            ++depth;
        } else if (m_tokens[m_pos].kind == Kind::CloseParen && --depth == 0) {
            ++m_pos;
            break;
        }
    }
    return open;
}

int SqlTokenCursor::findTopLevel(std::initializer_list<const char *> stops) const
{
    int depth = 0;
    for (int i = m_pos; i < m_end; ++i) {
        const SqlToken &t = m_tokens[i];
        if (t.kind == Kind::OpenParen || (t.kind == Kind::Punctuation && t.text == QLatin1String("[")))
            ++depth;
        else if (t.kind == Kind::CloseParen || (t.kind == Kind::Punctuation && t.text == QLatin1String("]")))
            depth = qMax(0, depth - 1);
        else if (depth == 0) {
            for (const char *stop : stops) {
                if (t.is(QLatin1String(stop)))
                    return i;
            }
        }
    }
    return m_end;
}

QString SqlTokenCursor::text(const QList<SqlToken> &tokens, int from, int to)
{
    QString out;
    for (int i = qMax(0, from); i < to && i < tokens.size(); ++i) {
        if (i > from && tokens[i].start > tokens[i - 1].end())
            out += QLatin1Char(' ');
        out += tokens[i].text;
    }
    return out;
}

QList<QPair<int, int>> SqlTokenCursor::splitTopLevel(const QList<SqlToken> &tokens, int from, int to)
{
    QList<QPair<int, int>> parts;
    int depth = 0;
    int start = from;
    for (int i = from; i < to; ++i) {
        const SqlToken &t = tokens[i];
        if (t.kind == Kind::OpenParen)
            ++depth;
        else if (t.kind == Kind::CloseParen)
            depth = qMax(0, depth - 1);
        else if (depth == 0 && t.kind == Kind::Punctuation && t.text == QLatin1String(",")) {
            parts.append({start, i});
            start = i + 1;
        }
    }
    if (start < to)
        parts.append({start, to});
    return parts;
}

} // namespace PgOps
