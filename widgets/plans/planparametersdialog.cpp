// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/planparametersdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace PgOps {

PlanParametersDialog::PlanParametersDialog(int count, bool genericAvailable, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Values for the parameters"));
    auto *layout = new QVBoxLayout(this);
    auto *intro
        = new QLabel(genericAvailable ? tr("The statement has %n parameter(s). Give values to plan it for them, or ask "
                                           "for the generic plan, the one used for any values (no ANALYZE).",
                                           nullptr, count)
                                      : tr("The statement has %n parameter(s). Give values to plan it for them; they "
                                           "are sent as parameters, as the application sends them.",
                                           nullptr, count),
                     this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QWidget(this);
    auto *rows = new QFormLayout(form);
    for (int k = 0; k < count; ++k) {
        auto *row = new QHBoxLayout;
        auto *value = new QLineEdit(form);
        value->setObjectName(QStringLiteral("parameter%1").arg(k + 1));
        auto *null = new QCheckBox(QStringLiteral("NULL"), form);
        connect(null, &QCheckBox::toggled, value, &QWidget::setDisabled);
        row->addWidget(value, 1);
        row->addWidget(null);
        rows->addRow(QStringLiteral("$%1").arg(k + 1), row);
        m_values.append(value);
        m_nulls.append(null);
    }
    // Many parameters (an IN list of 50) scroll rather than grow past the screen.
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(scroll, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Plan with these values"));
    if (genericAvailable) {
        QPushButton *generic = buttons->addButton(tr("Generic plan"), QDialogButtonBox::ActionRole);
        generic->setObjectName(QStringLiteral("genericPlan"));
        connect(generic, &QPushButton::clicked, this, [this] {
            m_generic = true;
            accept();
        });
    }
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    if (!m_values.isEmpty())
        m_values.first()->setFocus();
}

PlanParameters PlanParametersDialog::parameters() const
{
    PlanParameters p;
    p.accepted = result() == QDialog::Accepted;
    p.generic = m_generic;
    if (!m_generic) {
        for (qsizetype k = 0; k < m_values.size(); ++k)
            p.values.append(m_nulls.at(k)->isChecked() ? QVariant() : QVariant(m_values.at(k)->text()));
    }
    return p;
}

} // namespace PgOps
