// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/connection.h"
#include "migrate/migrationcontextsource.h"
#include "support/testutil.h"

#include <QElapsedTimer>
#include <QTest>

#include <memory>
#include <optional>

// Sessions, look-ups over a PlanContext and one blocking-free read of it, for the live-context tests.
namespace PgOpsTest {

inline const PgOps::IndexFacts *indexNamed(const PgOps::TableFacts &t, const QString &name)
{
    for (const PgOps::IndexFacts &i : t.indexes)
        if (i.name.name == name)
            return &i;
    return nullptr;
}

inline const PgOps::DependentFacts *dependent(const PgOps::TableFacts &t, const QString &kind, const QString &name,
                                              const QString &column = {})
{
    for (const PgOps::DependentFacts &d : t.dependents)
        if (d.kind == kind && d.name == name && (column.isNull() || d.column == column))
            return &d;
    return nullptr;
}

inline const PgOps::SessionFacts *session(const QList<PgOps::SessionFacts> &sessions, int pid)
{
    for (const PgOps::SessionFacts &s : sessions)
        if (s.pid == pid)
            return &s;
    return nullptr;
}

// The sessions of a live-context test: `admin` builds the scene (no timeouts), `reader` reads as
// the planner and the wizard do (default options: lock_timeout 1 s). Fails the test when one
// does not come up.
inline void openContextSessions(const QString &application, std::unique_ptr<PgOps::Connection> *admin,
                                std::unique_ptr<PgOps::Connection> *reader)
{
    *admin = openSession(application);
    QVERIFY(pidOf(**admin) > 0);
    *reader = std::make_unique<PgOps::Connection>(PgOps::ConnectionOptions {});
    (*reader)->open(PgOps::ConnInfo::parse(conninfo()).toConninfo());
    QVERIFY(pidOf(**reader) > 0);
}

// The start of a scene: `schema` dropped and made again, the search path on it.
inline QString freshSchemaSql(const QString &schema)
{
    return QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE; CREATE SCHEMA %1; SET search_path = %1; ").arg(schema);
}

struct ContextRead
{
    PgOps::PlanContext context;
    PgOps::DbError error;
    qint64 elapsedMs = -1; // -1: no answer (the test has failed)
};

// One read through MigrationContextSource, answered on the event loop; a read that is refused,
// answers before read() returns or never answers fails the test.
inline ContextRead readContext(PgOps::Connection *connection, QObject *context,
                               const QList<PgOps::QualifiedName> &tables,
                               const PgOps::MigrationContextSource::Options &options,
                               const QList<PgOps::QualifiedName> &indexes = {})
{
    std::optional<ContextRead> result;
    QElapsedTimer clock;
    clock.start();
    const quint64 id = PgOps::MigrationContextSource::read(
        connection, tables, indexes, options, context, [&](const PgOps::PlanContext &c, const PgOps::DbError &error) {
            result = ContextRead {c, error, clock.elapsed()};
        });
    if (id == 0)
        QTest::qFail("read refused", __FILE__, __LINE__);
    // The caller's thread is never held: the answer comes from the event loop.
    if (result.has_value())
        QTest::qFail("done was called before read() returned", __FILE__, __LINE__);
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 30000)) {
        QTest::qFail("no context within 30 s", __FILE__, __LINE__);
        return {};
    }
    return *result;
}

} // namespace PgOpsTest
