-- expect: 3 foreign-key-without-not-valid
SET lock_timeout = '2s';
ALTER TABLE orders ADD CONSTRAINT orders_customer_fkey FOREIGN KEY (customer_id) REFERENCES customers (id);
