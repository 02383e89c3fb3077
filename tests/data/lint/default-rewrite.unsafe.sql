-- pg-version: 10
-- expect: 4 default-rewrite
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN status text DEFAULT 'new';
