// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "storage/storageformat.h"

#include "storage/indexhealth.h"

#include <QCoreApplication>
#include <QLocale>

namespace PgOps::StorageFormat {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::StorageFormat", text);
}
} // namespace

QString bytes(qint64 bytes, bool skipped)
{
    if (bytes < 0)
        return skipped ? tr("locked") : QString();
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QString count(qint64 n)
{
    return n < 0 ? QString() : QLocale().toString(n);
}

QString when(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : tr("never");
}

QString bloat(const BloatEstimate &b)
{
    if (!b.known())
        return QStringLiteral("—");
    return tr("%1% (%2)").arg(qRound(b.ratio * 100)).arg(toText(b.confidence));
}

Severity bloatSeverity(const BloatEstimate &b)
{
    if (!b.known() || b.bloatBytes < IndexHealth::bloatMinimumBytes)
        return Severity::None;
    if (b.ratio >= IndexHealth::bloatCriticalRatio)
        return Severity::Critical;
    return b.ratio >= IndexHealth::bloatWarnRatio ? Severity::Warn : Severity::None;
}

} // namespace PgOps::StorageFormat
