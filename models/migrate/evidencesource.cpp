// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/evidencesource.h"

#include "db/connection.h"
#include "migrate/contractevidencesql.h"

#include <QJsonDocument>
#include <QPointer>

#include <algorithm>
#include <memory>

namespace PgOps {

namespace {
// One read, carried from request to request.
struct EvidenceRead
{
    QPointer<Connection> connection;
    QPointer<QObject> context;
    ContractEvidence evidence;
    bool counts = true; // false for a snapshot: no consistency counts
    int nextCount = 0;
    std::function<void(const ContractEvidence &, const DbError &)> done;
};
using ReadPtr = std::shared_ptr<EvidenceRead>;

void finish(const ReadPtr &state, const DbError &error = {})
{
    state->evidence.readAt = QDateTime::currentDateTimeUtc();
    state->done(state->evidence, error);
}

bool connectionGone(const ReadPtr &state)
{
    if (state->connection)
        return false;
    finish(state, {ErrorKind::Connection, {}, QStringLiteral("the connection closed during the evidence read"), {}});
    return true;
}

void countNext(const ReadPtr &state)
{
    if (!state->counts || state->nextCount >= state->evidence.consistency.size()) {
        finish(state);
        return;
    }
    if (connectionGone(state))
        return;
    const int i = state->nextCount++;
    state->connection->exec(ContractEvidenceSql::consistency(state->evidence.consistency.at(i)), state->context,
                            [state, i](const QueryResult &result) {
                                ConsistencyCheck &check = state->evidence.consistency[i];
                                if (result.ok() && !result.rows.isEmpty())
                                    check.differing = result.rows.first().value(0).toLongLong();
                                else
                                    check.problem = result.error.message;
                                countNext(state);
                            });
}

void readScans(const ReadPtr &state)
{
    if (connectionGone(state))
        return;
    state->connection->exec(ContractEvidenceSql::scans(state->evidence), state->context,
                            [state](const QueryResult &result) {
                                if (!result.ok()) {
                                    finish(state, result.error);
                                    return;
                                }
                                ContractEvidenceSql::applyScans(result, &state->evidence);
                                countNext(state);
                            });
}

void readReferences(const ReadPtr &state, const QString &statementsSchema)
{
    if (statementsSchema.isEmpty() || state->evidence.targets.isEmpty()) {
        state->evidence.statementsAvailable = !statementsSchema.isEmpty();
        if (statementsSchema.isEmpty())
            state->evidence.statementsProblem
                = QStringLiteral("pg_stat_statements is not installed in this database: references cannot be checked");
        readScans(state);
        return;
    }
    if (connectionGone(state))
        return;
    state->connection->exec(
        ContractEvidenceSql::references(statementsSchema, state->evidence.targets), state->context,
        [state](const QueryResult &result) {
            if (result.ok()) {
                state->evidence.statementsAvailable = true;
                ContractEvidenceSql::applyReferences(result, &state->evidence);
                const ServerInfo server = state->connection ? state->connection->status().server : ServerInfo {};
                if (server.versionNum > 0 && !server.superuser && !server.pgReadAllStats)
                    state->evidence.statementsProblem
                        = QStringLiteral("This role lacks pg_read_all_stats: the text of other roles' statements "
                                         "is hidden, so their use of the old names cannot be seen.");
            } else if (result.error.sqlState == QLatin1String("55000")) {
                state->evidence.statementsProblem
                    = QStringLiteral("pg_stat_statements is installed but not loaded (add it to "
                                     "shared_preload_libraries and restart): references cannot be checked");
            } else {
                state->evidence.statementsProblem
                    = QStringLiteral("pg_stat_statements could not be read (%1): references cannot be checked")
                          .arg(result.error.message);
            }
            readScans(state);
        });
}

void start(const ReadPtr &state, const MigrationRun &run)
{
    QString problem;
    if (!ContractEvidence::derive(run, &state->evidence, &problem)) {
        finish(state, {ErrorKind::Usage, {}, problem, {}});
        return;
    }
    if (connectionGone(state))
        return;
    state->connection->exec(ContractEvidenceSql::probe(run.name), state->context, [state](const QueryResult &result) {
        if (!result.ok() || result.rows.isEmpty()) {
            finish(state, result.error);
            return;
        }
        const QByteArray stored = result.value(0, QStringLiteral("evidence")).toString().toUtf8();
        if (!stored.isEmpty())
            state->evidence.snapshot = EvidenceSnapshot::fromJson(QJsonDocument::fromJson(stored).object());
        readReferences(state, result.value(0, QStringLiteral("statements_schema")).toString());
    });
}

// A read for a record (the snapshot, the record before the rename): no consistency counts.
// `record` gets the evidence while the connection is still there; a failed read or a closed
// connection goes to `done` and records nothing. Captures no state (the state owns this function):
// the connection and context as guarded pointers.
ReadPtr recordingRead(Connection *connection, QObject *context, const std::function<void(const DbError &)> &done,
                      std::function<void(Connection *, QObject *, const ContractEvidence &)> record)
{
    auto state = std::make_shared<EvidenceRead>();
    state->connection = connection;
    state->context = context;
    state->counts = false;
    const QPointer<QObject> guard(context);
    const QPointer<Connection> target(connection);
    state->done = [guard, target, done, record = std::move(record)](const ContractEvidence &evidence,
                                                                    const DbError &error) {
        if (error.isError() || !target) {
            done(error.isError() ? error
                                 : DbError {ErrorKind::Connection, {}, QStringLiteral("the connection closed"), {}});
            return;
        }
        record(target, guard, evidence);
    };
    return state;
}
} // namespace

void EvidenceSource::read(Connection *connection, const MigrationRun &run, QObject *context,
                          std::function<void(const ContractEvidence &, const DbError &)> done)
{
    if (!done)
        return;
    auto state = std::make_shared<EvidenceRead>();
    state->connection = connection;
    state->context = context;
    state->done = std::move(done);
    start(state, run);
}

void EvidenceSource::snapshotAtStart(Connection *connection, const MigrationRun &run, QObject *context,
                                     std::function<void(const DbError &)> done)
{
    if (!done)
        return;
    ContractEvidence derived;
    QString problem;
    if (!ContractEvidence::derive(run, &derived, &problem)) {
        done({ErrorKind::Usage, {}, problem, {}});
        return;
    }
    const bool renames = std::any_of(derived.targets.cbegin(), derived.targets.cend(),
                                     [](const EvidenceTarget &t) { return t.kind == EvidenceTarget::Kind::Table; });
    // Once a step has run the rename may be done: entries recorded now could be the view's.
    const bool begun = std::any_of(run.steps.cbegin(), run.steps.cend(),
                                   [](const StepRun &s) { return s.status != StepStatus::Pending; });
    if (!renames || begun) {
        done({});
        return;
    }
    auto record = [done](Connection *target, QObject *guard, const ContractEvidence &evidence) {
        // Unreadable statements leave nothing to record: the ready snapshot stands in then.
        if (!evidence.statementsAvailable) {
            done({});
            return;
        }
        target->exec(
            ContractEvidenceSql::storeBeforeRename(evidence.migration, evidence.takeBeforeRename(evidence.readAt)),
            guard, [done](const QueryResult &result) { done(result.error); });
    };
    start(recordingRead(connection, context, done, record), run);
}

void EvidenceSource::snapshot(Connection *connection, const MigrationRun &run, QObject *context,
                              std::function<void(const DbError &)> done)
{
    if (!done)
        return;
    auto record = [done](Connection *target, QObject *guard, const ContractEvidence &evidence) {
        const EvidenceSnapshot taken = evidence.takeSnapshot(evidence.readAt);
        const QString name = evidence.migration;
        target->exec(ContractEvidenceSql::storeSnapshot(name, taken), guard, [done, name](const QueryResult &result) {
            if (result.ok() && result.affectedRows == 0)
                done({ErrorKind::Usage,
                      {},
                      QStringLiteral("there is no migration %1 to store the snapshot of").arg(name),
                      {}});
            else
                done(result.error);
        });
    };
    start(recordingRead(connection, context, done, record), run);
}

} // namespace PgOps
