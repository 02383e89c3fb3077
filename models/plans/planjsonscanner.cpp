// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/planjsonscanner.h"

#include <QVarLengthArray>

#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstring>

namespace PgOps {

namespace {
bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// U+FDD0…U+FDEF and the last two code points of every plane: refused like QJsonDocument may.
bool isNonCharacter(char32_t cp)
{
    return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void appendUtf8(QByteArray &out, char32_t cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}
} // namespace

PlanJsonScanner::PlanJsonScanner(const QByteArray &json) : m_data(json.constData()), m_size(json.size()) { }

bool PlanJsonScanner::fail()
{
    return fail(m_pos);
}

bool PlanJsonScanner::fail(qsizetype at)
{
    if (m_error < 0)
        m_error = at;
    return false;
}

int PlanJsonScanner::errorLine(int *column) const
{
    const qsizetype end = m_error >= 0 ? m_error : m_pos;
    int line = 1;
    qsizetype start = 0;
    for (qsizetype i = 0; i < end && i < m_size; ++i) {
        if (m_data[i] == '\n') {
            ++line;
            start = i + 1;
        }
    }
    if (column)
        *column = int(end - start + 1);
    return line;
}

char PlanJsonScanner::peek()
{
    while (m_pos < m_size) {
        const char c = m_data[m_pos];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            return c;
        ++m_pos;
    }
    return 0;
}

bool PlanJsonScanner::consume(char c)
{
    if (m_pos < m_size && m_data[m_pos] == c) { // the common case: no white space before it
        ++m_pos;
        return true;
    }
    if (peek() != c || m_pos >= m_size)
        return false;
    ++m_pos;
    return true;
}

bool PlanJsonScanner::open(char bracket)
{
    if (!consume(bracket))
        return fail();
    if (++m_depth > maxDepth)
        return fail();
    return true;
}

bool PlanJsonScanner::close(char bracket)
{
    if (!consume(bracket))
        return false; // not an error by itself: the caller may expect a comma instead
    --m_depth;
    return true;
}

bool PlanJsonScanner::validUtf8(const char *p, const char *end) const
{
    while (p < end) {
        const auto c = uchar(*p);
        if (c < 0x80) {
            ++p;
            continue;
        }
        int extra = 0;
        char32_t cp = 0;
        if (c >= 0xC2 && c < 0xE0) {
            extra = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c < 0xF0) {
            extra = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c < 0xF5) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (end - p <= extra)
            return false;
        for (int i = 1; i <= extra; ++i) {
            const auto next = uchar(p[i]);
            if ((next & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (next & 0x3F);
        }
        // Overlong forms, UTF-16 surrogates and beyond U+10FFFF are not UTF-8.
        const char32_t least[] = {0, 0x80, 0x800, 0x10000};
        if (cp < least[extra] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF || isNonCharacter(cp))
            return false;
        p += extra + 1;
    }
    return true;
}

bool PlanJsonScanner::string(QString &out)
{
    if (!consume('"'))
        return fail();
    const qsizetype start = m_pos;
    bool ascii = true;
    qsizetype i = start;
    for (; i < m_size; ++i) {
        const auto c = uchar(m_data[i]);
        if (c == '"')
            break;
        if (c == '\\')
            return escaped(out, start);
        if (c < 0x20)
            return fail(i);
        ascii = ascii && c < 0x80;
    }
    if (i >= m_size)
        return fail(m_size);
    const char *begin = m_data + start;
    if (ascii) {
        out = QString::fromLatin1(begin, i - start);
    } else {
        if (!validUtf8(begin, m_data + i))
            return fail(start);
        out = QString::fromUtf8(begin, i - start);
    }
    m_pos = i + 1;
    return true;
}

// The slow half of string(): decodes escapes into UTF-8, then converts once.
bool PlanJsonScanner::escaped(QString &out, qsizetype start)
{
    QByteArray buffer;
    qsizetype i = start;
    auto hex4 = [&](qsizetype at) -> int {
        if (m_size - at < 4)
            return -1;
        int value = 0;
        for (qsizetype k = at; k < at + 4; ++k) {
            const int h = hexValue(m_data[k]);
            if (h < 0)
                return -1;
            value = value * 16 + h;
        }
        return value;
    };
    while (i < m_size) {
        const auto c = uchar(m_data[i]);
        if (c == '"')
            break;
        if (c < 0x20)
            return fail(i);
        if (c != '\\') {
            buffer += char(c);
            ++i;
            continue;
        }
        if (i + 1 >= m_size)
            return fail(m_size);
        const char e = m_data[i + 1];
        const char *simple = "\"\\/bfnrt";
        const char *decoded = "\"\\/\b\f\n\r\t";
        if (const char *hit = e ? std::strchr(simple, e) : nullptr) {
            buffer += decoded[hit - simple];
            i += 2;
            continue;
        }
        if (e != 'u')
            return fail(i);
        int unit = hex4(i + 2);
        if (unit <= 0 || (unit >= 0xDC00 && unit <= 0xDFFF))
            return fail(i); // "\u0000" and lone low surrogates: left to QJsonDocument
        char32_t cp = char32_t(unit);
        i += 6;
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            const int low = (i + 1 < m_size && m_data[i] == '\\' && m_data[i + 1] == 'u') ? hex4(i + 2) : -1;
            if (low < 0xDC00 || low > 0xDFFF)
                return fail(i);
            cp = 0x10000 + ((char32_t(unit) - 0xD800) << 10) + (char32_t(low) - 0xDC00);
            i += 6;
        }
        if (isNonCharacter(cp))
            return fail(i);
        appendUtf8(buffer, cp);
    }
    if (i >= m_size)
        return fail(m_size);
    if (!validUtf8(buffer.cbegin(), buffer.cend()))
        return fail(start);
    out = QString::fromUtf8(buffer);
    m_pos = i + 1;
    return true;
}

bool PlanJsonScanner::key(QLatin1String &out)
{
    if (!consume('"'))
        return fail();
    const qsizetype start = m_pos;
    for (qsizetype i = start; i < m_size; ++i) {
        const auto c = uchar(m_data[i]);
        if (c == '"') {
            out = QLatin1String(m_data + start, i - start);
            m_pos = i + 1;
            return consume(':') || fail();
        }
        if (c == '\\' || c < 0x20 || c >= 0x80)
            return fail(i);
    }
    return fail(m_size);
}

bool PlanJsonScanner::number(Number &out)
{
    peek();
    const char *begin = m_data + m_pos, *end = m_data + m_size, *p = begin;
    bool integral = true;
    if (p < end && *p == '-')
        ++p;
    if (p < end && *p == '0') {
        ++p;
    } else if (p < end && *p >= '1' && *p <= '9') {
        while (p < end && isDigit(*p))
            ++p;
    } else {
        return fail();
    }
    if (p < end && *p == '.') {
        integral = false;
        if (++p >= end || !isDigit(*p))
            return fail(p - m_data);
        while (p < end && isDigit(*p))
            ++p;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        integral = false;
        if (++p < end && (*p == '+' || *p == '-'))
            ++p;
        if (p >= end || !isDigit(*p))
            return fail(p - m_data);
        while (p < end && isDigit(*p))
            ++p;
    }
    out = {};
    if (integral) {
        const auto [at, ec] = std::from_chars(begin, p, out.integer);
        if (ec == std::errc() && at == p) {
            out.isInteger = true;
            out.value = double(out.integer);
            m_pos = p - m_data;
            return true;
        }
        out.integer = 0; // beyond qint64: a double, as QJsonDocument keeps it
    }
    const auto [at, ec] = std::from_chars(begin, p, out.value);
    // Overflow, underflow to zero and subnormals are refused: no plan prints them, and
    // QJsonDocument's treatment of them need not be copied.
    if (ec != std::errc() || at != p || !std::isfinite(out.value) || (out.value != 0 && std::fabs(out.value) < DBL_MIN))
        return fail();
    m_pos = p - m_data;
    return true;
}

bool PlanJsonScanner::literal(const char *word, qsizetype length)
{
    peek();
    if (m_size - m_pos < length || std::memcmp(m_data + m_pos, word, size_t(length)) != 0)
        return fail();
    m_pos += length;
    return true;
}

bool PlanJsonScanner::boolean(bool &out)
{
    const char c = peek();
    out = c == 't';
    return c == 't' ? literal("true", 4) : literal("false", 5);
}

bool PlanJsonScanner::null()
{
    return literal("null", 4);
}

bool PlanJsonScanner::skipValue()
{
    QVarLengthArray<char, 32> ends; // the closing brackets still owed
    QString text;
    Number n;
    // Any member name here, also one with escapes: these values are only stepped over.
    auto member = [this](QString &name) {
        return string(name) && (consume(':') || fail());
    };
    bool b = false;
    for (;;) {
        // A value.
        const char c = peek();
        if (c == '{' || c == '[') {
            if (!open(c))
                return false;
            const char closing = c == '{' ? '}' : ']';
            if (!close(closing)) {
                ends.append(closing);
                if (closing == '}' && !member(text))
                    return false;
                continue;
            }
        } else if (!(c == '"' ? string(text) : (c == 't' || c == 'f') ? boolean(b) : c == 'n' ? null() : number(n))) {
            return false;
        }
        // What follows it: the next member or element, or the end of one or more containers.
        for (;;) {
            if (ends.isEmpty())
                return true;
            if (consume(',')) {
                if (ends.back() == '}' && !member(text))
                    return false;
                break;
            }
            if (!close(ends.back()))
                return fail();
            ends.removeLast();
        }
    }
}

} // namespace PgOps
