// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "common/placeholderpanel.h"

#include <QLabel>
#include <QVBoxLayout>

namespace PgOps {

PlaceholderPanel::PlaceholderPanel(const QString &title, const QString &description, QWidget *parent)
    : Panel(title, parent)
{
    auto *layout = new QVBoxLayout(this);
    auto *heading = new QLabel(QStringLiteral("<h2>%1</h2>").arg(title.toHtmlEscaped()), this);
    auto *text = new QLabel(description, this);
    text->setWordWrap(true);
    text->setTextFormat(Qt::PlainText);
    auto *note = new QLabel(tr("This panel is not built yet."), this);
    note->setEnabled(false);
    layout->addStretch(1);
    for (QLabel *l : {heading, text, note}) {
        l->setAlignment(Qt::AlignHCenter);
        layout->addWidget(l);
    }
    layout->addStretch(2);
}

} // namespace PgOps
