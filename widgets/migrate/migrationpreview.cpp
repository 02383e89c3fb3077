// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/migrationpreview.h"

#include "db/dbserver.h"
#include "migrate/migrationcontextsource.h"
#include "migrate/migrationplanner.h"

namespace PgOps {

MigrationPreview::MigrationPreview(QObject *parent) : QObject(parent) { }

void MigrationPreview::setServer(DbServer *server)
{
    m_server = server;
}

Connection *MigrationPreview::liveConnection() const
{
    if (!m_server)
        return nullptr;
    Connection *c = m_server->connection(QStringLiteral("migrate")); // opened on first use
    return c->status().state == ConnectionState::Connected ? c : nullptr;
}

void MigrationPreview::setSpec(const MigrationSpec &spec)
{
    m_spec = spec;
    planOffline(); // something to show now; the live plan follows
    refresh();
}

void MigrationPreview::planOffline()
{
    PlanContext context;
    context.serverVersion = m_server ? m_server->serverInfo().versionNum : 0;
    m_plan = MigrationPlanner::plan(m_spec, context);
    Q_EMIT planned(m_plan);
}

void MigrationPreview::refresh()
{
    if (!hasSpec())
        return;
    const quint64 generation = ++m_generation;
    Connection *c = liveConnection();
    if (!c) {
        setReading(false);
        if (m_plan.context.live || m_plan.name != m_spec.name)
            planOffline(); // the connection went: the live facts shown would be stale
        return;
    }
    MigrationContextSource::Options options;
    options.sampleMs = m_sampleMs;
    setReading(true);
    const quint64 id = MigrationContextSource::read(
        c, m_spec, options, this, [this, generation](const PlanContext &context, const DbError &error) {
            if (generation != m_generation)
                return; // a newer refresh (or another spec) is on its way
            setReading(false);
            PlanContext read = context;
            if (error.isError())
                read.problems.append(tr("The live context could not be read: %1").arg(error.message));
            m_plan = MigrationPlanner::plan(m_spec, read);
            Q_EMIT planned(m_plan);
        });
    if (id == 0) {
        setReading(false);
        planOffline();
    }
}

void MigrationPreview::setReading(bool reading)
{
    if (m_reading == reading)
        return;
    m_reading = reading;
    Q_EMIT readingChanged(reading);
}

} // namespace PgOps
