// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/explaineditor.h"

#include "common/sqlview.h"
#include "plans/explainoptionsbar.h"
#include "plans/explainsql.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace PgOps {

ExplainEditor::ExplainEditor(QWidget *parent)
    : QWidget(parent)
    , m_sql(new SqlView(this))
    , m_options(new ExplainOptionsBar(this))
    , m_run(new QPushButton(tr("Run EXPLAIN"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_progress(new QProgressBar(this))
    , m_elapsed(new QLabel(this))
    , m_message(new QLabel(this))
{
    // The read-only SQL view, made editable: one highlighter setup for every SQL in the window.
    m_sql->setObjectName(QStringLiteral("explainSql"));
    m_sql->setReadOnly(false);
    m_sql->setTabChangesFocus(true);
    m_sql->setPlaceholderText(tr("Write or paste one SQL statement, then Run (Ctrl+Return).\n"
                                 "Or paste an EXPLAIN output (Ctrl+Shift+V), drop a plan file here, or open one."));
    m_run->setObjectName(QStringLiteral("explainRun"));
    m_run->setDefault(true);
    m_run->setToolTip(tr("Runs EXPLAIN in a transaction that is always rolled back (Ctrl+Return)"));
    m_cancel->setObjectName(QStringLiteral("explainCancel"));
    m_progress->setRange(0, 0); // busy: no percentage to show
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(m_run->sizeHint().height() / 2);
    m_message->setObjectName(QStringLiteral("explainMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::RichText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    connect(m_message, &QLabel::linkActivated, this, &ExplainEditor::messageLinkActivated);
    m_message->setVisible(false);

    auto *left = new QVBoxLayout;
    left->setContentsMargins(0, 0, 0, 0);
    left->addWidget(m_sql, 1);
    left->addWidget(m_message);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    auto *right = new QVBoxLayout;
    right->setContentsMargins(0, 0, 0, 0);
    right->addWidget(m_options);
    right->addLayout(buttons);
    right->addWidget(m_progress);
    right->addWidget(m_elapsed);
    right->addStretch(1);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(left, 1);
    layout->addLayout(right);

    auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(shortcut, &QShortcut::activated, m_run, &QPushButton::click);
    auto *enter = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), this);
    enter->setContext(Qt::WidgetWithChildrenShortcut);
    connect(enter, &QShortcut::activated, m_run, &QPushButton::click);
    connect(m_run, &QPushButton::clicked, this, &ExplainEditor::runRequested);
    connect(m_cancel, &QPushButton::clicked, this, &ExplainEditor::cancelRequested);

    m_checkTimer.setSingleShot(true);
    m_checkTimer.setInterval(300);
    connect(&m_checkTimer, &QTimer::timeout, this, &ExplainEditor::checkNow);
    connect(m_sql, &QPlainTextEdit::textChanged, &m_checkTimer, qOverload<>(&QTimer::start));
    m_tick.setInterval(100);
    connect(&m_tick, &QTimer::timeout, this, [this] {
        m_elapsed->setText(tr("Running… %1 s").arg(QLocale().toString(m_clock.elapsed() / 1000.0, 'f', 1)));
    });
    setBusy(false);
}

QString ExplainEditor::sql() const
{
    return m_sql->toPlainText();
}

void ExplainEditor::setSql(const QString &sql)
{
    m_sql->setPlainText(sql);
    checkNow();
}

void ExplainEditor::checkNow()
{
    m_checkTimer.stop();
    const QString text = sql();
    const ExplainSql::Check check = ExplainSql::check(text);
    // What was said about the text before (a refusal, the server's error) is stale once it changed.
    if (!text.trimmed().isEmpty() && !check.ok())
        showMessage(check.problem.toHtmlEscaped(), Severity::Warn);
    else if (!m_busy)
        showMessage({}, Severity::None);
}

void ExplainEditor::setBusy(bool busy)
{
    m_busy = busy;
    m_progress->setVisible(busy);
    m_elapsed->setVisible(busy);
    if (busy) {
        m_clock.start();
        m_elapsed->setText(tr("Running… 0.0 s"));
        m_tick.start();
    } else {
        m_tick.stop();
    }
    updateButtons();
}

void ExplainEditor::setRunnable(bool runnable, const QString &why)
{
    m_runnable = runnable;
    m_run->setToolTip(runnable ? tr("Runs EXPLAIN in a transaction that is always rolled back (Ctrl+Return)") : why);
    updateButtons();
}

void ExplainEditor::updateButtons()
{
    m_run->setEnabled(m_runnable && !m_busy);
    m_cancel->setEnabled(m_busy);
}

void ExplainEditor::showMessage(const QString &html, Severity severity)
{
    m_message->setText(severityHtml(html, severity));
    m_message->setVisible(!html.isEmpty());
}

QString ExplainEditor::message() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

} // namespace PgOps
