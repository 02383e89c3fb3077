// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "cli/texttable.h"

namespace PgOps {

TextTable::TextTable(QList<Column> columns) : m_columns(std::move(columns)) { }

void TextTable::addRow(const QStringList &cells)
{
    m_rows.append(cells);
}

QString TextTable::toText() const
{
    QStringList headers;
    for (const Column &c : m_columns)
        headers.append(c.header);
    QString text = line(headers);
    for (const QStringList &row : m_rows)
        text += line(row);
    return text;
}

QString TextTable::line(const QStringList &cells) const
{
    QStringList parts;
    for (int i = 0; i < m_columns.size(); ++i)
        parts.append(cell(m_columns.at(i), cells.value(i)));
    QString text = parts.join(QStringLiteral("  "));
    // Padding of empty trailing cells is noise in a ticket and in diffs.
    qsizetype end = text.size();
    while (end > 0 && text.at(end - 1) == QLatin1Char(' '))
        --end;
    text.truncate(end);
    return text + QLatin1Char('\n');
}

QString TextTable::cell(const Column &column, const QString &text)
{
    QString oneLine = text.simplified();
    if (column.width <= 0)
        return oneLine;
    if (column.align == Align::Right)
        return oneLine.rightJustified(column.width, QLatin1Char(' '));
    if (oneLine.size() > column.width)
        oneLine = oneLine.left(column.width - 1) + QStringLiteral("…");
    return oneLine.leftJustified(column.width, QLatin1Char(' '));
}

} // namespace PgOps
