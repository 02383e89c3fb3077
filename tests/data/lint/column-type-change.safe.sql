-- expect: none
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN amount_new bigint;
