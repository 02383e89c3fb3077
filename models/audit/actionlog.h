// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

namespace PgOps {

class DbServer;
struct QueryResult;

struct ActionLogEntry
{
    QDateTime time;
    QString server;
    QString role;
    QString sql;
    QString outcome;
    bool ok = false;
};

// Every cancel, terminate and schema change PgOps runs, appended to a local file as one JSON
// object per line, so the record survives crashes and is easy to grep.
class ActionLog : public QObject
{
    Q_OBJECT
public:
    // An empty path means the default: <app data>/actions.jsonl.
    explicit ActionLog(const QString &path = {}, QObject *parent = nullptr);

    static QString defaultPath();
    QString path() const { return m_path; }

    void append(const ActionLogEntry &entry);
    // Records every action `server` runs from now on, with what the server answered.
    void watch(DbServer *server);
    const QList<ActionLogEntry> &entries() const { return m_entries; }
    // Why the last write failed, or empty.
    QString lastError() const { return m_lastError; }

Q_SIGNALS:
    void appended(const PgOps::ActionLogEntry &entry);

private:
    void load();

    QString m_path;
    QList<ActionLogEntry> m_entries;
    QString m_lastError;
};

} // namespace PgOps
