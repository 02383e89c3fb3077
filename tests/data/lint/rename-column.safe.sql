-- expect: none
SET lock_timeout = '2s';
ALTER TABLE orders RENAME CONSTRAINT orders_check TO orders_amount_check;
