// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

// Building blocks for the evidence and leftovers tests on a server: migrations stored and read
// back as the runner stores them, and the evidence and leftovers read (and cleaned) through
// their sources, waited for here.
#include "db/connection.h"
#include "migrate/evidencesource.h"
#include "migrate/leftoversource.h"
#include "migrate/migrationspecjson.h"
#include "migrate/runstatesql.h"
#include "support/plannertest.h"
#include "support/testutil.h"

#include <QTest>

#include <algorithm>
#include <memory>

namespace PgOpsTest {
using namespace PgOps;

inline QueryResult exec(Connection &c, const DbStatement &statement)
{
    DbRequest r;
    r.sql = statement.sql;
    r.params = statement.params;
    return run(c, std::move(r));
}

inline QStringList described(const QList<Leftover> &list, const QString &schema)
{
    QStringList out;
    for (const Leftover &l : list)
        if (l.schema == schema)
            out << Leftovers::toName(l.kind) + QLatin1Char(' ') + l.table + QLatin1Char(' ') + l.name;
    std::sort(out.begin(), out.end());
    return out;
}

// A DDL step of the expand phase running `sql`.
inline MigrationStep ddlStep(const QString &sql)
{
    MigrationStep step;
    step.id = s("expand-1");
    step.title = s("a step");
    step.sql = sql;
    step.rollbackSql = s("SELECT 1;");
    return step;
}

struct EvidenceRead
{
    ContractEvidence evidence;
    DbError error;
    bool done = false;
};

inline EvidenceRead readEvidence(Connection *connection, const MigrationRun &run)
{
    QObject context; // the callback is dropped when the wait gives up
    auto read = std::make_shared<EvidenceRead>();
    EvidenceSource::read(connection, run, &context, [read](const ContractEvidence &e, const DbError &error) {
        read->evidence = e;
        read->error = error;
        read->done = true;
    });
    if (!QTest::qWaitFor([read] { return read->done; }, 30000))
        QTest::qFail("no evidence within 30 s", __FILE__, __LINE__);
    return *read;
}

inline QList<Leftover> readLeftovers(Connection *connection)
{
    QObject context;
    auto done = std::make_shared<bool>(false);
    auto list = std::make_shared<QList<Leftover>>();
    LeftoverSource::read(connection, &context, [done, list](const QList<Leftover> &leftovers, const DbError &error) {
        QVERIFY2(!error.isError(), qPrintable(error.message));
        *list = leftovers;
        *done = true;
    });
    if (!QTest::qWaitFor([done] { return *done; }, 30000))
        QTest::qFail("no leftovers within 30 s", __FILE__, __LINE__);
    return *list;
}

inline QueryResult clean(Connection *connection, const Leftover &leftover)
{
    QObject context;
    auto result = std::make_shared<QueryResult>();
    auto done = std::make_shared<bool>(false);
    LeftoverSource::clean(connection, leftover, &context, [done, result](const QueryResult &r) {
        *result = r;
        *done = true;
    });
    if (!QTest::qWaitFor([done] { return *done; }, 30000))
        QTest::qFail("no cleanup result within 30 s", __FILE__, __LINE__);
    return *result;
}

// A migration stored as the runner stores it, in `state`.
inline void store(Connection &c, const MigrationSpec &spec, const QList<MigrationStep> &steps, RunState state)
{
    sql(c, s("DELETE FROM pgops.migrations WHERE name = '%1'").arg(spec.name));
    QueryResult r = exec(c, RunStateSql::insertMigration(spec.name, MigrationSpecJson::write(spec), 150000));
    QVERIFY2(r.ok(), qPrintable(r.error.message));
    for (int i = 0; i < steps.size(); ++i) {
        r = exec(c, RunStateSql::insertStep(spec.name, i, steps.at(i)));
        QVERIFY2(r.ok(), qPrintable(r.error.message));
    }
    r = exec(c, RunStateSql::markMigration(spec.name, state, MigrationPhase::Migrate, QString()));
    QVERIFY2(r.ok(), qPrintable(r.error.message));
}

inline MigrationRun load(Connection &c, const QString &name)
{
    const QList<MigrationRun> runs = RunStateSql::parseMigrations(exec(c, RunStateSql::selectMigrations(name)));
    if (runs.size() != 1) {
        QTest::qFail("the stored migration was not read back", __FILE__, __LINE__);
        return {};
    }
    MigrationRun run = runs.first();
    QString error;
    if (!RunStateSql::parseSteps(exec(c, RunStateSql::selectSteps(name)), &run.steps, &error))
        QTest::qFail(qPrintable(error), __FILE__, __LINE__);
    return run;
}

inline void ensureState(Connection &c)
{
    sql(c, RunStateSql::ensureSchemaSql());
}

} // namespace PgOpsTest
