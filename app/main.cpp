#include "actionlog.h"
#include "commandline.h"
#include "conninfo.h"
#include "mainwindow.h"

#include <QApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("PgOps"));
    QApplication::setApplicationName(QStringLiteral("pgops"));
    QApplication::setApplicationDisplayName(QStringLiteral("PgOps"));
    QApplication::setApplicationVersion(QStringLiteral(PGOPS_VERSION_STRING));
    QApplication::setDesktopFileName(QStringLiteral("org.pgops.PgOps"));

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
    window.show();
    window.setDefaultReadOnly(cli.readOnly);
    if (!cli.conninfo.isEmpty())
        window.connectTo(PgOps::ConnInfo::parse(cli.conninfo), cli.readOnly);
    else
        QMetaObject::invokeMethod(&window, &PgOps::MainWindow::showConnectDialog, Qt::QueuedConnection);
    return app.exec();
}
