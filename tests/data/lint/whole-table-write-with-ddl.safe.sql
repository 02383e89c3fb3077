-- expect: none
SET lock_timeout = '2s';
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
UPDATE orders SET note = 'x' WHERE id BETWEEN 1 AND 1000;
COMMIT;
UPDATE orders SET status = 'new';
