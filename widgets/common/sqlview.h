// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QPlainTextEdit>

namespace PgOps {

// Read-only SQL, coloured by KF6 SyntaxHighlighting where it is available (Debian 13),
// plain on Debian 12.
class SqlView : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit SqlView(QWidget *parent = nullptr);
    void setSql(const QString &sql);
};

} // namespace PgOps
