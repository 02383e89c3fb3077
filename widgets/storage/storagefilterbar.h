// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QComboBox;
class QLineEdit;

namespace PgOps {

// Schema, name and minimum size: what the Storage panel's lists show.
class StorageFilterBar : public QWidget
{
    Q_OBJECT
public:
    explicit StorageFilterBar(QWidget *parent = nullptr);

    void setSchemas(const QStringList &schemas); // keeps the current choice when still there
    QString schema() const; // empty: all
    QString name() const;
    qint64 minimumBytes() const;
    void focusName();
    void clear();

Q_SIGNALS:
    void changed();

private:
    QComboBox *m_schema;
    QLineEdit *m_name;
    QComboBox *m_minimum;
};

} // namespace PgOps
