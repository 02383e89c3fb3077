// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/planreader.h"

#include "plans/plananalysis.h"
#include "plans/planjsonparser.h"
#include "plans/planpaste.h"
#include "plans/plantextparser.h"

#include <QCoreApplication>

namespace PgOps::PlanReader {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::PlanReader", text);
}

Plan fail(PlanParseError *error, int line, const QString &message)
{
    if (error) {
        *error = {};
        error->line = line;
        error->message = message;
    }
    return {};
}

// NUL bytes, or many control characters, are not a pasted plan (an image, a dump, a gzip file).
bool isBinary(const QByteArray &data)
{
    qsizetype control = 0;
    for (const char c : data) {
        const auto u = static_cast<unsigned char>(c);
        if (u == 0)
            return true;
        if ((u < 0x20 && u != '\t' && u != '\n' && u != '\r' && u != '\f' && u != '\v') || u == 0x7f)
            ++control;
    }
    return control * 100 > data.size();
}

// The 1-based line of the first line longer than kMaxLineBytes, or 0.
int hugeLine(const QByteArray &data)
{
    qsizetype start = 0;
    int line = 1;
    while (start < data.size()) {
        qsizetype end = data.indexOf('\n', start);
        if (end < 0)
            end = data.size();
        if (end - start > kMaxLineBytes)
            return line;
        start = end + 1;
        ++line;
    }
    return 0;
}

bool countsInRange(const PlanBuffers &b)
{
    // Above 2^53 blocks (an exabyte and more) nothing is real, and the analysis subtracts these.
    constexpr qint64 limit = qint64(1) << 53;
    for (const qint64 v : {b.sharedHit, b.sharedRead, b.sharedDirtied, b.sharedWritten, b.localHit, b.localRead,
                           b.localDirtied, b.localWritten, b.tempRead, b.tempWritten}) {
        if (v < 0 || v > limit)
            return false;
    }
    return true;
}

// Figures no server prints are refused before the analysis computes with them.
QString implausible(const Plan &plan)
{
    for (const PlanNode &n : plan.nodes) {
        bool ok = countsInRange(n.buffers);
        for (const PlanWorker &w : n.workers)
            ok = ok && countsInRange(w.buffers);
        if (!ok)
            return tr("node %1 (%2): a buffer count is negative or beyond 2^53 blocks; this is not what EXPLAIN "
                      "printed")
                .arg(n.id + 1)
                .arg(n.title());
    }
    return {};
}

} // namespace

Plan read(const QByteArray &data, PlanParseError *error)
{
    if (data.trimmed().isEmpty()) {
        return fail(error, 0,
                    tr("the input is empty: paste or open what EXPLAIN (FORMAT JSON) or EXPLAIN ANALYZE printed"));
    }
    if (isBinary(data)) {
        return fail(error, 0,
                    tr("the input is binary data, not text: open the plan EXPLAIN printed (JSON or text), "
                       "not a compressed or binary file"));
    }
    if (const int line = hugeLine(data)) {
        return fail(error, line,
                    tr("the line is longer than 10 MB; EXPLAIN prints short lines, so this is not a plan"));
    }
    QString text = QString::fromUtf8(data);
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    const PlanPaste::Unwrapped bare = PlanPaste::unwrap(text);
    PlanParseError e;
    Plan plan = bare.json ? PlanJsonParser::parse(bare.text.toUtf8(), &e) : PlanTextParser::parse(bare.text, &e);
    if (e.isError()) {
        // Lines count in the input as given, not in what was left after unwrapping.
        if (e.line > 0 && e.line <= bare.lines.size())
            e.line = bare.lines.at(e.line - 1);
        if (error)
            *error = e;
        return {};
    }
    if (plan.isEmpty())
        return fail(error, 0, tr("the input holds no plan node"));
    if (const QString problem = implausible(plan); !problem.isEmpty())
        return fail(error, 0, problem);
    PlanAnalysis::analyse(plan);
    if (error)
        *error = {};
    return plan;
}

} // namespace PgOps::PlanReader
