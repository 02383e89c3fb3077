// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "storage/rowcounter.h"

#include "db/connection.h"
#include "db/dbserver.h"
#include "storage/storagesql.h"

#include <QLocale>

namespace PgOps {

namespace {
// Its own connection, never shared: it holds a transaction open between chunks.
Connection *counting(DbServer *server)
{
    ConnectionOptions o;
    o.purpose = QStringLiteral("count");
    o.statementTimeoutMs = 0; // a chunk is short; a count(*) without chunks may not be
    o.dedicated = true;
    return server->connection(o);
}
// 8 MB a chunk: short enough that a cancel lands soon and the monitoring statement_timeout
// never fires, long enough that the round trips do not dominate.
constexpr qint64 chunkPagesDefault = 1024;
} // namespace

RowCounter::RowCounter(QObject *parent)
    : QObject(parent)
{
}

void RowCounter::setServer(DbServer *server)
{
    m_server = server;
}

QString RowCounter::costText(const TableRow &table)
{
    // count(*) reads the heap only, never TOAST.
    const qint64 bytes = table.heapBytes >= 0 ? table.heapBytes : table.pages * 8192;
    return tr("Counting reads every row of %1: a full scan of about %2 (its heap), competing with the server's "
              "other work for I/O. It runs in one read-only snapshot and can be cancelled at any time.")
        .arg(table.qualifiedName(), QLocale::system().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat));
}

bool RowCounter::chunked(const TableRow &table, int serverVersionNum)
{
    return serverVersionNum >= 140000 && !table.isPartitioned() && table.relkind == 'r' && table.pages > 0;
}

void RowCounter::start(const TableRow &table)
{
    if (m_running || !m_server)
        return;
    m_table = table;
    m_rows = 0;
    m_from = 0;
    m_running = true;
    m_cancelled = false;
    // As the server's connections know it: the "count" connection opens on its first use, and
    // knows no version until it is up.
    const int version = m_server->serverInfo().versionNum;
    m_chunkPages = chunked(table, version) ? chunkPagesDefault : 0;
    // One snapshot for all chunks, so they add up to one count of one moment.
    send(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"), [this](const QueryResult &) {
        send(QStringLiteral("SET LOCAL statement_timeout = 0"), [this](const QueryResult &) { nextChunk(); });
    });
}

void RowCounter::send(const QString &sql, const std::function<void(const QueryResult &)> &next)
{
    if (!m_server)
        return finish(-1, tr("The server went away."));
    m_current = counting(m_server)->exec(DbRequest {0, {}, sql, {}, Access::Read, {}}, this,
                                         [this, next](const QueryResult &r) {
                                             if (m_cancelled)
                                                 return finish(-1, tr("Cancelled: nothing was counted."));
                                             if (!r.ok())
                                                 return finish(-1, tr("Counting failed: %1").arg(r.error.message));
                                             next(r);
                                         });
}

void RowCounter::nextChunk()
{
    const qint64 total = m_table.pages;
    const bool last = m_chunkPages == 0 || m_from + m_chunkPages >= total;
    const QString sql = m_chunkPages == 0 ? StorageSql::countAll(m_table)
                                          : StorageSql::countChunk(m_table, m_from, last ? -1 : m_from + m_chunkPages);
    send(sql, [this, last, total](const QueryResult &r) {
        m_rows += r.rows.isEmpty() ? 0 : r.rows.first().first().toLongLong();
        m_from += m_chunkPages;
        Q_EMIT progress(last ? total : qMin(m_from, total), m_chunkPages == 0 ? 0 : total, m_rows);
        if (!last)
            return nextChunk();
        const qint64 rows = m_rows;
        send(QStringLiteral("COMMIT"), [this, rows](const QueryResult &) { finish(rows, {}); });
    });
}

void RowCounter::cancel()
{
    if (!m_running || !m_server)
        return;
    m_cancelled = true;
    counting(m_server)->cancel(m_current);
}

void RowCounter::finish(qint64 rows, const QString &message)
{
    if (rows < 0 && m_server) // leave no open snapshot behind
        counting(m_server)->exec(QStringLiteral("ROLLBACK"));
    m_running = false;
    Q_EMIT finished(rows, message);
}

} // namespace PgOps
