// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "core/format.h"

namespace PgOps {

QString formatSeconds(double seconds)
{
    if (seconds < 0)
        return {};
    const qint64 s = qint64(seconds);
    if (s < 60)
        return QStringLiteral("%1s").arg(seconds, 0, 'f', seconds < 10 ? 1 : 0); // one style with "1m 18s"
    if (s < 3600)
        return QStringLiteral("%1m %2s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    if (s < 86400)
        return QStringLiteral("%1h %2m").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1d %2h").arg(s / 86400).arg((s % 86400) / 3600);
}

QJsonValue jsonSeconds(double seconds)
{
    return seconds < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(qRound64(seconds * 1000) / 1000.0);
}

QString csvCell(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n'))
        && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

bool isIdleInTransactionState(const QString &state)
{
    return state.startsWith(QLatin1String("idle in transaction"));
}

} // namespace PgOps
