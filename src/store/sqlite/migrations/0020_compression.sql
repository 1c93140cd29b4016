-- 0020_compression.sql -- nothing to do in SQLite.
--
-- PostgreSQL's 0020 compresses article and page bodies with LZ4 instead
-- of pglz (see pg/migrations/0020_compression.sql).  SQLite stores text
-- as it is; the number is kept so both backends have the same list.
SELECT 1;
