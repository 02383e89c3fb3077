// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "lint/sqltokenizer.h"

#include <QCoreApplication>

namespace PgOps {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::SqlTokenizer", text);
}

bool isDigit(QChar c)
{
    return c >= QLatin1Char('0') && c <= QLatin1Char('9');
}

bool isHexDigit(QChar c)
{
    return isDigit(c) || (c >= QLatin1Char('a') && c <= QLatin1Char('f'))
        || (c >= QLatin1Char('A') && c <= QLatin1Char('F'));
}

// scan.l's ident_start: letters, '_' and every non-ASCII character.
bool isIdentStart(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
        || c == QLatin1Char('_') || c.unicode() >= 0x80;
}

// ident_cont: identifiers may contain '$' (never start with it), so "a$$b" is one identifier
// and no dollar quote.
bool isIdentCont(QChar c)
{
    return isIdentStart(c) || isDigit(c) || c == QLatin1Char('$');
}

// dolq_cont: a dollar-quote tag has no '$' of its own.
bool isTagCont(QChar c)
{
    return isIdentStart(c) || isDigit(c);
}

bool isSpace(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\n') || c == QLatin1Char('\r')
        || c == QLatin1Char('\f') || c == QLatin1Char('\v');
}

bool isOperatorChar(QChar c)
{
    return QStringView(u"~!@#^&|`?+-*/%<>=").contains(c);
}

using Kind = SqlToken::Kind;

class Lexer
{
public:
    explicit Lexer(QStringView text) : m_text(text) { }

    QList<SqlToken> run(SqlLexError *error)
    {
        while (m_pos < m_text.size() && !m_error.isError()) {
            const QChar c = m_text[m_pos];
            if (isSpace(c)) {
                if (c == QLatin1Char('\n'))
                    ++m_line;
                ++m_pos;
                continue;
            }
            next(c);
        }
        if (error)
            *error = m_error;
        return std::move(m_tokens);
    }

private:
    QChar at(qsizetype i) const { return i < m_text.size() ? m_text[i] : QChar(); }

    bool startsWith(qsizetype i, QStringView what) const { return m_text.mid(i).startsWith(what); }

    void add(Kind kind, qsizetype end)
    {
        SqlToken t;
        t.kind = kind;
        t.start = m_pos;
        t.length = end - m_pos;
        t.line = m_line;
        t.text = m_text.mid(m_pos, t.length).toString();
        m_line += int(t.text.count(QLatin1Char('\n')));
        m_tokens.append(std::move(t));
        m_pos = end;
    }

    // An unclosed token runs to the end of the text; the error names where it started.
    void unclosed(Kind kind, const QString &message)
    {
        m_error = {m_line, message};
        add(kind, m_text.size());
    }

    void next(QChar c)
    {
        if (c == QLatin1Char('-') && at(m_pos + 1) == QLatin1Char('-'))
            return lineComment();
        if (c == QLatin1Char('/') && at(m_pos + 1) == QLatin1Char('*'))
            return blockComment();
        if (c == QLatin1Char('\''))
            return quoted(Kind::String, 0, QLatin1Char('\''), false, true);
        if (c == QLatin1Char('"'))
            return quoted(Kind::QuotedIdentifier, 0, QLatin1Char('"'), false, true);
        if (c == QLatin1Char('$'))
            return dollar();
        if (isIdentStart(c))
            return word();
        if (isDigit(c) || (c == QLatin1Char('.') && isDigit(at(m_pos + 1))))
            return number();
        if (isOperatorChar(c))
            return operatorRun();
        if (c == QLatin1Char(':') && (at(m_pos + 1) == QLatin1Char(':') || at(m_pos + 1) == QLatin1Char('=')))
            return add(Kind::Operator, m_pos + 2);
        switch (c.unicode()) {
        case '(':
            return add(Kind::OpenParen, m_pos + 1);
        case ')':
            return add(Kind::CloseParen, m_pos + 1);
        case ';':
            return add(Kind::Semicolon, m_pos + 1);
        default:
            return add(Kind::Punctuation, m_pos + 1);
        }
    }

    void lineComment()
    {
        const qsizetype nl = m_text.indexOf(QLatin1Char('\n'), m_pos);
        add(Kind::Comment, nl < 0 ? m_text.size() : nl);
    }

    void blockComment()
    {
        // Block comments nest in PostgreSQL (unlike the SQL standard and most languages).
        int depth = 0;
        for (qsizetype i = m_pos; i < m_text.size();) {
            if (startsWith(i, u"/*")) {
                ++depth;
                i += 2;
            } else if (startsWith(i, u"*/")) {
                i += 2;
                if (--depth == 0)
                    return add(Kind::Comment, i);
            } else {
                ++i;
            }
        }
        unclosed(Kind::Comment,
                 tr("the /* comment that starts on line %1 is never closed: end it with */ (comments nest in "
                    "PostgreSQL: every /* inside needs its own */)")
                     .arg(m_line));
    }

    // scan.l's {quotecontinue}: 'a'<newline>'b' is one string 'ab', and the part after the
    // newline keeps the first part's rules, so E'a'<newline>'\'' holds an escaped quote. Spaces
    // and -- comments with at least one line break, then a quote: returns that quote's index,
    // else -1. (Block comments do not continue a string.)
    qsizetype continuation(qsizetype i) const
    {
        bool newline = false;
        while (i < m_text.size()) {
            const QChar c = m_text[i];
            if (c == QLatin1Char('\n') || c == QLatin1Char('\r')) {
                newline = true;
                ++i;
            } else if (isSpace(c)) {
                ++i;
            } else if (startsWith(i, u"--")) {
                while (i < m_text.size() && m_text[i] != QLatin1Char('\n') && m_text[i] != QLatin1Char('\r'))
                    ++i;
            } else {
                break;
            }
        }
        return newline && at(i) == QLatin1Char('\'') ? i : -1;
    }

    // A quoted string or identifier from m_pos; `prefix` characters (E, U&, N, B, X) come first.
    void quoted(Kind kind, int prefix, QChar quote, bool backslashEscapes, bool doubledQuotes)
    {
        for (qsizetype i = m_pos + prefix + 1; i < m_text.size(); ++i) {
            const QChar c = m_text[i];
            if (backslashEscapes && c == QLatin1Char('\\')) {
                ++i;
            } else if (c == quote) {
                if (doubledQuotes && at(i + 1) == quote) {
                    ++i;
                    continue;
                }
                const qsizetype next = kind == Kind::String ? continuation(i + 1) : -1;
                if (next < 0)
                    return add(kind, i + 1);
                i = next; // the same string goes on, in the same mode
            }
        }
        const QString opening = m_text.mid(m_pos, prefix + 1).toString();
        if (kind == Kind::QuotedIdentifier)
            return unclosed(kind,
                            tr("the quoted identifier %1… that starts on line %2 is never closed: end it with \" (a "
                               "\" inside is written \"\")")
                                .arg(opening)
                                .arg(m_line));
        unclosed(kind,
                 backslashEscapes ? tr("the string %1… that starts on line %2 is never closed: end it with ' (inside "
                                       "E'…' a quote is written \\' or '')")
                                        .arg(opening)
                                        .arg(m_line)
                                  : tr("the string %1… that starts on line %2 is never closed: end it with ' (a quote "
                                       "inside is written '')")
                                        .arg(opening)
                                        .arg(m_line));
    }

    void dollar()
    {
        qsizetype i = m_pos + 1;
        if (isDigit(at(i))) {
            while (isDigit(at(i)))
                ++i;
            return add(Kind::Parameter, i);
        }
        if (isIdentStart(at(i))) {
            while (isTagCont(at(i)))
                ++i;
        }
        if (at(i) != QLatin1Char('$'))
            return add(Kind::Punctuation, m_pos + 1); // a lone '$': the server says what is wrong
        const QStringView delimiter = m_text.mid(m_pos, i + 1 - m_pos);
        const qsizetype close = m_text.indexOf(delimiter, i + 1);
        if (close >= 0)
            return add(Kind::DollarString, close + delimiter.size());
        unclosed(Kind::DollarString,
                 tr("the dollar-quoted string opened by %1 on line %2 is never closed: end it "
                    "with the same %1")
                     .arg(delimiter.toString())
                     .arg(m_line));
    }

    void word()
    {
        const QChar c = m_text[m_pos].toUpper();
        const QChar n = at(m_pos + 1);
        // String and identifier prefixes: E'…' (backslash escapes), U&'…' and U&"…", N'…', B'…', X'…'.
        if (c == QLatin1Char('E') && n == QLatin1Char('\''))
            return quoted(Kind::String, 1, QLatin1Char('\''), true, true);
        if (c == QLatin1Char('U') && n == QLatin1Char('&') && at(m_pos + 2) == QLatin1Char('\''))
            return quoted(Kind::String, 2, QLatin1Char('\''), false, true);
        if (c == QLatin1Char('U') && n == QLatin1Char('&') && at(m_pos + 2) == QLatin1Char('"'))
            return quoted(Kind::QuotedIdentifier, 2, QLatin1Char('"'), false, true);
        if (c == QLatin1Char('N') && n == QLatin1Char('\''))
            return quoted(Kind::String, 1, QLatin1Char('\''), false, true);
        // Bit strings end at the first quote: scan.l has no '' inside them.
        if ((c == QLatin1Char('B') || c == QLatin1Char('X')) && n == QLatin1Char('\''))
            return quoted(Kind::String, 1, QLatin1Char('\''), false, false);
        qsizetype i = m_pos + 1;
        while (isIdentCont(at(i)))
            ++i;
        add(Kind::Word, i);
    }

    void number()
    {
        qsizetype i = m_pos;
        const QChar radix = at(i + 1).toLower();
        if (at(i) == QLatin1Char('0')
            && (radix == QLatin1Char('x') || radix == QLatin1Char('o') || radix == QLatin1Char('b'))
            && (isHexDigit(at(i + 2)) || at(i + 2) == QLatin1Char('_'))) {
            i += 2;
            while (isHexDigit(at(i)) || at(i) == QLatin1Char('_'))
                ++i;
            return add(Kind::Number, i);
        }
        const auto digits = [&] {
            while (isDigit(at(i)) || (at(i) == QLatin1Char('_') && isDigit(at(i + 1))))
                ++i;
        };
        digits();
        // "1..10" is 1 and an operator: a second dot ends the number.
        if (at(i) == QLatin1Char('.') && at(i + 1) != QLatin1Char('.')) {
            ++i;
            digits();
        }
        const QChar e = at(i);
        if ((e == QLatin1Char('e') || e == QLatin1Char('E'))
            && (isDigit(at(i + 1))
                || ((at(i + 1) == QLatin1Char('+') || at(i + 1) == QLatin1Char('-')) && isDigit(at(i + 2))))) {
            i += isDigit(at(i + 1)) ? 1 : 2;
            digits();
        }
        add(Kind::Number, i);
    }

    void operatorRun()
    {
        // As scan.l does: a comment start inside an operator ends the operator before it.
        qsizetype i = m_pos;
        while (isOperatorChar(at(i))) {
            if (i > m_pos && (startsWith(i, u"--") || startsWith(i, u"/*")))
                break;
            ++i;
        }
        add(Kind::Operator, i);
    }

    QStringView m_text;
    qsizetype m_pos = 0;
    int m_line = 1;
    QList<SqlToken> m_tokens;
    SqlLexError m_error;
};
} // namespace

bool SqlToken::is(QLatin1String keyword) const
{
    return kind == Kind::Word && text.compare(keyword, Qt::CaseInsensitive) == 0;
}

int SqlToken::parameterNumber() const
{
    if (kind != Kind::Parameter)
        return 0;
    bool ok = false;
    const int n = QStringView(text).mid(1).toInt(&ok);
    return ok ? n : 0;
}

QList<SqlToken> SqlTokenizer::tokenize(QStringView text, SqlLexError *error)
{
    return Lexer(text).run(error);
}

} // namespace PgOps
