// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/runstate.h"

#include <QLabel>

namespace PgOps {

// The run page's status line: the migration's name, then why nothing can run, or where the run
// stands (state, phase, step, what runs now, the last error) and what to do next. The page says
// what it knows (setState); the wording is this label's.
class RunStatusLabel : public QLabel
{
    Q_OBJECT
public:
    explicit RunStatusLabel(QWidget *parent = nullptr);

    enum class Activity
    {
        None,
        Running, // a run, contract or rollback
        ReadingEvidence,
    };
    struct State
    {
        QString name;
        bool hasServer = false; // a live database
        bool connected = false; // its state connection is up
        bool readOnly = false;
        QString problem; // why nothing can run, "" when it can
        bool stored = false;
        bool busy = false;
        Activity activity = Activity::None;
        MigrationRun run; // state, phase, step and last error as last read or reported
    };
    void setState(const State &state);
    // The line as plain text (tests).
    QString plainText() const;
};

} // namespace PgOps
