-- expect: 3 rename-column
SET lock_timeout = '2s';
ALTER TABLE orders RENAME COLUMN amount TO total;
