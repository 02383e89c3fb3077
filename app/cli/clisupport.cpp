#include "cli/clisupport.h"

#include "db/dbserver.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

#include <cstdio>

namespace PgOps::Cli {

void print(FILE *stream, const QString &text)
{
    std::fputs(text.toUtf8().constData(), stream);
    std::fflush(stream);
}

bool connect(DbServer &server, const QString &command)
{
    Connection *c = server.connection(QStringLiteral("cli"));
    if (c->status().state == ConnectionState::Connected)
        return true;
    QEventLoop loop;
    QTimer::singleShot(30000, &loop, [&loop] { loop.exit(3); });
    QObject::connect(c, &Connection::statusChanged, &loop, [&loop](const ConnectionStatus &s) {
        if (s.state == ConnectionState::Connected)
            loop.exit(0);
        else if (s.state == ConnectionState::Failed || s.state == ConnectionState::NeedsPassword
                 || s.state == ConnectionState::Reconnecting)
            loop.exit(1);
    });
    if (loop.exec() == 0)
        return true;
    const ConnectionStatus s = c->status();
    QString why = s.message.isEmpty() ? QCoreApplication::translate("PgOps::Cli", "no answer within 30 s") : s.message;
    if (s.state == ConnectionState::NeedsPassword)
        why += QCoreApplication::translate("PgOps::Cli", " Put the password in ~/.pgpass or PGPASSWORD.");
    print(stderr, QCoreApplication::translate("PgOps::Cli", "%1: cannot connect to %2: %3\n").arg(command, server.displayName(), why));
    return false;
}

QueryResult run(DbServer &server, DbRequest request)
{
    Connection *c = server.connection(QStringLiteral("cli"));
    QueryResult result;
    result.error = {ErrorKind::Connection, {}, QCoreApplication::translate("PgOps::Cli", "no answer within 60 s"), {}};
    QEventLoop loop;
    const quint64 id = c->exec(std::move(request));
    QObject::connect(c, &Connection::finished, &loop, [&](const QueryResult &r) {
        if (r.requestId == id) {
            result = r;
            loop.exit(0);
        }
    });
    QTimer::singleShot(60000, &loop, [&loop] { loop.exit(3); });
    loop.exec();
    return result;
}

} // namespace PgOps::Cli
