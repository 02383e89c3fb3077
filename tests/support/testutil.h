// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/connection.h"
#include "db/conninfo.h"
#include "db/dbtypes.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QString>
#include <QTest>

#include <memory>

// Helpers shared by the integration tests. The server comes from the CTest fixture
// (tests/support/pgcluster.sh); its conninfo arrives in PGOPS_TEST_CONNINFO.
namespace PgOpsTest {

inline QString conninfo()
{
    return qEnvironmentVariable("PGOPS_TEST_CONNINFO");
}

inline bool underCi()
{
    return qEnvironmentVariable("CI") == QLatin1String("true");
}

// PGOPS_REQUIRE_SERVER for a fixture made on demand (a helper that returns whether it is ready):
// without a server the running test fails under CI=true and is skipped elsewhere, and this
// returns false for the caller to return.
inline bool serverPresent(const char *file, int line)
{
    if (!conninfo().isEmpty())
        return true;
    if (underCi())
        QTest::qFail("PGOPS_TEST_CONNINFO is not set: the test server fixture did not run", file, line);
    else
        QTest::qSkip("no test server: run through ctest so the fixture starts one", file, line);
    return false;
}

// Runs the fixture script (restart, halt, resume) on this test's cluster.
inline bool cluster(const QString &command)
{
    const QString script = qEnvironmentVariable("PGOPS_TEST_CLUSTER_SCRIPT");
    const QString data = qEnvironmentVariable("PGOPS_TEST_CLUSTER_DATA");
    if (script.isEmpty() || data.isEmpty())
        return false;
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedChannels);
    p.start(script, {command, data});
    return p.waitForFinished(90000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

// Runs one request and waits for its result (an empty result with no id on time-out).
inline PgOps::QueryResult run(PgOps::Connection &c, PgOps::DbRequest request, int timeoutMs = 10000)
{
    QSignalSpy spy(&c, &PgOps::Connection::finished);
    const quint64 id = c.exec(std::move(request));
    QDeadlineTimer deadline(timeoutMs);
    qsizetype seen = 0;
    while (true) {
        for (; seen < spy.size(); ++seen) {
            const auto r = spy.at(seen).at(0).value<PgOps::QueryResult>();
            if (r.requestId == id)
                return r;
        }
        if (deadline.hasExpired() || !spy.wait(int(qMax<qint64>(1, deadline.remainingTime()))))
            break;
    }
    PgOps::QueryResult timedOut;
    timedOut.error = {PgOps::ErrorKind::Usage, {}, QStringLiteral("test: no result in time"), {}};
    return timedOut;
}

inline PgOps::QueryResult run(PgOps::Connection &c, const QString &sql, const QVariantList &params = {})
{
    PgOps::DbRequest r;
    r.sql = sql;
    r.params = params;
    return run(c, std::move(r));
}

// The first cell of `text`'s first row; fails the test (and yields an invalid value) on error.
inline QVariant scalar(PgOps::Connection &c, const QString &text, const QVariantList &params = {})
{
    const PgOps::QueryResult r = run(c, text, params);
    if (!r.ok() || r.rows.isEmpty() || r.rows.first().isEmpty()) {
        QTest::qFail(qPrintable(text + QStringLiteral(": ") + r.error.message), __FILE__, __LINE__);
        return {};
    }
    return r.rows.first().first();
}

// Runs `text` and fails the test when it fails (QVERIFY returns from this helper only: callers
// that must stop there check QTest::currentTestFailed()).
inline void sql(PgOps::Connection &c, const QString &text)
{
    const PgOps::QueryResult r = run(c, text);
    QVERIFY2(r.ok(), qPrintable(text + QStringLiteral(": ") + r.error.message));
}

// A session of the test's own, for building scenes: no statement or lock timeout, since it is
// meant to wait; `extra` adds conninfo options (user=…).
inline std::unique_ptr<PgOps::Connection> openSession(const QString &application, const QString &extra = {})
{
    PgOps::ConnectionOptions o;
    o.statementTimeoutMs = 0;
    o.lockTimeoutMs = 0;
    auto c = std::make_unique<PgOps::Connection>(o);
    PgOps::ConnInfo info = PgOps::ConnInfo::parse(conninfo() + QLatin1Char(' ') + extra);
    info.setOption(QStringLiteral("application_name"), application);
    c->open(info.toConninfo());
    return c;
}

// Waits for the connection and returns its backend pid; a connection that does not come up
// fails the test (and yields 0, which no assertion on a pid accepts).
inline int pidOf(PgOps::Connection &c)
{
    if (!QTest::qWaitFor([&c] { return c.status().state == PgOps::ConnectionState::Connected; }, 10000)) {
        QTest::qFail("connection did not come up within 10 s", __FILE__, __LINE__);
        return 0;
    }
    return c.status().backendPid;
}

} // namespace PgOpsTest

namespace QTest {
template<> inline char *toString(const PgOps::ConnectionState &state)
{
    return qstrdup(PgOps::toText(state).toUtf8().constData());
}
template<> inline char *toString(const PgOps::ErrorKind &kind)
{
    return qstrdup(PgOps::toText(kind).toUtf8().constData());
}
} // namespace QTest

// Under CI=true a missing server is a failure, never a skip.
#define PGOPS_REQUIRE_SERVER()                                                                                         \
    do {                                                                                                               \
        if (PgOpsTest::conninfo().isEmpty()) {                                                                         \
            if (PgOpsTest::underCi())                                                                                  \
                QFAIL("PGOPS_TEST_CONNINFO is not set: the test server fixture did not run");                          \
            QSKIP("no test server: run through ctest so the fixture starts one");                                      \
        }                                                                                                              \
    } while (false)
