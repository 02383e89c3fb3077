// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "lint/lockmode.h"

#include <array>

namespace PgOps::LockModes {

namespace {
struct Names
{
    LockMode mode;
    const char *sql;
    const char *pgLocks;
};
constexpr std::array<Names, 8> names {{
    {LockMode::AccessShare, "ACCESS SHARE", "AccessShareLock"},
    {LockMode::RowShare, "ROW SHARE", "RowShareLock"},
    {LockMode::RowExclusive, "ROW EXCLUSIVE", "RowExclusiveLock"},
    {LockMode::ShareUpdateExclusive, "SHARE UPDATE EXCLUSIVE", "ShareUpdateExclusiveLock"},
    {LockMode::Share, "SHARE", "ShareLock"},
    {LockMode::ShareRowExclusive, "SHARE ROW EXCLUSIVE", "ShareRowExclusiveLock"},
    {LockMode::Exclusive, "EXCLUSIVE", "ExclusiveLock"},
    {LockMode::AccessExclusive, "ACCESS EXCLUSIVE", "AccessExclusiveLock"},
}};

// Bit n set: conflicts with the mode of enum value n (Explicit Locking, table 13.2).
int conflictMask(LockMode mode)
{
    auto bit = [](LockMode m) {
        return 1 << static_cast<int>(m);
    };
    const int accessExclusive = bit(LockMode::AccessExclusive);
    const int exclusive = accessExclusive | bit(LockMode::Exclusive);
    const int shareRowExclusive = exclusive | bit(LockMode::ShareRowExclusive);
    switch (mode) {
    case LockMode::None:
        return 0;
    case LockMode::AccessShare:
        return accessExclusive;
    case LockMode::RowShare:
        return exclusive;
    case LockMode::RowExclusive:
        return shareRowExclusive | bit(LockMode::Share);
    case LockMode::ShareUpdateExclusive:
        return shareRowExclusive | bit(LockMode::Share) | bit(LockMode::ShareUpdateExclusive);
    case LockMode::Share:
        return shareRowExclusive | bit(LockMode::ShareUpdateExclusive) | bit(LockMode::RowExclusive);
    case LockMode::ShareRowExclusive:
        return shareRowExclusive | bit(LockMode::Share) | bit(LockMode::ShareUpdateExclusive)
            | bit(LockMode::RowExclusive);
    case LockMode::Exclusive:
        return ~(bit(LockMode::None) | bit(LockMode::AccessShare));
    case LockMode::AccessExclusive:
        return ~bit(LockMode::None);
    }
    return 0;
}
} // namespace

QString toSql(LockMode mode)
{
    for (const Names &n : names)
        if (n.mode == mode)
            return QLatin1String(n.sql);
    return {};
}

QString toPgLocks(LockMode mode)
{
    for (const Names &n : names)
        if (n.mode == mode)
            return QLatin1String(n.pgLocks);
    return {};
}

LockMode fromString(const QString &text)
{
    const QString t = text.trimmed();
    for (const Names &n : names)
        if (t.compare(QLatin1String(n.sql), Qt::CaseInsensitive) == 0
            || t.compare(QLatin1String(n.pgLocks), Qt::CaseInsensitive) == 0)
            return n.mode;
    return LockMode::None;
}

bool conflicts(LockMode held, LockMode requested)
{
    if (held == LockMode::None || requested == LockMode::None)
        return false;
    return (conflictMask(held) & (1 << static_cast<int>(requested))) != 0;
}

QString blocksWhat(LockMode mode)
{
    switch (mode) {
    case LockMode::None:
        return QStringLiteral("blocks nothing");
    case LockMode::AccessShare:
    case LockMode::RowShare:
    case LockMode::RowExclusive:
        return QStringLiteral("blocks only schema changes that need stronger locks");
    case LockMode::ShareUpdateExclusive:
        return QStringLiteral("blocks other schema changes and VACUUM, not reads or writes");
    case LockMode::Share:
    case LockMode::ShareRowExclusive:
    case LockMode::Exclusive:
        return QStringLiteral("blocks writes (INSERT, UPDATE, DELETE); reads go on");
    case LockMode::AccessExclusive:
        return QStringLiteral("blocks every read and write");
    }
    return {};
}

} // namespace PgOps::LockModes
