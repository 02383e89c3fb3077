// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "plans/explainoptionsbar.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QLabel>
#include <QSpinBox>

namespace PgOps {

namespace {
using Option = ExplainSql::Option;

struct OptionInfo
{
    Option option;
    const char *name;
    const char *objectName;
    const char *help;
};

const OptionInfo options[] = {
    {Option::Analyze, "ANALYZE", "explainAnalyze",
     QT_TRANSLATE_NOOP("PgOps::ExplainOptionsBar",
                       "Runs the statement for real times and row counts (rolled back afterwards)")},
    {Option::Buffers, "BUFFERS", "explainBuffers",
     QT_TRANSLATE_NOOP("PgOps::ExplainOptionsBar",
                       "Shared, local and temp blocks each node hit, read, dirtied and wrote")},
    {Option::Verbose, "VERBOSE", "explainVerbose",
     QT_TRANSLATE_NOOP("PgOps::ExplainOptionsBar", "Output columns, schema-qualified names, worker details")},
    {Option::Settings, "SETTINGS", "explainSettings",
     QT_TRANSLATE_NOOP("PgOps::ExplainOptionsBar", "Planner settings that differ from the defaults")},
    {Option::Wal, "WAL", "explainWal",
     QT_TRANSLATE_NOOP("PgOps::ExplainOptionsBar", "WAL records and bytes each node generated (with ANALYZE)")},
    {Option::GenericPlan, "GENERIC_PLAN", "explainGenericPlan",
     QT_TRANSLATE_NOOP("PgOps::ExplainOptionsBar", "The plan for $1, $2 … without values (not with ANALYZE)")},
    {Option::Serialize, "SERIALIZE", "explainSerialize",
     QT_TRANSLATE_NOOP("PgOps::ExplainOptionsBar",
                       "Also time converting the result rows for the client (with ANALYZE)")},
    {Option::Memory, "MEMORY", "explainMemory",
     QT_TRANSLATE_NOOP("PgOps::ExplainOptionsBar", "Memory the planner used")},
};

QString majorName(int versionNum)
{
    return versionNum >= 100000 ? QString::number(versionNum / 10000)
                                : QStringLiteral("%1.%2").arg(versionNum / 10000).arg(versionNum / 100 % 100);
}
} // namespace

ExplainOptionsBar::ExplainOptionsBar(QWidget *parent)
    : QWidget(parent), m_statementTimeout(new QSpinBox(this)), m_lockTimeout(new QSpinBox(this))
{
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    int k = 0;
    for (const OptionInfo &info : options) {
        auto *box = new QCheckBox(QString::fromLatin1(info.name), this);
        box->setObjectName(QString::fromLatin1(info.objectName));
        box->setProperty("help", tr(info.help));
        m_boxes.insert(int(info.option), box);
        grid->addWidget(box, k / 2, k % 2);
        connect(box, &QCheckBox::toggled, this, [this] {
            updateEnabled();
            Q_EMIT changed();
        });
        ++k;
    }
    m_statementTimeout->setObjectName(QStringLiteral("explainStatementTimeout"));
    m_statementTimeout->setRange(1, 24 * 3600);
    m_statementTimeout->setValue(30);
    m_statementTimeout->setSuffix(tr(" s"));
    m_statementTimeout->setToolTip(tr("statement_timeout: the run is stopped after this long"));
    m_lockTimeout->setObjectName(QStringLiteral("explainLockTimeout"));
    m_lockTimeout->setRange(1, 600000);
    m_lockTimeout->setValue(2000);
    m_lockTimeout->setSingleStep(500);
    m_lockTimeout->setSuffix(tr(" ms"));
    m_lockTimeout->setToolTip(tr("lock_timeout: the run gives up instead of queueing behind a lock this long"));
    const int row = (k + 1) / 2;
    grid->addWidget(new QLabel(tr("Statement timeout"), this), row, 0);
    grid->addWidget(m_statementTimeout, row, 1);
    grid->addWidget(new QLabel(tr("Lock timeout"), this), row + 1, 0);
    grid->addWidget(m_lockTimeout, row + 1, 1);
    grid->setRowStretch(row + 2, 1);
    m_boxes.value(int(Option::Analyze))->setChecked(true);
    m_boxes.value(int(Option::Buffers))->setChecked(true);
    updateEnabled();
}

int ExplainOptionsBar::firstVersion(ExplainSql::Option option)
{
    // Asked of the runner's own table, so the two never disagree.
    if (ExplainSql::supports(option, 90600))
        return 0;
    for (int major = 10; major <= 40; ++major) {
        if (ExplainSql::supports(option, major * 10000))
            return major * 10000;
    }
    return 0;
}

void ExplainOptionsBar::setServerVersion(int versionNum)
{
    if (m_version == versionNum)
        return;
    m_version = versionNum;
    updateEnabled();
}

bool ExplainOptionsBar::allowed(ExplainSql::Option option, QString *why) const
{
    if (m_version > 0 && !ExplainSql::supports(option, m_version)) {
        *why = tr("Needs PostgreSQL %1 or later; this server is %2.")
                   .arg(majorName(firstVersion(option)), majorName(m_version));
        return false;
    }
    const bool analyze = m_boxes.value(int(Option::Analyze))->isChecked();
    const bool generic = m_boxes.value(int(Option::GenericPlan))->isChecked();
    if (option == Option::Analyze && generic) {
        *why = tr("PostgreSQL does not run a generic plan: untick GENERIC_PLAN for ANALYZE.");
        return false;
    }
    if (option == Option::GenericPlan && analyze) {
        *why = tr("PostgreSQL does not run a generic plan: untick ANALYZE for GENERIC_PLAN.");
        return false;
    }
    if (option == Option::Buffers && !analyze && m_version > 0 && m_version < 130000) {
        *why = tr("Only with ANALYZE before PostgreSQL 13.");
        return false;
    }
    if ((option == Option::Wal || option == Option::Serialize) && !analyze) {
        *why = tr("Only with ANALYZE.");
        return false;
    }
    return true;
}

void ExplainOptionsBar::updateEnabled()
{
    for (auto it = m_boxes.cbegin(); it != m_boxes.cend(); ++it) {
        QString why;
        const bool ok = allowed(Option(it.key()), &why);
        QCheckBox *box = it.value();
        box->setEnabled(ok);
        const QString help = box->property("help").toString();
        box->setToolTip(ok ? help : help + QStringLiteral("\n") + why);
    }
}

bool ExplainOptionsBar::isOptionEnabled(ExplainSql::Option option) const
{
    QString why;
    return allowed(option, &why);
}

void ExplainOptionsBar::setOption(ExplainSql::Option option, bool on)
{
    if (QCheckBox *b = m_boxes.value(int(option)))
        b->setChecked(on);
}

ExplainRequest ExplainOptionsBar::request() const
{
    // A box ticked while disabled (ticked before the server was known) is still not sent.
    const auto on = [this](Option o) {
        return m_boxes.value(int(o))->isChecked() && isOptionEnabled(o);
    };
    ExplainRequest r;
    r.analyze = on(Option::Analyze);
    r.buffers = on(Option::Buffers);
    r.verbose = on(Option::Verbose);
    r.settings = on(Option::Settings);
    r.wal = on(Option::Wal);
    r.genericPlan = on(Option::GenericPlan);
    r.serialize = on(Option::Serialize);
    r.memory = on(Option::Memory);
    r.statementTimeoutMs = m_statementTimeout->value() * 1000;
    r.lockTimeoutMs = m_lockTimeout->value();
    return r;
}

} // namespace PgOps
