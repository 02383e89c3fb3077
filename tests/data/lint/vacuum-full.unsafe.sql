-- expect: 3 vacuum-full
SET lock_timeout = '2s';
VACUUM (FULL, ANALYZE) orders;
