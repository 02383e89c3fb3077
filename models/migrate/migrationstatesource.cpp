// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/migrationstatesource.h"

#include "db/connection.h"
#include "migrate/runstatesql.h"

namespace PgOps {

namespace {
// No pgops schema (or not yet its tables): nothing was ever run here. Decided by SQLSTATE only:
// undefined_table, and invalid_schema_name for good measure.
bool missingSchema(const DbError &error)
{
    return error.sqlState == QLatin1String("42P01") || error.sqlState == QLatin1String("3F000");
}

DbRequest request(const DbStatement &statement)
{
    DbRequest r;
    r.sql = statement.sql;
    r.params = statement.params;
    r.access = Access::Read;
    r.singleStatement = true;
    return r;
}
} // namespace

quint64 MigrationStateSource::read(Connection *connection, const QString &name, QObject *context,
                                   std::function<void(const QList<MigrationRun> &, const DbError &)> done)
{
    return connection->exec(request(RunStateSql::selectMigrations(name)), context, [done](const QueryResult &result) {
        if (missingSchema(result.error))
            return done({}, {});
        done(result.ok() ? RunStateSql::parseMigrations(result) : QList<MigrationRun>(), result.error);
    });
}

quint64 MigrationStateSource::readSteps(Connection *connection, const QString &name, QObject *context,
                                        std::function<void(const QList<StepRun> &, const DbError &)> done)
{
    return connection->exec(request(RunStateSql::selectSteps(name)), context, [done](const QueryResult &result) {
        if (missingSchema(result.error))
            return done({}, {});
        if (!result.ok())
            return done({}, result.error);
        QList<StepRun> steps;
        QString problem;
        if (!RunStateSql::parseSteps(result, &steps, &problem))
            return done({},
                        DbError {ErrorKind::Usage,
                                 {},
                                 problem,
                                 QStringLiteral("The stored plan was written by another version of PgOps.")});
        done(steps, {});
    });
}

} // namespace PgOps
