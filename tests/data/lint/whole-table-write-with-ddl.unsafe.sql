-- expect: 5 whole-table-write-with-ddl
-- expect: 9 whole-table-write-with-ddl
SET lock_timeout = '2s';
BEGIN;
UPDATE orders SET status = 'new';
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
BEGIN;
DELETE FROM order_log;
ALTER TABLE order_log DROP COLUMN legacy;
