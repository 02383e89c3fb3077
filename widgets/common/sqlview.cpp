// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "common/sqlview.h"

#include <QFontDatabase>

#ifdef PGOPS_HAVE_KSYNTAXHIGHLIGHTING
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>
#endif

namespace PgOps {

#ifdef PGOPS_HAVE_KSYNTAXHIGHLIGHTING
namespace {
KSyntaxHighlighting::Repository &repository()
{
    static KSyntaxHighlighting::Repository repo;
    return repo;
}
} // namespace
#endif

SqlView::SqlView(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
#ifdef PGOPS_HAVE_KSYNTAXHIGHLIGHTING
    auto *highlighter = new KSyntaxHighlighting::SyntaxHighlighter(document());
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    highlighter->setTheme(repository().defaultTheme(dark ? KSyntaxHighlighting::Repository::DarkTheme
                                                         : KSyntaxHighlighting::Repository::LightTheme));
    KSyntaxHighlighting::Definition def = repository().definitionForName(QStringLiteral("SQL (PostgreSQL)"));
    if (!def.isValid())
        def = repository().definitionForName(QStringLiteral("SQL"));
    highlighter->setDefinition(def);
#endif
}

void SqlView::setSql(const QString &sql)
{
    if (toPlainText() != sql)
        setPlainText(sql);
}

} // namespace PgOps
