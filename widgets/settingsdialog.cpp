#include "settingsdialog.h"

#include "appsettings.h"

#include <QDialogButtonBox>
#include <QFormLayout>
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

SettingsDialog::SettingsDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Settings"));
    const ConnectionOptions monitor = AppSettings::monitorOptions();
    const ConnectionOptions user = AppSettings::userOptions();
    const QString ms = tr(" ms");
    m_refresh = spin(this, 250, 600000, AppSettings::refreshIntervalMs(), ms);
    m_refresh->setSingleStep(250);
    m_monitorStatement = spin(this, 0, 3600000, monitor.statementTimeoutMs, ms, tr("none"));
    m_monitorLock = spin(this, 0, 3600000, monitor.lockTimeoutMs, ms, tr("none"));
    m_userStatement = spin(this, 0, 86400000, user.statementTimeoutMs, ms, tr("none"));
    m_userLock = spin(this, 0, 3600000, user.lockTimeoutMs, ms, tr("none"));

    auto *form = new QFormLayout;
    form->addRow(tr("Refresh every:"), m_refresh);
    form->addRow(tr("Monitoring statement_timeout:"), m_monitorStatement);
    form->addRow(tr("Monitoring lock_timeout:"), m_monitorLock);
    form->addRow(tr("Your statements' statement_timeout:"), m_userStatement);
    form->addRow(tr("Your statements' lock_timeout:"), m_userLock);
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
}

} // namespace PgOps
