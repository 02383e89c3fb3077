-- expect: 10 missing-lock-timeout
-- pgops:allow missing-lock-timeout, check-without-not-valid
ALTER TABLE orders ADD CONSTRAINT amount_positive CHECK (amount > 0);
-- pgops:allow index-not-concurrent
CREATE INDEX orders_status ON orders (status);
/* pgops:allow missing-lock-timeout vacuum-full */
VACUUM FULL orders;
-- pgops:allow rename-column
-- another comment line
ALTER TABLE orders RENAME COLUMN a TO b;
