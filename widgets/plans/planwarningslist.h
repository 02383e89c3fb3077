// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "plans/plan.h"

#include <QTreeWidget>

namespace PgOps {

// The plan's warnings in words, each with what to try next, worst first; clicking one selects
// its node in the tree. A plan of 10,000 nodes may warn thousands of times: the list shows the
// worst few hundred and says how many more there are.
class PlanWarningsList : public QTreeWidget
{
    Q_OBJECT
public:
    explicit PlanWarningsList(QWidget *parent = nullptr);

    void showPlan(const Plan &plan);
    int warningCount() const { return m_count; }

    static constexpr int maxShown = 300;

Q_SIGNALS:
    void nodeActivated(int id); // -1: a plan-wide warning

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void fitRowHeights();

    int m_count = 0;
};

} // namespace PgOps
