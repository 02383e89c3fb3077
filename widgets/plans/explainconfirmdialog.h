// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>
#include <QStringList>

namespace PgOps {

// Asked before EXPLAIN ANALYZE of a statement that changes data: it really executes (rows are
// changed, triggers fire, locks are taken) and is then rolled back. Shows every statement that
// will be sent, in order. Nothing is sent unless the user presses "Run and roll back".
class ExplainConfirmDialog : public QDialog
{
    Q_OBJECT
public:
    ExplainConfirmDialog(const QStringList &transcript, int lockTimeoutMs, QWidget *parent = nullptr);
};

} // namespace PgOps
