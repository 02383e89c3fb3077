// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QLatin1String>
#include <QString>

// A strict RFC 8259 JSON reader over bytes, for PlanJsonParser's fast path: no document is
// built, the caller pulls tokens and fills its own types. It is at least as strict as
// QJsonDocument (control characters in strings, lone surrogates, "\u0000", numbers beyond a
// double, invalid UTF-8, a byte order mark: all refused), so whatever it accepts QJsonDocument
// reads the same way; whatever it refuses, the caller hands to QJsonDocument, which then words
// the error. Internal to pgops_plans.
namespace PgOps {

class PlanJsonScanner
{
public:
    // Containers nested deeper are refused; below QJsonDocument's own limit of 1,024.
    static constexpr int maxDepth = 1000;

    struct Number
    {
        bool isInteger = false; // written without fraction or exponent and fits qint64
        qint64 integer = 0;
        double value = 0; // also set for integers
    };

    explicit PlanJsonScanner(const QByteArray &json);

    // The next byte after white space, 0 at the end; consume() takes it when it is `c`.
    char peek();
    bool consume(char c);
    bool atEnd()
    {
        peek();
        return m_pos >= m_size;
    }
    // Each reads one value of its kind after white space; false (with errorOffset() set) on
    // anything else or anything malformed.
    bool string(QString &out);
    // A member name of printable ASCII without escapes (every name EXPLAIN prints), as a view
    // into the input; anything else is refused.
    bool key(QLatin1String &out);
    bool number(Number &out);
    bool boolean(bool &out);
    bool null();
    // Validates and steps over one value of any kind, without recursion.
    bool skipValue();
    // `{` / `[` and their ends, counted against maxDepth.
    bool open(char bracket);
    bool close(char bracket);

    qsizetype offset() const { return m_pos; }
    const char *data() const { return m_data; }
    qsizetype errorOffset() const { return m_error; }
    // 1-based line and column of the error (or of the position when there is none).
    int errorLine(int *column) const;

private:
    bool fail();
    bool fail(qsizetype at);
    bool escaped(QString &out, qsizetype start);
    bool validUtf8(const char *p, const char *end) const;
    bool literal(const char *word, qsizetype length);

    const char *m_data;
    qsizetype m_size;
    qsizetype m_pos = 0;
    qsizetype m_error = -1;
    int m_depth = 0;
};

} // namespace PgOps
