// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "lint/sqlexpression.h"

#include "lint/sqltokencursor.h"
#include "lint/sqltokenizer.h"

#include <QSet>

namespace PgOps::SqlExpressions {

namespace {
using Kind = SqlToken::Kind;

// Calls that look like functions but are syntax, and type names that take modifiers.
const QSet<QString> &immutableCalls()
{
    static const QSet<QString> names = {
        QStringLiteral("cast"),
        QStringLiteral("coalesce"),
        QStringLiteral("nullif"),
        QStringLiteral("greatest"),
        QStringLiteral("least"),
        QStringLiteral("row"),
        QStringLiteral("array"),
        QStringLiteral("lower"),
        QStringLiteral("upper"),
        QStringLiteral("length"),
        QStringLiteral("char_length"),
        QStringLiteral("abs"),
        QStringLiteral("round"),
        QStringLiteral("floor"),
        QStringLiteral("ceil"),
        QStringLiteral("ceiling"),
        QStringLiteral("trunc"),
        QStringLiteral("substr"),
        QStringLiteral("substring"),
        QStringLiteral("trim"),
        QStringLiteral("btrim"),
        QStringLiteral("ltrim"),
        QStringLiteral("rtrim"),
        QStringLiteral("replace"),
        QStringLiteral("split_part"),
        QStringLiteral("left"),
        QStringLiteral("right"),
        QStringLiteral("md5"),
        QStringLiteral("make_date"),
        QStringLiteral("make_time"),
        QStringLiteral("make_interval"),
        QStringLiteral("power"),
        QStringLiteral("sqrt"),
        QStringLiteral("mod"),
        QStringLiteral("position"),
        QStringLiteral("overlay"),
        QStringLiteral("extract"),
        QStringLiteral("int4"),
        QStringLiteral("int8"),
        QStringLiteral("numeric"),
        QStringLiteral("decimal"),
        QStringLiteral("varchar"),
        QStringLiteral("character"),
        QStringLiteral("varying"),
        QStringLiteral("char"),
        QStringLiteral("bpchar"),
        QStringLiteral("timestamp"),
        QStringLiteral("timestamptz"),
        QStringLiteral("time"),
        QStringLiteral("timetz"),
        QStringLiteral("interval"),
        QStringLiteral("bit"),
        QStringLiteral("varbit"),
        QStringLiteral("float"),
        QStringLiteral("repeat"),
        QStringLiteral("lpad"),
        QStringLiteral("rpad"),
        QStringLiteral("array_fill"),
        QStringLiteral("jsonb_build_array"),
        QStringLiteral("sign"),
        // Keywords that may stand before a parenthesis.
        QStringLiteral("in"),
        QStringLiteral("any"),
        QStringLiteral("all"),
        QStringLiteral("some"),
        QStringLiteral("and"),
        QStringLiteral("or"),
        QStringLiteral("not"),
        QStringLiteral("when"),
        QStringLiteral("then"),
        QStringLiteral("else"),
        QStringLiteral("case"),
        QStringLiteral("as"),
        QStringLiteral("is"),
        QStringLiteral("between"),
        QStringLiteral("like"),
        QStringLiteral("ilike"),
        QStringLiteral("distinct"),
        QStringLiteral("from"),
        QStringLiteral("zone"),
        QStringLiteral("precision"),
        QStringLiteral("with"),
    };
    return names;
}

const QSet<QString> &stableCalls()
{
    static const QSet<QString> names = {
        QStringLiteral("now"),
        QStringLiteral("statement_timestamp"),
        QStringLiteral("transaction_timestamp"),
        QStringLiteral("current_setting"),
        QStringLiteral("current_schema"),
        QStringLiteral("current_database"),
        QStringLiteral("to_char"),
        QStringLiteral("to_timestamp"),
        QStringLiteral("to_date"),
        QStringLiteral("date_trunc"),
        QStringLiteral("date_part"),
        QStringLiteral("concat"),
        QStringLiteral("concat_ws"),
        QStringLiteral("format"),
        QStringLiteral("to_json"),
        QStringLiteral("to_jsonb"),
        QStringLiteral("json_build_object"),
        QStringLiteral("jsonb_build_object"),
        QStringLiteral("json_build_array"),
        QStringLiteral("age"),
        QStringLiteral("localtime"),
        QStringLiteral("localtimestamp"),
        QStringLiteral("current_time"),
        QStringLiteral("current_timestamp"),
    };
    return names;
}

// SQL value functions written without parentheses.
const QSet<QString> &stableWords()
{
    static const QSet<QString> words = {
        QStringLiteral("current_timestamp"), QStringLiteral("current_date"),   QStringLiteral("current_time"),
        QStringLiteral("localtimestamp"),    QStringLiteral("localtime"),      QStringLiteral("current_user"),
        QStringLiteral("current_role"),      QStringLiteral("session_user"),   QStringLiteral("user"),
        QStringLiteral("current_catalog"),   QStringLiteral("current_schema"),
    };
    return words;
}

struct Verdict
{
    Volatility volatility = Volatility::Immutable;
    QString call;
};

Verdict judge(const QString &expression)
{
    const QList<SqlToken> all = SqlTokenizer::tokenize(expression);
    QList<SqlToken> tokens;
    for (const SqlToken &t : all) {
        if (t.kind != Kind::Comment)
            tokens.append(t);
    }
    Verdict verdict;
    auto raise = [&verdict](Volatility v, const QString &call) {
        if (v > verdict.volatility) {
            verdict.volatility = v;
            verdict.call = v == Volatility::Volatile ? call : QString();
        }
    };
    for (int i = 0; i < tokens.size(); ++i) {
        const SqlToken &t = tokens[i];
        if (t.is(QLatin1String("SELECT"))) {
            raise(Volatility::Volatile, QStringLiteral("a subquery"));
            continue;
        }
        if (t.kind != Kind::Word && t.kind != Kind::QuotedIdentifier)
            continue;
        const QString name = SqlTokenCursor::fold(t);
        const bool call = i + 1 < tokens.size() && tokens[i + 1].kind == Kind::OpenParen;
        const bool afterCast
            = i > 0 && tokens[i - 1].kind == Kind::Operator && tokens[i - 1].text == QLatin1String("::");
        const bool qualifier = i + 1 < tokens.size() && tokens[i + 1].text == QLatin1String(".");
        if (!call) {
            if (stableWords().contains(name))
                raise(Volatility::Stable, name);
            continue;
        }
        if (afterCast || qualifier || immutableCalls().contains(name))
            continue;
        raise(stableCalls().contains(name) ? Volatility::Stable : Volatility::Volatile, name);
    }
    return verdict;
}
} // namespace

Volatility volatility(const QString &expression)
{
    return judge(expression).volatility;
}

QString volatileCall(const QString &expression)
{
    return judge(expression).call;
}

} // namespace PgOps::SqlExpressions
