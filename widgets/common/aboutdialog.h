// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>
#include <QList>
#include <QPointer>
#include <QString>

class QLabel;

namespace PgOps {

class DbServer;

// One line of the About dialog. Tests and the Copy button read these instead of the widgets.
struct AboutFact
{
    enum class Section
    {
        Title, // shown in the heading, above the rest
        Component, // a library and its version, in the "Components" box
        Detail, // licence, files, server
    };
    Section section = Section::Detail;
    QString key; // stable; the value's label is named "about_<key>"
    QString label;
    QString value;
};

// Help > About PgOps: the versions of PgOps and of the libraries in use, the licence, where PgOps
// keeps its files and which server it is connected to, with a button that copies all of it as
// plain text for a bug report. A QDialog of ours rather than QMessageBox::about so that it has
// object names for tests. It never asks the server anything: it shows the cached ServerInfo.
class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    // `server` may be null (not connected); it is watched so the server line follows its state.
    explicit AboutDialog(const QString &actionLogPath, DbServer *server, QWidget *parent = nullptr);

    // What the dialog shows, in order: title facts, components, details.
    static QList<AboutFact> facts(const QString &actionLogPath, const DbServer *server);
    QList<AboutFact> facts() const { return m_facts; }
    // The value of the fact named `key`, "" when there is none.
    QString value(const QString &key) const;
    // "Label: value" lines, as the Copy button puts them on the clipboard.
    static QString toPlainText(const QList<AboutFact> &facts);
    // "Connected to PostgreSQL <version> as <user> on <database>", or why not.
    static QString serverText(const DbServer *server);

private:
    QWidget *heading();
    QWidget *factRows(AboutFact::Section section);
    void refreshServer();
    void copyToClipboard();

    QString m_actionLogPath;
    QPointer<DbServer> m_server;
    QList<AboutFact> m_facts;
};

} // namespace PgOps
