// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/conninfo.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QCheckBox;
class QDialogButtonBox;
class QPlainTextEdit;
class QToolButton;

namespace PgOps {

// Asks for a server in any form libpq accepts, validating as the user types. Connect does not
// close it: the owner tries the connection (connectRequested) while the dialog shows it is
// busy, and closes it (accept) once the server answered, or shows why not (showFailure), so a
// typo never costs the text typed or the connection already open.
class ConnectDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectDialog(const QStringList &recent, QWidget *parent = nullptr);

    ConnInfo connInfo() const { return m_info; }
    QString text() const;
    void setText(const QString &conninfo);
    bool readOnly() const;
    // The box starts as read-only is now (--read-only, View ▸ Read-only mode), so the dialog
    // never shows writes allowed while they are refused.
    void setReadOnly(bool readOnly);

    // While a connection is tried: the input is locked and `what` says so. Cancel stays.
    void setBusy(const QString &what);
    // Our sentence, with libpq's own text behind a Details button.
    void showFailure(const QString &message, const QString &detail);
    QString messageText() const;
    QString detailText() const;

Q_SIGNALS:
    void connectRequested();

private:
    void validate();
    void setInputEnabled(bool enabled);

    QComboBox *m_input;
    QLabel *m_message;
    QToolButton *m_detailsButton;
    QPlainTextEdit *m_detail;
    QCheckBox *m_readOnly;
    QDialogButtonBox *m_buttons;
    ConnInfo m_info;
};

} // namespace PgOps
