// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "activity/sessioncriteria.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;

namespace PgOps {

// The sessions panel's filters: free text, state, minimum duration, database / user /
// application, and the quick filters. Narrow enough for a 1024 px window: the text fields
// shrink, the quick filters sit on a second row with the panel's actions.
class SessionFilterBar : public QWidget
{
    Q_OBJECT
public:
    explicit SessionFilterBar(QWidget *parent = nullptr);

    SessionCriteria criteria() const;
    bool showOwn() const;
    // The quick filters, for the panel to place beside its actions.
    QWidget *quickFilters() const { return m_quick; }

    void clear();
    void showIdleInTransaction();
    void showLongRunning();
    void showState(const QString &state);
    void focusText();

Q_SIGNALS:
    void criteriaChanged();
    void showOwnChanged(bool show);

private:
    QLineEdit *m_text;
    QComboBox *m_state;
    QSpinBox *m_minDuration;
    QLineEdit *m_database;
    QLineEdit *m_user;
    QLineEdit *m_application;
    QWidget *m_quick;
    QCheckBox *m_longRunning;
    QCheckBox *m_idleTx;
    QCheckBox *m_showOwn;
    QCheckBox *m_background;
};

} // namespace PgOps
