// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QDir>
#include <QObject>
#include <QSize>
#include <QStringList>
#include <QTimer>

#include <functional>

namespace PgOps {

class MainWindow;

// Renders the main window with each panel in turn, once its data has arrived (or a time
// limit passed), to DIR/NN-panel.png at a fixed size; works on the offscreen platform.
// Fails (finished(false), error()) when the server cannot be reached.
class ScreenshotTour : public QObject
{
    Q_OBJECT
public:
    ScreenshotTour(MainWindow *window, const QString &directory, QObject *parent = nullptr);

    void start();
    // Waits (at most limitMs) until ready() says the data worth a picture is there.
    void setGate(std::function<bool()> ready, int limitMs)
    {
        m_gate = std::move(ready);
        m_gateLimitMs = limitMs;
    }
    void setWindowSize(QSize size) { m_size = size; }
    QStringList written() const { return m_written; }
    QString error() const { return m_error; }

Q_SIGNALS:
    void finished(bool ok);

private:
    void waitForConnection();
    void showPanel();
    void capture();
    void fail(const QString &error);

    MainWindow *m_window;
    QDir m_dir;
    int m_index = 0;
    int m_waitedMs = 0;
    bool m_connected = false;
    bool m_prepared = false;
    int m_preparedAtMs = 0;
    std::function<bool()> m_gate;
    int m_gateLimitMs = 0;
    QTimer m_poll;
    QStringList m_written;
    QString m_error;
    QSize m_size {1280, 800};
};

} // namespace PgOps
