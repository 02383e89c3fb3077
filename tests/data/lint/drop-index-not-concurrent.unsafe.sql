-- expect: 3 drop-index-not-concurrent
SET lock_timeout = '2s';
DROP INDEX orders_customer;
