#include "democluster.h"

#include "logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QVersionNumber>

#include <cerrno>
#include <pwd.h>
#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

namespace PgOps {

namespace {
const char *const dirPrefix = "pgops-demo-";

// Runs in its own session, so it outlives a killed PgOps: stops the server and deletes the
// directory once the owner process is gone.
const char *const watchdogScript = R"SH(
owner=$1; pgctl=$2; data=$3; dir=$4; user=$5
while kill -0 "$owner" 2>/dev/null && [ -d "$dir" ]; do sleep 1; done
[ -d "$dir" ] || exit 0
if [ -n "$user" ]; then runuser -u "$user" -- "$pgctl" -D "$data" -m immediate -w stop; else "$pgctl" -D "$data" -m immediate -w stop; fi
rm -rf "$dir"
)SH";

bool giveTo(const QString &path, const QString &user)
{
    const QByteArray name = user.toLocal8Bit();
    const passwd *pw = getpwnam(name.constData());
    if (!pw)
        return false;
    return ::chown(QFile::encodeName(path).constData(), pw->pw_uid, pw->pw_gid) == 0;
}

bool processAlive(qint64 pid)
{
    return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno == EPERM);
}
} // namespace

DemoCluster::DemoCluster(QObject *parent)
    : QObject(parent)
{
}

DemoCluster::~DemoCluster()
{
    stop();
}

QString DemoCluster::findServerBinaries(const QString &hint, QString *error)
{
    const auto usable = [](const QString &dir) {
        return QFileInfo(dir + QStringLiteral("/initdb")).isExecutable()
            && QFileInfo(dir + QStringLiteral("/pg_ctl")).isExecutable()
            && QFileInfo(dir + QStringLiteral("/postgres")).isExecutable();
    };
    if (!hint.isEmpty()) {
        if (usable(hint))
            return hint;
        *error = tr("%1 does not contain initdb, pg_ctl and postgres. Point --pg-bin at the server's bin directory "
                    "(on Debian: /usr/lib/postgresql/<version>/bin).")
                     .arg(hint);
        return {};
    }
    QProcess pgConfig;
    pgConfig.start(QStringLiteral("pg_config"), {QStringLiteral("--bindir")});
    if (pgConfig.waitForFinished(5000) && pgConfig.exitCode() == 0) {
        const QString dir = QString::fromLocal8Bit(pgConfig.readAllStandardOutput()).trimmed();
        if (usable(dir))
            return dir;
    }
    QDir root(QStringLiteral("/usr/lib/postgresql"));
    QString best;
    QVersionNumber bestVersion;
    for (const QString &v : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString dir = root.absoluteFilePath(v) + QStringLiteral("/bin");
        const QVersionNumber n = QVersionNumber::fromString(v);
        if (usable(dir) && n > bestVersion) {
            best = dir;
            bestVersion = n;
        }
    }
    if (best.isEmpty())
        *error = tr("No PostgreSQL server binaries found (initdb, pg_ctl, postgres). Install the server: "
                    "apt install postgresql (Debian/Ubuntu), dnf install postgresql-server (Fedora), "
                    "or pass --pg-bin DIR.");
    return best;
}

bool DemoCluster::run(const QString &program, const QStringList &arguments, QString *output, int timeoutMs) const
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    if (!m_runAs.isEmpty())
        p.start(QStringLiteral("runuser"), QStringList {QStringLiteral("-u"), m_runAs, QStringLiteral("--"), program} + arguments);
    else
        p.start(program, arguments);
    const bool finished = p.waitForFinished(timeoutMs);
    if (output)
        *output = QString::fromLocal8Bit(p.readAll());
    return finished && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

bool DemoCluster::start(const Options &options, QString *error)
{
    cleanupOrphans();
    m_bin = findServerBinaries(options.pgBin, error);
    if (m_bin.isEmpty())
        return false;
    if (::geteuid() == 0) {
        m_runAs = options.runAs.isEmpty() ? QStringLiteral("postgres") : options.runAs;
        if (!getpwnam(m_runAs.toLocal8Bit().constData())) {
            *error = tr("PgOps runs as root, so the demo server must run as an unprivileged account, and \"%1\" "
                        "does not exist. Choose one with --demo-user NAME.")
                         .arg(m_runAs);
            return false;
        }
    }
    m_dir = QDir::tempPath() + QLatin1Char('/') + QLatin1String(dirPrefix) + QString::number(::getpid()) + QLatin1Char('-')
        + QString::number(QRandomGenerator::global()->bounded(1000000));
    if (!QDir().mkpath(m_dir)) {
        *error = tr("Cannot create %1").arg(m_dir);
        return false;
    }
    QFile owner(m_dir + QStringLiteral("/owner.pid"));
    if (owner.open(QIODevice::WriteOnly))
        owner.write(QByteArray::number(qint64(::getpid())) + '\n' + QFile::encodeName(m_bin) + '\n'
                    + m_runAs.toLocal8Bit() + '\n');
    owner.close();
    if (!m_runAs.isEmpty() && !giveTo(m_dir, m_runAs)) {
        *error = tr("Cannot hand %1 to the account %2").arg(m_dir, m_runAs);
        return false;
    }
    startWatchdog();

    const QString data = m_dir + QStringLiteral("/data");
    QString out;
    if (!run(m_bin + QStringLiteral("/initdb"),
             {QStringLiteral("-D"), data, QStringLiteral("-U"), QStringLiteral("postgres"), QStringLiteral("--auth=trust"),
              QStringLiteral("--encoding=UTF8"), QStringLiteral("--locale=C.UTF-8"), QStringLiteral("-N")},
             &out)) {
        *error = tr("initdb failed:\n%1").arg(out.right(2000));
        stop();
        return false;
    }
    QFile conf(data + QStringLiteral("/postgresql.conf"));
    if (!conf.open(QIODevice::Append)) {
        *error = tr("Cannot write %1").arg(conf.fileName());
        stop();
        return false;
    }
    conf.write(QStringLiteral("\n# pgops --demo\nlisten_addresses = ''\nport = 5432\nunix_socket_directories = '%1'\n"
                              "shared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.track = all\n"
                              "max_connections = 200\nmax_prepared_transactions = 10\nfsync = off\n"
                              "synchronous_commit = off\nfull_page_writes = off\ntrack_io_timing = on\n"
                              "lc_messages = 'C'\nlog_min_messages = warning\n")
                   .arg(m_dir)
                   .toUtf8());
    conf.close();
    if (!run(m_bin + QStringLiteral("/pg_ctl"),
             {QStringLiteral("-D"), data, QStringLiteral("-l"), m_dir + QStringLiteral("/server.log"), QStringLiteral("-w"),
              QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("start")},
             &out)) {
        QFile log(m_dir + QStringLiteral("/server.log"));
        QString tail;
        if (log.open(QIODevice::ReadOnly))
            tail = QString::fromLocal8Bit(log.readAll().right(2000));
        *error = tr("The demo server did not start:\n%1\n%2").arg(out, tail);
        stop();
        return false;
    }
    m_running = true;
    QProcess v;
    v.start(m_bin + QStringLiteral("/postgres"), {QStringLiteral("--version")});
    if (v.waitForFinished(5000))
        m_version = QRegularExpression(QStringLiteral("\\d+(\\.\\d+)+"))
                        .match(QString::fromLocal8Bit(v.readAllStandardOutput()))
                        .captured(0);
    qCInfo(lcDemo) << "demo server" << m_version << "in" << m_dir;
    return true;
}

void DemoCluster::startWatchdog()
{
    QProcess::startDetached(QStringLiteral("setsid"),
                            {QStringLiteral("/bin/sh"), QStringLiteral("-c"), QString::fromLatin1(watchdogScript),
                             QStringLiteral("pgops-demo-watchdog"), QString::number(::getpid()),
                             m_bin + QStringLiteral("/pg_ctl"), m_dir + QStringLiteral("/data"), m_dir, m_runAs});
}

void DemoCluster::stop()
{
    if (m_dir.isEmpty())
        return;
    if (m_running) {
        run(m_bin + QStringLiteral("/pg_ctl"),
            {QStringLiteral("-D"), m_dir + QStringLiteral("/data"), QStringLiteral("-m"), QStringLiteral("fast"),
             QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("30"), QStringLiteral("stop")},
            nullptr);
        m_running = false;
    }
    QDir(m_dir).removeRecursively();
    m_dir.clear();
}

QString DemoCluster::conninfo() const
{
    return QStringLiteral("host=%1 port=5432 dbname=postgres user=postgres").arg(m_dir);
}

int DemoCluster::cleanupOrphans()
{
    int cleaned = 0;
    QDir tmp(QDir::tempPath());
    const auto dirs = tmp.entryList({QLatin1String(dirPrefix) + QLatin1Char('*')}, QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &name : dirs) {
        const QString dir = tmp.absoluteFilePath(name);
        QFile owner(dir + QStringLiteral("/owner.pid"));
        if (!owner.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> lines = owner.readAll().split('\n');
        if (processAlive(lines.value(0).toLongLong()))
            continue;
        const QString pgCtl = QFile::decodeName(lines.value(1)) + QStringLiteral("/pg_ctl");
        const QString user = QString::fromLocal8Bit(lines.value(2));
        QStringList args {QStringLiteral("-D"), dir + QStringLiteral("/data"), QStringLiteral("-m"),
                          QStringLiteral("immediate"), QStringLiteral("-w"), QStringLiteral("stop")};
        if (QFileInfo::exists(dir + QStringLiteral("/data/postmaster.pid"))) {
            if (!user.isEmpty() && ::geteuid() == 0)
                QProcess::execute(QStringLiteral("runuser"), QStringList {QStringLiteral("-u"), user, QStringLiteral("--"), pgCtl} + args);
            else
                QProcess::execute(pgCtl, args);
        }
        QDir(dir).removeRecursively();
        ++cleaned;
        qCInfo(lcDemo) << "removed an orphaned demo cluster" << dir;
    }
    return cleaned;
}

} // namespace PgOps
