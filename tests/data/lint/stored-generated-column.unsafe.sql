-- expect: 3 stored-generated-column
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN total numeric GENERATED ALWAYS AS (amount * quantity) STORED;
