// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QTreeView>

namespace PgOps {

class PlanTreeModel;

// The plan as a tree with a time bar per node. A new plan opens where it matters: small plans
// fully, large ones (thousands of nodes) a few levels deep plus the way down to every marked
// node, so that expanding never lays out 10,000 rows the user did not ask for.
class PlanTreeView : public QTreeView
{
    Q_OBJECT
public:
    explicit PlanTreeView(PlanTreeModel *model, QWidget *parent = nullptr);

    // Expands as described above and selects the most expensive node; after setPlan().
    void showPlan();
    // Opens the way to the node, selects it and scrolls to it.
    void selectNode(int id);
    int currentNodeId() const; // -1 when none

Q_SIGNALS:
    void nodeSelected(int id); // -1: none

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void fitNodeColumn();
    void expandTo(int id);

    PlanTreeModel *m_model;
};

} // namespace PgOps
