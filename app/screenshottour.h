#pragma once

#include <QDir>
#include <QObject>
#include <QStringList>
#include <QTimer>

namespace PgOps {

class MainWindow;

// Renders the main window with each panel in turn, once its data has arrived (or a time
// limit passed), to DIR/NN-panel.png at a fixed size; works on the offscreen platform.
class ScreenshotTour : public QObject
{
    Q_OBJECT
public:
    ScreenshotTour(MainWindow *window, const QString &directory, QObject *parent = nullptr);

    void start();
    QStringList written() const { return m_written; }
    QString error() const { return m_error; }

Q_SIGNALS:
    void finished(bool ok);

private:
    void waitForConnection();
    void showPanel();
    void capture();

    MainWindow *m_window;
    QDir m_dir;
    int m_index = 0;
    int m_waitedMs = 0;
    QTimer m_poll;
    QStringList m_written;
    QString m_error;
};

} // namespace PgOps
