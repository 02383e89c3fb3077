// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/synctrigger.h"

#include "lint/sqltokencursor.h"
#include "lint/sqltokenizer.h"

#include <QStringList>

namespace PgOps {

namespace {
QString q(const QString &name)
{
    return SqlNames::quoteIdent(name);
}

// A dollar-quote tag that user text inside the body cannot close early.
QString dollarTag(const QString &body)
{
    QString tag = QStringLiteral("$pgops$");
    for (int i = 1; body.contains(tag); ++i)
        tag = QStringLiteral("$pgops%1$").arg(i);
    return tag;
}

// The previous token that is not a comment, or -1.
int previousSignificant(const QList<SqlToken> &tokens, int i)
{
    for (--i; i >= 0; --i)
        if (tokens.at(i).kind != SqlToken::Kind::Comment)
            return i;
    return -1;
}

int nextSignificant(const QList<SqlToken> &tokens, int i)
{
    for (++i; i < tokens.size(); ++i)
        if (tokens.at(i).kind != SqlToken::Kind::Comment)
            return i;
    return -1;
}

bool isName(const SqlToken &token)
{
    return token.kind == SqlToken::Kind::Word || token.kind == SqlToken::Kind::QuotedIdentifier;
}
} // namespace

SyncTrigger::SyncTrigger(const QualifiedName &table, const QString &column)
    : m_table(table)
    , m_function {table.schema,
                  SqlNames::derivedName(table.name + QLatin1Char('_') + column, QStringLiteral("__pgops_sync"))}
    , m_trigger(SqlNames::derivedName(column, QStringLiteral("__pgops_sync")))
{
}

QString SyncTrigger::createTwoWay(const QString &oldColumn, const QString &newColumn, const QString &up,
                                  const QString &down, int serverVersion) const
{
    const QString o = QStringLiteral("NEW.") + q(oldColumn);
    const QString n = QStringLiteral("NEW.") + q(newColumn);
    QStringList body;
    // On INSERT the new column decides when it is set: it has no default, so a value there was
    // written by new code, while the old column may hold its DEFAULT rather than the caller's value.
    body << QStringLiteral("    IF TG_OP = 'INSERT' THEN") << QStringLiteral("        IF %1 IS NULL THEN").arg(n)
         << QStringLiteral("            %1 := (%2);").arg(n, up) << QStringLiteral("        ELSE")
         << QStringLiteral("            %1 := (%2);").arg(o, down) << QStringLiteral("        END IF;")
         << QStringLiteral("    ELSIF %1 IS DISTINCT FROM OLD.%2 AND %3 IS NOT DISTINCT FROM OLD.%4 THEN")
                .arg(n, q(newColumn), o, q(oldColumn))
         << QStringLiteral("        %1 := (%2);").arg(o, down)
         // An UPDATE that changes neither column leaves both alone: a `using` that fails on some old
         // value must not break the application's unrelated updates; the backfill fills the rest.
         << QStringLiteral("    ELSIF %1 IS DISTINCT FROM OLD.%2 THEN").arg(o, q(oldColumn))
         << QStringLiteral("        %1 := (%2);").arg(n, up) << QStringLiteral("    END IF;");
    return create(body.join(QLatin1Char('\n')), serverVersion);
}

QString SyncTrigger::createOneWay(const QString &oldColumn, const QList<QPair<QString, QString>> &targets,
                                  int serverVersion) const
{
    const QString o = QStringLiteral("NEW.") + q(oldColumn);
    QStringList body;
    body << QStringLiteral("    IF TG_OP = 'INSERT' THEN");
    for (const auto &[column, expression] : targets)
        body << QStringLiteral("        IF NEW.%1 IS NULL THEN").arg(q(column))
             << QStringLiteral("            NEW.%1 := (%2);").arg(q(column), expression)
             << QStringLiteral("        END IF;");
    body << QStringLiteral("    ELSIF %1 IS DISTINCT FROM OLD.%2 THEN").arg(o, q(oldColumn));
    for (const auto &[column, expression] : targets)
        body << QStringLiteral("        NEW.%1 := (%2);").arg(q(column), expression);
    body << QStringLiteral("    END IF;");
    return create(body.join(QLatin1Char('\n')), serverVersion);
}

QString SyncTrigger::create(const QString &body, int serverVersion) const
{
    const QString full = QStringLiteral("BEGIN\n"
                                        "    IF current_setting('pgops.backfill', true) = 'on' THEN\n"
                                        "        RETURN NEW;\n"
                                        "    END IF;\n")
        + body + QStringLiteral("\n    RETURN NEW;\nEND;\n");
    const QString tag = dollarTag(full);
    // EXECUTE FUNCTION is 11+; EXECUTE PROCEDURE still works everywhere but is deprecated.
    const bool oldSyntax = serverVersion > 0 && serverVersion < 110000;
    return QStringLiteral("CREATE FUNCTION %1() RETURNS trigger LANGUAGE plpgsql AS %2\n%3%2;\n"
                          "CREATE TRIGGER %4 BEFORE INSERT OR UPDATE ON %5 FOR EACH ROW EXECUTE %6 %1();")
        .arg(m_function.quoted(), tag, full, q(m_trigger), m_table.quoted(),
             oldSyntax ? QStringLiteral("PROCEDURE") : QStringLiteral("FUNCTION"));
}

QString SyncTrigger::dropSql() const
{
    return QStringLiteral("DROP TRIGGER %1 ON %2;\nDROP FUNCTION %3();")
        .arg(q(m_trigger), m_table.quoted(), m_function.quoted());
}

QString SyncTrigger::rewriteForTrigger(const QString &expression, const QString &column, const QString &replacement,
                                       const QString &tableName)
{
    const QList<SqlToken> tokens = SqlTokenizer::tokenize(expression);
    QString out;
    qsizetype copied = 0;
    for (int i = 0; i < tokens.size(); ++i) {
        const SqlToken &token = tokens.at(i);
        if (!isName(token) || SqlTokenCursor::fold(token) != column)
            continue;
        const int next = nextSignificant(tokens, i);
        if (next >= 0 && tokens.at(next).kind == SqlToken::Kind::OpenParen)
            continue; // a function of that name
        qsizetype from = token.start;
        const int prev = previousSignificant(tokens, i);
        if (prev >= 0 && tokens.at(prev).text == QLatin1String("::"))
            continue; // a type of that name
        if (prev >= 0 && tokens.at(prev).text == QLatin1String(".")) {
            const int qualifier = previousSignificant(tokens, prev);
            if (qualifier < 0 || !isName(tokens.at(qualifier))
                || SqlTokenCursor::fold(tokens.at(qualifier)) != tableName)
                continue; // another relation's column, or a field of a composite
            from = tokens.at(qualifier).start;
            // schema.table.column: the schema goes with the table.
            const int dot = previousSignificant(tokens, qualifier);
            const int schema
                = dot >= 0 && tokens.at(dot).text == QLatin1String(".") ? previousSignificant(tokens, dot) : -1;
            if (schema >= 0 && isName(tokens.at(schema)))
                from = tokens.at(schema).start;
        }
        out += expression.mid(copied, from - copied) + replacement;
        copied = token.end();
    }
    return out + expression.mid(copied);
}

} // namespace PgOps
