-- expect: none
CREATE INDEX CONCURRENTLY orders_customer ON orders (customer_id);
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS orders_ref ON public.orders (lower(reference));
