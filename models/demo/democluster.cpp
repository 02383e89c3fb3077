// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "demo/democluster.h"

#include "core/logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QVersionNumber>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

namespace PgOps {

namespace {
const char *const dirPrefix = "pgops-demo-";
const char *const ownerFile = "/owner.pid";

// Runs in its own session, so it outlives a killed PgOps: stops the server and deletes the
// directory once the owner process is gone. The directory is deleted as the account that owns
// it, so nothing that account planted inside can make root delete anything else.
const char *const watchdogScript = R"SH(
owner=$1; pgctl=$2; data=$3; dir=$4; user=$5
while kill -0 "$owner" 2>/dev/null && [ -d "$dir" ]; do sleep 1; done
[ -d "$dir" ] || exit 0
if [ -n "$user" ]; then
    runuser -u "$user" -- "$pgctl" -D "$data" -m immediate -w stop
    runuser -u "$user" -- rm -rf -- "$dir"
else
    "$pgctl" -D "$data" -m immediate -w stop
    rm -rf -- "$dir"
fi
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

// Runs program, as account when it is set (we are root then). False unless it exits 0 in time.
bool runProcess(const QString &account, const QString &program, const QStringList &arguments, QString *output,
                int timeoutMs)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    if (!account.isEmpty())
        p.start(QStringLiteral("runuser"),
                QStringList {QStringLiteral("-u"), account, QStringLiteral("--"), program} + arguments);
    else
        p.start(program, arguments);
    const bool finished = p.waitForFinished(timeoutMs);
    if (output)
        *output = QString::fromLocal8Bit(p.readAll());
    return finished && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

// lstat: a symlink is reported as one, so a planted link cannot point us elsewhere.
std::optional<struct stat> statOf(const QString &path)
{
    struct stat st = {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return std::nullopt;
    return st;
}

// Owned by `uid` and writable by nobody else: nothing in it can have been put there by another
// local account.
bool ownedBy(const struct stat &st, uid_t uid, bool directory)
{
    return (directory ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode)) && st.st_uid == uid
        && (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

QString accountName(uid_t uid)
{
    const passwd *pw = getpwuid(uid);
    return pw ? QString::fromLocal8Bit(pw->pw_name) : QString();
}

// The pid in owner.pid, if the file is ours alone. Opened without following links and without
// blocking, and checked on the open descriptor: the file cannot be swapped between check and read.
std::optional<qint64> readOwnerPid(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    struct stat st = {};
    char buffer[32] = {};
    const bool ours = ::fstat(fd, &st) == 0 && ownedBy(st, ::geteuid(), false);
    const ssize_t n = ours ? ::read(fd, buffer, sizeof buffer - 1) : -1;
    ::close(fd);
    if (n < 0)
        return std::nullopt;
    return QByteArray(buffer, int(n)).split('\n').value(0).trimmed().toLongLong();
}

// The directory's owner if it is an orphan of ours: created by a PgOps of our account (as root,
// handed to the demo account), its owner.pid written by us, and that process gone. Any other
// directory may have been planted, and its contents say nothing we may act on.
std::optional<uid_t> orphanOwner(const QString &dir, std::optional<uid_t> demoUid)
{
    const auto dirStat = statOf(dir);
    const bool ours
        = dirStat && (ownedBy(*dirStat, ::geteuid(), true) || (demoUid && ownedBy(*dirStat, *demoUid, true)));
    const std::optional<qint64> pid = ours ? readOwnerPid(dir + QLatin1String(ownerFile)) : std::nullopt;
    if (!pid) {
        qCInfo(lcDemo) << "leaving alone" << dir << "(not made by this account, or writable by others)";
        return std::nullopt;
    }
    if (processAlive(*pid))
        return std::nullopt;
    return dirStat->st_uid;
}

// Stops the server of an orphan with the binaries we found ourselves, as the account that owns
// its data directory (by stat, not by anything written in the directory).
bool stopOrphanServer(const QString &dir, uid_t dirOwner, const QString &pgBin)
{
    const QString data = dir + QStringLiteral("/data");
    if (!statOf(data + QStringLiteral("/postmaster.pid")))
        return true;
    const auto dataStat = statOf(data);
    if (!dataStat || !S_ISDIR(dataStat->st_mode) || dataStat->st_uid != dirOwner || pgBin.isEmpty())
        return false;
    const QString account = dirOwner == ::geteuid() ? QString() : accountName(dirOwner);
    if (dirOwner != ::geteuid() && account.isEmpty())
        return false;
    runProcess(account, pgBin + QStringLiteral("/pg_ctl"),
               {QStringLiteral("-D"), data, QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("-w"),
                QStringLiteral("-t"), QStringLiteral("30"), QStringLiteral("stop")},
               nullptr, 40000);
    return true;
}

// Deletes as the directory's owner: root deleting a tree another account can write to could be
// tricked into following a link that account swaps in.
bool removeAs(const QString &dir, uid_t owner)
{
    if (owner == ::geteuid())
        return QDir(dir).removeRecursively();
    const QString account = accountName(owner);
    return !account.isEmpty()
        && runProcess(account, QStringLiteral("rm"), {QStringLiteral("-rf"), QStringLiteral("--"), dir}, nullptr, 60000)
        && !statOf(dir);
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
    return runProcess(m_runAs, program, arguments, output, timeoutMs);
}

bool DemoCluster::start(const Options &options, QString *error)
{
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
    cleanupOrphans(QDir::tempPath(), {m_bin, m_runAs});
    if (!createDirectory(error))
        return false;
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
                              "lc_messages = 'C'\nlog_min_messages = warning\n"
                              "# only our own account may reach the socket (authentication is trust)\n"
                              "unix_socket_permissions = 0700\n")
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

bool DemoCluster::createDirectory(QString *error)
{
    // mkdtemp: a fresh directory, mode 0700, never one another account prepared for us.
    QByteArray path = QFile::encodeName(QDir::tempPath() + QLatin1Char('/') + QLatin1String(dirPrefix)
                                        + QString::number(::getpid()) + QStringLiteral("-XXXXXX"));
    if (!::mkdtemp(path.data())) {
        *error = tr("Cannot create a directory for the demo server in %1: %2. Set TMPDIR to a writable directory.")
                     .arg(QDir::tempPath(), QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    m_dir = QFile::decodeName(path);
    QFile owner(m_dir + QLatin1String(ownerFile));
    if (!owner.open(QIODevice::WriteOnly | QIODevice::NewOnly)
        || !owner.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || owner.write(QByteArray::number(qint64(::getpid())) + '\n') < 0) {
        *error = tr("Cannot write %1").arg(owner.fileName());
        QDir(m_dir).removeRecursively();
        m_dir.clear();
        return false;
    }
    owner.close();
    // Still 0700: the server's account gets the directory, nobody else gets in.
    if (!m_runAs.isEmpty() && !giveTo(m_dir, m_runAs)) {
        *error = tr("Cannot hand %1 to the account %2").arg(m_dir, m_runAs);
        QDir(m_dir).removeRecursively();
        m_dir.clear();
        return false;
    }
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
    // As the server's account when we are root: see removeAs().
    if (!m_runAs.isEmpty())
        run(QStringLiteral("rm"), {QStringLiteral("-rf"), QStringLiteral("--"), m_dir}, nullptr);
    else
        QDir(m_dir).removeRecursively();
    m_dir.clear();
}

QString DemoCluster::conninfo() const
{
    return QStringLiteral("host=%1 port=5432 dbname=postgres user=postgres").arg(m_dir);
}

int DemoCluster::cleanupOrphans()
{
    return cleanupOrphans(QDir::tempPath(), {});
}

int DemoCluster::cleanupOrphans(const QString &tempRoot, const Options &options)
{
    // Run as root, our directories belong to the account the server runs as.
    std::optional<uid_t> demoUid;
    if (::geteuid() == 0) {
        const QByteArray name = (options.runAs.isEmpty() ? QStringLiteral("postgres") : options.runAs).toLocal8Bit();
        if (const passwd *pw = getpwnam(name.constData()))
            demoUid = pw->pw_uid;
    }
    QString pgBin;
    bool searched = false;
    int cleaned = 0;
    const QDir tmp(tempRoot);
    const auto names = tmp.entryList({QLatin1String(dirPrefix) + QLatin1Char('*')},
                                     QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks);
    for (const QString &name : names) {
        const QString dir = tmp.absoluteFilePath(name);
        const std::optional<uid_t> owner = orphanOwner(dir, demoUid);
        if (!owner)
            continue;
        if (!searched) {
            QString ignored;
            pgBin = findServerBinaries(options.pgBin, &ignored);
            searched = true;
        }
        if (!stopOrphanServer(dir, *owner, pgBin)) {
            qCWarning(lcDemo) << "cannot stop the orphaned demo server in" << dir << "; leaving it";
            continue;
        }
        if (removeAs(dir, *owner)) {
            ++cleaned;
            qCInfo(lcDemo) << "removed an orphaned demo cluster" << dir;
        }
    }
    return cleaned;
}

} // namespace PgOps
