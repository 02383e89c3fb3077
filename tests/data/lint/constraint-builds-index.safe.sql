-- expect: none
CREATE UNIQUE INDEX CONCURRENTLY orders_reference_key ON orders (reference);
SET lock_timeout = '2s';
ALTER TABLE orders ADD CONSTRAINT orders_reference_key UNIQUE USING INDEX orders_reference_key;
