// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/runoptionsgroup.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace PgOps {

namespace {
QSpinBox *spin(QWidget *parent, const QString &name, int min, int max, const QString &suffix, const QString &tip)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(name);
    box->setRange(min, max);
    box->setSuffix(suffix);
    box->setToolTip(tip);
    box->setAccelerated(true);
    return box;
}
} // namespace

RunOptionsGroup::RunOptionsGroup(QWidget *parent)
    : QWidget(parent)
    , m_toggle(new QToolButton(this))
    , m_body(new QWidget(this))
    , m_lockTimeout(spin(m_body, QStringLiteral("lockTimeout"), 10, 600000, tr(" ms"),
                         tr("Each attempt of a DDL step gives up waiting for its lock after this long, so the "
                            "sessions queued behind it are not held up longer (--lock-timeout)")))
    , m_maxAttempts(spin(m_body, QStringLiteral("maxAttempts"), 1, 1000, QString(),
                         tr("Attempts per step, with growing pauses between them; after the last one the step "
                            "fails and the migration stays resumable (--max-attempts)")))
    , m_batchTime(spin(m_body, QStringLiteral("batchTime"), 10, 60000, tr(" ms"),
                       tr("Backfill batches are sized to take about this long, each in its own transaction "
                          "(--batch-time)")))
    , m_maxLag(spin(m_body, QStringLiteral("maxLag"), 0, 3600, tr(" s"),
                    tr("The backfill pauses while a standby's replay lag exceeds this; 0: not checked "
                       "(--max-lag)")))
{
    setObjectName(QStringLiteral("runOptions"));
    m_toggle->setObjectName(QStringLiteral("runOptionsToggle"));
    m_toggle->setCheckable(true);
    m_toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toggle->setAutoRaise(true);
    // One row: the four settings fit beside each other, and the page keeps its height for the run.
    auto *row = new QHBoxLayout(m_body);
    row->setContentsMargins(20, 0, 0, 4);
    const auto add = [this, row](const QString &label, QSpinBox *box) {
        auto *l = new QLabel(label, m_body);
        l->setBuddy(box);
        l->setToolTip(box->toolTip());
        row->addWidget(l);
        row->addWidget(box);
        row->addSpacing(12);
    };
    add(tr("lock_timeout"), m_lockTimeout);
    add(tr("Attempts per step"), m_maxAttempts);
    add(tr("Batch time"), m_batchTime);
    add(tr("Pause above replication lag"), m_maxLag);
    row->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_toggle);
    layout->addWidget(m_body);
    connect(m_toggle, &QToolButton::toggled, this, &RunOptionsGroup::setExpanded);
    for (QSpinBox *box : {m_lockTimeout, m_maxAttempts, m_batchTime, m_maxLag})
        connect(box, &QSpinBox::valueChanged, this, [this] {
            updateTitle();
            Q_EMIT optionsChanged();
        });
    setOptions(RunOptions());
    setExpanded(false);
}

RunOptions RunOptionsGroup::options() const
{
    RunOptions o = m_base;
    o.lockTimeoutMs = m_lockTimeout->value();
    o.maxAttempts = m_maxAttempts->value();
    o.batchTimeMs = m_batchTime->value();
    o.maxLagMs = m_maxLag->value() * 1000;
    return o;
}

void RunOptionsGroup::setOptions(const RunOptions &options)
{
    m_base = options;
    m_lockTimeout->setValue(options.lockTimeoutMs);
    m_maxAttempts->setValue(options.maxAttempts);
    m_batchTime->setValue(options.batchTimeMs);
    m_maxLag->setValue(options.maxLagMs / 1000);
    updateTitle();
}

void RunOptionsGroup::setExpanded(bool expanded)
{
    m_toggle->setChecked(expanded);
    m_toggle->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
    m_body->setVisible(expanded);
}

bool RunOptionsGroup::isExpanded() const
{
    return m_toggle->isChecked();
}

QString RunOptionsGroup::summary(const RunOptions &o)
{
    return tr("lock_timeout %1 ms, %n attempt(s) per step, batches of %2 ms, max lag %3", nullptr, o.maxAttempts)
        .arg(o.lockTimeoutMs)
        .arg(o.batchTimeMs)
        .arg(o.maxLagMs > 0 ? tr("%1 s").arg(o.maxLagMs / 1000) : tr("not checked"));
}

bool RunOptionsGroup::sameShown(const RunOptions &a, const RunOptions &b)
{
    return a.lockTimeoutMs == b.lockTimeoutMs && a.maxAttempts == b.maxAttempts && a.batchTimeMs == b.batchTimeMs
        && a.maxLagMs == b.maxLagMs;
}

void RunOptionsGroup::updateTitle()
{
    m_toggle->setText(tr("Lock discipline: %1").arg(summary(options())));
}

} // namespace PgOps
