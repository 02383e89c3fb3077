// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/migrationplan.h"
#include "migrate/migrationspec.h"

#include <QObject>
#include <QPointer>

namespace PgOps {

class Connection;
class DbServer;

// Plans a migration for the preview: over the live context read from the server when one is
// connected, else at once offline (for the connected server's version, or the newest rules).
// A newer refresh supersedes one still reading; the GUI thread never waits.
class MigrationPreview : public QObject
{
    Q_OBJECT
public:
    explicit MigrationPreview(QObject *parent = nullptr);

    void setServer(DbServer *server);
    DbServer *server() const { return m_server; }
    // Plans the spec offline at once, then over the live context when connected.
    void setSpec(const MigrationSpec &spec);
    const MigrationSpec &spec() const { return m_spec; }
    bool hasSpec() const { return !m_spec.operations.isEmpty(); }
    const MigrationPlan &plan() const { return m_plan; }
    bool isReading() const { return m_reading; }
    // Write rates are sampled over this interval (0: none, for tests that need no rate).
    void setSampleMs(int ms) { m_sampleMs = ms; }
    // Plans again: over a fresh live context when connected, else offline.
    void refresh();
    // The connection the context is read on, when connected; else nullptr.
    Connection *liveConnection() const;

Q_SIGNALS:
    void planned(const PgOps::MigrationPlan &plan);
    void readingChanged(bool reading);

private:
    void planOffline();
    void setReading(bool reading);

    QPointer<DbServer> m_server;
    MigrationSpec m_spec;
    MigrationPlan m_plan;
    quint64 m_generation = 0;
    int m_sampleMs = 1000;
    bool m_reading = false;
};

} // namespace PgOps
