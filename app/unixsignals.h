// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

class QSocketNotifier;

namespace PgOps {

// Turns SIGINT and SIGTERM into a Qt signal on the GUI thread (self-pipe), so Ctrl+C and
// `kill` shut PgOps down through its normal path: the demo server is stopped, not orphaned.
class UnixSignals : public QObject
{
    Q_OBJECT
public:
    explicit UnixSignals(QObject *parent = nullptr);

Q_SIGNALS:
    void terminationRequested(int signal);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace PgOps
