-- expect: 3 missing-lock-timeout
-- expect: 7 index-not-concurrent
CREATE TABLE audit_entries (
    id bigint PRIMARY KEY,
    order_id bigint REFERENCES orders (id)
);
CREATE INDEX orders_x ON orders (x);
