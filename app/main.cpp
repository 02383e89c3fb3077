// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "audit/actionlog.h"
#include "cli/commandline.h"
#include "cli/subcommands.h"
#include "db/connection.h"
#include "db/conninfo.h"
#include "demosession.h"
#include "mainwindow.h"
#include "screenshottour.h"
#include "unixsignals.h"

#include <QApplication>
#include <QColor>
#include <QFont>
#include <QIcon>
#include <QPalette>
#include <QStatusBar>

#include <cstdio>

namespace {
void print(FILE *stream, const QString &text)
{
    std::fputs(qPrintable(text + QLatin1Char('\n')), stream);
    std::fflush(stream);
}
// Blanks secrets in argv before anything else runs (a window system may take seconds to answer,
// and /proc shows argv all along), keeping what was blanked for the arguments() that the
// application object returns afterwards: those hold empty strings in their place.
class SecretArguments
{
public:
    SecretArguments(int argc, char *argv[]) : m_blanked(PgOps::blankSecretsInArgv(argc, argv))
    {
        if (!m_blanked.isEmpty())
            print(stderr, QStringLiteral("pgops: ") + PgOps::secretOnCommandLineWarning());
    }
    QStringList restore(QStringList arguments) const
    {
        qsizetype next = 0;
        for (QString &a : arguments) {
            if (a.isEmpty() && next < m_blanked.size())
                a = m_blanked.at(next++);
        }
        return arguments;
    }

private:
    QStringList m_blanked;
};

int runSubcommand(int argc, char *argv[], PgOps::Subcommand run)
{
    const SecretArguments secrets(argc, argv);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("pgops"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PGOPS_VERSION_STRING));
    return run(secrets.restore(QCoreApplication::arguments()));
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

void applyScreenshotLook()
{
    if (const int pt = qEnvironmentVariableIntValue("PGOPS_SCREENSHOT_FONT_PT"); pt > 0) {
        QFont font = QApplication::font();
        font.setPointSize(pt);
        QApplication::setFont(font);
    }
    if (qEnvironmentVariableIntValue("PGOPS_SCREENSHOT_DARK") == 1) {
        QApplication::setStyle(QStringLiteral("Fusion"));
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(45, 45, 48));
        dark.setColor(QPalette::WindowText, QColor(220, 220, 220));
        dark.setColor(QPalette::Base, QColor(30, 30, 32));
        dark.setColor(QPalette::AlternateBase, QColor(40, 40, 44));
        dark.setColor(QPalette::Text, QColor(220, 220, 220));
        dark.setColor(QPalette::Button, QColor(55, 55, 58));
        dark.setColor(QPalette::ButtonText, QColor(220, 220, 220));
        dark.setColor(QPalette::Highlight, QColor(42, 130, 218));
        dark.setColor(QPalette::HighlightedText, Qt::white);
        dark.setColor(QPalette::Link, QColor(100, 170, 255));
        dark.setColor(QPalette::PlaceholderText, QColor(140, 140, 145));
        dark.setColor(QPalette::ToolTipBase, QColor(55, 55, 58));
        dark.setColor(QPalette::ToolTipText, QColor(220, 220, 220));
        QApplication::setPalette(dark);
    }
}

int runScreenshotTour(const PgOps::CommandLine &cli, PgOps::MainWindow &window, PgOps::DemoSession &demo)
{
    PgOps::ScreenshotTour tour(&window, cli.screenshotDir);
    // For looking at the window as users run it: PGOPS_SCREENSHOT_SIZE=1024x640 (a small
    // screen), PGOPS_SCREENSHOT_FONT_PT=14 (a large font), PGOPS_SCREENSHOT_DARK=1.
    const QStringList size = qEnvironmentVariable("PGOPS_SCREENSHOT_SIZE").split(QLatin1Char('x'));
    if (size.size() == 2 && size.at(0).toInt() > 0 && size.at(1).toInt() > 0)
        tour.setWindowSize({size.at(0).toInt(), size.at(1).toInt()});
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

    if (!cli.screenshotDir.isEmpty())
        applyScreenshotLook(); // before any widget exists: fonts size the columns, palettes pick the chart's theme
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
// Set but empty ("DISPLAY=", as env -i wrappers and chroots leave it) is no display: Qt would try xcb.
bool haveDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        || !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

// Without a display (over SSH, in cron) a QApplication aborts in its platform plugin. So the
// command line is read with no GUI object first: --help, --version and mistakes answer as usual,
// --screenshot renders offscreen, and the window says why it cannot open. -1: go on.
int checkWithoutDisplay(int argc, char *argv[], const SecretArguments &secrets)
{
    QCoreApplication core(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("pgops"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PGOPS_VERSION_STRING));
    const PgOps::CommandLine cli = PgOps::CommandLine::parse(secrets.restore(QCoreApplication::arguments()));
    if (cli.action == PgOps::CommandLine::Action::Run && !cli.screenshotDir.isEmpty()) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        return -1;
    }
    if (cli.action == PgOps::CommandLine::Action::Run) {
        print(stderr,
              QStringLiteral("pgops: there is no display (DISPLAY and WAYLAND_DISPLAY are not set), so the "
                             "window cannot open. Without one, use the commands (pgops sessions, pgops "
                             "locks; pgops --help lists them) or render the panels to pictures with "
                             "pgops --screenshot DIR CONNINFO."));
        return 2;
    }
    print(cli.action == PgOps::CommandLine::Action::Error ? stderr : stdout,
          cli.action == PgOps::CommandLine::Action::Error ? QStringLiteral("pgops: ") + cli.text : cli.text);
    return cli.action == PgOps::CommandLine::Action::Error ? 2 : 0;
}
} // namespace

int main(int argc, char *argv[])
{
    // Subcommands for scripts need no display.
    if (const PgOps::Subcommand run = argc > 1 ? PgOps::findSubcommand(QString::fromLocal8Bit(argv[1])) : nullptr)
        return runSubcommand(argc, argv, run);

    const SecretArguments secrets(argc, argv);
    if (!haveDisplay()) {
        if (const int status = checkWithoutDisplay(argc, argv, secrets); status >= 0)
            return status;
    }
    QApplication app(argc, argv);
    describeApplication();
    const PgOps::CommandLine cli = PgOps::CommandLine::parse(secrets.restore(QApplication::arguments()));
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
