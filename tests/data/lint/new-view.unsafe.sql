-- expect: 3 missing-lock-timeout
-- OR REPLACE takes ACCESS EXCLUSIVE on a view that may be in use.
CREATE OR REPLACE VIEW order_totals AS SELECT customer_id, sum(amount) FROM orders GROUP BY customer_id;
