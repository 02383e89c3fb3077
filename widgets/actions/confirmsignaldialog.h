// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "actions/signalplan.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QTreeWidget;

namespace PgOps {

// Shows who a cancel or terminate will hit (pid, user, application, duration, query), who is
// refused and why (in words under the list), and the exact SQL, and asks; when everyone is
// refused it says that nothing will be sent and the confirm button is disabled. "Terminate
// instead" appears where cancelling would do nothing (idle in transaction).
class ConfirmSignalDialog : public QDialog
{
    Q_OBJECT
public:
    enum Choice
    {
        Abort,
        Proceed,
        TerminateInstead
    };

    explicit ConfirmSignalDialog(const SignalPlan &plan, const QString &preface = {}, QWidget *parent = nullptr);
    Choice choice() const { return m_choice; }

private:
    QTreeWidget *targetList(const SignalPlan &plan);
    QLabel *refusedReasons(const SignalPlan &plan);
    QDialogButtonBox *buttonBox(const SignalPlan &plan);

    Choice m_choice = Abort;
};

} // namespace PgOps
