-- expect: 3 not-null-without-default
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN status text NOT NULL;
