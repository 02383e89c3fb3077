// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>

namespace PgOps {

// A private PostgreSQL cluster for `pgops --demo`: initdb into a fresh temporary directory,
// a Unix socket in that directory, no TCP listener, pg_stat_statements preloaded. It is
// stopped and deleted on stop() or destruction; a watchdog process does the same if PgOps
// dies without cleaning up, and cleanupOrphans() catches anything older.
class DemoCluster : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString pgBin; // directory with initdb/pg_ctl/postgres; empty: search
        QString runAs; // OS account the server runs as when PgOps runs as root; empty: "postgres"
    };

    explicit DemoCluster(QObject *parent = nullptr);
    ~DemoCluster() override;

    // Synchronous: initdb + start take a few seconds, before any window is shown.
    bool start(const Options &options, QString *error);
    void stop();
    bool isRunning() const { return m_running; }

    QString directory() const { return m_dir; }
    QString conninfo() const;
    QString serverVersion() const { return m_version; }

    // Finds the server binaries: the hint, then pg_config --bindir, then the newest
    // /usr/lib/postgresql/*/bin. On failure, says which package to install.
    static QString findServerBinaries(const QString &hint, QString *error);
    // Stops and deletes demo clusters in the temporary directory whose PgOps process is gone.
    // Returns how many. Only directories that are provably ours are touched (see the .cpp).
    static int cleanupOrphans();
    // The same under tempRoot; options name the server binaries to stop them with and, when run
    // as root, the account the demo server runs as.
    static int cleanupOrphans(const QString &tempRoot, const Options &options);

private:
    bool run(const QString &program, const QStringList &arguments, QString *output, int timeoutMs = 60000) const;
    bool createDirectory(QString *error);
    void startWatchdog();

    QString m_bin;
    QString m_dir;
    QString m_runAs;
    QString m_version;
    bool m_running = false;
};

} // namespace PgOps
