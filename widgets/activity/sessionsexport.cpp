// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "activity/sessionsexport.h"

#include "activity/sessionsmodel.h"
#include "core/format.h"

namespace PgOps {

QString SessionsExport::rows(const SessionsModel &model, const QList<SessionRow> &rows, bool markdown)
{
    QStringList header;
    for (int c = 0; c < SessionsModel::ColumnCount; ++c)
        header.append(model.headerData(c, Qt::Horizontal).toString());
    const auto md = [](QString v) {
        return v.simplified().replace(QLatin1Char('|'), QLatin1String("\\|"));
    };
    QStringList lines;
    if (markdown) {
        lines.append(QStringLiteral("| ") + header.join(QStringLiteral(" | ")) + QStringLiteral(" |"));
        lines.append(QStringLiteral("|") + QStringLiteral("---|").repeated(header.size()));
    } else {
        lines.append(header.join(QLatin1Char(',')));
    }
    for (const SessionRow &r : rows) {
        const QModelIndex i = model.indexOfPid(r.pid);
        QStringList cells;
        for (int c = 0; c < SessionsModel::ColumnCount; ++c) {
            const QString v
                = c == SessionsModel::Query ? r.query : model.index(i.row(), c, i.parent()).data().toString();
            cells.append(markdown ? md(v) : csvCell(v));
        }
        lines.append(markdown ? QStringLiteral("| ") + cells.join(QStringLiteral(" | ")) + QStringLiteral(" |")
                              : cells.join(QLatin1Char(',')));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace PgOps
