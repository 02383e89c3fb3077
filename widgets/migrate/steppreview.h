// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/migrationplan.h"

#include <QWidget>

class QLabel;
class QTextBrowser;

namespace PgOps {

class SqlView;

// One step of a plan, before anything runs: its verdict with reasons and the safer way, the
// locks it takes on which relations and what they block, whether it rewrites or scans, how long
// the lock is held, whether it can run in a transaction block; its SQL and rollback SQL.
class StepPreview : public QWidget
{
    Q_OBJECT
public:
    explicit StepPreview(QWidget *parent = nullptr);

    void showStep(const MigrationStep &step);
    // A phase row: what the phase is for and its steps' verdicts.
    void showPhase(MigrationPhase phase, const QList<MigrationStep> &steps);
    void showNothing();

    // What is shown, for tests and copy.
    QString factsText() const;
    QString sql() const;
    QString rollbackSql() const;

    static QString stepFactsHtml(const MigrationStep &step);

private:
    QTextBrowser *m_facts;
    QLabel *m_sqlLabel;
    SqlView *m_sql;
    QLabel *m_rollbackLabel;
    SqlView *m_rollback;
};

} // namespace PgOps
