-- expect: none
SET lock_timeout TO '2s';
ALTER TABLE orders ADD COLUMN note text;
CREATE TRIGGER orders_audit AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION audit();
UPDATE orders SET note = 'x' WHERE id = 1;
