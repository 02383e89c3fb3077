-- expect: 3 column-type-change
SET lock_timeout = '2s';
ALTER TABLE orders ALTER COLUMN amount TYPE bigint USING amount::bigint;
