-- expect: 11 index-not-concurrent
SET lock_timeout = '2s';
CREATE FUNCTION orders_sync() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
    -- ALTER TABLE orders RENAME TO x; in a comment in a body
    UPDATE orders SET note = 'CREATE INDEX i ON orders (a);';
    RETURN NEW;
END
$body$;
CREATE INDEX CONCURRENTLY ok ON orders (a); CREATE
    INDEX
    orders_note ON orders (note);
