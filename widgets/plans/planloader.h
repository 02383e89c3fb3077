// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "plans/plan.h"

#include <QObject>

#include <functional>

namespace PgOps {

// Reads a pasted, dropped or opened plan off the GUI thread: the file is read, the format
// detected, the plan parsed and analysed on a pool thread, so a plan of 10,000 nodes never
// freezes the window. A newer load supersedes an older one still running: only the newest
// answers.
class PlanLoader : public QObject
{
    Q_OBJECT
public:
    explicit PlanLoader(QObject *parent = nullptr);

    void loadData(const QByteArray &data, const QString &origin);
    // Pasted text: converted on the worker too (a 10,000-node plan is megabytes).
    void loadText(const QString &text, const QString &origin);
    void loadFile(const QString &path);
    // Forgets what is still being read (a plan from elsewhere arrived meanwhile).
    void discardPending();
    bool isBusy() const { return m_busyGeneration == m_generation; }

    // Files larger than this are refused before reading: no EXPLAIN is that long.
    static constexpr qint64 maxFileBytes = qint64(512) * 1024 * 1024;

Q_SIGNALS:
    void loaded(const PgOps::Plan &plan, const QString &origin);
    void failed(const QString &message);
    void busyChanged(bool busy);

private:
    struct Result
    {
        Plan plan;
        QString error;
    };
    void start(std::function<Result()> work, const QString &origin);
    static Result parse(const QByteArray &data);

    int m_generation = 0;
    int m_busyGeneration = -1; // the generation still being read; busy while it is the newest
};

} // namespace PgOps
