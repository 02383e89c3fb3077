// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "migrate/migrationspec.h"

#include <QModelIndex>
#include <QWizardPage>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTreeView;

namespace PgOps {

class InFlightMigrations;
class MigrationWizard;

// The wizard's first page: the migration's name, the table (a searchable list with sizes from
// the catalog; typed as schema.name when offline) and the operation; the operations added so far.
class TablePage : public QWizardPage
{
    Q_OBJECT
public:
    explicit TablePage(MigrationWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;
    int nextId() const override;

    QualifiedName table() const;
    OperationKind kind() const;
    void setKind(OperationKind kind);
    QString migrationName() const;
    void setMigrationName(const QString &name);
    // Reads the table list again (when connected).
    void reloadTables();
    // The catalog connection came up: list the tables unless they are listed.
    void connectionReady();
    bool tablesLoaded() const { return m_loaded; }
    // Selects a table of the list by name; false when it is not listed (or filtered out).
    bool selectTable(const QualifiedName &name);
    QString statusText() const;
    // The migrations in flight on this database (hidden while there is none).
    InFlightMigrations *inFlight() const { return m_inFlight; }
    // "Change a column's type".
    static QString kindLabel(OperationKind kind);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void setupTableList();
    void layoutWidgets();
    void applyFilter(const QString &text);
    // The listed (and shown) row of the table typed in full, if any.
    QModelIndex exactMatch(const QString &text) const;
    // Why the list is not there: no server, or the server's connection status.
    QString offlineReason() const;
    void updateAdded();
    void suggestName();

    MigrationWizard *m_wizard;
    QLineEdit *m_name;
    QLineEdit *m_filter;
    QTreeView *m_tables;
    QStandardItemModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QComboBox *m_operation;
    QLabel *m_status;
    QLabel *m_addedLabel;
    QListWidget *m_added;
    QPushButton *m_remove;
    QPushButton *m_reviewAdded;
    InFlightMigrations *m_inFlight;
    QString m_typedNote; // why the table is typed (offline, or the list failed), rich text
    bool m_loaded = false;
    bool m_loading = false;
    bool m_nameEdited = false;
};

} // namespace PgOps
