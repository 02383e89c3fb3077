-- expect: 4 index-not-concurrent
-- expect: 5 index-not-concurrent
SET lock_timeout = '2s';
CREATE INDEX orders_customer ON orders (customer_id);
CREATE UNIQUE INDEX orders_ref
    ON public.orders (lower(reference));
