// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "storage/storagesnapshot.h"

namespace PgOps {

qint64 TableRow::totalBytes() const
{
    if (heapBytes < 0 || toastBytes < 0 || indexBytes < 0)
        return -1;
    return heapBytes + toastBytes + indexBytes;
}

QString StorageFinding::object() const
{
    return schema + QLatin1Char('.') + (index.isEmpty() ? table : index);
}

QString toText(StorageFinding::Kind kind)
{
    switch (kind) {
    case StorageFinding::Kind::Unused:
        return QStringLiteral("unused");
    case StorageFinding::Kind::Duplicate:
        return QStringLiteral("duplicate");
    case StorageFinding::Kind::Invalid:
        return QStringLiteral("invalid");
    case StorageFinding::Kind::Bloat:
        return QStringLiteral("bloat");
    }
    return {};
}

QDateTime StorageSnapshot::evidenceSince() const
{
    // Counters survive a clean restart (15+) but not a crash: the server's start is the
    // latest they can have begun, so the evidence covers at least that long.
    if (statsReset.isValid() && (!serverStart.isValid() || statsReset > serverStart))
        return statsReset;
    return serverStart.isValid() ? serverStart : statsReset;
}

} // namespace PgOps
