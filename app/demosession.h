// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "demo/democluster.h"

#include <QElapsedTimer>
#include <QObject>

#include <memory>

namespace PgOps {

class Connection;
class DemoSchema;
class DemoWorkload;
class MainWindow;

// `pgops --demo`: a private server, the demo schema, the live workload, and the main window
// connected to it. Everything is stopped and deleted with this object.
class DemoSession : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        DemoCluster::Options cluster;
        double scale = 1.0;
        bool readOnly = false; // --read-only: the window's connection refuses writes, as for any server
    };

    explicit DemoSession(QObject *parent = nullptr);
    ~DemoSession() override;

    // Starts the server synchronously (a few seconds, before the window shows); the schema
    // loads in the background while the window is already usable.
    bool start(const Options &options, MainWindow *window, QString *error);
    void stop();

    // Milliseconds the workload has run, 0 before.
    qint64 workloadAgeMs() const { return m_ready ? m_since.elapsed() : 0; }
    QString directory() const { return m_cluster.directory(); }
    QString conninfo() const { return m_cluster.conninfo(); }

Q_SIGNALS:
    void progress(const QString &message);
    void ready();
    void failed(const QString &error);

private:
    DemoCluster m_cluster;
    std::unique_ptr<Connection> m_loader;
    DemoSchema *m_schema = nullptr;
    DemoWorkload *m_workload = nullptr;
    QElapsedTimer m_since;
    bool m_ready = false;
};

} // namespace PgOps
