// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "common/aboutdialog.h"

#include "db/dbserver.h"
#include "db/libraryversions.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

#include <algorithm>

#ifdef PGOPS_HAVE_KSYNTAXHIGHLIGHTING
// KF6's include directory is …/KF6/KSyntaxHighlighting, so the version header has no prefix.
#include <ksyntaxhighlighting_version.h>
#endif

namespace PgOps {

namespace {
constexpr int iconSize = 64;

QString syntaxHighlightingVersion()
{
#ifdef PGOPS_HAVE_KSYNTAXHIGHLIGHTING
    return QStringLiteral(KSYNTAXHIGHLIGHTING_VERSION_STRING);
#else
    return AboutDialog::tr("not available: SQL is shown uncoloured");
#endif
}

QString syntaxHighlightingLabel()
{
#ifdef PGOPS_HAVE_KSYNTAXHIGHLIGHTING
    return AboutDialog::tr("KSyntaxHighlighting built with");
#else
    return AboutDialog::tr("KSyntaxHighlighting");
#endif
}

bool anyConnected(const DbServer *server)
{
    const QList<Connection *> connections = server->connections();
    return std::any_of(connections.cbegin(), connections.cend(),
                       [](const Connection *c) { return c->status().state == ConnectionState::Connected; });
}

QLabel *valueLabel(const AboutFact &fact, QWidget *parent)
{
    auto *label = new QLabel(fact.value, parent);
    label->setObjectName(QStringLiteral("about_") + fact.key);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}
} // namespace

AboutDialog::AboutDialog(const QString &actionLogPath, DbServer *server, QWidget *parent)
    : QDialog(parent), m_actionLogPath(actionLogPath), m_server(server), m_facts(facts(actionLogPath, server))
{
    setWindowTitle(tr("About PgOps"));
    // Wide enough for a usual server line ("Connected to PostgreSQL 17.2 (Debian 17.2-1) as … on …").
    setMinimumWidth(fontMetrics().averageCharWidth() * 72);
    auto *components = new QGroupBox(tr("Components"), this);
    auto *componentsLayout = new QVBoxLayout(components);
    componentsLayout->addWidget(factRows(AboutFact::Section::Component));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *copy = buttons->addButton(tr("&Copy"), QDialogButtonBox::ActionRole);
    copy->setObjectName(QStringLiteral("aboutCopy"));
    copy->setToolTip(tr("Copy these facts as plain text, for a bug report"));
    connect(copy, &QPushButton::clicked, this, &AboutDialog::copyToClipboard);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    buttons->button(QDialogButtonBox::Close)->setDefault(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading());
    layout->addWidget(components);
    layout->addWidget(factRows(AboutFact::Section::Detail));
    layout->addStretch();
    layout->addWidget(buttons);

    // The server line follows the connection while the dialog is open (it may be opened while
    // connecting); nothing here waits for it. Queued, so that a status change sent while the
    // server is being destroyed is read once it is gone (m_server null), not half-way.
    if (server) {
        connect(server, &DbServer::statusChanged, this, &AboutDialog::refreshServer, Qt::QueuedConnection);
        connect(server, &QObject::destroyed, this, &AboutDialog::refreshServer, Qt::QueuedConnection);
    }
}

QList<AboutFact> AboutDialog::facts(const QString &actionLogPath, const DbServer *server)
{
    using S = AboutFact::Section;
    return {
        {S::Title, QStringLiteral("pgops"), QStringLiteral("PgOps"), QStringLiteral(PGOPS_VERSION_STRING)},
        {S::Title, QStringLiteral("description"), {}, tr("A native operations console for PostgreSQL.")},
        {S::Title, QStringLiteral("copyright"), {}, QStringLiteral("Copyright (c) 2026 The PgOps authors")},
        {S::Component, QStringLiteral("qt"), tr("Qt in use"), QString::fromLatin1(qVersion())},
        {S::Component, QStringLiteral("qtBuild"), tr("Qt built with"), QStringLiteral(QT_VERSION_STR)},
        // libpqxx and KSyntaxHighlighting are the versions PgOps was compiled against (headers or
        // pkg-config); only Qt and libpq say which library is loaded, so only those say "in use".
        {S::Component, QStringLiteral("libpqxx"), tr("libpqxx built with"), LibraryVersions::libpqxx()},
        {S::Component, QStringLiteral("libpq"), tr("libpq in use"), LibraryVersions::libpq()},
        {S::Component, QStringLiteral("ksyntaxhighlighting"), syntaxHighlightingLabel(), syntaxHighlightingVersion()},
        {S::Detail, QStringLiteral("licence"), tr("Licence"), QStringLiteral("MIT")},
        {S::Detail, QStringLiteral("actionLog"), tr("Action log"), actionLogPath},
        {S::Detail, QStringLiteral("settings"), tr("Settings"), QSettings().fileName()},
        {S::Detail, QStringLiteral("server"), tr("Server"), serverText(server)},
    };
}

QString AboutDialog::value(const QString &key) const
{
    for (const AboutFact &f : m_facts) {
        if (f.key == key)
            return f.value;
    }
    return {};
}

QString AboutDialog::toPlainText(const QList<AboutFact> &facts)
{
    QStringList lines;
    for (const AboutFact &f : facts) {
        // Title facts read as a heading ("PgOps 0.1.0", the description), the rest as "Label: value".
        if (f.section == AboutFact::Section::Title)
            lines.append(f.label.isEmpty() ? f.value : f.label + QLatin1Char(' ') + f.value);
        else
            lines.append(f.label + QStringLiteral(": ") + f.value);
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString AboutDialog::serverText(const DbServer *server)
{
    if (!server)
        return tr("Not connected");
    const ServerInfo info = server->serverInfo();
    if (anyConnected(server) && info.versionNum > 0)
        return tr("Connected to PostgreSQL %1 as %2 on %3").arg(info.version, info.currentUser, info.database);
    // Say what is going on, and what the server was when it last answered: a bug report written
    // during an outage still needs the version.
    QString text = tr("Not connected (%1 to %2)").arg(toText(server->status().state), server->displayName());
    if (info.versionNum > 0)
        text += tr("; last seen PostgreSQL %1 as %2 on %3").arg(info.version, info.currentUser, info.database);
    return text;
}

QWidget *AboutDialog::heading()
{
    auto *box = new QWidget(this);
    auto *row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    auto *icon = new QLabel(box);
    icon->setObjectName(QStringLiteral("aboutIcon"));
    const QIcon windowIcon = QApplication::windowIcon();
    icon->setPixmap(windowIcon.pixmap(QSize(iconSize, iconSize), devicePixelRatio()));
    icon->setVisible(!windowIcon.isNull());
    icon->setAlignment(Qt::AlignTop);
    row->addWidget(icon);

    auto *text = new QVBoxLayout;
    for (const AboutFact &f : std::as_const(m_facts)) {
        if (f.section != AboutFact::Section::Title)
            continue;
        QLabel *label = valueLabel(f, box);
        if (!f.label.isEmpty()) {
            label->setText(f.label + QLatin1Char(' ') + f.value);
            QFont font = label->font();
            font.setBold(true);
            font.setPointSizeF(font.pointSizeF() * 1.5);
            label->setFont(font);
        }
        text->addWidget(label);
    }
    text->addStretch();
    row->addLayout(text, 1);
    return box;
}

QWidget *AboutDialog::factRows(AboutFact::Section section)
{
    auto *box = new QWidget(this);
    auto *form = new QFormLayout(box);
    form->setContentsMargins(0, 0, 0, 0);
    for (const AboutFact &f : std::as_const(m_facts)) {
        if (f.section != section)
            continue;
        QLabel *label = valueLabel(f, box);
        // The server line is the one that can be long ("17.2 (Debian 17.2-1.pgdg120+1)" and a
        // last-seen part); paths and versions stay on one line to be copied whole.
        label->setWordWrap(f.key == QLatin1String("server"));
        form->addRow(f.label + QLatin1Char(':'), label);
    }
    return box;
}

void AboutDialog::refreshServer()
{
    const QString text = serverText(m_server.data());
    for (AboutFact &f : m_facts) {
        if (f.key == QLatin1String("server"))
            f.value = text;
    }
    if (auto *label = findChild<QLabel *>(QStringLiteral("about_server")))
        label->setText(text);
}

void AboutDialog::copyToClipboard()
{
    QApplication::clipboard()->setText(toPlainText(m_facts));
}

} // namespace PgOps
