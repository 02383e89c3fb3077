// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "audit/actionlog.h"
#include "cli/commandline.h"
#include "db/connection.h"
#include "db/conninfo.h"
#include "demosession.h"
#include "mainwindow.h"
#include "screenshottour.h"
#include "cli/subcommands.h"
#include "unixsignals.h"

#include <QApplication>
#include <QIcon>
#include <QStatusBar>

#include <cstdio>

namespace {
void print(FILE *stream, const QString &text)
{
    std::fputs(qPrintable(text + QLatin1Char('\n')), stream);
    std::fflush(stream);
}
int runSubcommand(int argc, char *argv[], PgOps::Subcommand run)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("pgops"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PGOPS_VERSION_STRING));
    // Copied before blanking: arguments() reads argv afresh on every call.
    const QStringList arguments = QCoreApplication::arguments();
    if (PgOps::blankSecretsInArgv(argc, argv))
        print(stderr, QStringLiteral("pgops: ") + PgOps::secretOnCommandLineWarning());
    return run(arguments);
}

void describeApplication()
{
    QApplication::setOrganizationName(QStringLiteral("PgOps"));
    QApplication::setApplicationName(QStringLiteral("pgops"));
    QApplication::setApplicationDisplayName(QStringLiteral("PgOps"));
    QApplication::setApplicationVersion(QStringLiteral(PGOPS_VERSION_STRING));
    QApplication::setDesktopFileName(QStringLiteral("org.pgops.PgOps"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/pgops/pgops.svg")));
}

// Starts the demo server and reports its progress; false (with the reason printed) if it failed.
bool startDemo(const PgOps::CommandLine &cli, PgOps::DemoSession &demo, PgOps::MainWindow &window)
{
    print(stdout, QStringLiteral("pgops: starting a throwaway demo server…"));
    PgOps::DemoSession::Options options;
    options.scale = cli.demoScale;
    options.cluster.pgBin = cli.pgBin;
    options.cluster.runAs = cli.demoUser;
    options.readOnly = cli.readOnly;
    QString error;
    if (!demo.start(options, &window, &error)) {
        print(stderr, QStringLiteral("pgops: ") + error);
        return false;
    }
    QObject::connect(&demo, &PgOps::DemoSession::progress, &window,
                     [&window](const QString &m) { window.statusBar()->showMessage(m, 15000); });
    QObject::connect(&demo, &PgOps::DemoSession::failed, qApp,
                     [](const QString &why) { print(stderr, QStringLiteral("pgops: ") + why); });
    QObject::connect(&demo, &PgOps::DemoSession::ready, qApp, [&demo] {
        print(stdout, QStringLiteral("pgops: demo ready in %1 (%2)").arg(demo.directory(), demo.conninfo()));
    });
    return true;
}

int runScreenshotTour(const PgOps::CommandLine &cli, PgOps::MainWindow &window, PgOps::DemoSession &demo)
{
    PgOps::ScreenshotTour tour(&window, cli.screenshotDir);
    if (cli.demo) {
        // Panels are worth a picture once the workload has built its lock chain.
        tour.setGate([&demo] { return demo.workloadAgeMs() > 4000; }, 120000);
        QObject::connect(&demo, &PgOps::DemoSession::failed, qApp, [] { QApplication::exit(1); });
    }
    QObject::connect(&tour, &PgOps::ScreenshotTour::finished, qApp, [&tour](bool ok) {
        for (const QString &path : tour.written())
            print(stdout, path);
        if (!ok)
            print(stderr, QStringLiteral("pgops: ") + tour.error());
        QApplication::exit(ok ? 0 : 1);
    });
    tour.start();
    return QApplication::exec();
}

int runWindow(const PgOps::CommandLine &cli)
{
    // Ctrl+C and SIGTERM leave through the normal path, which stops a demo server.
    PgOps::UnixSignals signals;
    QObject::connect(&signals, &PgOps::UnixSignals::terminationRequested, qApp, [] { QApplication::exit(130); });

    PgOps::ActionLog actionLog;
    PgOps::MainWindow window(&actionLog);
    window.setDefaultReadOnly(cli.readOnly);
    PgOps::DemoSession demo;
    if (cli.demo && !startDemo(cli, demo, window))
        return 1;
    if (!cli.demo && !cli.conninfo.isEmpty())
        window.connectTo(PgOps::ConnInfo::parse(cli.conninfo), cli.readOnly);

    int status = 0;
    if (!cli.screenshotDir.isEmpty()) {
        status = runScreenshotTour(cli, window, demo);
    } else {
        window.show();
        if (cli.conninfo.isEmpty() && !cli.demo)
            QMetaObject::invokeMethod(&window, &PgOps::MainWindow::showConnectDialog, Qt::QueuedConnection);
        status = QApplication::exec();
    }
    window.disconnectFromServer();
    // Connections close on their own threads; give them one shared moment to say goodbye.
    PgOps::Connection::waitForClosed(2000);
    demo.stop();
    return status == 130 ? 0 : status;
}
} // namespace

int main(int argc, char *argv[])
{
    // Subcommands for scripts need no display.
    if (const PgOps::Subcommand run = argc > 1 ? PgOps::findSubcommand(QString::fromLocal8Bit(argv[1])) : nullptr)
        return runSubcommand(argc, argv, run);

    QApplication app(argc, argv);
    describeApplication();
    // Copied before blanking: arguments() reads argv afresh on every call.
    const QStringList arguments = QApplication::arguments();
    if (PgOps::blankSecretsInArgv(argc, argv))
        print(stderr, QStringLiteral("pgops: ") + PgOps::secretOnCommandLineWarning());
    const PgOps::CommandLine cli = PgOps::CommandLine::parse(arguments);
    switch (cli.action) {
    case PgOps::CommandLine::Action::ShowHelp:
    case PgOps::CommandLine::Action::ShowVersion:
        print(stdout, cli.text);
        return 0;
    case PgOps::CommandLine::Action::Error:
        print(stderr, QStringLiteral("pgops: ") + cli.text);
        return 2;
    case PgOps::CommandLine::Action::Run:
        break;
    }
    return runWindow(cli);
}
