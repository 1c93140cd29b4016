-- 0006_canonical.sql -- PostgreSQL dialect of the SQLite 0006: an
-- editor-set canonical URL per article.

ALTER TABLE articles ADD COLUMN canonical_url text;
