// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QPushButton;

namespace PgOps {

// The run page's buttons: run to ready, the next step, the next phase; pause / resume the
// backfill, stop; complete; roll back the current phase. Each says by its signal that it was
// pressed; the page decides what may be pressed (setState).
class RunControls : public QWidget
{
    Q_OBJECT
public:
    explicit RunControls(QWidget *parent = nullptr);

    struct State
    {
        bool canRun = false; // start or resume
        bool running = false; // a command runs: stop
        bool pausable = false; // a run (not contract, not rollback) that may reach a backfill
        bool paused = false;
        bool canComplete = false;
        bool canRollBack = false;
        QString rollbackPhase; // "migrate": what "Roll back …" names
    };
    void setState(const State &state);

Q_SIGNALS:
    void runToReady();
    void runNextStep();
    void runNextPhase();
    void pauseToggled();
    void stopRequested();
    void completeRequested();
    void rollbackRequested();

private:
    QPushButton *m_runToReady;
    QPushButton *m_runStep;
    QPushButton *m_runPhase;
    QPushButton *m_pause;
    QPushButton *m_stop;
    QPushButton *m_complete;
    QPushButton *m_rollback;
};

} // namespace PgOps
