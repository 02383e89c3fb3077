// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"
#include "storage/storagesnapshot.h"

#include <QObject>
#include <QPointer>

namespace PgOps {

class DbServer;

// An exact row count of one table, on demand: its cost said first, then counted on its own
// connection inside one REPEATABLE READ snapshot. From 14 on a plain table is read in page
// ranges (TID range scans), so progress is real and a cancel stops within one chunk; otherwise
// one count(*) whose progress is unknown.
class RowCounter : public QObject
{
    Q_OBJECT
public:
    explicit RowCounter(QObject *parent = nullptr);
    void setServer(DbServer *server);
    bool isRunning() const { return m_running; }
    // What counting costs, for the confirmation: "a full scan of 1.2 GB …".
    static QString costText(const TableRow &table);
    static bool chunked(const TableRow &table, int serverVersionNum);
    void start(const TableRow &table);
    void cancel();

Q_SIGNALS:
    // pagesDone of totalPages (0 when unknown) and the rows counted so far.
    void progress(qint64 pagesDone, qint64 totalPages, qint64 rowsSoFar);
    // rows < 0: not counted; `message` says why (cancelled, failed).
    void finished(qint64 rows, const QString &message);

private:
    void send(const QString &sql, const std::function<void(const QueryResult &)> &next);
    void nextChunk();
    void finish(qint64 rows, const QString &message);

    QPointer<DbServer> m_server;
    TableRow m_table;
    qint64 m_chunkPages = 0;
    qint64 m_from = 0;
    qint64 m_rows = 0;
    quint64 m_current = 0;
    bool m_running = false;
    bool m_cancelled = false;
};

} // namespace PgOps
