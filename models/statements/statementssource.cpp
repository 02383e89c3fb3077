// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "statements/statementssource.h"

#include "db/connection.h"
#include "db/dbserver.h"
#include "statements/statementsquery.h"
#include "storage/storagesql.h"

#include <QPointer>

namespace PgOps {

namespace {
const QString readTag = QStringLiteral("statements");

DbRequest readRequest(const StatementsProbe &probe, StatementSort sort, int limit, StatementsQuery::Names names)
{
    DbRequest r;
    r.sql = StatementsQuery::sql(probe.version, probe.schema, sort, names);
    r.params = StatementsQuery::params(limit);
    r.tag = readTag;
    const QString version = probe.version;
    r.parse = [version, sort](const ResultRows &rows) {
        return QVariant::fromValue(StatementsQuery::parse(rows, version, sort));
    };
    return r;
}

StatementsSnapshot withProbe(StatementsSnapshot s, const StatementsProbe &probe, bool fallback)
{
    s.extensionVersion = probe.version;
    s.extensionSchema = probe.schema;
    s.database = probe.database;
    s.role = probe.role;
    s.readAllStats = probe.readAllStats;
    s.catalogFallback = fallback;
    s.partialReasons = StatementsSource::partialReasons(s);
    return s;
}

void read(const QPointer<Connection> &c, const StatementsProbe &probe, StatementSort sort, int limit, QObject *context,
          const StatementsSource::Done<StatementsSnapshot> &done)
{
    c->exec(readRequest(probe, sort, limit, StatementsQuery::Names::Catalog), context,
            [c, probe, sort, limit, context, done](const QueryResult &result) {
                if (result.error.sqlState == QLatin1String("55000")) {
                    // Installed here, but the library is not loaded: no figures at all.
                    StatementsSnapshot s = withProbe({}, probe, false);
                    s.availability = StatementsQuery::availability(probe, result.error);
                    s.partialReasons.clear();
                    return done(s, {});
                }
                if (result.error.kind != ErrorKind::LockTimeout || !c)
                    return done(withProbe(result.parsed.value<StatementsSnapshot>(), probe, false), result.error);
                // pg_roles or pg_database waited on a locked catalog: the same rows, names as numbers.
                c->exec(readRequest(probe, sort, limit, StatementsQuery::Names::CatalogFallback), context,
                        [probe, done](const QueryResult &fallback) {
                            done(withProbe(fallback.parsed.value<StatementsSnapshot>(), probe, true), fallback.error);
                        });
            });
}
} // namespace

void StatementsSource::fetch(Connection *connection, StatementSort sort, int limit, QObject *context,
                             Done<StatementsSnapshot> done)
{
    const QPointer<Connection> c(connection);
    DbRequest probe;
    probe.sql = StatementsQuery::probeSql();
    probe.tag = QStringLiteral("statements-probe");
    connection->exec(std::move(probe), context, [c, sort, limit, context, done](const QueryResult &result) {
        if (!result.ok() || result.rows.isEmpty() || !c)
            return done({}, result.error);
        const StatementsProbe p = StatementsQuery::parseProbe(result);
        if (p.version.isEmpty()) {
            StatementsSnapshot s = withProbe({}, p, false);
            s.availability = StatementsQuery::availability(p);
            s.partialReasons.clear();
            return done(s, {});
        }
        read(c, p, sort, limit, context, done);
    });
}

void StatementsSource::reset(DbServer *server, Connection *connection, const QString &schema, QObject *context,
                             std::function<void(const DbError &)> done)
{
    DbRequest r;
    r.sql = StatementsQuery::resetSql(schema);
    r.access = Access::Write;
    r.tag = QStringLiteral("statements-reset");
    if (server) {
        QVariantMap target;
        target.insert(QStringLiteral("action"), QStringLiteral("reset pg_stat_statements"));
        target.insert(QStringLiteral("schema"), schema);
        server->announceAction(connection, r, {target});
    }
    const QString role = connection->status().server.currentUser;
    connection->exec(std::move(r), context, [done, schema, role](const QueryResult &result) {
        DbError e = result.error;
        if (e.kind == ErrorKind::Permission || e.sqlState == QLatin1String("42501"))
            e.hint = QStringLiteral("Resetting needs a superuser, or: GRANT EXECUTE ON FUNCTION "
                                    "%1.pg_stat_statements_reset TO %2;")
                         .arg(StorageSql::quoteIdent(schema),
                              role.isEmpty() ? QStringLiteral("your_role") : StorageSql::quoteIdent(role));
        done(e);
    });
}

QStringList StatementsSource::partialReasons(const StatementsSnapshot &s)
{
    QStringList reasons;
    if (s.hiddenStatements > 0) {
        reasons.append(QStringLiteral("%1 statement(s) of other roles are hidden from role %2 (summed per role "
                                      "without their text): GRANT pg_read_all_stats TO %3; shows them.")
                           .arg(s.hiddenStatements)
                           .arg(s.role, StorageSql::quoteIdent(s.role)));
    }
    if (s.catalogFallback) {
        QStringList pids;
        for (int pid : s.catalogHolders)
            pids.append(QString::number(pid));
        reasons.append(
            QStringLiteral("Role and database names are shown as numbers: pg_authid or pg_database is "
                           "locked%1.")
                .arg(pids.isEmpty() ? QString() : QStringLiteral(" by pid %1").arg(pids.join(QStringLiteral(", ")))));
    }
    if (s.deallocations > 0)
        reasons.append(QStringLiteral("%1 times since the reset the least-used entries were evicted to make room: "
                                      "raise pg_stat_statements.max (a restart) to keep them.")
                           .arg(s.deallocations));
    return reasons;
}

} // namespace PgOps
