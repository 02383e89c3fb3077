-- expect: 4 constraint-builds-index
-- expect: 5 constraint-builds-index
SET lock_timeout = '2s';
ALTER TABLE orders ADD CONSTRAINT orders_reference_key UNIQUE (reference);
ALTER TABLE accounts ADD PRIMARY KEY (id);
