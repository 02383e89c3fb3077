// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "storage/storagesnapshot.h"

#include <QWidget>

namespace PgOps {

// The largest tables as stacked bars of heap, TOAST and indexes (Qt Charts; empty where it is
// missing). Partitions are left out: their partitioned table stands for them.
class StorageChart : public QWidget
{
    Q_OBJECT
public:
    explicit StorageChart(QWidget *parent = nullptr);
    ~StorageChart() override;

    void setTables(const QList<TableRow> &tables, int count = 10);

private:
    struct Private;
    Private *d;
};

} // namespace PgOps
