// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/connection.h"
#include "support/testutil.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QVariantList>

#include <functional>
#include <memory>

// The application a migration must not disturb: a session of its own that writes one statement
// at a time, paced by a timer, for the runner's end-to-end tests. Each statement waits for the
// previous one's answer, so the writes happen in exactly the order recorded (a twin schema can
// replay them). Every error is kept; the test asserts there were none.
namespace PgOpsTest {

class TableWriter
{
public:
    struct Op
    {
        QString statement; // %1 = the schema
        QVariantList params;
        bool switched = false; // written by the new code (after the switch point)
    };
    // The n-th write (from 0), as old code (switched false) or new code writes it.
    using Next = std::function<Op(int n, bool switched)>;

    TableWriter(const QString &application, QString schema, Next next, int intervalMs = 2)
        : m_connection(openSession(application)), m_schema(std::move(schema)), m_next(std::move(next))
    {
        m_timer.setInterval(intervalMs);
        QObject::connect(&m_timer, &QTimer::timeout, &m_context, [this] { writeOne(); });
    }

    // Fails the test (and returns false) when its session does not come up.
    bool start()
    {
        m_pid = pidOf(*m_connection);
        if (m_pid <= 0)
            return false;
        m_timer.start();
        return true;
    }
    // No new write after this; the one in flight still lands (see drain()).
    void stop() { m_timer.stop(); }
    // From the next write on, the new code writes.
    void switchOver() { m_switched = true; }
    bool switched() const { return m_switched; }
    // Waits until every write sent so far has landed (later ones may be in flight); false on
    // time-out.
    bool drain(int timeoutMs = 30000)
    {
        const int sent = m_sent;
        return QTest::qWaitFor([this, sent] { return writes() >= sent; }, timeoutMs);
    }
    // Waits until `more` further writes have landed (or failed); false on time-out.
    bool waitForWrites(int more, int timeoutMs = 30000)
    {
        const int target = writes() + more;
        return QTest::qWaitFor([this, target] { return writes() >= target; }, timeoutMs);
    }

    int writes() const { return int(m_done.size()) + int(m_errors.size()); }
    const QList<Op> &done() const { return m_done; }
    const QStringList &errors() const { return m_errors; }
    qint64 longestMs() const { return m_longestMs; }
    int pid() const { return m_pid; }
    PgOps::Connection &connection() { return *m_connection; }

private:
    void writeOne()
    {
        if (m_inFlight)
            return;
        const Op op = m_next(m_sent++, m_switched);
        PgOps::DbRequest request;
        request.sql = op.statement.arg(m_schema);
        request.params = op.params;
        request.access = PgOps::Access::Write;
        m_inFlight = true;
        m_clock.start();
        m_connection->exec(request, &m_context, [this, op, sql = request.sql](const PgOps::QueryResult &r) {
            m_inFlight = false;
            m_longestMs = qMax(m_longestMs, m_clock.elapsed());
            if (r.ok())
                m_done << op;
            else
                m_errors << QStringLiteral("%1 %2: %3").arg(sql, r.error.sqlState, r.error.message);
        });
    }

    std::unique_ptr<PgOps::Connection> m_connection;
    QString m_schema;
    Next m_next;
    QObject m_context; // callbacks die with the writer
    QTimer m_timer;
    QElapsedTimer m_clock;
    QList<Op> m_done;
    QStringList m_errors;
    qint64 m_longestMs = 0;
    int m_sent = 0;
    int m_pid = 0;
    bool m_inFlight = false;
    bool m_switched = false;
};

} // namespace PgOpsTest
