// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "lint/sqllinter.h"

#include "lint/lintfilestate.h"
#include "lint/sqltokencursor.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace PgOps::SqlLinter {

namespace {
// `-- pgops:allow RULE[, RULE…]` in the comments right before the statement (the line before,
// or a run of comment lines ending there).
QSet<QString> allowedRules(const SqlStatement &statement)
{
    QSet<QString> allowed;
    int expected = statement.line;
    static const QRegularExpression ids(QStringLiteral("[a-z0-9]+(?:-[a-z0-9]+)*"));
    for (auto it = statement.leadingComments.crbegin(); it != statement.leadingComments.crend(); ++it) {
        const int endLine = it->line + int(it->text.count(QLatin1Char('\n')));
        if (endLine != expected && endLine != expected - 1)
            break;
        expected = it->line;
        const int at = it->text.indexOf(QLatin1String("pgops:allow"));
        if (at < 0)
            continue;
        QString list = it->text.mid(at + 11);
        if (list.endsWith(QLatin1String("*/")))
            list.chop(2);
        for (const QString &word : list.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts)) {
            const QRegularExpressionMatch m = ids.match(word);
            if (m.hasMatch() && m.capturedStart() == 0)
                allowed.insert(m.captured());
        }
    }
    return allowed;
}

// COPY … FROM STDIN: the rows follow the statement in the file (psql, pg_dump), up to a line "\.".
bool copiesFromStdin(const SqlStatement &statement)
{
    if (statement.keywords.value(0) != QLatin1String("COPY") || !statement.terminated)
        return false;
    int depth = 0;
    for (qsizetype i = 0; i + 1 < statement.tokens.size(); ++i) {
        const SqlToken &token = statement.tokens.at(i);
        depth += token.kind == SqlToken::Kind::OpenParen ? 1 : token.kind == SqlToken::Kind::CloseParen ? -1 : 0;
        if (depth == 0 && token.is(QLatin1String("FROM")) && statement.tokens.at(i + 1).is(QLatin1String("STDIN")))
            return true;
    }
    return false;
}

QString firstLine(const SqlScript &script, const SqlStatement &statement)
{
    const QString text = script.textOf(statement);
    const int newline = text.indexOf(QLatin1Char('\n'));
    return newline < 0 ? text : text.left(newline).trimmed() + QStringLiteral(" …");
}
} // namespace

QString withoutCopyData(const QString &text)
{
    QString out = text;
    qsizetype from = 0;
    for (;;) {
        const SqlScript script(out);
        const auto &statements = script.statements();
        const auto copy = std::find_if(statements.cbegin(), statements.cend(),
                                       [from](const SqlStatement &s) { return s.start >= from && copiesFromStdin(s); });
        if (copy == statements.cend())
            return out;
        const qsizetype newline = out.indexOf(QLatin1Char('\n'), copy->end);
        if (newline < 0)
            return out;
        // The rows run to a line "\." (or to the end of the file, as psql reads them).
        qsizetype end = newline + 1;
        while (end < out.size()) {
            qsizetype lineEnd = out.indexOf(QLatin1Char('\n'), end);
            if (lineEnd < 0)
                lineEnd = out.size();
            const bool last = QStringView(out).mid(end, lineEnd - end).trimmed() == QLatin1String("\\.");
            end = lineEnd;
            if (last)
                break;
            ++end;
        }
        end = std::min(end, out.size());
        // Blank, not cut: the lines of later statements stay where the author sees them.
        for (qsizetype i = newline + 1; i < end; ++i)
            if (out.at(i) != QLatin1Char('\n'))
                out[i] = QLatin1Char(' ');
        from = end;
    }
}

QList<LintFinding> lint(const QString &file, const QString &input, const LintOptions &options, QString *error)
{
    const SqlScript script(withoutCopyData(input));
    if (error)
        *error = script.ok() ? QString()
                             : QStringLiteral("line %1: %2").arg(script.error().line).arg(script.error().message);
    DdlContext context = options.context;
    if (options.serverVersion != 0)
        context.serverVersion = options.serverVersion;
    LintFileState state(context);
    QList<LintFinding> findings;
    const auto append = [&](const LintFileState::Located &located) {
        LintFinding f;
        f.file = file;
        f.line = located.statement->line;
        f.finding = located.finding;
        f.statement = firstLine(script, *located.statement);
        findings.append(f);
    };
    for (const SqlStatement &statement : script.statements()) {
        if (!script.ok() && statement.endLine >= script.error().line && !statement.terminated)
            break; // the unclosed quote's statement: its text is not what the author meant
        for (const LintFileState::Located &located : state.next(statement)) {
            if (allowedRules(*located.statement).contains(located.finding.rule))
                continue;
            append(located);
        }
    }
    for (const LintFileState::Located &located : state.finish()) {
        if (!allowedRules(*located.statement).contains(located.finding.rule))
            append(located);
    }
    std::stable_sort(findings.begin(), findings.end(),
                     [](const LintFinding &a, const LintFinding &b) { return a.line < b.line; });
    return findings;
}

QStringList ruleIds()
{
    QStringList ids;
    for (const DdlRules::RuleInfo &info : DdlRules::rules())
        ids.append(info.id);
    ids << QStringLiteral("missing-lock-timeout") << QStringLiteral("concurrently-in-transaction")
        << QStringLiteral("whole-table-write-with-ddl");
    return ids;
}

} // namespace PgOps::SqlLinter
