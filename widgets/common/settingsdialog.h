// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

class QSpinBox;

namespace PgOps {

// Refresh interval and the timeouts PgOps's own sessions run with.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget *parent = nullptr);

    // Writes the values to the settings.
    void save() const;

private:
    QSpinBox *m_refresh;
    QSpinBox *m_monitorStatement;
    QSpinBox *m_monitorLock;
    QSpinBox *m_userStatement;
    QSpinBox *m_userLock;
    QSpinBox *m_queryWarn;
    QSpinBox *m_queryCritical;
    QSpinBox *m_idleTxWarn;
    QSpinBox *m_idleTxCritical;
    QSpinBox *m_lockWarn;
    QSpinBox *m_lockCritical;
};

} // namespace PgOps
