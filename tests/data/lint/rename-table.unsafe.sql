-- expect: 3 rename-table
SET lock_timeout = '2s';
ALTER TABLE orders RENAME TO purchases;
