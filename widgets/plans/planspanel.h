// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "common/panel.h"
#include "core/severity.h"
#include "plans/explainrequest.h"
#include "plans/planparametersdialog.h"

#include <functional>

class QLabel;
class QStackedWidget;

namespace PgOps {

class ExplainEditor;
class PlanFileActions;
class PlanNodeDetail;
class PlanTreeModel;
class PlanTreeView;
class PlanWarningsList;
struct ExplainOutcome;
struct Plan;

// The plan workbench: write a statement and run EXPLAIN on it safely (one statement, in a
// transaction that is always rolled back, with timeouts; ANALYZE of a statement that changes
// data only after the user saw exactly what is sent, never in read-only mode), or paste, drop or
// open a plan without any server. The plan shows as a tree with a time bar per node, the three
// most expensive nodes and the first bad estimate marked, the warnings in words with what to try,
// and everything about the selected node.
class PlansPanel : public Panel
{
    Q_OBJECT
public:
    explicit PlansPanel(QWidget *parent = nullptr);
    ~PlansPanel() override;

    void setServer(DbServer *server) override;
    // Shown: opens the panel's own connection, so the options know the server's version.
    void setActive(bool active) override;
    bool hasData() const override;
    void prepareScreenshot() override;
    void focusFilter() override;
    bool copySelection() override;

    // Puts `sql` in the editor and asks the window to show this tab (from another panel's
    // "Explain this query"); nothing runs until the user presses Run.
    void openQuery(const QString &sql);
    // Runs what the editor holds, after the checks and the questions described above.
    void run();
    // Runs the statement again as a write (ExplainRequest::writes), after the read-only
    // transaction refused a write its text did not show; confirmed like any write.
    void runAsWrite();
    void cancel();
    bool isRunning() const;
    // What the screenshot tour runs (with ANALYZE and BUFFERS) when no plan is shown yet.
    void setExampleQuery(const QString &sql) { m_exampleQuery = sql; }

    // For tests: the questions the panel asks, answered without a dialog.
    using Confirm = std::function<bool(const QStringList &transcript, int lockTimeoutMs)>;
    using ParameterPrompt = std::function<PlanParameters(int count, bool genericAvailable)>;
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }
    void setParameterPrompt(ParameterPrompt prompt) { m_askParameters = std::move(prompt); }

    PlanTreeModel *model() const { return m_model; }
    PlanTreeView *treeView() const { return m_tree; }
    ExplainEditor *editor() const { return m_editor; }
    PlanWarningsList *warningsList() const { return m_warnings; }
    PlanNodeDetail *detail() const { return m_detail; }
    PlanFileActions *fileActions() const { return m_files; }
    // The statement last sent as EXPLAIN, and the plan-area message (a reader's error).
    QString lastStatement() const { return m_lastStatement; }
    QString planMessage() const;

Q_SIGNALS:
    // A plan is shown (from the runner, a paste, a drop or a file).
    void planShown();
    // A run or a read ended without a plan; `message` is what the panel says.
    void planFailed(const QString &message);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    QWidget *createPlanArea();
    QWidget *createEmptyState();
    void showPlan(const Plan &plan, const QByteArray &rawJson, const QString &origin);
    void showOutcome(const ExplainOutcome &outcome);
    void showPlanMessage(const QString &html, Severity severity);
    void refuse(const QString &message);
    void updateServerState();
    bool askForParameters(int count, int version, ExplainRequest &request);

    ExplainEditor *m_editor;
    PlanTreeModel *m_model;
    PlanTreeView *m_tree;
    PlanNodeDetail *m_detail;
    PlanWarningsList *m_warnings;
    PlanFileActions *m_files;
    QLabel *m_summary;
    QLabel *m_planMessage;
    QStackedWidget *m_stack = nullptr;
    QByteArray m_rawJson;
    QString m_lastStatement;
    QString m_exampleQuery;
    quint64 m_runId = 0;
    int m_runToken = 0; // a run's answer after the server changed is ignored
    bool m_runAsWrite = false; // the next run() is runAsWrite()'s
    QPointer<Connection> m_runConnection;
    QPointer<Connection> m_explainConnection; // opened once the panel is shown
    bool m_parsing = false;
    Confirm m_confirm;
    ParameterPrompt m_askParameters;
};

} // namespace PgOps
