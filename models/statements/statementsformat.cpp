// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "statements/statementsformat.h"

#include "core/format.h"

#include <QLocale>

namespace PgOps::StatementsFormat {

QString ms(double milliseconds)
{
    if (milliseconds < 0)
        return {};
    if (milliseconds < 1)
        return QStringLiteral("%1 ms").arg(milliseconds, 0, 'f', 3);
    if (milliseconds < 1000)
        return QStringLiteral("%1 ms").arg(milliseconds, 0, 'f', milliseconds < 100 ? 1 : 0);
    if (milliseconds < 60000)
        return QStringLiteral("%1 s").arg(milliseconds / 1000.0, 0, 'f', 2);
    return formatSeconds(milliseconds / 1000.0);
}

QString count(qint64 n)
{
    if (n < 0)
        return {};
    QLocale c = QLocale::c();
    c.setNumberOptions(QLocale::DefaultNumberOptions);
    return c.toString(n);
}

QString perSecond(double rate)
{
    if (rate < 0)
        return {};
    return QStringLiteral("%1/s").arg(rate, 0, 'f', rate < 10 ? 2 : (rate < 100 ? 1 : 0));
}

QString msPerSecond(double msPerS)
{
    if (msPerS < 0)
        return {};
    return QStringLiteral("%1 s/s").arg(msPerS / 1000.0, 0, 'f', msPerS < 10 ? 3 : 2);
}

QString percent(double fraction)
{
    return fraction < 0 ? QString() : QStringLiteral("%1 %").arg(fraction * 100.0, 0, 'f', 1);
}

} // namespace PgOps::StatementsFormat
