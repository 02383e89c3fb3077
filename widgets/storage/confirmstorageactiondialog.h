// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "storage/storageaction.h"

#include <QDialog>

namespace PgOps {

// Shows what a storage action acts on, why, the exact SQL in the order it is sent and what
// the lock_timeout means, and asks. Nothing runs unless the user presses the action's button.
class ConfirmStorageActionDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConfirmStorageActionDialog(const StorageAction &action, QWidget *parent = nullptr);
};

} // namespace PgOps
