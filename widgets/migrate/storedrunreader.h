// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#pragma once

#include "db/dbtypes.h"
#include "migrate/runstate.h"

#include <QObject>

#include <functional>

namespace PgOps {

class Connection;

// Reads one stored migration for the run page: its state with its steps, and the evidence before
// contract (which needs both). Chains MigrationStateSource and EvidenceSource; each answer arrives
// on the GUI thread, once, unless the reader is gone; a newer read of the same reader drops the
// older one's answer.
class StoredRunReader : public QObject
{
    Q_OBJECT
public:
    explicit StoredRunReader(QObject *parent = nullptr);

    // `found` false: no migration of that name is stored (or no pgops schema).
    using RunDone = std::function<void(bool found, const MigrationRun &run, const DbError &error)>;
    void readRun(Connection *connection, const QString &name, RunDone done);
    // The evidence lines for people and whether they block contract; `error` when unreadable.
    using EvidenceDone = std::function<void(const QStringList &lines, bool blocks, const QString &error)>;
    void readEvidence(Connection *connection, const QString &name, EvidenceDone done);
    // Drops the answer of a read in flight.
    void forget() { ++m_generation; }

private:
    quint64 m_generation = 0;
};

} // namespace PgOps
