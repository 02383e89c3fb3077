-- expect: 4 missing-lock-timeout
-- expect: 5 missing-lock-timeout
-- expect: 8 missing-lock-timeout
ALTER TABLE orders ADD COLUMN note text;
CREATE TRIGGER orders_audit AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION audit();
BEGIN;
SET LOCAL lock_timeout = '2s';
COMMIT; ALTER TABLE orders DROP COLUMN note;
SET lock_timeout = 0;
