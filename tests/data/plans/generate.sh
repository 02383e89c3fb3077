#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The PgOps authors
# SPDX-License-Identifier: MIT
# Regenerates the golden EXPLAIN plans under tests/data/plans/pg<major>/ from a throwaway cluster
# of this platform's PostgreSQL (tests/support/pgcluster.sh picks the newest under
# /usr/lib/postgresql, or PGOPS_PG_BIN):
#
#   tests/data/plans/generate.sh [OUT_ROOT]
#
# Each case runs once to warm the caches and set hint bits, then as EXPLAIN (ANALYZE, BUFFERS,
# FORMAT JSON) and as the same in FORMAT TEXT, so the two files differ only in timings. The schema
# is deterministic (generate_series, no random()) and autovacuum is off for it, so visibility,
# heap fetches and buffer counts repeat. A few cases are also saved as psql prints them (aligned,
# with the QUERY PLAN header and + markers) and one as auto_explain writes it to the server log.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cluster="$here/../../support/pgcluster.sh"
out_root=${1:-$here}

tmp=$(mktemp -d /tmp/pgops-plangen.XXXXXX)
# The server account must reach the data directory; the socket root must be ours alone.
chmod 755 "$tmp"
data="$tmp/data"
sock="$tmp/sock"
cleanup() {
    "$cluster" stop "$data" >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT

"$cluster" start "$data" "$sock" >/dev/null
bin=${PGOPS_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)}
major=$("$bin/postgres" --version | awk '{print $3}' | cut -d. -f1)
out="$out_root/pg$major"
mkdir -p "$out"
log="$data.log"

psql_cmd() { "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$sock" -p 5432 -U postgres -d postgres "$@"; }

psql_cmd >/dev/null <<'SQL'
ALTER SYSTEM SET jit = off;
ALTER SYSTEM SET max_parallel_workers_per_gather = 0;
ALTER SYSTEM SET track_io_timing = on;
SELECT pg_reload_conf();
CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, region int NOT NULL)
    WITH (autovacuum_enabled = off);
INSERT INTO customers SELECT g, 'customer ' || g, g % 10 FROM generate_series(1, 10000) g;
CREATE TABLE regions (id int PRIMARY KEY, name text NOT NULL) WITH (autovacuum_enabled = off);
INSERT INTO regions SELECT g, 'region ' || g FROM generate_series(0, 9) g;
CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, amount numeric(10, 2) NOT NULL,
    created date NOT NULL, status text NOT NULL) WITH (autovacuum_enabled = off);
INSERT INTO orders
SELECT g, (g * 7919) % 10000 + 1, (g % 1000) / 10.0, date '2024-01-01' + (g % 365),
       CASE WHEN g % 10 = 0 THEN 'cancelled' ELSE 'done' END
FROM generate_series(1, 200000) g;
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE INDEX orders_created_idx ON orders (created);
CREATE TABLE events (id int NOT NULL, at date NOT NULL, payload text) PARTITION BY RANGE (at);
CREATE TABLE events_q1 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2024-04-01') WITH (autovacuum_enabled = off);
CREATE TABLE events_q2 PARTITION OF events FOR VALUES FROM ('2024-04-01') TO ('2024-07-01') WITH (autovacuum_enabled = off);
CREATE TABLE events_q3 PARTITION OF events FOR VALUES FROM ('2024-07-01') TO ('2024-10-01') WITH (autovacuum_enabled = off);
CREATE TABLE events_q4 PARTITION OF events FOR VALUES FROM ('2024-10-01') TO ('2025-01-01') WITH (autovacuum_enabled = off);
INSERT INTO events SELECT g, date '2024-01-01' + (g % 366), 'event ' || g FROM generate_series(1, 40000) g;
CREATE TABLE audit_log (id bigint GENERATED ALWAYS AS IDENTITY, order_id int NOT NULL, amount numeric(10, 2));
VACUUM (FREEZE, ANALYZE);
-- Some pages stop being all-visible, so an index-only scan has heap fetches to report.
UPDATE orders SET status = status WHERE customer_id BETWEEN 100 AND 600 AND id % 7 = 0;
SELECT count(*) FROM orders;
ANALYZE;
CREATE FUNCTION log_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (order_id, amount) VALUES (NEW.id, NEW.amount);
    RETURN NEW;
END $$;
CREATE TRIGGER orders_audit AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION log_order();
CHECKPOINT;
SQL

parallel="SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0; SET min_parallel_index_scan_size = 0;"
memoize_off=""
[ "$major" -ge 14 ] && memoize_off="SET enable_memoize = off;"

# run_case NAME OPTIONS SETTINGS SQL [wrap]: wrap=tx runs each EXPLAIN inside BEGIN … ROLLBACK.
run_case() {
    local name=$1 opts=$2 settings=$3 sql=$4 wrap=${5:-}
    local begin="" end=""
    if [ "$wrap" = tx ]; then begin="BEGIN;"; end="ROLLBACK;"; fi
    psql_cmd -A -t <<SQL
$settings
\\o /dev/null
$begin EXPLAIN (ANALYZE, BUFFERS$opts, FORMAT JSON) $sql; $end
\\o $out/$name.json
$begin EXPLAIN (ANALYZE, BUFFERS$opts, FORMAT JSON) $sql; $end
\\o $out/$name.txt
$begin EXPLAIN (ANALYZE, BUFFERS$opts, FORMAT TEXT) $sql; $end
\\o
SQL
    echo "generate: pg$major/$name"
}

# psql's aligned output (QUERY PLAN header, dashes, + markers, row count footer) of one case.
run_aligned() {
    local name=$1 opts=$2 settings=$3 sql=$4 format=$5 ext=$6
    psql_cmd <<SQL
$settings
\\o $out/$name.psql.$ext
EXPLAIN (ANALYZE, BUFFERS$opts, FORMAT $format) $sql;
\\o
SQL
}

run_case seq_scan "" "" "SELECT * FROM orders WHERE status = 'cancelled' AND amount > 50"
run_aligned seq_scan "" "" "SELECT * FROM orders WHERE status = 'cancelled' AND amount > 50" TEXT txt
run_case index_scan "" "SET enable_bitmapscan = off;" \
    "SELECT * FROM orders WHERE id < 1000 AND status = 'done' ORDER BY id DESC"
run_case index_only_scan "" "SET enable_bitmapscan = off; SET enable_seqscan = off;" \
    "SELECT customer_id FROM orders WHERE customer_id BETWEEN 100 AND 600"
run_case bitmap_scan "" "SET work_mem = '64kB'; SET enable_seqscan = off;" \
    "SELECT * FROM orders WHERE customer_id < 200 OR created = date '2024-03-01'"
run_case nested_loop "" "SET enable_hashjoin = off; SET enable_mergejoin = off; SET enable_bitmapscan = off; $memoize_off" \
    "SELECT c.name, o.amount FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id < 50"
run_case hash_join ", VERBOSE" "SET work_mem = '256kB'; SET enable_mergejoin = off; SET enable_nestloop = off;" \
    "SELECT c.region, count(*) FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY c.region"
run_case hash_anti_join "" "SET enable_mergejoin = off; SET enable_nestloop = off;" \
    "SELECT c.id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.amount > 99)"
run_case merge_join "" "SET enable_hashjoin = off; SET enable_nestloop = off;" \
    "SELECT c.name, o.amount FROM customers c LEFT JOIN orders o ON o.customer_id = c.id WHERE c.id < 2000"
run_case sort_disk "" "SET work_mem = '64kB';" "SELECT * FROM orders ORDER BY amount, created"
run_case hashagg_disk "" "SET work_mem = '64kB'; SET enable_sort = off; SET enable_indexscan = off; SET enable_bitmapscan = off;" \
    "SELECT customer_id, sum(amount) FROM orders GROUP BY customer_id"
run_case parallel_agg "" "$parallel" "SELECT count(*), sum(amount) FROM orders"
run_aligned parallel_agg "" "$parallel" "SELECT count(*), sum(amount) FROM orders" JSON json
run_case gather_merge "" "$parallel SET enable_indexscan = off; SET enable_bitmapscan = off;" \
    "SELECT id, amount FROM orders WHERE amount > 90 ORDER BY amount, id"
run_case window "" "" \
    "SELECT customer_id, amount, rank() OVER (PARTITION BY customer_id ORDER BY amount DESC) FROM orders WHERE customer_id < 100"
run_case cte_materialized "" "" \
    "WITH big AS MATERIALIZED (SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id)
     SELECT * FROM big b1 JOIN big b2 ON b1.customer_id = b2.customer_id + 1 WHERE b1.total > 100"
run_case subplan_initplan ", VERBOSE" "SET enable_bitmapscan = off;" \
    "SELECT c.id, c.name, (SELECT max(o.amount) FROM orders o WHERE o.customer_id = c.id) AS max_amount
     FROM customers c WHERE c.region = (SELECT min(region) FROM customers) AND c.id < 500"
run_case partition_pruning "" "" \
    "SELECT count(*) FROM events WHERE at >= date '2024-10-01' + (current_date - current_date)"
if [ "$major" -ge 14 ]; then
    run_case memoize "" "SET enable_hashjoin = off; SET enable_mergejoin = off;" \
        "SELECT count(*) FROM customers c JOIN regions r ON r.id = c.region"
fi
run_case modify_trigger "" "" "UPDATE orders SET amount = amount + 1 WHERE id <= 100" tx
run_case lockrows "" "" "SELECT * FROM customers WHERE id <= 20 FOR UPDATE" tx

# auto_explain's view of one query, TEXT and JSON, as the server log shows it.
for fmt in text json; do
    start=$(wc -l < "$log")
    psql_cmd -A -t <<SQL >/dev/null
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0;
SET auto_explain.log_analyze = on;
SET auto_explain.log_buffers = on;
SET auto_explain.log_format = $fmt;
SELECT c.region, count(*) FROM customers c JOIN regions r ON r.id = c.region WHERE c.id < 3000 GROUP BY c.region;
SQL
    tail -n +"$((start + 1))" "$log" | awk '/LOG:  duration: .* plan:/ { keep = 1; print; next } keep && /^\t/ { print; next } { keep = 0 }' \
        > "$out/auto_explain_$fmt.log"
    echo "generate: pg$major/auto_explain_$fmt.log"
done
