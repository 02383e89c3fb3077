-- expect: none
DROP INDEX CONCURRENTLY IF EXISTS orders_customer;
