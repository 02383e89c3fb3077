// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/storedrunreader.h"

#include "migrate/evidencesource.h"
#include "migrate/migrationstatesource.h"

#include <QPointer>

namespace PgOps {

StoredRunReader::StoredRunReader(QObject *parent) : QObject(parent) { }

void StoredRunReader::readRun(Connection *connection, const QString &name, RunDone done)
{
    const quint64 generation = ++m_generation;
    MigrationStateSource::read(
        connection, name, this,
        [this, connection, name, generation, done](const QList<MigrationRun> &runs, const DbError &error) {
            if (generation != m_generation)
                return;
            if (error.isError() || runs.isEmpty())
                return done(false, {}, error);
            const MigrationRun run = runs.first();
            MigrationStateSource::readSteps(
                connection, name, this,
                [this, run, generation, done](const QList<StepRun> &steps, const DbError &stepsError) {
                    if (generation != m_generation)
                        return;
                    MigrationRun withSteps = run;
                    withSteps.steps = steps;
                    done(true, withSteps, stepsError);
                });
        });
}

void StoredRunReader::readEvidence(Connection *connection, const QString &name, EvidenceDone done)
{
    // The evidence is derived from the stored spec and steps: what contract will run.
    readRun(connection, name,
            [this, connection, name, done](bool found, const MigrationRun &run, const DbError &error) {
                if (error.isError())
                    return done({}, true, error.message);
                if (!found)
                    return done({}, true, tr("%1 is not stored on this database").arg(name));
                const quint64 generation = m_generation;
                EvidenceSource::read(
                    connection, run, this,
                    [this, generation, done](const ContractEvidence &evidence, const DbError &evidenceError) {
                        if (generation != m_generation)
                            return;
                        if (evidenceError.isError())
                            return done({}, true, evidenceError.message);
                        done(evidence.lines(), evidence.blocksContract(), QString());
                    });
            });
}

} // namespace PgOps
