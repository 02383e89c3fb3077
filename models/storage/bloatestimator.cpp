// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "storage/bloatestimator.h"

#include <QCoreApplication>

#include <cmath>

namespace PgOps {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::BloatEstimator", text);
}

double maxAlign(double bytes)
{
    return std::ceil(bytes / 8.0) * 8.0;
}

BloatEstimate hidden(const QString &reason)
{
    BloatEstimate b;
    b.hiddenReason = reason;
    return b;
}

// Below this many pages (1 MB) the estimate is a matter of rounding.
constexpr qint64 smallPages = 128;
constexpr int pageHeader = 24;
constexpr int itemPointer = 4;

BloatEstimate fromPages(qint64 actualPages, double expectedPages, BloatEstimate::Confidence confidence)
{
    BloatEstimate b;
    b.confidence = confidence;
    const double actual = double(actualPages) * BloatEstimator::blockSize;
    b.expectedBytes = qint64(expectedPages * BloatEstimator::blockSize);
    b.bloatBytes = qMax<qint64>(0, qint64(actual) - b.expectedBytes);
    b.ratio = actual > 0 ? double(b.bloatBytes) / actual : 0;
    return b;
}

// Why a table's statistics cannot carry an estimate, or empty.
QString statsProblem(const TableRow &t)
{
    if (t.neverAnalysed())
        return tr("never analysed: ANALYZE %1 gives the estimate its statistics").arg(t.qualifiedName());
    if (!t.selectable && t.columnsWithStats == 0)
        return tr("hidden from this role: pg_stats shows column statistics only to roles that may SELECT the table");
    if (t.columnsWithStats == 0)
        return tr("no column statistics: ANALYZE %1 gives the estimate its statistics").arg(t.qualifiedName());
    if (t.rowsEstimate > 0 && double(t.modifiedSinceAnalyze) > BloatEstimator::staleShare * t.rowsEstimate)
        return tr("statistics are stale: %1 rows changed since the last ANALYZE").arg(t.modifiedSinceAnalyze);
    return {};
}
} // namespace

QString toText(BloatEstimate::Confidence confidence)
{
    switch (confidence) {
    case BloatEstimate::Confidence::None:
        return QStringLiteral("none");
    case BloatEstimate::Confidence::Low:
        return QStringLiteral("low");
    case BloatEstimate::Confidence::Medium:
        return QStringLiteral("medium");
    case BloatEstimate::Confidence::High:
        return QStringLiteral("high");
    }
    return {};
}

BloatEstimate BloatEstimator::table(const TableRow &t)
{
    if (t.isPartitioned())
        return hidden(tr("partitioned: see its partitions"));
    if (const QString problem = statsProblem(t); !problem.isEmpty())
        return hidden(problem);
    if (t.pages == 0)
        return hidden(tr("empty"));
    // Heap tuple: 23-byte header plus the null bitmap, aligned; the data, aligned; an item
    // pointer per tuple; pages of 8 kB less the page header, filled to the fill factor.
    const double header = maxAlign(23 + (t.anyNulls ? std::ceil(t.columns / 8.0) : 0));
    const double tuple = header + maxAlign(t.statsWidth);
    const double usable = (blockSize - pageHeader) * qBound(10, t.fillFactor, 100) / 100.0;
    const double perPage = qMax(1.0, std::floor(usable / (tuple + itemPointer)));
    const double expected = std::ceil(t.rowsEstimate / perPage);
    using Confidence = BloatEstimate::Confidence;
    Confidence confidence = Confidence::High;
    if (t.columnsWithStats < t.columns || t.pages < smallPages)
        confidence = Confidence::Low;
    else if (t.rowsEstimate > 0 && double(t.modifiedSinceAnalyze) > 0.05 * t.rowsEstimate)
        confidence = Confidence::Medium;
    return fromPages(t.pages, expected, confidence);
}

BloatEstimate BloatEstimator::index(const IndexRow &i, const TableRow *table)
{
    if (i.method != QLatin1String("btree"))
        return hidden(tr("estimated for btree indexes only"));
    if (i.isPartitioned())
        return hidden(tr("partitioned: see its partitions"));
    if (!i.valid)
        return hidden(tr("invalid index"));
    if (table) {
        if (const QString problem = statsProblem(*table); !problem.isEmpty())
            return hidden(problem);
    }
    if (i.keysWithStats == 0 || i.rowsEstimate < 0)
        return hidden(tr("no statistics for its key columns: ANALYZE the table"));
    if (i.pages == 0)
        return hidden(tr("empty"));
    // Index tuple: 8-byte header plus the keys, aligned; pages less header and btree special
    // space, filled to the fill factor (90 by default); plus the metapage.
    const double tuple = maxAlign(8 + i.statsWidth);
    const double usable = (blockSize - pageHeader - 16) * qBound(10, i.fillFactor, 100) / 100.0;
    const double perPage = qMax(1.0, std::floor(usable / (tuple + itemPointer)));
    const double expected = std::ceil(i.rowsEstimate / perPage) + 1;
    using Confidence = BloatEstimate::Confidence;
    const Confidence confidence = i.keysWithStats < qMax<qsizetype>(i.columns, i.keys.size()) || i.pages < smallPages
        ? Confidence::Low
                                                                                          : Confidence::Medium;
    return fromPages(i.pages, expected, confidence);
}

} // namespace PgOps
