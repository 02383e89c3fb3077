// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "migrate/migrationcontextquery.h"

#include "migrate/migrationcontextsql.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

namespace PgOps {

namespace {
// Each name once: a name twice would double its rows.
QString namesJson(const QList<QualifiedName> &names)
{
    QJsonArray array;
    QList<QualifiedName> seen;
    for (const QualifiedName &n : names) {
        const QualifiedName q = n.withDefaultSchema();
        if (seen.contains(q))
            continue;
        seen.append(q);
        array.append(QJsonObject {{QStringLiteral("schema"), q.schema}, {QStringLiteral("name"), q.name}});
    }
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

// A read of its own: BEGIN, a lock_timeout for the race of a lock taken while it runs, ROLLBACK.
void readOnlyTransaction(DbRequest &r)
{
    constexpr int timeoutMs = 30000;
    r.rolledBack = true;
    // JIT compiling this many expressions costs more than the catalog read it would speed up.
    r.setup
        = {QStringLiteral("SET LOCAL lock_timeout = 1000"),
           QStringLiteral("SET LOCAL statement_timeout = %1").arg(timeoutMs), QStringLiteral("SET LOCAL jit = off")};
    r.statementTimeoutMs = timeoutMs;
}
} // namespace

QString MigrationContextQuery::factsSql()
{
    return MigrationContextSql::facts();
}

QString MigrationContextQuery::countersSql()
{
    return MigrationContextSql::counters();
}

QVariantList MigrationContextQuery::factsParams(const QList<QualifiedName> &tables,
                                                const QList<QualifiedName> &droppedIndexes,
                                                const QList<int> &excludedPids, double oldTransactionSeconds)
{
    QStringList pids;
    for (int pid : excludedPids)
        pids.append(QString::number(pid));
    return {namesJson(tables), namesJson(droppedIndexes), QStringLiteral("{%1}").arg(pids.join(QLatin1Char(','))),
            oldTransactionSeconds};
}

DbRequest MigrationContextQuery::factsRequest(const QList<QualifiedName> &tables,
                                              const QList<QualifiedName> &droppedIndexes,
                                              const QList<int> &excludedPids, double oldTransactionSeconds)
{
    DbRequest r;
    r.sql = factsSql();
    r.params = factsParams(tables, droppedIndexes, excludedPids, oldTransactionSeconds);
    r.singleStatement = true;
    readOnlyTransaction(r);
    r.parse = [tables, droppedIndexes, oldTransactionSeconds](const ResultRows &rows) {
        return QVariant::fromValue(parseFacts(rows, tables, droppedIndexes, oldTransactionSeconds));
    };
    return r;
}

DbRequest MigrationContextQuery::countersRequest(const QList<QualifiedName> &tables)
{
    DbRequest r;
    r.sql = countersSql();
    r.params = {namesJson(tables)};
    r.singleStatement = true;
    readOnlyTransaction(r);
    r.parse = [](const ResultRows &rows) {
        return QVariant::fromValue(parseCounters(rows));
    };
    return r;
}

namespace {
class Row
{
public:
    Row(const ResultRows &rows, int row) : m_rows(rows), m_row(row) { }
    bool null(int c) const { return c < 0 || m_rows.isNull(m_row, c); }
    QString str(int c) const { return null(c) ? QString() : QString::fromUtf8(m_rows.text(m_row, c)); }
    qint64 integer(int c, qint64 otherwise = -1) const
    {
        return null(c) ? otherwise : m_rows.text(m_row, c).toLongLong();
    }
    double real(int c, double otherwise = -1) const { return null(c) ? otherwise : m_rows.text(m_row, c).toDouble(); }
    // bool::text is "true"/"false"; a converted result prints "t"/"f".
    bool flag(int c) const
    {
        const QByteArrayView v = null(c) ? QByteArrayView() : m_rows.text(m_row, c);
        return v == "t" || v == "true";
    }
    QStringList list(int c) const { return null(c) ? QStringList() : str(c).split(QChar(0x1f), Qt::SkipEmptyParts); }

private:
    const ResultRows &m_rows;
    int m_row;
};

struct Columns
{
    explicit Columns(const ResultRows &rows)
    {
        kind = rows.columnIndex("kind");
        schema = rows.columnIndex("schema");
        table = rows.columnIndex("tbl");
        name = rows.columnIndex("name");
        static const char *names[] = {"v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8"};
        for (int i = 0; i < 8; ++i)
            v[i] = rows.columnIndex(names[i]);
    }
    int kind, schema, table, name;
    int v[8];
};

SessionFacts parseSession(const Row &row, const Columns &c)
{
    SessionFacts s;
    s.pid = int(row.integer(c.v[0], 0));
    s.user = row.str(c.v[1]);
    s.application = row.str(c.v[2]);
    s.state = row.str(c.v[3]);
    s.transactionSeconds = row.real(c.v[4], -1);
    s.heldMode = LockModes::fromString(row.str(c.v[5]));
    s.granted = row.null(c.v[6]) || row.flag(c.v[6]);
    s.query = row.str(c.v[7]);
    return s;
}

IndexFacts parseIndex(const Row &row, const Columns &c, const QualifiedName &table)
{
    IndexFacts i;
    i.name = {row.str(c.v[0]), row.str(c.name)};
    i.table = table;
    i.valid = row.flag(c.v[1]);
    i.unique = row.flag(c.v[2]);
    i.constraintName = row.str(c.v[3]);
    i.columns = row.list(c.v[4]);
    i.definition = row.str(c.v[5]);
    return i;
}

DependentFacts parseDependent(const Row &row, const Columns &c)
{
    DependentFacts d;
    d.kind = row.str(c.v[0]);
    const QString schema = row.str(c.v[3]);
    d.name = schema.isEmpty() ? row.str(c.name) : QualifiedName {schema, row.str(c.name)}.display();
    d.column = row.str(c.v[1]);
    d.detail = row.str(c.v[2]);
    return d;
}

QString tableKind(const QString &relkind)
{
    static const QHash<QString, QString> kinds = {
        {QStringLiteral("r"), QStringLiteral("table")},
        {QStringLiteral("p"), QStringLiteral("partitioned table")},
        {QStringLiteral("v"), QStringLiteral("view")},
        {QStringLiteral("m"), QStringLiteral("materialized view")},
        {QStringLiteral("f"), QStringLiteral("foreign table")},
        {QStringLiteral("S"), QStringLiteral("sequence")},
        {QStringLiteral("i"), QStringLiteral("index")},
        {QStringLiteral("I"), QStringLiteral("partitioned index")},
    };
    return kinds.value(relkind, relkind);
}

void parseTable(const Row &row, const Columns &c, TableFacts &t, ContextReading &reading)
{
    t.exists = row.flag(c.v[0]);
    if (!t.exists)
        return;
    t.kind = tableKind(row.str(c.v[1]));
    t.bytes = row.integer(c.v[2]);
    t.indexBytes = row.integer(c.v[3]);
    t.rowEstimate = row.real(c.v[4]);
    if (!row.null(c.v[5]))
        reading.sample.counters.append({t.name, row.integer(c.v[5], 0)});
    if (!row.null(c.v[6]))
        reading.context.problems.append(
            QStringLiteral("%1: ACCESS EXCLUSIVE lock held or awaited by pid %2: index definitions not read")
                .arg(t.name.display(), row.str(c.v[6])));
}
} // namespace

ContextReading MigrationContextQuery::parseFacts(const ResultRows &rows, const QList<QualifiedName> &tables,
                                                 const QList<QualifiedName> &droppedIndexes,
                                                 double oldTransactionSeconds)
{
    ContextReading reading;
    PlanContext &context = reading.context;
    context.live = true;
    context.oldTransactionSeconds = oldTransactionSeconds;
    const auto key = [](const QString &schema, const QString &name) -> QString {
        return schema + QChar(0x1f) + name;
    };
    // Each wanted name once, in the order asked, before any row: missing ones stay as seeded.
    const auto seed = [&key](const QList<QualifiedName> &names, auto &list, QHash<QString, qsizetype> &at) {
        for (const QualifiedName &n : names) {
            const QualifiedName q = n.withDefaultSchema();
            if (at.contains(key(q.schema, q.name)))
                continue;
            at.insert(key(q.schema, q.name), list.size());
            list.emplaceBack().name = q;
        }
    };
    QHash<QString, qsizetype> tableAt;
    QHash<QString, qsizetype> indexAt;
    seed(tables, context.tables, tableAt);
    seed(droppedIndexes, context.droppedIndexes, indexAt);
    for (IndexFacts &i : context.droppedIndexes)
        i.valid = false; // until found

    const Columns c(rows);
    for (int r = 0; r < rows.rowCount(); ++r) {
        const Row row(rows, r);
        const QString kind = row.str(c.kind);
        const QString schema = row.str(c.schema);
        const QString tableName = row.str(c.table);
        if (kind == QLatin1String("m")) {
            context.server = row.str(c.v[0]);
            context.serverVersion = int(row.integer(c.v[1], 0));
            reading.sample.serverEpoch = row.real(c.v[2]);
            context.readAt
                = QDateTime::fromMSecsSinceEpoch(qint64(reading.sample.serverEpoch * 1000.0), QTimeZone::utc());
            continue;
        }
        if (kind == QLatin1String("o")) {
            context.oldTransactions.append(parseSession(row, c));
            continue;
        }
        if (kind == QLatin1String("x")) {
            const qsizetype at = indexAt.value(key(schema, tableName), -1);
            if (at >= 0 && row.flag(c.v[6])) {
                IndexFacts &i = context.droppedIndexes[at];
                i = parseIndex(row, c, {row.str(c.v[0]), row.str(c.name)});
                i.name = {schema, tableName};
            }
            continue;
        }
        const qsizetype at = tableAt.value(key(schema, tableName), -1);
        if (at < 0)
            continue;
        TableFacts &t = context.tables[at];
        if (kind == QLatin1String("t")) {
            parseTable(row, c, t, reading);
        } else if (kind == QLatin1String("c")) {
            ColumnFacts col;
            col.name = row.str(c.name);
            col.type = row.str(c.v[0]);
            col.notNull = row.flag(c.v[1]);
            col.hasDefault = row.flag(c.v[2]);
            col.provenNotNull = row.flag(c.v[3]);
            t.columns.append(col);
        } else if (kind == QLatin1String("k")) {
            t.keyColumns = row.list(c.v[0]);
        } else if (kind == QLatin1String("n")) {
            t.constraintNames.append(row.str(c.name));
        } else if (kind == QLatin1String("i")) {
            t.indexes.append(parseIndex(row, c, t.name));
        } else if (kind == QLatin1String("d")) {
            t.dependents.append(parseDependent(row, c));
        } else if (kind == QLatin1String("l")) {
            t.lockers.append(parseSession(row, c));
        }
    }
    return reading;
}

WriteSample MigrationContextQuery::parseCounters(const ResultRows &rows)
{
    WriteSample sample;
    const int schema = rows.columnIndex("schema");
    const int table = rows.columnIndex("tbl");
    const int writes = rows.columnIndex("writes");
    const int clock = rows.columnIndex("clock");
    for (int r = 0; r < rows.rowCount(); ++r) {
        const Row row(rows, r);
        sample.serverEpoch = row.real(clock);
        sample.counters.append({{row.str(schema), row.str(table)}, row.integer(writes, 0)});
    }
    return sample;
}

void MigrationContextQuery::applyWriteRates(PlanContext &context, const WriteSample &first, const WriteSample &second)
{
    const double seconds = second.serverEpoch - first.serverEpoch;
    if (first.serverEpoch < 0 || second.serverEpoch < 0 || seconds <= 0)
        return;
    context.sampleSeconds = seconds;
    for (TableFacts &t : context.tables) {
        qint64 before = -1;
        qint64 after = -1;
        for (const auto &[name, count] : first.counters)
            if (name == t.name)
                before = count;
        for (const auto &[name, count] : second.counters)
            if (name == t.name)
                after = count;
        // A statistics reset between the samples makes the delta negative: unknown, not negative.
        if (before >= 0 && after >= before)
            t.writesPerSecond = double(after - before) / seconds;
    }
}

} // namespace PgOps
