#include "actionlog.h"
#include "commandline.h"
#include "conninfo.h"
#include "mainwindow.h"
#include "screenshottour.h"

#include <QApplication>
#include <QIcon>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("PgOps"));
    QApplication::setApplicationName(QStringLiteral("pgops"));
    QApplication::setApplicationDisplayName(QStringLiteral("PgOps"));
    QApplication::setApplicationVersion(QStringLiteral(PGOPS_VERSION_STRING));
    QApplication::setDesktopFileName(QStringLiteral("org.pgops.PgOps"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/pgops/pgops.svg")));

    const PgOps::CommandLine cli = PgOps::CommandLine::parse(QApplication::arguments());
    switch (cli.action) {
    case PgOps::CommandLine::Action::ShowHelp:
    case PgOps::CommandLine::Action::ShowVersion:
        std::fputs(qPrintable(cli.text + QLatin1Char('\n')), stdout);
        return 0;
    case PgOps::CommandLine::Action::Error:
        std::fputs(qPrintable(QStringLiteral("pgops: ") + cli.text + QLatin1Char('\n')), stderr);
        return 2;
    case PgOps::CommandLine::Action::Run:
        break;
    }

    PgOps::ActionLog actionLog;
    PgOps::MainWindow window(&actionLog);
    window.setDefaultReadOnly(cli.readOnly);
    if (!cli.conninfo.isEmpty())
        window.connectTo(PgOps::ConnInfo::parse(cli.conninfo), cli.readOnly);

    if (!cli.screenshotDir.isEmpty()) {
        PgOps::ScreenshotTour tour(&window, cli.screenshotDir);
        QObject::connect(&tour, &PgOps::ScreenshotTour::finished, &app, [&](bool ok) {
            for (const QString &path : tour.written())
                std::fputs(qPrintable(path + QLatin1Char('\n')), stdout);
            if (!ok)
                std::fputs(qPrintable(QStringLiteral("pgops: ") + tour.error() + QLatin1Char('\n')), stderr);
            QApplication::exit(ok ? 0 : 1);
        });
        tour.start();
        return app.exec();
    }

    window.show();
    if (cli.conninfo.isEmpty())
        QMetaObject::invokeMethod(&window, &PgOps::MainWindow::showConnectDialog, Qt::QueuedConnection);
    return app.exec();
}
