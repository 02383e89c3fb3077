// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/plandisplay.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

namespace PgOps::PlanDisplay {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::PlanDisplay", text);
}
} // namespace

QString ms(double value)
{
    if (value < 0)
        return {};
    const QLocale locale;
    // Three significant figures where it matters, whole milliseconds once they are many.
    const int decimals = value < 1 ? 3 : (value < 100 ? 2 : 0);
    return locale.toString(value, 'f', decimals) + QStringLiteral(" ms");
}

QString rows(double value)
{
    if (value < 0)
        return {};
    const QLocale locale;
    if (value != std::floor(value))
        return locale.toString(value, 'f', 2);
    return locale.toString(qint64(value));
}

QString estimate(const PlanNode &node)
{
    if (node.estimateFactor < 0)
        return {};
    if (node.estimateFactor < 2)
        return QStringLiteral("≈");
    const QString factor = node.estimateFactor >= 100 ? QLocale().toString(qint64(std::round(node.estimateFactor)))
                                                      : QLocale().toString(node.estimateFactor, 'f', 1);
    return (node.underestimated ? QStringLiteral("▲ ×") : QStringLiteral("▼ ×")) + factor;
}

QString buffers(const PlanBuffers &b)
{
    if (!b.present)
        return {};
    const QLocale locale;
    QStringList parts;
    parts.append(tr("%1 hit").arg(locale.toString(b.sharedHit)));
    if (b.sharedRead != 0)
        parts.append(tr("%1 read").arg(locale.toString(b.sharedRead)));
    const qint64 temp = b.tempRead + b.tempWritten;
    if (temp != 0)
        parts.append(tr("%1 temp").arg(locale.toString(temp)));
    return parts.join(QStringLiteral(" · "));
}

QString kilobytes(qint64 kb)
{
    if (kb < 0)
        return {};
    const QLocale locale;
    if (kb < 1024)
        return tr("%1 kB").arg(kb);
    if (kb < 1024 * 1024)
        return tr("%1 MB").arg(locale.toString(double(kb) / 1024, 'f', 1));
    return tr("%1 GB").arg(locale.toString(double(kb) / (1024 * 1024), 'f', 2));
}

QString percent(double value)
{
    if (value < 0)
        return {};
    if (value > 0 && value < 0.1)
        return QStringLiteral("<0.1%");
    return QLocale().toString(value, 'f', 1) + QLatin1Char('%');
}

QString nodeName(const PlanNode &node)
{
    return node.subplanName.isEmpty() ? node.title() : node.subplanName + QStringLiteral(": ") + node.title();
}

QString warningsText(const QList<PlanWarning> &warnings)
{
    QStringList lines;
    for (const PlanWarning &w : warnings)
        lines.append(w.advice.isEmpty() ? w.message : w.message + QStringLiteral(" — ") + w.advice);
    return lines.join(QLatin1Char('\n'));
}

} // namespace PgOps::PlanDisplay
