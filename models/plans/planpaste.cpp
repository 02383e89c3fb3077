// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/planpaste.h"

#include "plans/plantextnode.h"

#include <QRegularExpression>

namespace PgOps::PlanPaste {
namespace {

struct Line
{
    QString text;
    int number = 0; // 1-based, in the input
};

QList<Line> splitLines(const QString &input)
{
    QList<Line> out;
    const QStringList raw = input.split(QLatin1Char('\n'));
    out.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        QString t = raw.at(i);
        if (t.endsWith(QLatin1Char('\r')))
            t.chop(1);
        out.append({t, int(i + 1)});
    }
    return out;
}

bool isFooter(const QString &t)
{
    static const QRegularExpression re(QStringLiteral("^\\(\\d+ rows?\\)$"));
    return re.match(t.trimmed()).hasMatch();
}

bool isDashes(const QString &t)
{
    static const QRegularExpression re(QStringLiteral("^[-+]+$"));
    return re.match(t.trimmed()).hasMatch();
}

qsizetype firstContent(const QList<Line> &lines)
{
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (!lines.at(i).text.trimmed().isEmpty())
            return i;
    }
    return -1;
}

// A plan line of the TEXT format: "Query Text:" of a log entry may span many lines before it.
bool looksLikeNodeLine(const QString &t, bool needGroup)
{
    QStringView v = QStringView(t).trimmed();
    if (v.startsWith(QLatin1String("->")))
        v = v.mid(2).trimmed();
    if (needGroup && !v.contains(QLatin1String("(cost=")) && !v.contains(QLatin1String("(actual "))
        && !v.contains(QLatin1String("(never executed)")))
        return false;
    PlanNode scratch;
    return PlanTextDetail::parseNodeLine(v, &scratch) != PlanTextDetail::NodeLineMatch::None;
}

// auto_explain / log_min_duration_statement with a plan: "… LOG:  duration: 1.2 ms  plan:"
// then the plan's lines, each starting with a tab. Takes the first such entry.
bool unwrapLog(QList<Line> &lines)
{
    static const QRegularExpression header(QStringLiteral("\\S.*\\bplan:\\s*$"),
                                           QRegularExpression::CaseInsensitiveOption);
    qsizetype start = -1;
    for (qsizetype i = 0; i < lines.size() && start < 0; ++i) {
        if (header.match(lines.at(i).text).hasMatch() && i + 1 < lines.size()
            && lines.at(i + 1).text.startsWith(QLatin1Char('\t')))
            start = i + 1;
    }
    if (start < 0)
        return false;
    QList<Line> body;
    for (qsizetype i = start; i < lines.size() && lines.at(i).text.startsWith(QLatin1Char('\t')); ++i)
        body.append({lines.at(i).text.mid(1), lines.at(i).number});
    // The TEXT form starts with "Query Text: …" (maybe many lines of SQL), maybe "Query
    // Parameters: …"; the JSON form keeps them inside its object.
    const qsizetype first = firstContent(body);
    if (first >= 0 && body.at(first).text.startsWith(QLatin1String("Query Text:"))) {
        qsizetype plan = -1;
        for (bool needGroup : {true, false}) {
            for (qsizetype i = first + 1; i < body.size() && plan < 0; ++i) {
                if (looksLikeNodeLine(body.at(i).text, needGroup))
                    plan = i;
            }
        }
        if (plan > 0)
            body = body.mid(plan);
    }
    lines = body;
    return true;
}

// psql: "QUERY PLAN", then dashes (aligned) or not (-A), rows, "(N rows)".
void unwrapPsql(QList<Line> &lines)
{
    const qsizetype first = firstContent(lines);
    if (first < 0)
        return;
    const QString head = lines.at(first).text.trimmed();
    if (head.startsWith(QLatin1String("-[ RECORD "))) {
        // Expanded: "QUERY PLAN | text", continuation rows "           | text".
        QList<Line> body;
        for (qsizetype i = first; i < lines.size(); ++i) {
            const QString &t = lines.at(i).text;
            const qsizetype bar = t.indexOf(QLatin1String("| "));
            if (t.startsWith(QLatin1String("-[ RECORD ")) || bar < 0)
                continue;
            body.append({t.mid(bar + 2), lines.at(i).number});
        }
        lines = body;
        return;
    }
    // The header, maybe after the psql prompt and the statement that were copied along.
    qsizetype header = -1;
    for (qsizetype i = first; i + 1 < lines.size() && header < 0; ++i) {
        if (lines.at(i).text.trimmed() == QLatin1String("QUERY PLAN") && isDashes(lines.at(i + 1).text))
            header = i;
    }
    if (header < 0 && head == QLatin1String("QUERY PLAN"))
        header = first; // psql -A: no dashes
    if (header < 0)
        return;
    qsizetype bodyStart = header + 1;
    qsizetype width = -1;
    if (bodyStart < lines.size() && isDashes(lines.at(bodyStart).text)) {
        width = lines.at(bodyStart).text.size();
        ++bodyStart;
    }
    QList<Line> body;
    for (qsizetype i = bodyStart; i < lines.size(); ++i) {
        QString t = lines.at(i).text;
        if (isFooter(t))
            break; // "(8 rows)", then perhaps "Time: 1.2 ms" and the next prompt
        if (width >= 0) {
            if (t.startsWith(QLatin1Char(' ')))
                t.remove(0, 1);
            // The wrap marker sits in the last column of the dashes line.
            if (lines.at(i).text.size() == width && t.endsWith(QLatin1Char('+')))
                t.chop(1);
        }
        body.append({t, lines.at(i).number});
    }
    lines = body;
}

// "+" wrap markers without the header that says where they sit: strip them when most lines have one.
void stripMarkers(QList<Line> &lines)
{
    int content = 0, marked = 0;
    for (const Line &l : std::as_const(lines)) {
        const QString t = l.text.trimmed();
        if (t.isEmpty())
            continue;
        ++content;
        if (t.endsWith(QLatin1Char('+')))
            ++marked;
    }
    if (marked == 0 || marked * 2 < content - 1)
        return;
    for (Line &l : lines) {
        while (!l.text.isEmpty() && l.text.back().isSpace())
            l.text.chop(1);
        if (l.text.endsWith(QLatin1Char('+')))
            l.text.chop(1);
    }
}

} // namespace

Unwrapped unwrap(const QString &input)
{
    QList<Line> lines = splitLines(input);
    if (!unwrapLog(lines))
        unwrapPsql(lines);
    while (!lines.isEmpty() && (lines.back().text.trimmed().isEmpty() || isFooter(lines.back().text)))
        lines.removeLast();
    stripMarkers(lines);
    Unwrapped out;
    QStringList texts;
    texts.reserve(lines.size());
    for (const Line &l : std::as_const(lines)) {
        texts.append(l.text);
        out.lines.append(l.number);
    }
    out.text = texts.join(QLatin1Char('\n'));
    const QStringView t = QStringView(out.text).trimmed();
    out.json = t.startsWith(QLatin1Char('[')) || t.startsWith(QLatin1Char('{'));
    return out;
}

} // namespace PgOps::PlanPaste
