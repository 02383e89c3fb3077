-- expect: 3 reindex-not-concurrent
SET lock_timeout = '2s';
REINDEX TABLE orders;
