// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/runstate.h"

#include <QDialog>

class QLabel;
class QPushButton;

namespace PgOps {

class SqlView;

// Asks before a run does something that cannot simply be taken back: contract (with the evidence
// that the old structure is unused) and rolling a phase back (with the exact SQL it will run).
// Opened window-modal with open(), never exec(): the run page keeps updating behind it.
class RunConfirmDialog : public QDialog
{
    Q_OBJECT
public:
    RunConfirmDialog(const QString &title, const QString &html, const QString &confirmText, QWidget *parent);

    // Before contract: the evidence lines; a blocking evidence asks for "Contract anyway".
    // `fromRunner`: the runner read it again just now and refused.
    static RunConfirmDialog *contract(const QString &name, const QStringList &lines, bool blocks, bool fromRunner,
                                      QWidget *parent);
    // Before rolling `phase` back: the steps it undoes (last first) with their exact rollback SQL.
    static RunConfirmDialog *rollback(const QString &name, MigrationPhase phase, const QList<StepRun> &undo,
                                      QWidget *parent);

    // Shows SQL below the text (read-only), e.g. the rollback statements in the order they run.
    void setSql(const QString &label, const QString &sql);
    // The confirm button names a destructive choice ("Contract anyway"): it is not the default.
    void setDangerous(bool dangerous);

    QString text() const; // the text as plain text, for tests
    QString sql() const;
    QPushButton *confirmButton() const { return m_confirm; }

private:
    QLabel *m_text;
    QLabel *m_sqlLabel;
    SqlView *m_sql;
    QPushButton *m_confirm;
    QPushButton *m_cancel;
};

} // namespace PgOps
