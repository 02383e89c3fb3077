// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace PgOps {

// Connection input as libpq understands it: a conninfo string, a postgresql:// URI or
// service=NAME. libpq parses it (PQconninfoParse); PG* variables, the service file and
// .pgpass are applied by libpq when connecting, not here.
class ConnInfo
{
public:
    ConnInfo() = default;
    static ConnInfo parse(const QString &input);

    bool isValid() const { return m_error.isEmpty(); }
    // A message that names the problem and the fix; empty when valid.
    QString errorMessage() const { return m_error; }
    QString input() const { return m_input; }

    // Only what the input itself sets, not the environment's defaults.
    QString option(const QString &key) const;
    void setOption(const QString &key, const QString &value);
    bool hasOption(const QString &key) const;

    // keyword='value' form for libpq, every value quoted.
    QByteArray toConninfo() const;
    // The same without any secret (see isSecretOption): what may be stored on disk or shown.
    QString toDisplayConninfo() const;
    // user@host:port/dbname, with the environment's defaults filled in as libpq would.
    QString displayName() const;

    static QString quoteValue(const QString &value);

    // Options the installed libpq marks secret (dispchar '*' in PQconndefaults): password,
    // sslpassword and whatever a newer libpq adds. Never stored, shown or echoed.
    static QStringList secretOptions();
    static bool isSecretOption(const QString &key);
    // The input with every secret value replaced by ***, found the way libpq reads them, also in
    // input libpq rejects: for showing or echoing what the user typed.
    static QString maskSecrets(const QString &input);
    // Whether the input sets a secret: valid or not, as far as it can be read.
    static bool containsSecret(const QString &input);

private:
    QString m_input;
    QString m_error;
    QList<QPair<QString, QString>> m_options;
};

} // namespace PgOps
