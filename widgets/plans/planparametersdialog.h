// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>
#include <QList>
#include <QVariantList>

class QCheckBox;
class QLineEdit;

namespace PgOps {

// What to do with a statement's $1 … $n.
struct PlanParameters
{
    bool accepted = false; // false: the user cancelled, nothing runs
    bool generic = false; // EXPLAIN (GENERIC_PLAN) instead of values (16+)
    QVariantList values; // one per parameter, as text; an invalid QVariant is NULL
};

// A small form for the values of $1 … $n (sent as parameters, never spliced into the text),
// and, where the server has it (16+), the choice of a generic plan without values.
class PlanParametersDialog : public QDialog
{
    Q_OBJECT
public:
    PlanParametersDialog(int count, bool genericAvailable, QWidget *parent = nullptr);
    PlanParameters parameters() const;

private:
    QList<QLineEdit *> m_values;
    QList<QCheckBox *> m_nulls;
    bool m_generic = false;
};

} // namespace PgOps
