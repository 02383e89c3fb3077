// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "common/panel.h"

class QLabel;

namespace PgOps {

// Stands in for a panel whose work has not landed yet, and says what it will show.
class PlaceholderPanel : public Panel
{
    Q_OBJECT
public:
    PlaceholderPanel(const QString &title, const QString &description, QWidget *parent = nullptr);
};

} // namespace PgOps
