// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace PgOps {

// A plain-text table for a terminal or an incident ticket: fixed-width columns two spaces
// apart, one line per row, no trailing blanks. Every cell is made one line (a query's line
// breaks would tear the table apart). A left-aligned cell longer than its column is cut and
// ends in "…", so nobody takes it for the whole value; a right-aligned cell (a number, a
// duration) is never cut, since a cut number reads as a different number.
class TextTable
{
public:
    enum class Align
    {
        Left,
        Right
    };
    struct Column
    {
        QString header;
        int width = 0; // at most this many characters; 0: as wide as it is (for the last column)
        Align align = Align::Left;
    };

    explicit TextTable(QList<Column> columns);

    // Missing cells are empty, extra ones are dropped.
    void addRow(const QStringList &cells);
    int rowCount() const { return int(m_rows.size()); }
    // The header line, then the rows; each line ends in a newline.
    QString toText() const;

private:
    QString line(const QStringList &cells) const;
    static QString cell(const Column &column, const QString &text);

    QList<Column> m_columns;
    QList<QStringList> m_rows;
};

} // namespace PgOps
