// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
// The whole window's CPU, not one refresh in isolation: a MainWindow (offscreen) shows the
// Sessions panel at the 2 s refresh against a server with 1,000 active sessions, and the
// process's CPU (every thread: GUI, painting, ticking, the chart, the heartbeat, the workers) is
// divided by the refreshes it made. The baseline, measured in the same run against the same
// sessions: pg_activity at the same refresh under a pseudo-terminal, when it is installed.
//
//   bench_window                 both, 30 s each
//   bench_window --window-only   the window alone (for `perf record`), with a count of paints
// PGOPS_BENCH_WINDOW_S sets the measured seconds.
#include "activity/sessionspanel.h"
#include "audit/actionlog.h"
#include "db/conninfo.h"
#include "mainwindow.h"

#include <libpq-fe.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QMap>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeView>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <poll.h>
#include <pty.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace PgOps;

namespace {
constexpr int sessionCount = 1000;
constexpr int refreshMs = 2000;
constexpr int warmUpMs = 5000; // connect, first refreshes, pg_activity's start-up: not measured

void print(const char *name, double value, const char *unit)
{
    std::printf("BENCH %s %.3f %s\n", name, value, unit);
    std::fflush(stdout);
}

double selfCpuMs()
{
    rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    const auto ms = [](const timeval &tv) {
        return double(tv.tv_sec) * 1000.0 + double(tv.tv_usec) / 1000.0;
    };
    return ms(ru.ru_utime) + ms(ru.ru_stime);
}

// utime + stime of a process and of its children it has waited for, from /proc/PID/stat.
double procCpuMs(pid_t pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = f.readAll();
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 15)
        return -1;
    double ticks = 0;
    for (int i = 11; i <= 14; ++i) // utime, stime, cutime, cstime (fields 14–17 of proc(5))
        ticks += fields.at(i).toDouble();
    return ticks * 1000.0 / double(sysconf(_SC_CLK_TCK));
}

// Sessions that stay active for the whole run, as a busy server's would.
bool openSleepers(std::vector<PGconn *> &conns, const QByteArray &conninfo)
{
    while (int(conns.size()) < sessionCount) {
        PGconn *c = PQconnectdb(conninfo.constData());
        if (PQstatus(c) != CONNECTION_OK || !PQsendQuery(c, "SELECT pg_sleep(3600) /* bench sleeper */")) {
            std::fprintf(stderr, "bench_window: session %zu failed: %s", conns.size(), PQerrorMessage(c));
            PQfinish(c);
            return false;
        }
        conns.push_back(c);
    }
    return true;
}

// A session in pg_sleep outlives its client (the server notices the hang-up only when the sleep
// ends): ends ours, and any an earlier run left, so that they do not fill max_connections.
void endSleepers(PGconn *probe)
{
    PQclear(PQexec(probe,
                   "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                   "WHERE query LIKE '%/* bench sleeper */%' AND pid <> pg_backend_pid()"));
}

// Which widgets paint how often (--window-only): tells repaints of unchanged rows from needed ones.
class PaintCensus : public QObject
{
public:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && watched->isWidgetType()) {
            // A viewport is named by its scroll area: "QTreeView", not "QWidget".
            const QObject *owner
                = watched->objectName() == QLatin1String("qt_scrollarea_viewport") ? watched->parent() : watched;
            ++m_paints[QString::fromLatin1(owner->metaObject()->className())];
        }
        return false;
    }
    void report(int refreshes) const
    {
        for (auto it = m_paints.cbegin(); it != m_paints.cend(); ++it)
            std::fprintf(stderr, "bench_window: %6.2f paints per refresh: %s\n", double(it.value()) / refreshes,
                         qPrintable(it.key()));
    }

private:
    QMap<QString, int> m_paints;
};

struct WindowFigures
{
    double cpuPerRefreshMs = 0;
    int refreshes = 0;
    int rows = 0;
};

// Runs the event loop for `ms`, woken by nothing of ours meanwhile: a polling wait would add CPU
// of its own to what is measured.
void runFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

std::optional<WindowFigures> measureWindow(const ConnInfo &info, int seconds, bool census)
{
    QTemporaryDir home;
    ActionLog log(home.filePath(QStringLiteral("actions.jsonl")));
    MainWindow window(&log);
    window.tabs()->setCurrentIndex(0);
    auto *panel = qobject_cast<SessionsPanel *>(window.panels().value(0));
    if (!panel) {
        std::fprintf(stderr, "bench_window: the first panel is not the sessions panel\n");
        return std::nullopt;
    }
    int refreshes = 0;
    QObject::connect(panel, &SessionsPanel::refreshed, panel, [&refreshes] { ++refreshes; });
    window.show();
    window.connectTo(info, true);
    QEventLoop first;
    QObject::connect(panel, &SessionsPanel::refreshed, &first, &QEventLoop::quit);
    QTimer::singleShot(30000, &first, [&first] { first.exit(1); });
    if (first.exec() != 0) {
        std::fprintf(stderr, "bench_window: the sessions panel never refreshed\n");
        return std::nullopt;
    }
    runFor(warmUpMs); // the list filled, a few refreshes and repaints done

    std::fprintf(stderr, "bench_window: measuring the window for %d s (pid %lld)\n", seconds,
                 QCoreApplication::applicationPid());
    WindowFigures f;
    const int before = refreshes;
    PaintCensus paints;
    if (census)
        qApp->installEventFilter(&paints);
    const double cpuBefore = selfCpuMs();
    runFor(seconds * 1000);
    f.refreshes = refreshes - before;
    f.cpuPerRefreshMs = (selfCpuMs() - cpuBefore) / qMax(1, f.refreshes);
    qApp->removeEventFilter(&paints);
    paints.report(qMax(1, f.refreshes));
    f.rows = panel->view()->model()->rowCount();
    window.disconnectFromServer();
    return f;
}

// Calls of pg_activity's activity query so far: one per refresh.
long pgActivityRefreshes(PGconn *c)
{
    PGresult *r = PQexec(c,
                         "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements "
                         "WHERE query LIKE '%Get data from pg_activity%'");
    const long n = PQresultStatus(r) == PGRES_TUPLES_OK ? std::atol(PQgetvalue(r, 0, 0)) : -1;
    PQclear(r);
    return n;
}

// Reads (and drops) what the child draws until the deadline, since a full pty would stall it;
// false if the child closed its terminal (it is gone) before.
bool drain(int fd, const QElapsedTimer &clock, qint64 untilMs)
{
    char buffer[65536];
    while (clock.elapsed() < untilMs) {
        pollfd p {fd, POLLIN, 0};
        if (poll(&p, 1, int(qMin<qint64>(200, untilMs - clock.elapsed()))) <= 0)
            continue;
        if (read(fd, buffer, sizeof buffer) <= 0 && errno != EINTR && errno != EAGAIN)
            return false;
    }
    return true;
}

// pg_activity's CPU per refresh (itself and its children, from /proc), or nullopt.
std::optional<double> measurePgActivity(const QString &program, const QByteArray &conninfo, PGconn *probe, int seconds)
{
    winsize size {};
    size.ws_row = 50;
    size.ws_col = 200;
    int fd = -1;
    const QByteArray path = QFile::encodeName(program);
    const QByteArray refresh = QByteArray::number(refreshMs / 1000);
    const pid_t pid = forkpty(&fd, nullptr, nullptr, &size);
    if (pid < 0)
        return std::nullopt;
    if (pid == 0) {
        setenv("TERM", "xterm-256color", 1);
        execl(path.constData(), path.constData(), "--refresh", refresh.constData(), conninfo.constData(),
              static_cast<char *>(nullptr));
        _exit(127);
    }
    QElapsedTimer clock;
    clock.start();
    bool ran = drain(fd, clock, warmUpMs);
    const double cpuBefore = procCpuMs(pid);
    const long refreshesBefore = pgActivityRefreshes(probe);
    ran = ran && drain(fd, clock, warmUpMs + seconds * 1000);
    const double cpuAfter = procCpuMs(pid);
    long refreshes = pgActivityRefreshes(probe) - refreshesBefore;
    kill(pid, SIGTERM);
    drain(fd, clock, clock.elapsed() + 500);
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    close(fd);
    if (!ran || cpuBefore < 0 || cpuAfter < 0)
        return std::nullopt;
    if (refreshes <= 0) {
        std::fprintf(stderr, "bench_window: pg_activity's refreshes not counted; assuming one per %d ms\n", refreshMs);
        refreshes = seconds * 1000 / refreshMs;
    }
    std::fprintf(stderr, "bench_window: pg_activity refreshed %ld times in %d s\n", refreshes, seconds);
    return (cpuAfter - cpuBefore) / double(refreshes);
}
void comparePgActivity(const QString &program, const QByteArray &conninfo, PGconn *probe, int seconds, double oursMs)
{
    const std::optional<double> theirs = measurePgActivity(program, conninfo, probe, seconds);
    if (!theirs || *theirs <= 0) {
        std::printf("bench_window: pg_activity did not run through: comparison skipped\n");
        return;
    }
    print("pg_activity_cpu_per_refresh_1000", *theirs, "ms");
    print("window_cpu_vs_pg_activity", oursMs / *theirs, "x");
}
} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // settings and geometry never touch the user's own
    QCoreApplication::setOrganizationName(QStringLiteral("PgOpsBench"));
    QCoreApplication::setApplicationName(QStringLiteral("bench_window"));
    QSettings().setValue(QStringLiteral("refresh/intervalMs"), refreshMs);
    const bool windowOnly = app.arguments().contains(QStringLiteral("--window-only"));
    const int seconds
        = qEnvironmentVariableIsSet("PGOPS_BENCH_WINDOW_S") ? qEnvironmentVariableIntValue("PGOPS_BENCH_WINDOW_S") : 30;
    const QString conninfo = qEnvironmentVariable("PGOPS_TEST_CONNINFO");
    if (conninfo.isEmpty()) {
        std::fprintf(stderr, "bench_window: PGOPS_TEST_CONNINFO is not set; run it through make bench\n");
        return 2;
    }
    rlimit nofile {};
    getrlimit(RLIMIT_NOFILE, &nofile);
    nofile.rlim_cur = nofile.rlim_max;
    setrlimit(RLIMIT_NOFILE, &nofile);

    const ConnInfo info = ConnInfo::parse(conninfo);
    const QByteArray raw = info.toConninfo();
    std::vector<PGconn *> sleepers;
    PGconn *probe = PQconnectdb(raw.constData());
    if (PQstatus(probe) != CONNECTION_OK)
        return 1;
    endSleepers(probe);
    if (!openSleepers(sleepers, raw))
        return 1;

    const std::optional<WindowFigures> window = measureWindow(info, seconds, windowOnly);
    if (!window)
        return 1;
    std::fprintf(stderr, "bench_window: %d refreshes in %d s, %d rows in the list\n", window->refreshes, seconds,
                 window->rows);
    print("window_cpu_per_refresh_1000", window->cpuPerRefreshMs, "ms");

    const QString pgActivity = QStandardPaths::findExecutable(QStringLiteral("pg_activity"));
    if (windowOnly)
        std::printf("bench_window: --window-only: pg_activity not run\n");
    else if (pgActivity.isEmpty())
        std::printf("bench_window: pg_activity is not installed (apt-get install pg-activity): comparison skipped\n");
    else
        comparePgActivity(pgActivity, raw, probe, seconds, window->cpuPerRefreshMs);
    endSleepers(probe);
    for (PGconn *c : sleepers)
        PQfinish(c);
    PQfinish(probe);
    return 0;
}
