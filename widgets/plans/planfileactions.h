// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "plans/plan.h"

#include <QObject>

#include <functional>

class QAction;
class QMimeData;
class QWidget;

namespace PgOps {

class PlanLoader;

// Plans without a server: paste (Ctrl+Shift+V), drop or open a file (JSON or TEXT, detected),
// export as JSON. Reading, parsing and writing run off the GUI thread (PlanLoader).
class PlanFileActions : public QObject
{
    Q_OBJECT
public:
    // What Export writes: the raw EXPLAIN JSON when the plan came from the runner, else empty
    // (the plan is then written as `pgops plan --format json` writes it).
    struct ExportSource
    {
        Plan plan;
        QByteArray rawJson;
    };

    explicit PlanFileActions(QWidget *owner);

    QAction *pasteAction() const { return m_paste; }
    QAction *openAction() const { return m_open; }
    QAction *exportAction() const { return m_export; }
    PlanLoader *loader() const { return m_loader; }
    void setExportSource(std::function<ExportSource()> source) { m_source = std::move(source); }

    void pasteText(const QString &text);
    void openFile(const QString &path);
    void exportJson(const QString &path);
    // Drops: a file (its first URL) or text.
    static bool canDrop(const QMimeData *mime);
    void drop(const QMimeData *mime);

Q_SIGNALS:
    void exported(const QString &path, const QString &error);

private:
    QWidget *m_owner;
    PlanLoader *m_loader;
    QAction *m_paste;
    QAction *m_open;
    QAction *m_export;
    std::function<ExportSource()> m_source;
};

} // namespace PgOps
