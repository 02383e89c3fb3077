// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "db/dbtypes.h"

namespace PgOps {

int QueryResult::columnIndex(const QString &name) const
{
    for (qsizetype i = 0; i < columns.size(); ++i) {
        if (columns.at(i).name == name)
            return int(i);
    }
    return -1;
}

QVariant QueryResult::value(int row, const QString &column) const
{
    const int col = columnIndex(column);
    if (row < 0 || row >= rows.size() || col < 0)
        return {};
    return rows.at(row).value(col);
}

QString toText(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Disconnected:
        return QStringLiteral("disconnected");
    case ConnectionState::Connecting:
        return QStringLiteral("connecting");
    case ConnectionState::Connected:
        return QStringLiteral("connected");
    case ConnectionState::Reconnecting:
        return QStringLiteral("reconnecting");
    case ConnectionState::NeedsPassword:
        return QStringLiteral("password needed");
    case ConnectionState::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

QString toText(Access access)
{
    switch (access) {
    case Access::Read:
        return QStringLiteral("read");
    case Access::Signal:
        return QStringLiteral("signal");
    case Access::Write:
        return QStringLiteral("write");
    case Access::Schema:
        return QStringLiteral("schema");
    }
    return {};
}

QString toText(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::None:
        return QStringLiteral("ok");
    case ErrorKind::Connection:
        return QStringLiteral("connection");
    case ErrorKind::Cancelled:
        return QStringLiteral("cancelled");
    case ErrorKind::StatementTimeout:
        return QStringLiteral("statement timeout");
    case ErrorKind::LockTimeout:
        return QStringLiteral("lock timeout");
    case ErrorKind::Permission:
        return QStringLiteral("permission denied");
    case ErrorKind::ReadOnly:
        return QStringLiteral("read-only");
    case ErrorKind::Superseded:
        return QStringLiteral("superseded");
    case ErrorKind::Sql:
        return QStringLiteral("error");
    case ErrorKind::Usage:
        return QStringLiteral("usage");
    }
    return {};
}

} // namespace PgOps
