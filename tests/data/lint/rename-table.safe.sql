-- expect: none
BEGIN;
SET LOCAL lock_timeout = '2s';
-- pgops:allow rename-table (the view keeps old clients working)
ALTER TABLE orders RENAME TO purchases;
CREATE VIEW orders AS SELECT * FROM purchases;
COMMIT;
