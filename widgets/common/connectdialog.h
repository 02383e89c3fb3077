// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/conninfo.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QCheckBox;
class QDialogButtonBox;

namespace PgOps {

// Asks for a server in any form libpq accepts, validating as the user types.
class ConnectDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectDialog(const QStringList &recent, QWidget *parent = nullptr);

    ConnInfo connInfo() const { return m_info; }
    bool readOnly() const;
    // The box starts as read-only is now (--read-only, View ▸ Read-only mode), so the dialog
    // never shows writes allowed while they are refused.
    void setReadOnly(bool readOnly);

private:
    void validate();

    QComboBox *m_input;
    QLabel *m_message;
    QCheckBox *m_readOnly;
    QDialogButtonBox *m_buttons;
    ConnInfo m_info;
};

} // namespace PgOps
