// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "core/severity.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace PgOps {

class ExplainOptionsBar;
class SqlView;

// The query half of the workbench: the SQL editor (highlighted like every SQL view), the
// EXPLAIN options, Run (Ctrl+Return) and Cancel, a busy bar with the time so far, and one line
// for what is wrong with the statement before anything is sent. The editor checks the
// statement as it is typed: several statements or transaction control are said at once.
class ExplainEditor : public QWidget
{
    Q_OBJECT
public:
    explicit ExplainEditor(QWidget *parent = nullptr);

    QString sql() const;
    void setSql(const QString &sql);
    ExplainOptionsBar *options() const { return m_options; }
    SqlView *editor() const { return m_sql; }

    void setBusy(bool busy);
    bool isBusy() const { return m_busy; }
    // Run needs a connected server; the editor and the options work without one.
    void setRunnable(bool runnable, const QString &why);
    // `html` (already escaped) in the line below the editor; empty hides it.
    void showMessage(const QString &html, Severity severity);
    QString message() const;

Q_SIGNALS:
    void runRequested();
    void cancelRequested();
    // A link in the message was clicked ("run-as-write").
    void messageLinkActivated(const QString &link);

private:
    void checkNow();
    void updateButtons();

    SqlView *m_sql;
    ExplainOptionsBar *m_options;
    QPushButton *m_run;
    QPushButton *m_cancel;
    QProgressBar *m_progress;
    QLabel *m_elapsed;
    QLabel *m_message;
    QTimer m_checkTimer;
    QTimer m_tick;
    QElapsedTimer m_clock;
    bool m_busy = false;
    bool m_runnable = false;
};

} // namespace PgOps
