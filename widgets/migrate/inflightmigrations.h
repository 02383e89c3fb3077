// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTreeView;

namespace PgOps {

class Connection;
class MigrationRunsModel;

// Migrations started on this database and not finished (running, ready for contract, failed,
// stopped …), from its `pgops` schema: state, phase, step and backfill progress, and "Resume…"
// for the selected one. Shown on the Schema changes tab and the wizard's first page; hidden while
// there is none.
class InFlightMigrations : public QWidget
{
    Q_OBJECT
public:
    explicit InFlightMigrations(QWidget *parent = nullptr);

    // Reads the list again on `connection` (Access::Read: fine in read-only mode). Nothing happens
    // without a connection; a read in flight is superseded.
    void refresh(Connection *connection);
    bool isReading() const { return m_reading; }
    bool hasRead() const { return m_read; }
    MigrationRunsModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    QString selectedName() const;
    void selectName(const QString &name);
    QString statusText() const;

Q_SIGNALS:
    // "Resume…" (or a double click) on a migration.
    void resumeRequested(const QString &name);
    void listed(int count);

private:
    void updateState();

    MigrationRunsModel *m_model;
    QLabel *m_title;
    QTreeView *m_view;
    QPushButton *m_resume;
    QLabel *m_status;
    QString m_error;
    quint64 m_generation = 0;
    bool m_reading = false;
    bool m_read = false;
};

} // namespace PgOps
