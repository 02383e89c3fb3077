// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "common/settingsdialog.h"

#include "settings/appsettings.h"
#include "activity/sessionthresholds.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace PgOps {

namespace {
QSpinBox *spin(QWidget *parent, int min, int max, int value, const QString &suffix, const QString &zeroText = {})
{
    auto *s = new QSpinBox(parent);
    s->setRange(min, max);
    s->setValue(value);
    s->setSuffix(suffix);
    s->setSpecialValueText(zeroText);
    s->setAccelerated(true);
    return s;
}
} // namespace

SettingsDialog::SettingsDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Settings"));
    const ConnectionOptions monitor = AppSettings::monitorOptions();
    const ConnectionOptions user = AppSettings::userOptions();
    const QString ms = tr(" ms");
    m_refresh = spin(this, 250, 600000, AppSettings::refreshIntervalMs(), ms);
    m_refresh->setSingleStep(250);
    m_monitorStatement = spin(this, 0, 3600000, monitor.statementTimeoutMs, ms, tr("none"));
    // No "none" for monitoring: without a lock_timeout a panel would queue behind the lock it
    // is meant to show.
    m_monitorLock = spin(this, 100, 3600000, qMax(100, monitor.lockTimeoutMs), ms);
    m_userStatement = spin(this, 0, 86400000, user.statementTimeoutMs, ms, tr("none"));
    m_userLock = spin(this, 0, 3600000, user.lockTimeoutMs, ms, tr("none"));

    const SessionThresholds t = SessionThresholds::load();
    const QString secs = tr(" s");
    m_queryWarn = spin(this, 1, 86400, int(t.queryWarnS), secs);
    m_queryCritical = spin(this, 1, 86400, int(t.queryCriticalS), secs);
    m_idleTxWarn = spin(this, 1, 86400, int(t.idleTxWarnS), secs);
    m_idleTxCritical = spin(this, 1, 86400, int(t.idleTxCriticalS), secs);
    m_lockWarn = spin(this, 1, 86400, int(AppSettings::lockWaitWarnS()), secs);
    m_lockCritical = spin(this, 1, 86400, int(AppSettings::lockWaitCriticalS()), secs);

    auto *form = new QFormLayout;
    form->addRow(tr("Refresh every:"), m_refresh);
    form->addRow(tr("Monitoring statement_timeout:"), m_monitorStatement);
    form->addRow(tr("Monitoring lock_timeout:"), m_monitorLock);
    form->addRow(tr("Your statements' statement_timeout:"), m_userStatement);
    form->addRow(tr("Your statements' lock_timeout:"), m_userLock);
    const auto pair = [this](QSpinBox *warn, QSpinBox *critical) {
        auto *row = new QWidget(this);
        auto *h = new QHBoxLayout(row);
        h->setContentsMargins(0, 0, 0, 0);
        h->addWidget(new QLabel(tr("warn after"), row));
        h->addWidget(warn);
        h->addWidget(new QLabel(tr("critical after"), row));
        h->addWidget(critical);
        return row;
    };
    form->addRow(tr("Running query:"), pair(m_queryWarn, m_queryCritical));
    form->addRow(tr("Idle in transaction:"), pair(m_idleTxWarn, m_idleTxCritical));
    form->addRow(tr("Waiting on a lock:"), pair(m_lockWarn, m_lockCritical));
    auto *note = new QLabel(tr("A short lock_timeout keeps panels from queueing behind an ACCESS EXCLUSIVE lock. "
                               "Timeouts apply from the next connection."),
                            this);
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
}

void SettingsDialog::save() const
{
    AppSettings::setRefreshIntervalMs(m_refresh->value());
    AppSettings::setMonitorTimeouts(m_monitorStatement->value(), m_monitorLock->value());
    AppSettings::setUserTimeouts(m_userStatement->value(), m_userLock->value());
    SessionThresholds t;
    t.queryWarnS = m_queryWarn->value();
    t.queryCriticalS = qMax(m_queryCritical->value(), m_queryWarn->value());
    t.idleTxWarnS = m_idleTxWarn->value();
    t.idleTxCriticalS = qMax(m_idleTxCritical->value(), m_idleTxWarn->value());
    t.save();
    AppSettings::setLockWaitThresholds(m_lockWarn->value(), qMax(m_lockCritical->value(), m_lockWarn->value()));
}

} // namespace PgOps
