// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "audit/actionlog.h"

#include "db/dbserver.h"

#include <QCoreApplication>

#include "core/logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

namespace PgOps {

namespace {
// Enough for the in-app view; the file itself keeps everything.
constexpr qsizetype maxLoaded = 10000;
} // namespace

ActionLog::ActionLog(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(path.isEmpty() ? defaultPath() : path)
{
    load();
}

QString ActionLog::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/actions.jsonl");
}

void ActionLog::load()
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.isEmpty())
            continue; // a torn last line after a crash: skip it, keep the rest
        ActionLogEntry e;
        e.time = QDateTime::fromString(o.value(QLatin1String("time")).toString(), Qt::ISODateWithMs);
        e.server = o.value(QLatin1String("server")).toString();
        e.role = o.value(QLatin1String("role")).toString();
        e.sql = o.value(QLatin1String("sql")).toString();
        e.outcome = o.value(QLatin1String("outcome")).toString();
        e.ok = o.value(QLatin1String("ok")).toBool();
        m_entries.append(e);
    }
    if (m_entries.size() > maxLoaded)
        m_entries.remove(0, m_entries.size() - maxLoaded);
}

void ActionLog::append(const ActionLogEntry &entry)
{
    const QJsonObject o {
        {QStringLiteral("time"), entry.time.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("server"), entry.server},
        {QStringLiteral("role"), entry.role},
        {QStringLiteral("sql"), entry.sql},
        {QStringLiteral("outcome"), entry.outcome},
        {QStringLiteral("ok"), entry.ok},
    };
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QFile file(m_path);
    if (file.open(QIODevice::Append | QIODevice::WriteOnly)) {
        file.write(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
        m_lastError.clear();
    } else {
        // The action already ran; losing the record must not hide that, so keep it in memory.
        m_lastError = tr("Cannot write the action log %1: %2").arg(m_path, file.errorString());
        qCWarning(lcActionLog) << m_lastError;
    }
    m_entries.append(entry);
    Q_EMIT appended(entry);
}

namespace {
// What the server answered for each target of a signal ("4242: signalled, 4243: moved on"), so
// the log records the answer, not the request.
QString answeredPerPid(const QueryResult &result)
{
    const int pid = result.columnIndex(QStringLiteral("pid"));
    const int outcome = result.columnIndex(QStringLiteral("outcome"));
    if (pid < 0 || outcome < 0)
        return QCoreApplication::translate("PgOps::ActionLog", "ok");
    QStringList parts;
    for (const QVariantList &row : result.rows)
        parts.append(row.value(pid).toString() + QStringLiteral(": ") + row.value(outcome).toString());
    return parts.isEmpty() ? QCoreApplication::translate("PgOps::ActionLog", "no targets") : parts.join(QStringLiteral(", "));
}
} // namespace

void ActionLog::watch(DbServer *server)
{
    connect(server, &DbServer::actionFinished, this, [this, server](const QueryResult &result, const QString &role) {
        ActionLogEntry e;
        e.time = QDateTime::currentDateTimeUtc();
        e.server = server->displayName();
        e.role = role;
        e.sql = result.sql;
        if (!result.params.isEmpty()) {
            QStringList values;
            for (const QVariant &v : result.params)
                values.append(v.isNull() ? QStringLiteral("NULL") : v.toString());
            e.sql += QStringLiteral("  -- params: ") + values.join(QStringLiteral(", "));
        }
        e.ok = result.ok();
        if (result.outcomeUnknown)
            e.outcome = tr("outcome unknown: the connection broke after the statement was sent (%1)").arg(result.error.message);
        else if (!result.ok())
            e.outcome = toText(result.error.kind) + QStringLiteral(": ") + result.error.message;
        else
            e.outcome = answeredPerPid(result);
        append(e);
    });
}

} // namespace PgOps
