// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "cli/clisupport.h"

#include "db/dbserver.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

namespace PgOps::Cli {

void print(FILE *stream, const QString &text)
{
    std::fputs(text.toUtf8().constData(), stream);
    std::fflush(stream);
}

QString waitForConnection(DbServer &server)
{
    Connection *c = server.connection(QStringLiteral("cli"));
    if (c->status().state == ConnectionState::Connected)
        return {};
    QEventLoop loop;
    QTimer::singleShot(30000, &loop, [&loop] { loop.exit(3); });
    QObject::connect(c, &Connection::statusChanged, &loop, [&loop](const ConnectionStatus &s) {
        if (s.state == ConnectionState::Connected)
            loop.exit(0);
        // A report does not wait out reconnect attempts: it says why the first one failed.
        else if (s.state == ConnectionState::Failed || s.state == ConnectionState::NeedsPassword
                 || s.state == ConnectionState::Reconnecting)
            loop.exit(1);
    });
    if (loop.exec() == 0)
        return {};
    const ConnectionStatus s = c->status();
    QString why = s.message.isEmpty() ? QCoreApplication::translate("PgOps::Cli", "no answer within 30 s") : s.message;
    if (s.state == ConnectionState::NeedsPassword)
        why += QCoreApplication::translate("PgOps::Cli", " Put the password in ~/.pgpass or PGPASSWORD.");
    return why;
}

bool await(const std::function<void(QObject *context, const std::function<void()> &answered)> &start)
{
    QEventLoop loop;
    bool answered = false;
    // The context lives as long as this wait: an answer after the deadline goes nowhere.
    QObject context;
    start(&context, [&] {
        answered = true;
        loop.exit(0);
    });
    if (!answered) {
        QTimer::singleShot(60000, &loop, [&loop] { loop.exit(3); });
        loop.exec();
    }
    return answered;
}

} // namespace PgOps::Cli
