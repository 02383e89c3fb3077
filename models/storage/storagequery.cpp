// SPDX-FileCopyrightText: 2026 The PgOps authors
// SPDX-License-Identifier: MIT
#include "storage/storagequery.h"

#include <QTimeZone>

namespace PgOps {

namespace {
// Relations with an ACCESS EXCLUSIVE lock held or requested (AccessShareLock conflicts with
// nothing else), and every table such a lock makes unreadable: the relation itself, the table of
// a locked index, TOAST table or TOAST index. pg_locks and pg_stat_get_activity() open no
// relation; the database oid comes from the latter, not from the pg_database catalog.
const char *lockedCte = R"SQL(WITH me AS MATERIALIZED (
    SELECT datid FROM pg_stat_get_activity(pg_backend_pid())),
locked AS MATERIALIZED (
    SELECT l.relation AS oid,
           string_agg(DISTINCT l.pid::text || CASE WHEN l.granted THEN ' holds' ELSE ' waits for' END, ', ') AS who
    FROM pg_locks l
    WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock' AND l.pid <> pg_backend_pid()
      AND l.database = (SELECT datid FROM me)
    GROUP BY l.relation),
affected AS MATERIALIZED (
    SELECT DISTINCT ON (x.table_oid) x.table_oid, x.who, x.via
    FROM (SELECT l.oid AS table_oid, l.who, l.oid AS via FROM locked l
          UNION ALL SELECT i.indrelid, l.who, l.oid FROM locked l JOIN pg_index i ON i.indexrelid = l.oid
          UNION ALL SELECT c.oid, l.who, l.oid FROM locked l JOIN pg_class c ON c.reltoastrelid = l.oid
          UNION ALL SELECT c.oid, l.who, l.oid FROM locked l JOIN pg_index i ON i.indexrelid = l.oid
                    JOIN pg_class c ON c.reltoastrelid = i.indrelid) x
    ORDER BY x.table_oid, x.via),
-- Not materialized: the planner must see how many relations there are, or it joins the column
-- statistics in a nested loop that takes seconds per thousand analysed tables.
rels AS NOT MATERIALIZED (
    SELECT c.oid, c.relname, c.relkind, c.relam, c.reltablespace, c.reltoastrelid, c.reltuples, c.relpages, c.relispartition,
           c.reloptions, n.nspname
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'm', 'i', 'I') AND c.relpersistence <> 't'
      AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
      AND ($1::text IS NULL OR n.nspname = $1::text)),
colstats AS MATERIALIZED (
    SELECT s.schemaname, s.tablename, s.attname, s.avg_width, s.null_frac
    FROM pg_stats s
    -- An inheritance parent has a second row per column for itself plus its children.
    WHERE NOT s.inherited AND s.schemaname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
      AND ($1::text IS NULL OR s.schemaname = $1::text)),
tablestats AS (
    SELECT a.attrelid, count(*) AS columns, count(s.avg_width) AS with_stats,
           sum(s.avg_width * (1 - s.null_frac)) AS width, bool_or(s.null_frac > 0) AS nulls
    FROM rels r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN colstats s ON s.schemaname = r.nspname AND s.tablename = r.relname AND s.attname = a.attname
    WHERE r.relkind IN ('r', 'm')
    GROUP BY a.attrelid),
indexstats AS (
    SELECT i.indexrelid, count(coalesce(st.avg_width, se.avg_width)) AS with_stats,
           sum(coalesce(st.avg_width * (1 - st.null_frac), se.avg_width * (1 - se.null_frac))) AS width
    FROM rels r JOIN pg_index i ON i.indexrelid = r.oid
    -- Leaf tuples carry the INCLUDE columns too.
    JOIN pg_attribute ia ON ia.attrelid = i.indexrelid AND ia.attnum <= i.indnatts
    JOIN pg_class t ON t.oid = i.indrelid
    LEFT JOIN pg_attribute ta ON ta.attrelid = i.indrelid AND ta.attnum = i.indkey[ia.attnum - 1]
    LEFT JOIN colstats st ON ta.attnum IS NOT NULL AND st.schemaname = r.nspname AND st.tablename = t.relname
                          AND st.attname = ta.attname
    LEFT JOIN colstats se ON ta.attnum IS NULL AND se.schemaname = r.nspname AND se.tablename = r.relname
                          AND se.attname = ia.attname
    WHERE r.relkind = 'i'
    GROUP BY i.indexrelid),
building AS MATERIALIZED (
    SELECT p.index_relid AS oid FROM pg_stat_progress_create_index p WHERE p.index_relid IS NOT NULL AND p.index_relid <> 0),
buildlocks AS MATERIALIZED (
    -- What a concurrent build holds on its table, for roles that cannot read others' progress.
    SELECT DISTINCT l.relation AS oid FROM pg_locks l
    WHERE l.locktype = 'relation' AND l.mode = 'ShareUpdateExclusiveLock' AND l.granted
      AND l.pid <> pg_backend_pid() AND l.database = (SELECT datid FROM me))
)SQL";

const char *tablesSelect = R"SQL(SELECT 't' AS kind, r.oid, inh.inhparent AS parent_oid, r.nspname AS schema, r.relname AS name,
       r.relkind, a.who AS locked_by, av.relname AS locked_via,
       CASE WHEN a.table_oid IS NULL AND r.relkind <> 'p'
            THEN pg_table_size(r.oid) - coalesce(pg_total_relation_size(nullif(r.reltoastrelid, 0)), 0) END AS heap_bytes,
       CASE WHEN a.table_oid IS NULL AND r.relkind <> 'p'
            THEN coalesce(pg_total_relation_size(nullif(r.reltoastrelid, 0)), 0) END AS toast_bytes,
       CASE WHEN a.table_oid IS NULL AND r.relkind <> 'p' THEN pg_indexes_size(r.oid) END AS index_bytes,
       r.reltuples, r.relpages,
       pg_stat_get_live_tuples(r.oid) AS live, pg_stat_get_dead_tuples(r.oid) AS dead,
       pg_stat_get_mod_since_analyze(r.oid) AS modified, pg_stat_get_numscans(r.oid) AS scans,
       NULL::bigint AS tup_read, NULL::bigint AS tup_fetch,
       extract(epoch FROM pg_stat_get_last_vacuum_time(r.oid))::float8 AS last_vacuum,
       extract(epoch FROM pg_stat_get_last_autovacuum_time(r.oid))::float8 AS last_autovacuum,
       extract(epoch FROM pg_stat_get_last_analyze_time(r.oid))::float8 AS last_analyze,
       extract(epoch FROM pg_stat_get_last_autoanalyze_time(r.oid))::float8 AS last_autoanalyze,
       has_table_privilege(r.oid, 'SELECT') AS selectable,
       ts.columns, ts.with_stats, ts.width, ts.nulls,
       (SELECT o.option_value FROM pg_options_to_table(r.reloptions) o WHERE o.option_name = 'fillfactor') AS fillfactor,
       NULL::text AS flags, NULL::text AS method, NULL::text AS contype, NULL::text AS conname,
       NULL::text AS definition, NULL::text AS keys,
       NULL::float8 AS stats_reset, NULL::float8 AS server_start, NULL::int AS standbys, NULL::text AS pgstattuple,
       NULL::text AS role, NULL::text AS table_name, NULL::oid AS table_oid, NULL::float8 AS server_now,
       NULL::bool AS in_recovery, NULL::text AS tablespace
FROM rels r
LEFT JOIN affected a ON a.table_oid = r.oid
LEFT JOIN pg_class av ON av.oid = a.via
LEFT JOIN pg_inherits inh ON r.relispartition AND inh.inhrelid = r.oid
LEFT JOIN tablestats ts ON ts.attrelid = r.oid
WHERE r.relkind IN ('r', 'p', 'm')
)SQL";

// Flags: v valid, r ready, u unique, i replica identity, b being built.
const char *indexesSelect = R"SQL(UNION ALL
SELECT 'i', r.oid, inh.inhparent, r.nspname, r.relname, r.relkind, l.who, ta.who,
       CASE WHEN l.oid IS NULL AND r.relkind = 'i' THEN pg_relation_size(r.oid) END, NULL, NULL,
       r.reltuples, r.relpages, NULL, NULL, NULL,
       pg_stat_get_numscans(r.oid), pg_stat_get_tuples_returned(r.oid), pg_stat_get_tuples_fetched(r.oid),
       NULL, NULL, NULL, NULL, NULL,
       i.indnatts, ist.with_stats, ist.width, NULL,
       (SELECT o.option_value FROM pg_options_to_table(r.reloptions) o WHERE o.option_name = 'fillfactor'),
       CASE WHEN i.indisvalid THEN 'v' ELSE '' END || CASE WHEN i.indisready THEN 'r' ELSE '' END
         || CASE WHEN i.indisunique THEN 'u' ELSE '' END || CASE WHEN i.indisreplident THEN 'i' ELSE '' END
         -- A SHARE UPDATE EXCLUSIVE lock on the table (autovacuum takes one too) stands in for the
         -- progress view only for roles that cannot read other sessions' progress.
         || CASE WHEN b.oid IS NOT NULL OR (NOT i.indisvalid AND bl.oid IS NOT NULL
                 AND NOT pg_has_role('pg_read_all_stats', 'USAGE')) THEN 'b' ELSE '' END
         || CASE WHEN %NND% THEN 'n' ELSE '' END
         -- Its leading columns serve a foreign key's lookups (ON DELETE / UPDATE of the referenced row).
         || CASE WHEN EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conrelid = i.indrelid
                 AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(f.conkey)] @> f.conkey
                 AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(f.conkey)] <@ f.conkey)
                 THEN 'f' ELSE '' END,
       am.amname, con.contype::text, con.conname,
       -- pg_get_indexdef opens the table: not while it is locked.
       CASE WHEN ta.table_oid IS NULL THEN pg_get_indexdef(r.oid) END,
       CASE WHEN ta.table_oid IS NULL THEN (SELECT string_agg(pg_get_indexdef(r.oid, k, false) || ' ' || i.indclass[k - 1] || ' '
                          || i.indcollation[k - 1] || ' ' || i.indoption[k - 1], E'\x1f' ORDER BY k)
        FROM generate_series(1, i.indnkeyatts) k) END,
       NULL, NULL, NULL, NULL, NULL, t.relname, i.indrelid, NULL, NULL, ts.spcname
FROM rels r
JOIN pg_index i ON i.indexrelid = r.oid
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_am am ON am.oid = r.relam
LEFT JOIN locked l ON l.oid = r.oid
LEFT JOIN pg_tablespace ts ON ts.oid = r.reltablespace
LEFT JOIN affected ta ON ta.table_oid = i.indrelid
LEFT JOIN building b ON b.oid = r.oid
LEFT JOIN buildlocks bl ON bl.oid = i.indrelid
LEFT JOIN pg_inherits inh ON r.relispartition AND inh.inhrelid = r.oid
LEFT JOIN pg_constraint con ON con.conindid = r.oid AND con.contype IN ('p', 'u', 'x')
LEFT JOIN indexstats ist ON ist.indexrelid = r.oid
WHERE r.relkind IN ('i', 'I')
)SQL";

const char *metaSelect = R"SQL(UNION ALL
SELECT 'm', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       extract(epoch FROM pg_stat_get_db_stat_reset_time((SELECT datid FROM me)))::float8,
       extract(epoch FROM pg_postmaster_start_time())::float8,
       (SELECT count(*) FROM pg_stat_get_wal_senders())::int,
       (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'pgstattuple'),
       current_user, NULL, NULL,
       extract(epoch FROM now())::float8, pg_is_in_recovery(), NULL)SQL";
} // namespace

QString StorageQuery::sql(int serverVersionNum)
{
    // The same from PostgreSQL 12 (MATERIALIZED) on, but for NULLS NOT DISTINCT (15).
    QString indexes = QLatin1String(indexesSelect);
    indexes.replace(QLatin1String("%NND%"), serverVersionNum >= 150000 ? QLatin1String("i.indnullsnotdistinct")
                                                                     : QLatin1String("false"));
    return QLatin1String(lockedCte) + QLatin1String(tablesSelect) + indexes + QLatin1String(metaSelect);
}

QVariantList StorageQuery::params(const QString &schema)
{
    return {schema.isEmpty() ? QVariant() : QVariant(schema)};
}

namespace {
QDateTime epochTime(const ResultRows &rows, int r, int c)
{
    if (c < 0 || rows.isNull(r, c))
        return {};
    return QDateTime::fromMSecsSinceEpoch(qint64(rows.text(r, c).toDouble() * 1000.0), QTimeZone::utc());
}

// "12345 holds, 12346 waits for" → the pids.
QList<int> pidsOf(const QString &who)
{
    QList<int> pids;
    for (const QString &part : who.split(QLatin1String(", "), Qt::SkipEmptyParts))
        pids.append(part.section(QLatin1Char(' '), 0, 0).toInt());
    return pids;
}

QString constraintText(QByteArrayView contype)
{
    if (contype == "p")
        return QStringLiteral("primary key");
    if (contype == "u")
        return QStringLiteral("unique");
    if (contype == "x")
        return QStringLiteral("exclusion");
    return {};
}

// The WHERE of pg_get_indexdef's text: what follows the key list's closing parenthesis.
QString predicateOf(const QString &definition)
{
    const qsizetype at = definition.indexOf(QLatin1String(") WHERE "));
    return at < 0 ? QString() : definition.mid(at + 8);
}

struct Columns
{
    explicit Columns(const ResultRows &rows)
    {
        const auto col = [&](const char *column) { return rows.columnIndex(column); };
        kind = col("kind"), oid = col("oid"), parent = col("parent_oid"), schema = col("schema"), name = col("name"),
        relkind = col("relkind"), lockedBy = col("locked_by"), lockedVia = col("locked_via"), heap = col("heap_bytes"),
        toast = col("toast_bytes"), index = col("index_bytes"), reltuples = col("reltuples"), relpages = col("relpages"),
        live = col("live"), dead = col("dead"), modified = col("modified"), scans = col("scans"),
        tupRead = col("tup_read"), tupFetch = col("tup_fetch"), lastVacuum = col("last_vacuum"),
        lastAutovacuum = col("last_autovacuum"), lastAnalyze = col("last_analyze"),
        lastAutoanalyze = col("last_autoanalyze"), selectable = col("selectable"), columns = col("columns"),
        withStats = col("with_stats"), width = col("width"), nulls = col("nulls"), fillfactor = col("fillfactor"),
        flags = col("flags"), method = col("method"), contype = col("contype"), conname = col("conname"),
        definition = col("definition"), keys = col("keys"), statsReset = col("stats_reset"),
        serverStart = col("server_start"), standbys = col("standbys"), pgstattuple = col("pgstattuple"),
        role = col("role"), tableName = col("table_name"), tableOid = col("table_oid"), serverNow = col("server_now"),
        inRecovery = col("in_recovery"), tablespace = col("tablespace");
    }
    int kind, oid, parent, schema, name, relkind, lockedBy, lockedVia, heap, toast, index, reltuples, relpages, live,
        dead, modified, scans, tupRead, tupFetch, lastVacuum, lastAutovacuum, lastAnalyze, lastAutoanalyze,
        selectable, columns, withStats, width, nulls, fillfactor, flags, method, contype, conname, definition, keys,
        statsReset, serverStart, standbys, pgstattuple, role, tableName, tableOid, serverNow, inRecovery, tablespace;
};

class RowReader
{
public:
    RowReader(const ResultRows &rows, int row) : m_rows(rows), m_row(row) { }
    bool null(int c) const { return c < 0 || m_rows.isNull(m_row, c); }
    QByteArrayView raw(int c) const { return null(c) ? QByteArrayView() : m_rows.text(m_row, c); }
    QString str(int c) const { return null(c) ? QString() : QString::fromUtf8(m_rows.text(m_row, c)); }
    qint64 integer(int c, qint64 otherwise = -1) const { return null(c) ? otherwise : m_rows.text(m_row, c).toLongLong(); }
    double real(int c, double otherwise = 0) const { return null(c) ? otherwise : m_rows.text(m_row, c).toDouble(); }
    bool flag(int c) const { return !null(c) && m_rows.text(m_row, c) == "t"; }
    QDateTime time(int c) const { return epochTime(m_rows, m_row, c); }

private:
    const ResultRows &m_rows;
    int m_row;
};

TableRow parseTable(const RowReader &v, const Columns &c, StorageSnapshot &snapshot)
{
    TableRow t;
    t.oid = quint32(v.integer(c.oid, 0));
    t.parentOid = quint32(v.integer(c.parent, 0));
    t.schema = v.str(c.schema);
    t.name = v.str(c.name);
    t.relkind = v.raw(c.relkind).isEmpty() ? 'r' : v.raw(c.relkind).at(0);
    t.skipped = !v.null(c.lockedBy);
    if (!t.skipped && !t.isPartitioned()) {
        t.heapBytes = v.integer(c.heap);
        t.toastBytes = v.integer(c.toast);
        t.indexBytes = v.integer(c.index);
    }
    // Before 14 a table never vacuumed or analysed has reltuples 0 and relpages 0, as does an
    // empty one; both never-ran and zero pages is the best reading of "never analysed" there.
    t.rowsEstimate = v.real(c.reltuples, -1);
    t.pages = v.integer(c.relpages, 0);
    t.liveTuples = v.integer(c.live);
    t.deadTuples = v.integer(c.dead);
    t.modifiedSinceAnalyze = v.integer(c.modified);
    t.seqScans = v.integer(c.scans);
    t.lastVacuum = v.time(c.lastVacuum);
    t.lastAutovacuum = v.time(c.lastAutovacuum);
    t.lastAnalyze = v.time(c.lastAnalyze);
    t.lastAutoanalyze = v.time(c.lastAutoanalyze);
    if (t.rowsEstimate == 0 && t.pages == 0 && snapshot.serverVersion < 140000 && !t.lastVacuum.isValid()
        && !t.lastAutovacuum.isValid() && !t.lastAnalyze.isValid() && !t.lastAutoanalyze.isValid())
        t.rowsEstimate = -1;
    t.selectable = v.flag(c.selectable);
    t.columns = int(v.integer(c.columns, 0));
    t.columnsWithStats = int(v.integer(c.withStats, 0));
    t.statsWidth = v.real(c.width);
    t.anyNulls = v.flag(c.nulls);
    t.fillFactor = int(v.integer(c.fillfactor, 100));
    if (t.skipped) {
        const QString who = v.str(c.lockedBy);
        const QString via = v.str(c.lockedVia);
        SkippedRelation s {t.oid, t.schema, t.name, {}, pidsOf(who)};
        s.reason = via.isEmpty() || via == t.name
            ? QStringLiteral("ACCESS EXCLUSIVE lock: pid %1").arg(who)
            : QStringLiteral("ACCESS EXCLUSIVE lock on %1: pid %2").arg(via, who);
        snapshot.skipped.append(s);
    }
    return t;
}

IndexRow parseIndex(const RowReader &v, const Columns &c, StorageSnapshot &snapshot)
{
    IndexRow i;
    i.oid = quint32(v.integer(c.oid, 0));
    i.tableOid = quint32(v.integer(c.tableOid, 0));
    i.parentOid = quint32(v.integer(c.parent, 0));
    i.schema = v.str(c.schema);
    i.name = v.str(c.name);
    i.table = v.str(c.tableName);
    i.relkind = v.raw(c.relkind).isEmpty() ? 'i' : v.raw(c.relkind).at(0);
    i.skipped = !v.null(c.lockedBy);
    i.bytes = i.skipped ? -1 : v.integer(c.heap);
    i.rowsEstimate = v.real(c.reltuples, -1);
    i.pages = v.integer(c.relpages, 0);
    i.scans = v.integer(c.scans);
    i.tuplesRead = v.integer(c.tupRead);
    i.tuplesFetched = v.integer(c.tupFetch);
    const QByteArrayView flags = v.raw(c.flags);
    i.valid = flags.contains('v');
    i.ready = flags.contains('r');
    i.unique = flags.contains('u');
    i.replicaIdentity = flags.contains('i');
    i.buildInProgress = flags.contains('b');
    i.nullsNotDistinct = flags.contains('n');
    i.servesForeignKey = flags.contains('f');
    i.columns = int(v.integer(c.columns, 0));
    i.tablespace = v.str(c.tablespace); // its own tablespace; empty: the database's default
    i.method = v.str(c.method);
    i.constraintType = constraintText(v.raw(c.contype));
    i.constraintName = v.str(c.conname);
    i.definition = v.str(c.definition);
    i.predicate = predicateOf(i.definition);
    if (!v.null(c.keys))
        i.keys = v.str(c.keys).split(QChar(0x1f));
    i.tableLocked = !v.null(c.lockedVia);
    i.keysWithStats = int(v.integer(c.withStats, 0));
    i.statsWidth = v.real(c.width);
    i.fillFactor = int(v.integer(c.fillfactor, 90));
    if (i.skipped) {
        const QString who = v.str(c.lockedBy);
        snapshot.skipped.append({i.oid, i.schema, i.name, QStringLiteral("ACCESS EXCLUSIVE lock: pid %1").arg(who),
                                 pidsOf(who)});
    }
    return i;
}
} // namespace

StorageSnapshot StorageQuery::parse(const ResultRows &rows, int serverVersionNum)
{
    const Columns c(rows);
    StorageSnapshot snapshot;
    snapshot.serverVersion = serverVersionNum;
    // The meta row comes last; the version decides how "never analysed" reads, so find it first.
    for (int r = rows.rowCount() - 1; r >= 0; --r) {
        const RowReader v(rows, r);
        if (v.raw(c.kind) != "m")
            continue;
        snapshot.statsReset = v.time(c.statsReset);
        snapshot.serverStart = v.time(c.serverStart);
        snapshot.standbys = int(v.integer(c.standbys, 0));
        snapshot.pgstattupleSchema = v.str(c.pgstattuple);
        snapshot.role = v.str(c.role);
        snapshot.serverNow = v.time(c.serverNow);
        snapshot.inRecovery = v.flag(c.inRecovery);
        break;
    }
    snapshot.tables.reserve(rows.rowCount() / 2);
    snapshot.indexes.reserve(rows.rowCount() / 2);
    for (int r = 0; r < rows.rowCount(); ++r) {
        const RowReader v(rows, r);
        const QByteArrayView kind = v.raw(c.kind);
        if (kind == "t")
            snapshot.tables.append(parseTable(v, c, snapshot));
        else if (kind == "i")
            snapshot.indexes.append(parseIndex(v, c, snapshot));
    }
    return snapshot;
}

} // namespace PgOps
