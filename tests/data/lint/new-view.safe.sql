-- expect: none
-- A new view locks nobody; the table it reads is only read.
CREATE VIEW order_totals AS SELECT customer_id, sum(amount) FROM orders GROUP BY customer_id;
