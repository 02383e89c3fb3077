// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "activity/sessionrow.h"

#include <QList>
#include <QSet>
#include <QString>

namespace PgOps {

// What the sessions list shows; the same criteria serve the panel (through SessionFilter) and
// `pgops sessions` (through selectForReport()), so both agree on what "matching" means.
struct SessionCriteria
{
    QSet<QString> states; // empty: any; "idle in transaction" also matches "(aborted)"
    double minDurationS = 0; // of the running query, or of the idle-in-transaction time
    QString database;
    QString user;
    QString application;
    QString text; // free text over the query
    bool longRunningOnly = false; // query running past the warn threshold
    bool idleInTransactionOnly = false;
    bool includeBackground = false; // checkpointer, walwriter, autovacuum launcher, …

    // `extraSeconds`: time since the row was fetched (the panel ticks between refreshes).
    bool accepts(const SessionRow &row, double extraSeconds, double longRunningS) const;
    bool isEmpty() const;
};

// The rows of a one-off report, in the panel's default order: sessions the criteria accept,
// active work first (SessionRow::activityRank), then longest relevant duration (running
// query, or time idle in transaction) first, ties by pid; each parallel worker right after its leader (sorted the same
// way), and kept whenever its leader is, as the panel folds workers under the leader. A worker whose leader is not in
// `rows` stands on its own and is judged like any session.
QList<SessionRow> selectForReport(const QList<SessionRow> &rows, const SessionCriteria &criteria, double longRunningS);

} // namespace PgOps
