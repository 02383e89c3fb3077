// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/migrationcontextsource.h"

#include "db/connection.h"
#include "db/dbserver.h"
#include "migrate/migrationcontextquery.h"

#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace PgOps {

namespace {
void addOnce(QList<QualifiedName> &names, const QualifiedName &name)
{
    if (name.isEmpty())
        return;
    const QualifiedName q = name.withDefaultSchema();
    if (!names.contains(q))
        names.append(q);
}

// What one read carries from the first request to the second sample.
struct ReadState
{
    QPointer<Connection> connection;
    QPointer<QObject> context;
    QList<QualifiedName> tables;
    std::function<void(const PlanContext &, const DbError &)> done;
    ContextReading first;
};

void finishWithSecondSample(const std::shared_ptr<ReadState> &state)
{
    if (!state->context)
        return;
    if (!state->connection) {
        state->first.context.problems.append(
            QStringLiteral("write rates not measured: the connection closed before the second sample"));
        state->done(state->first.context, {});
        return;
    }
    state->connection->exec(
        MigrationContextQuery::countersRequest(state->tables), state->context, [state](const QueryResult &result) {
            PlanContext context = state->first.context;
            if (result.ok())
                MigrationContextQuery::applyWriteRates(context, state->first.sample,
                                                       result.parsed.value<WriteSample>());
            else
                context.problems.append(QStringLiteral("write rates not measured: %1").arg(result.error.message));
            state->done(context, {});
        });
}
} // namespace

QList<QualifiedName> MigrationContextSource::tablesOf(const MigrationSpec &spec)
{
    QList<QualifiedName> tables;
    for (const Operation &op : spec.operations) {
        if (op.kind != OperationKind::DropIndex)
            addOnce(tables, op.table);
        if (op.kind == OperationKind::AddForeignKey)
            addOnce(tables, op.references);
    }
    return tables;
}

QList<QualifiedName> MigrationContextSource::indexesOf(const MigrationSpec &spec)
{
    QList<QualifiedName> indexes;
    for (const Operation &op : spec.operations)
        if (op.kind == OperationKind::DropIndex)
            addOnce(indexes, op.index);
    return indexes;
}

quint64 MigrationContextSource::read(Connection *connection, const QList<QualifiedName> &tables, const Options &options,
                                     QObject *context,
                                     std::function<void(const PlanContext &, const DbError &error)> done)
{
    return read(connection, tables, {}, options, context, std::move(done));
}

quint64 MigrationContextSource::read(Connection *connection, const MigrationSpec &spec, const Options &options,
                                     QObject *context, std::function<void(const PlanContext &, const DbError &)> done)
{
    return read(connection, tablesOf(spec), indexesOf(spec), options, context, std::move(done));
}

quint64 MigrationContextSource::read(Connection *connection, const QList<QualifiedName> &tables,
                                     const QList<QualifiedName> &droppedIndexes, const Options &options,
                                     QObject *context, std::function<void(const PlanContext &, const DbError &)> done)
{
    if (!connection || !done)
        return 0;
    QList<int> excluded = options.excludedPids;
    if (const DbServer *server = DbServer::of(connection)) {
        const QSet<int> own = server->ownBackendPids();
        for (int pid : own)
            if (!excluded.contains(pid))
                excluded.append(pid);
    }
    auto state = std::make_shared<ReadState>();
    state->connection = connection;
    state->context = context;
    for (const QualifiedName &t : tables)
        addOnce(state->tables, t);
    state->done = std::move(done);
    const int sampleMs = options.sampleMs;
    DbRequest request
        = MigrationContextQuery::factsRequest(state->tables, droppedIndexes, excluded, options.oldTransactionSeconds);
    return connection->exec(std::move(request), context, [state, sampleMs](const QueryResult &result) {
        if (!result.ok()) {
            PlanContext failed;
            failed.problems.append(QStringLiteral("live context not read: %1").arg(result.error.message));
            state->done(failed, result.error);
            return;
        }
        state->first = result.parsed.value<ContextReading>();
        const bool anyTable = std::any_of(state->first.context.tables.cbegin(), state->first.context.tables.cend(),
                                          [](const TableFacts &t) { return t.exists; });
        if (sampleMs <= 0 || !anyTable) {
            state->done(state->first.context, {});
            return;
        }
        // The second sample comes from the event loop: nobody waits for it.
        QTimer::singleShot(sampleMs, Qt::PreciseTimer, state->context.data(),
                           [state] { finishWithSecondSample(state); });
    });
}

} // namespace PgOps
