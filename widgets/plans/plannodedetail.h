// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "plans/plan.h"

#include <QTextBrowser>

namespace PgOps {

// Everything EXPLAIN said about one node, and what the analysis made of it: times, rows against
// the estimate, conditions and what they removed, sort and hash details, workers, buffers of the
// node alone and as printed, I/O timings, every other property as printed, and the warnings with
// what to try. With no node selected: the plan's triggers, settings, JIT and plan-wide warnings.
class PlanNodeDetail : public QTextBrowser
{
    Q_OBJECT
public:
    explicit PlanNodeDetail(QWidget *parent = nullptr);

    void showNode(const Plan &plan, int id); // id -1: the plan as a whole
    void clear();

private:
    static QString nodeHtml(const PlanNode &n);
    static QString planHtml(const Plan &plan);
};

} // namespace PgOps
