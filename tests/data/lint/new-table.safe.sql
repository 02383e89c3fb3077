-- expect: none
CREATE TABLE audit_entries (
    id bigint GENERATED ALWAYS AS IDENTITY,
    body text
);
CREATE INDEX audit_entries_body ON audit_entries (body);
ALTER TABLE audit_entries ADD CONSTRAINT audit_entries_pkey PRIMARY KEY (id);
ALTER TABLE audit_entries ALTER COLUMN body SET NOT NULL;
ALTER TABLE audit_entries ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();
DROP INDEX audit_entries_body;
ALTER TABLE public.audit_entries RENAME COLUMN body TO payload;
