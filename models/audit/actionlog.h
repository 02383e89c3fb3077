// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QVariantList>

namespace PgOps {

class DbServer;
struct DbRequest;
struct QueryResult;

// What an action acted on, as the user confirmed it: for a signal, one session.
struct ActionTarget
{
    int pid = 0;
    QString user;
    QString application;
    QString query; // password literals masked before it is kept
    QString backendStart; // ISO 8601 as the server printed it
    QString queryStart; // for a cancel: the query it was bound to

    bool operator==(const ActionTarget &o) const = default;
};

struct ActionLogEntry
{
    // Links an attempt to its outcome in the file; empty for lines written before there were ids.
    QString id;
    QDateTime time; // when it was sent (or, without a recorded attempt, when it was answered)
    QDateTime answeredAt; // invalid until the answer is recorded
    QString server;
    QString role;
    QString sql;
    QList<ActionTarget> targets;
    QString outcome;
    bool ok = false;
    // Recorded as sent, with no answer yet. An attempt whose answer never came (PgOps ended or
    // crashed first) is loaded with an "outcome unknown" outcome instead.
    bool pending = false;
};

// Every cancel, terminate and schema change PgOps runs, appended to a local file as one JSON
// object per line, so the record survives crashes and is easy to grep. An action announced
// before it is sent (DbServer::actionStarted) gets two lines sharing an "id": the attempt,
// written before the statement leaves, and the outcome; in memory they are one entry.
class ActionLog : public QObject
{
    Q_OBJECT
public:
    // An empty path means the default: <app data>/actions.jsonl.
    explicit ActionLog(const QString &path = {}, QObject *parent = nullptr);

    static QString defaultPath();
    QString path() const { return m_path; }

    // Records a finished action (no attempt line before it).
    void append(const ActionLogEntry &entry);
    // Records an action about to be sent; returns its id, for recordOutcome().
    QString recordAttempt(ActionLogEntry attempt);
    // Records the answer to an attempt; false when no attempt waits under that id.
    bool recordOutcome(const QString &id, const QString &outcome, bool ok);
    // Records every action `server` runs from now on: the attempt before it is sent (for those
    // announced) and what the server answered.
    void watch(DbServer *server);
    // Oldest first.
    const QList<ActionLogEntry> &entries() const { return m_entries; }
    // Why the last write failed, or empty.
    QString lastError() const { return m_lastError; }

    // A target's query as kept in the log: password literals (… PASSWORD '…') masked.
    static QString maskSecrets(const QString &query);

Q_SIGNALS:
    // A new entry: an attempt (pending, its answer comes through updated()) or a finished action.
    void appended(const PgOps::ActionLogEntry &entry);
    // The entry at `index` in entries() changed: its outcome arrived.
    void updated(int index);

private:
    struct Pending
    {
        const DbServer *server;
        QString sql;
        QVariantList params;
        QString id;
    };

    void load();
    void writeLine(const QByteArray &line);
    void onStarted(const DbServer *server, const DbRequest &request, const QString &role, const QVariantList &targets);
    void onFinished(const DbServer *server, const QueryResult &result, const QString &role);

    QString m_path;
    QList<ActionLogEntry> m_entries;
    QList<Pending> m_pending; // announced and not answered yet, oldest first
    QString m_lastError;
};

} // namespace PgOps
