// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "statements/statementssnapshot.h"

namespace PgOps {

namespace {
struct SortName
{
    StatementSort sort;
    const char *name;
};
constexpr SortName sortNames[]
    = {{StatementSort::TotalTime, "total"}, {StatementSort::MeanTime, "mean"},   {StatementSort::Calls, "calls"},
       {StatementSort::Rows, "rows"},       {StatementSort::SharedRead, "read"}, {StatementSort::TempWritten, "temp"}};
} // namespace

QString toText(StatementSort sort)
{
    for (const SortName &n : sortNames) {
        if (n.sort == sort)
            return QLatin1String(n.name);
    }
    return QStringLiteral("total");
}

bool parseStatementSort(const QString &text, StatementSort *sort)
{
    for (const SortName &n : sortNames) {
        if (text == QLatin1String(n.name)) {
            *sort = n.sort;
            return true;
        }
    }
    return false;
}

QStringList statementSortNames()
{
    QStringList names;
    for (const SortName &n : sortNames)
        names.append(QLatin1String(n.name));
    return names;
}

double StatementRow::hitPercent() const
{
    const double all = double(sharedBlksHit) + double(sharedBlksRead);
    return all > 0 ? 100.0 * double(sharedBlksHit) / all : -1;
}

QString StatementsAvailability::text() const
{
    QStringList lines {problem};
    for (int i = 0; i < steps.size(); ++i)
        lines.append(QStringLiteral("%1. %2").arg(i + 1).arg(steps.at(i)));
    return lines.join(QLatin1Char('\n'));
}

double StatementsSnapshot::shareOfTotal(const StatementRow &row) const
{
    return allExecMs > 0 ? row.totalExecMs / allExecMs : -1;
}

} // namespace PgOps
