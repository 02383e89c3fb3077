// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "activity/sessionfilterbar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QSpinBox>

namespace PgOps {

namespace {
QLineEdit *smallEdit(QWidget *parent, const QString &placeholder)
{
    auto *e = new QLineEdit(parent);
    e->setPlaceholderText(placeholder);
    e->setClearButtonEnabled(true);
    e->setMinimumWidth(e->fontMetrics().horizontalAdvance(placeholder) + 24);
    e->setMaximumWidth(160);
    return e;
}
} // namespace

SessionFilterBar::SessionFilterBar(QWidget *parent)
    : QWidget(parent)
    , m_text(new QLineEdit(this))
    , m_state(new QComboBox(this))
    , m_minDuration(new QSpinBox(this))
    , m_database(smallEdit(this, tr("database")))
    , m_user(smallEdit(this, tr("user")))
    , m_application(smallEdit(this, tr("application")))
    , m_quick(new QWidget(this))
    , m_longRunning(new QCheckBox(tr("Long running"), m_quick))
    , m_idleTx(new QCheckBox(tr("Idle in transaction"), m_quick))
    , m_showOwn(new QCheckBox(tr("PgOps's own"), m_quick))
    , m_background(new QCheckBox(tr("Background"), m_quick))
{
    m_text->setPlaceholderText(tr("Filter queries (Ctrl+F, Esc clears)"));
    m_text->setMinimumWidth(m_text->fontMetrics().horizontalAdvance(m_text->placeholderText()) / 2);
    m_text->setClearButtonEnabled(true);
    m_state->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_state->addItem(tr("any state"));
    for (const char *s : {"active", "idle", "idle in transaction", "idle in transaction (aborted)",
                          "fastpath function call", "disabled"})
        m_state->addItem(QString::fromLatin1(s), QString::fromLatin1(s));
    m_minDuration->setRange(0, 86400);
    m_minDuration->setSuffix(tr(" s"));
    m_minDuration->setPrefix(tr("≥ "));
    m_minDuration->setToolTip(tr("Minimum duration of the running query or of the idle-in-transaction time"));
    m_showOwn->setToolTip(tr("Show the sessions PgOps itself uses to watch the server"));
    m_background->setToolTip(tr("Show background processes: checkpointer, WAL writer, autovacuum, …"));

    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_text, 2);
    for (QWidget *w : std::initializer_list<QWidget *> {m_state, m_minDuration, m_database, m_user, m_application})
        row->addWidget(w, 1);
    auto *quick = new QHBoxLayout(m_quick);
    quick->setContentsMargins(0, 0, 0, 0);
    for (QCheckBox *c : {m_longRunning, m_idleTx, m_showOwn, m_background})
        quick->addWidget(c);

    for (QLineEdit *e : {m_text, m_database, m_user, m_application})
        connect(e, &QLineEdit::textChanged, this, &SessionFilterBar::criteriaChanged);
    connect(m_state, &QComboBox::currentIndexChanged, this, &SessionFilterBar::criteriaChanged);
    connect(m_minDuration, &QSpinBox::valueChanged, this, &SessionFilterBar::criteriaChanged);
    for (QCheckBox *c : {m_longRunning, m_idleTx, m_background})
        connect(c, &QCheckBox::toggled, this, &SessionFilterBar::criteriaChanged);
    connect(m_showOwn, &QCheckBox::toggled, this, &SessionFilterBar::showOwnChanged);
}

SessionCriteria SessionFilterBar::criteria() const
{
    SessionCriteria c;
    if (m_state->currentIndex() > 0)
        c.states.insert(m_state->currentData().toString());
    c.minDurationS = m_minDuration->value();
    c.database = m_database->text();
    c.user = m_user->text();
    c.application = m_application->text();
    c.text = m_text->text();
    c.longRunningOnly = m_longRunning->isChecked();
    c.idleInTransactionOnly = m_idleTx->isChecked();
    c.includeBackground = m_background->isChecked();
    return c;
}

bool SessionFilterBar::showOwn() const
{
    return m_showOwn->isChecked();
}

void SessionFilterBar::clear()
{
    // One signal for the whole reset, not one re-filter per field.
    {
        const QSignalBlocker blocker(this);
        for (QLineEdit *e : {m_text, m_database, m_user, m_application})
            e->clear();
        m_state->setCurrentIndex(0);
        m_minDuration->setValue(0);
        m_longRunning->setChecked(false);
        m_idleTx->setChecked(false);
    }
    Q_EMIT criteriaChanged();
}

void SessionFilterBar::showIdleInTransaction()
{
    m_idleTx->setChecked(true);
}

void SessionFilterBar::showLongRunning()
{
    m_longRunning->setChecked(true);
}

void SessionFilterBar::showState(const QString &state)
{
    m_state->setCurrentIndex(qMax(0, m_state->findData(state)));
}

void SessionFilterBar::focusText()
{
    m_text->setFocus();
    m_text->selectAll();
}

} // namespace PgOps
