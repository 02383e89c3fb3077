// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonValue>
#include <QString>

namespace PgOps {

// "4.2 s", "3m 07s", "2h 05m", "3d 4h": what a person reads in a cell; empty for a negative
// (not applicable) value.
QString formatSeconds(double seconds);
// Seconds for JSON output: rounded to the millisecond, null when not applicable.
QJsonValue jsonSeconds(double seconds);
// One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break.
QString csvCell(const QString &text);
// pg_stat_activity's state for an open transaction that runs nothing, aborted or not.
bool isIdleInTransactionState(const QString &state);

} // namespace PgOps
