// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "storage/storagesnapshot.h"

#include <QDialog>

class QLabel;
class QProgressBar;
class QPushButton;

namespace PgOps {

class DbServer;
class RowCounter;

// An exact row count of one table: its cost first, then, on the user's word, the count with
// progress and a Cancel that stops it.
class RowCountDialog : public QDialog
{
    Q_OBJECT
public:
    RowCountDialog(DbServer *server, const TableRow &table, QWidget *parent = nullptr);

private:
    void start();
    void onProgress(qint64 pagesDone, qint64 totalPages, qint64 rowsSoFar);
    void onFinished(qint64 rows, const QString &message);

    TableRow m_table;
    RowCounter *m_counter;
    QLabel *m_status;
    QProgressBar *m_progress;
    QPushButton *m_start;
    QPushButton *m_cancel;
};

} // namespace PgOps
