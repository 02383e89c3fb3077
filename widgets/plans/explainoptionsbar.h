// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "plans/explainrequest.h"
#include "plans/explainsql.h"

#include <QHash>
#include <QWidget>

class QCheckBox;
class QSpinBox;

namespace PgOps {

// The EXPLAIN options and the run's timeouts. Options the connected server does not know are
// disabled, say from which version they exist, and are never put into a request; so are the
// combinations PostgreSQL refuses (GENERIC_PLAN with ANALYZE; WAL and SERIALIZE without it).
class ExplainOptionsBar : public QWidget
{
    Q_OBJECT
public:
    explicit ExplainOptionsBar(QWidget *parent = nullptr);

    // server_version_num of the server the plan will run on; 0 while not known (all enabled).
    void setServerVersion(int versionNum);
    int serverVersion() const { return m_version; }
    // The options as the user set them, only those this server takes; `sql` and parameters
    // are the caller's.
    ExplainRequest request() const;
    void setOption(ExplainSql::Option option, bool on);
    bool isOptionEnabled(ExplainSql::Option option) const;
    QCheckBox *box(ExplainSql::Option option) const { return m_boxes.value(int(option)); }
    // The first version (server_version_num) that knows `option`, 0 if every version does.
    static int firstVersion(ExplainSql::Option option);

Q_SIGNALS:
    void changed();

private:
    void updateEnabled();
    bool allowed(ExplainSql::Option option, QString *why) const;

    QHash<int, QCheckBox *> m_boxes;
    QSpinBox *m_statementTimeout;
    QSpinBox *m_lockTimeout;
    int m_version = 0;
};

} // namespace PgOps
