// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "demosession.h"

#include "db/connection.h"
#include "db/conninfo.h"
#include "demo/demoschema.h"
#include "demo/demoworkload.h"
#include "mainwindow.h"

namespace PgOps {

DemoSession::DemoSession(QObject *parent)
    : QObject(parent)
{
}

DemoSession::~DemoSession()
{
    stop();
}

bool DemoSession::start(const Options &options, MainWindow *window, QString *error)
{
    if (!m_cluster.start(options.cluster, error))
        return false;
    ConnectionOptions loaderOptions;
    loaderOptions.purpose = QStringLiteral("demo-loader");
    loaderOptions.statementTimeoutMs = 0;
    loaderOptions.lockTimeoutMs = 0;
    m_loader = std::make_unique<Connection>(loaderOptions);
    ConnInfo info = ConnInfo::parse(m_cluster.conninfo());
    info.setOption(QStringLiteral("application_name"), QStringLiteral("pgops-demo-loader"));
    m_loader->open(info.toConninfo());
    m_schema = new DemoSchema(m_loader.get(), options.scale, this);
    connect(m_schema, &DemoSchema::progress, this, [this](const QString &what, int done, int total) {
        Q_EMIT progress(tr("Loading demo data: %1 (%2/%3)…").arg(what).arg(done + 1).arg(total));
    });
    connect(m_schema, &DemoSchema::finished, this, [this](bool ok, const QString &why) {
        m_loader.reset();
        if (!ok) {
            Q_EMIT failed(why);
            return;
        }
        m_workload = new DemoWorkload(m_cluster.conninfo(), this);
        m_workload->start();
        m_ready = true;
        m_since.start();
        Q_EMIT progress(tr("Demo workload running"));
        Q_EMIT ready();
    });
    m_schema->start();

    window->setDemoMode(tr("DEMO: throwaway server with a live workload, deleted on exit"));
    window->connectTo(ConnInfo::parse(m_cluster.conninfo()), options.readOnly);
    return true;
}

void DemoSession::stop()
{
    delete m_workload;
    m_workload = nullptr;
    m_loader.reset();
    m_cluster.stop();
    m_ready = false;
}

} // namespace PgOps
