// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/connection.h"
#include "db/conninfo.h"
#include "db/dbserver.h"
#include "migrate/migrationcontextsource.h"
#include "migrate/migrationplanner.h"
#include "migrate/migrationrunner.h"
#include "support/testutil.h"

#include <QList>
#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

// What the migration runner's end-to-end tests share: a DbServer for a runner, a plan from the
// live context, a probe that records a runner's signals and waits for its outcome, and the
// runner's state read back with plain SQL from the `pgops` schema (independent of the runner's
// own parsing).
namespace PgOpsTest {

inline QString resultName(PgOps::RunOutcome::Result result)
{
    switch (result) {
    case PgOps::RunOutcome::Result::Done:
        return QStringLiteral("Done");
    case PgOps::RunOutcome::Result::Failed:
        return QStringLiteral("Failed");
    case PgOps::RunOutcome::Result::BadInput:
        return QStringLiteral("BadInput");
    case PgOps::RunOutcome::Result::Locked:
        return QStringLiteral("Locked");
    }
    return QStringLiteral("?");
}

// A server handle of its own for one runner (its "migrate" and "migrate-watch" connections).
inline std::unique_ptr<PgOps::DbServer> openServer(const QString &application)
{
    PgOps::ConnInfo info = PgOps::ConnInfo::parse(conninfo());
    info.setOption(QStringLiteral("application_name"), application);
    return std::make_unique<PgOps::DbServer>(info);
}

// The backend pid of the runner's own ("migrate", "migrate-2", …) connection of `server`, a
// server handle given to one runner only (0: not open).
inline int runnerPidOf(PgOps::DbServer &server)
{
    for (PgOps::Connection *c : server.connections())
        if (c->purpose().startsWith(QLatin1String("migrate"))
            && !c->purpose().startsWith(QLatin1String("migrate-watch")))
            return c->status().backendPid;
    return 0;
}

// Plans `spec` from the live context read on `c`, as the wizard and `pgops migrate start` do.
// False (and `error`) when the read fails or the plan has problems.
inline bool planLive(PgOps::Connection &c, const PgOps::MigrationSpec &spec, PgOps::MigrationPlan *plan, QString *error)
{
    bool answered = false;
    PgOps::PlanContext context;
    PgOps::DbError readError;
    QObject receiver;
    PgOps::MigrationContextSource::Options options;
    options.sampleMs = 0;
    const quint64 id = PgOps::MigrationContextSource::read(
        &c, spec, options, &receiver, [&](const PgOps::PlanContext &read, const PgOps::DbError &e) {
            context = read;
            readError = e;
            answered = true;
        });
    if (id == 0 || !QTest::qWaitFor([&answered] { return answered; }, 20000)) {
        *error = QStringLiteral("the live context did not arrive");
        return false;
    }
    if (readError.isError() || !context.live || !context.problems.isEmpty()) {
        *error = readError.message + QLatin1Char(' ') + context.problems.join(QLatin1String("; "));
        return false;
    }
    *plan = PgOps::MigrationPlanner::plan(spec, context);
    if (!plan->problems.isEmpty() || plan->steps.isEmpty()) {
        *error = QStringLiteral("plan problems: ") + plan->problems.join(QLatin1String("; "));
        return false;
    }
    return true;
}

// Records everything a runner says and waits for the outcome of one command at a time.
class RunnerProbe
{
public:
    explicit RunnerProbe(PgOps::MigrationRunner &runner)
    {
        QObject::connect(&runner, &PgOps::MigrationRunner::finished, &m_context,
                         [this](const PgOps::RunOutcome &o) { m_outcome = o; });
        QObject::connect(&runner, &PgOps::MigrationRunner::stepChanged, &m_context,
                         [this](const PgOps::StepRun &s) { steps << s; });
        QObject::connect(&runner, &PgOps::MigrationRunner::progress, &m_context,
                         [this](const PgOps::BackfillProgress &p) { progress << p; });
        QObject::connect(&runner, &PgOps::MigrationRunner::queueChanged, &m_context,
                         [this](const PgOps::LockQueue &q) { queues << q; });
        QObject::connect(&runner, &PgOps::MigrationRunner::message, &m_context,
                         [this](const QString &text) { messages << text; });
    }

    // Sends the command and waits for its outcome; a command that does not finish within
    // `timeoutMs` fails the test (the outcome then says so, as Failed).
    PgOps::RunOutcome run(const std::function<void()> &command, int timeoutMs = 120000)
    {
        m_outcome.reset();
        command();
        if (!QTest::qWaitFor([this] { return m_outcome.has_value(); }, timeoutMs)) {
            QTest::qFail(qPrintable(QStringLiteral("the runner gave no outcome within %1 ms; it said:\n  %2")
                                        .arg(timeoutMs)
                                        .arg(messages.join(QLatin1String("\n  ")))),
                         __FILE__, __LINE__);
            PgOps::RunOutcome none;
            none.message = QStringLiteral("test: no outcome in time");
            return none;
        }
        return *m_outcome;
    }
    // Starts a command without waiting; wait() later.
    void send(const std::function<void()> &command)
    {
        m_outcome.reset();
        command();
    }
    bool finished() const { return m_outcome.has_value(); }
    std::optional<PgOps::RunOutcome> outcome() const { return m_outcome; }

    QList<PgOps::StepRun> steps;
    QList<PgOps::BackfillProgress> progress;
    QList<PgOps::LockQueue> queues;
    QStringList messages;

private:
    QObject m_context;
    std::optional<PgOps::RunOutcome> m_outcome;
};

inline QString describe(const PgOps::RunOutcome &o)
{
    return QStringLiteral("%1: %2 (state %3, holder %4)")
        .arg(resultName(o.result), o.message, PgOps::RunStates::toName(o.run.state))
        .arg(o.holderPid);
}

// A migration's row and its steps' rows as stored, read with plain SQL.
struct StoredStep
{
    QString id;
    QString kind;
    QString phase;
    QString status;
    int attempts = 0;
    qint64 rowsDone = 0;
    qint64 rowsTotal = -1;
    QString lastError;
};

struct StoredMigration
{
    bool exists = false;
    QString state;
    QString phase;
    QString step;
    QString lastError;
    QList<StoredStep> steps;

    QStringList statuses() const
    {
        QStringList list;
        for (const StoredStep &s : steps)
            list << s.id + QLatin1Char('=') + s.status;
        return list;
    }
    const StoredStep *stepNamed(const QString &stepId) const
    {
        for (const StoredStep &s : steps)
            if (s.id == stepId)
                return &s;
        return nullptr;
    }
};

inline StoredMigration storedMigration(PgOps::Connection &c, const QString &name)
{
    StoredMigration m;
    const PgOps::QueryResult head
        = run(c,
              QStringLiteral("SELECT state, phase, coalesce(step, ''), coalesce(last_error, '') FROM "
                             "pgops.migrations WHERE name = $1"),
              {name});
    if (!head.ok()) {
        QTest::qFail(qPrintable(head.error.message), __FILE__, __LINE__);
        return m;
    }
    if (head.rows.isEmpty())
        return m;
    m.exists = true;
    m.state = head.rows.first().value(0).toString();
    m.phase = head.rows.first().value(1).toString();
    m.step = head.rows.first().value(2).toString();
    m.lastError = head.rows.first().value(3).toString();
    const PgOps::QueryResult steps
        = run(c,
              QStringLiteral("SELECT id, kind, phase, status, attempts, coalesce(rows_done, 0), "
                             "coalesce(rows_total, -1), coalesce(last_error, '') FROM pgops.steps WHERE "
                             "migration = $1 ORDER BY ordinal"),
              {name});
    if (!steps.ok()) {
        QTest::qFail(qPrintable(steps.error.message), __FILE__, __LINE__);
        return m;
    }
    for (const QVariantList &row : steps.rows)
        m.steps << StoredStep {row.value(0).toString(),   row.value(1).toString(), row.value(2).toString(),
                               row.value(3).toString(),   row.value(4).toInt(),    row.value(5).toLongLong(),
                               row.value(6).toLongLong(), row.value(7).toString()};
    return m;
}

// Removes this test's migrations (names LIKE `pattern`) from the shared `pgops` schema, so a
// run after a failed one starts clean; nothing when the schema does not exist yet.
inline void forgetMigrations(PgOps::Connection &c, const QString &pattern)
{
    sql(c,
        QStringLiteral("DO $$ BEGIN IF to_regclass('pgops.migrations') IS NOT NULL THEN "
                       "DELETE FROM pgops.log WHERE migration LIKE %1; "
                       "DELETE FROM pgops.migrations WHERE name LIKE %1; END IF; END $$")
            .arg(QStringLiteral("'%1'").arg(pattern)));
}

} // namespace PgOpsTest
