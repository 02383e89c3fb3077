// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "activity/sessionsummary.h"

#include <QWidget>

namespace PgOps {

// Sessions by state over the last ten minutes (Qt Charts; hidden where it is missing).
class SessionChart : public QWidget
{
    Q_OBJECT
public:
    explicit SessionChart(QWidget *parent = nullptr);
    ~SessionChart() override;

    void append(const SessionSummary &summary);

private:
    struct Private;
    Private *d;
};

} // namespace PgOps
