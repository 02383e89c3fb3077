// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/explainsource.h"

#include "db/connection.h"
#include "db/dbserver.h"
#include "plans/explainsql.h"
#include "plans/plananalysis.h"
#include "plans/planjsonparser.h"

#include <QCoreApplication>
#include <QPointer>

namespace PgOps {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("PgOps::ExplainSource", text);
}

int serverVersion(Connection *connection)
{
    const int own = connection->status().server.versionNum;
    if (own > 0)
        return own;
    // Not connected yet (opened on first use): the server as its other connections saw it.
    const DbServer *server = DbServer::of(connection);
    return server ? server->serverInfo().versionNum : 0;
}

// On the worker: EXPLAIN (FORMAT JSON) answers one row with the whole document.
QVariant parsePlan(const ResultRows &rows)
{
    ExplainOutcome o;
    for (int i = 0; i < rows.rowCount(); ++i) {
        const QByteArrayView text = rows.text(i, 0);
        o.json.append(text.data(), text.size());
    }
    PlanParseError error;
    o.plan = PlanJsonParser::parse(o.json, &error);
    if (error.isError())
        o.error = {ErrorKind::Usage,
                   {},
                   tr("The server's EXPLAIN output could not be read: %1").arg(error.toString()),
                   tr("Export the raw JSON and report it: this is a PgOps bug.")};
    else
        PlanAnalysis::analyse(o.plan);
    return QVariant::fromValue(o);
}

ExplainOutcome outcomeOf(const QueryResult &r, const QString &statement, bool hiddenWriteRefusable)
{
    ExplainOutcome o = r.ok() ? r.parsed.value<ExplainOutcome>() : ExplainOutcome {};
    o.statement = statement;
    if (r.error.isError())
        o.error = r.error;
    // 25006: the read-only transaction refused a write the statement's text does not show.
    o.hiddenWrite = hiddenWriteRefusable && r.error.sqlState == QLatin1String("25006");
    if (o.hiddenWrite)
        o.error.hint = tr("The statement writes through something its text does not show (a function, a "
                          "trigger, nextval), so PgOps ran it read-only and the server refused. Run it as a "
                          "write to measure it: it then really executes and is rolled back, though what a "
                          "rollback does not undo (sequences, work outside the database) stays.");
    o.outcomeUnknown = r.outcomeUnknown;
    o.elapsedUs = r.elapsedUs;
    o.rolledBack = r.rolledBack;
    o.notices = r.notices;
    return o;
}
} // namespace

Connection *ExplainSource::connection(DbServer *server)
{
    ConnectionOptions o;
    o.purpose = QStringLiteral("explain");
    o.dedicated = true;
    // Each run sets its own timeouts with SET LOCAL; these bound BEGIN, SET and ROLLBACK.
    o.statementTimeoutMs = 60000;
    o.lockTimeoutMs = 5000;
    return server->connection(o);
}

quint64 ExplainSource::run(Connection *connection, const ExplainRequest &r, QObject *context,
                           std::function<void(const ExplainOutcome &)> done)
{
    const int version = serverVersion(connection);
    const QString problem = ExplainSql::problem(r, version);
    if (!problem.isEmpty()) {
        ExplainOutcome refused;
        refused.error = {ErrorKind::Usage, {}, problem, {}};
        // Like every answer, later and on the GUI thread: callers need not expect a call from within.
        QMetaObject::invokeMethod(
            context, [done = std::move(done), refused] { done(refused); }, Qt::QueuedConnection);
        return 0;
    }
    DbRequest q;
    q.sql = ExplainSql::explainStatement(r, version);
    const bool generic = r.genericPlan && ExplainSql::supports(ExplainSql::Option::GenericPlan, version);
    q.params = generic ? QVariantList {} : r.params;
    q.setup = ExplainSql::setup(r);
    q.rolledBack = true;
    // The server refuses a second statement too, should the tokenizer ever be fooled; except for
    // a generic plan of $n, which only the simple protocol makes (see needsSimpleProtocol).
    q.singleStatement = !ExplainSql::needsSimpleProtocol(r, version);
    q.statementTimeoutMs = r.statementTimeoutMs;
    q.access = ExplainSql::executesWrites(r) ? Access::Write : Access::Read;
    q.parse = parsePlan;
    if (DbServer *server = DbServer::of(connection))
        server->announceAction(connection, q); // on disk before it leaves; reads are not announced
    const QString statement = q.sql;
    const bool refusable = r.analyze && !ExplainSql::executesWrites(r);
    return connection->exec(std::move(q), context,
                            [done = std::move(done), statement, refusable](const QueryResult &result) {
                                done(outcomeOf(result, statement, refusable));
                            });
}

} // namespace PgOps
