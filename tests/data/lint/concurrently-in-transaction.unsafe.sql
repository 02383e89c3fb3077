-- expect: 3 concurrently-in-transaction
BEGIN;
CREATE INDEX CONCURRENTLY orders_customer ON orders (customer_id);
COMMIT;
START TRANSACTION;
-- expect: 7 concurrently-in-transaction
DROP INDEX CONCURRENTLY orders_old;
END;
