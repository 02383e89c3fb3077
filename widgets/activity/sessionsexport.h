// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "activity/sessionrow.h"

#include <QList>
#include <QString>

namespace PgOps {

class SessionsModel;

// Sessions as a ticket wants them: CSV, or a Markdown table, with the columns the panel shows
// and the full query text.
class SessionsExport
{
public:
    static QString rows(const SessionsModel &model, const QList<SessionRow> &rows, bool markdown);
};

} // namespace PgOps
